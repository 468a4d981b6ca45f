#!/usr/bin/env bash
# Provides the Pulumi engine in .tools/pulumi/bin: `pulumi`, `pulumi-language-nodejs` and the
# `pulumi-resource-pulumi-nodejs` shim from the @pulumi/pulumi npm package.
#
# Order:
#   1. reuse .tools/pulumi/bin when it is complete and at least MIN_ENGINE_VERSION (rebuilding only our
#      language host when scripts/engine/langhost changed since it was built);
#   2. a compatible `pulumi` already on PATH (>= MIN_ENGINE_VERSION) with its nodejs language host;
#   3. build both binaries from Pulumi's published Go modules with the local Go toolchain
#      (scripts/engine/cli: wrapper module around github.com/pulumi/pulumi/pkg/v3;
#       scripts/engine/langhost: our own small nodejs language host, because the proxy does not
#       serve Pulumi's sdk/nodejs/cmd/pulumi-language-nodejs module).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/scripts/lib/tools.sh"
BIN="$ENGINE_DIR/bin"
SHIM_SRC="$ROOT/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"

install_shim() {
  [ -f "$SHIM_SRC" ] || die "missing $SHIM_SRC: run npm ci first (it ships in the @pulumi/pulumi package)."
  cp "$SHIM_SRC" "$BIN/pulumi-resource-pulumi-nodejs"
  chmod +x "$BIN/pulumi-resource-pulumi-nodejs"
}

complete() { [ -x "$BIN/pulumi" ] && [ -x "$BIN/pulumi-language-nodejs" ] && [ -x "$BIN/pulumi-resource-pulumi-nodejs" ]; }

# A folder left by an earlier bootstrap may hold an older engine than the one the tests now run
# (ENGINE_VERSION moved on): reuse it only when it is at least MIN_ENGINE_VERSION.
current_ok() {
  local v
  v=$(PULUMI_SKIP_UPDATE_CHECK=true "$BIN/pulumi" version 2>/dev/null | sed 's/^v//' || true)
  [ -n "$v" ] && version_ge "${v%%-*}" "$MIN_ENGINE_VERSION" && return 0
  say "replacing the pulumi ${v:-of unknown version} in .tools/pulumi/bin: the tests need >= $MIN_ENGINE_VERSION"
  rm -f "$BIN/pulumi" "$BIN/pulumi-language-nodejs" "$BIN/pulumi-resource-pulumi-nodejs"
  return 1
}

# Our own language host is rebuilt whenever its sources change: a hash of them is kept beside the binary, so an
# existing .tools picks up a new host (e.g. one that gained RunPlugin) without rebuilding the CLI. A host linked from
# a pulumi on PATH (step 2) is the official one and is left alone.
HOST_SRC="$ROOT/scripts/engine/langhost"
HOST_STAMP="$BIN/.pulumi-language-nodejs.sources"
host_sources_hash() {
  local sum=sha256sum
  command -v sha256sum >/dev/null 2>&1 || sum="shasum -a 256"
  (cd "$HOST_SRC" && echo "$ENGINE_VERSION" && cat go.mod go.sum $(ls ./*.go | grep -v '_test\.go$' | sort)) | $sum | cut -d' ' -f1
}

need_go() {
  command -v go >/dev/null 2>&1 || die "no Pulumi engine: neither a pulumi >= $MIN_ENGINE_VERSION on PATH nor a Go toolchain (>= 1.26) to build one. Install the Pulumi CLI (https://www.pulumi.com/docs/install/) or Go, then rerun: npm run bootstrap"
  local gover
  gover=$(go env GOVERSION | sed 's/^go//')
  version_ge "$gover" "1.26" || die "Go $gover is too old to build Pulumi v$ENGINE_VERSION (needs >= 1.26). Install a newer Go or a Pulumi CLI >= $MIN_ENGINE_VERSION."
}

stamp="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$ENGINE_VERSION"
build_host() {
  say "building pulumi-language-nodejs (scripts/engine/langhost)"
  (cd "$HOST_SRC" && go build -trimpath -ldflags "-s -w $stamp" -o "$BIN/pulumi-language-nodejs.tmp" .) \
    || die "building the nodejs language host failed (see the Go output above)"
  mv "$BIN/pulumi-language-nodejs.tmp" "$BIN/pulumi-language-nodejs"
  host_sources_hash >"$HOST_STAMP"
}

if complete && current_ok; then
  if [ -L "$BIN/pulumi-language-nodejs" ] || [ "$(cat "$HOST_STAMP" 2>/dev/null)" = "$(host_sources_hash)" ]; then exit 0; fi
  say "rebuilding pulumi-language-nodejs: scripts/engine/langhost changed since it was built"
  need_go
  build_host
  exit 0
fi
mkdir -p "$BIN"

# 2. A compatible pulumi on PATH (outside our own tools folder).
existing=$(PATH=$(printf '%s' "$PATH" | tr ':' '\n' | grep -v "^$BIN\$" | paste -sd: -) command -v pulumi || true)
if [ -n "$existing" ]; then
  have=$("$existing" version 2>/dev/null | sed 's/^v//' || true)
  host="$(dirname "$existing")/pulumi-language-nodejs"
  [ -x "$host" ] || host=$(command -v pulumi-language-nodejs || true)
  if [ -n "$have" ] && version_ge "${have%%-*}" "$MIN_ENGINE_VERSION" && [ -n "$host" ] && [ -x "$host" ]; then
    say "using the pulumi v$have on PATH ($existing)"
    ln -sf "$existing" "$BIN/pulumi"
    ln -sf "$host" "$BIN/pulumi-language-nodejs"
    install_shim
    exit 0
  fi
  say "ignoring pulumi on PATH ($existing, version '${have:-unknown}'): need >= $MIN_ENGINE_VERSION with pulumi-language-nodejs beside it"
fi

# 3. Build from Go modules.
need_go
start=$(date +%s)
say "building pulumi v$ENGINE_VERSION from Go modules (first time: downloads ~1 GB of modules and compiles; several minutes on 2 cores)"
(cd "$ROOT/scripts/engine/cli" && go build -trimpath -ldflags "-s -w $stamp" -o "$BIN/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi) \
  || die "building pulumi failed (see the Go output above); the Go module proxy must be reachable"
mv "$BIN/pulumi.tmp" "$BIN/pulumi"
build_host
install_shim
say "engine ready in .tools/pulumi/bin ($("$BIN/pulumi" version)) after $(( $(date +%s) - start ))s"
