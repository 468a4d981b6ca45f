#!/usr/bin/env bash
# Runs a command with the project's tools: Node >= 22 and the Pulumi engine first on PATH, the offline
# Pulumi settings exported, local binaries from node_modules/.bin available. Installs what is missing
# first (scripts/bootstrap.sh), unless PULUMI_ONESIGNAL_NO_BOOTSTRAP=1.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/scripts/lib/tools.sh"

if [ "${PULUMI_ONESIGNAL_NO_BOOTSTRAP:-}" != "1" ]; then
  bash "$ROOT/scripts/bootstrap.sh"
fi
use_node || die "Node >= 22 not found: run npm run bootstrap"
pulumi_env
PATH="$ROOT/node_modules/.bin:$PATH"
export PATH
cd "$ROOT"
exec "$@"
