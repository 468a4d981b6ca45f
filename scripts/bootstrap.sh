#!/usr/bin/env bash
# Installs everything the project needs, idempotently: Node >= 22, npm packages, the Pulumi engine.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/scripts/lib/tools.sh"

# One bootstrap at a time per checkout: two at once (a test command started while another runs
# scripts/with-tools.sh) raced on npm ci and on the engine's temporary build outputs.
mkdir -p "$ROOT/.tools"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$ROOT/.tools/.bootstrap.lock"
  flock -n 9 || { say "waiting for another bootstrap of this checkout to finish"; flock 9; }
fi

bash "$ROOT/scripts/bootstrap-node.sh"
use_node || die "Node >= 22 is still not available after bootstrap"
if [ ! -d "$ROOT/node_modules/@pulumi/pulumi" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
  say "installing npm packages (npm ci) with node $(node --version)"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
fi
# The root Pulumi.yaml runs examples/quickstart, which imports the package by name, as users do.
# Link the checkout into its own node_modules (what `npm link` would do) so that resolves.
[ -e "$ROOT/node_modules/pulumi-onesignal" ] || ln -s .. "$ROOT/node_modules/pulumi-onesignal"
bash "$ROOT/scripts/bootstrap-engine.sh"
