#!/usr/bin/env bash
# Packs the extension as a .vsix: vsce runs `vscode:prepublish` (production esbuild bundles), then packs with
# .vscodeignore as an allowlist.
# Dependency detection stays on only so that PGlite (kept external by esbuild) can be allowlisted.
# Usage: scripts/package.sh [OUT.vsix]   (default: litellm-lens-<version>.vsix in the repository)
# Prints the .vsix path on stdout; the tools' output only when a step fails.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(node -p 'require("./package.json").version')
out="${1:-litellm-lens-$version.vsix}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
run() {
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    exit 1
  fi
}
license=()
[ -f LICENSE ] || license=(--skip-license)
# README images are relative links into the repository; no repository URL is published to rewrite them against.
run npx --no-install vsce package --allow-missing-repository --no-rewrite-relative-links "${license[@]}" --out "$out"
grep -E 'DONE|WARNING' "$log" >&2 || true
echo "$out"
