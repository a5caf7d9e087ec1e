#!/usr/bin/env bash
# Finds or builds influxd 2.x and prints its absolute path as the last line of stdout.
# Progress goes to stderr so callers can capture the path with $(...).
#
#   ensure.sh              the default version (VERSION), what dev, demo and most tests use
#   ensure.sh v2.7.12      exactly that version (the tests that run against several versions)
#   ensure.sh --all        every version in VERSIONS, one after the other (CI warms them once)
#
# Order for the default version: $INFLUXD_BIN, the version-keyed cache, an influxd 2.x on PATH,
# then a build from the Go module (influxdb) plus libflux (Rust, crates.io). A version asked for
# by name is only ever that exact version: the cache, an influxd on PATH that reports it, or a
# build. Debian ships no InfluxDB 2.x and no registry here serves a binary, so building is the
# only route that works on a fresh machine.
# We build libflux.a ourselves with a static flux.pc (what distributions do) instead of upstream's
# pkg-config wrapper: it is one plain cargo call we can see and cap lints on.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
default_version="$(tr -d '[:space:]' < "$here/VERSION")"

if [ "${1:-}" = "--all" ]; then
  # Sequential on purpose: two LTO builds at once on 2 cores only make both slower.
  while read -r v; do
    [ -n "$v" ] && [ "${v#\#}" = "$v" ] || continue
    bash "$0" "$v" | tail -n 1
  done < "$here/VERSIONS"
  exit 0
fi

version="${1:-$default_version}"
case "$version" in v*) ;; *) version="v$version" ;; esac
[[ "$version" =~ ^v2\.[0-9]+\.[0-9]+$ ]] || { echo "[influxd ensure] not an influxd 2.x version: $version" >&2; exit 1; }
exact=$([ -n "${1:-}" ] && [ "$version" != "$default_version" ] && echo 1 || true)

cache_root="${INFLUXD_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/influx-token-console/influxd}"
cache="$cache_root/$version"
bin="$cache/bin/influxd"

log() { printf '[influxd ensure %s %s] %s\n' "$version" "$(date +%H:%M:%S)" "$*" >&2; }

is_v2() { "$1" version 2>/dev/null | grep -q 'InfluxDB v2\.'; }
is_exactly() { "$1" version 2>/dev/null | grep -q "InfluxDB $version "; }

if [ -z "$exact" ] && [ -n "${INFLUXD_BIN:-}" ]; then
  if [ -x "$INFLUXD_BIN" ] && is_v2 "$INFLUXD_BIN"; then echo "$INFLUXD_BIN"; exit 0; fi
  log "INFLUXD_BIN=$INFLUXD_BIN is not an executable influxd 2.x"; exit 1
fi
if [ -x "$bin" ] && is_v2 "$bin"; then log "cached: $bin"; echo "$bin"; exit 0; fi
if p="$(command -v influxd 2>/dev/null)" && { if [ -n "$exact" ]; then is_exactly "$p"; else is_v2 "$p"; fi; }; then
  log "on PATH: $p"; echo "$p"; exit 0
fi

# One build per version at a time: parallel test workers (or CI plus a developer) asking for the
# same missing version wait for the first build and then find it in the cache.
mkdir -p "$cache_root"
exec 9> "$cache_root/$version.lock"
if ! flock -n 9; then
  log "another ensure.sh is building $version; waiting for it"
  flock 9
  if [ -x "$bin" ] && is_v2 "$bin"; then log "cached: $bin"; echo "$bin"; exit 0; fi
fi

log "no influxd $version found; building it (cold: about 6-8 minutes on 2 idle cores, about 12 while other work shares them)"
for tool in go cargo gcc pkg-config; do
  command -v "$tool" >/dev/null || { log "missing tool: $tool (install it: see .ci/run)"; exit 1; }
done

work="$cache/build"
mkdir -p "$work" "$cache/bin"
export GOFLAGS="-mod=mod"
unset CARGO_TARGET_DIR

# 1. Writable copy of the influxdb module, so its own go.mod (with its replace directives) applies.
if [ ! -f "$work/influxdb/go.mod" ]; then
  log "downloading github.com/influxdata/influxdb/v2@$version"
  dir="$(cd "$work" && GOFLAGS= go mod download -json "github.com/influxdata/influxdb/v2@$version" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
  rm -rf "$work/influxdb.tmp"; cp -r "$dir" "$work/influxdb.tmp"; chmod -R u+w "$work/influxdb.tmp"
  mv "$work/influxdb.tmp" "$work/influxdb"
fi
flux_version="$(cd "$work/influxdb" && go list -m -f '{{.Version}}' github.com/influxdata/flux)"

# 2. libflux.a from a writable copy of the flux module.
lib="$work/flux-pc"
if [ ! -f "$lib/libflux.a" ]; then
  if [ ! -d "$work/flux/libflux" ]; then
    log "downloading github.com/influxdata/flux@$flux_version"
    dir="$(cd "$work" && GOFLAGS= go mod download -json "github.com/influxdata/flux@$flux_version" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
    rm -rf "$work/flux.tmp"; cp -r "$dir" "$work/flux.tmp"; chmod -R u+w "$work/flux.tmp"
    # The pinned toolchain (Rust 1.83 for flux 0.200, 1.72 for 0.196) cannot be downloaded here;
    # use the installed one.
    rm -f "$work/flux.tmp/rust-toolchain.toml"
    mv "$work/flux.tmp" "$work/flux"
  fi
  log "building libflux with cargo (release, LTO: the slow part)"
  # strict turns every new compiler lint into an error; cap lints instead of failing.
  (cd "$work/flux/libflux" && RUSTFLAGS="--cap-lints=warn" CARGO_TERM_PROGRESS_WHEN=never \
     cargo build --release -p flux 2>&1 | sed -u 's/^/  cargo: /' >&2)
  mkdir -p "$lib"
  cp "$work/flux/libflux/target/release/libflux.a" "$lib/libflux.a"
  cat > "$lib/flux.pc" <<PC
Name: flux
Description: libflux built by influx-token-console's ensure script
Version: ${flux_version#v}
Cflags: -I$work/flux/libflux/include
Libs: -L$lib -lflux -ldl -lm -lpthread
PC
fi

# 3. influxd itself.
log "building influxd $version with go (cgo)"
commit="$(cd "$work" && GOFLAGS= go list -m -json "github.com/influxdata/influxdb/v2@$version" | sed -n 's/^\t\t"Hash": "\(.\{10\}\).*/\1/p')"
# Stamp the version the way upstream's release build does, so /ping reports it.
ldflags="-X main.version=$version -X main.commit=${commit:-unknown} -X main.date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
(cd "$work/influxdb" && PKG_CONFIG_PATH="$lib" CGO_ENABLED=1 \
   go build -tags sqlite_foreign_keys,sqlite_json -ldflags "$ldflags" -o "$bin.tmp" ./cmd/influxd 2>&1 | sed -u 's/^/  go: /' >&2)
mv "$bin.tmp" "$bin"
is_v2 "$bin" || { log "built binary does not report InfluxDB v2"; exit 1; }
log "built $("$bin" version)"
# Keep the binary, drop the 3-5 GB of build products.
if [ -z "${INFLUXD_KEEP_BUILD:-}" ]; then rm -rf "$work/flux/libflux/target"; fi
echo "$bin"
