#!/usr/bin/env bash
# README command 1: the console on an embedded default. Installs what is missing, builds or
# finds influxd 2.x, starts a persistent local influxd (data in ./data, git-ignored), onboards it
# once, writes the server-only configuration (mode 0600), builds and starts the console.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[demo] installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi
bash scripts/influxd/ensure.sh > /dev/null
exec node_modules/.bin/tsx scripts/demo.ts "$@"
