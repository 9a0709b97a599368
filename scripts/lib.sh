# Shared by scripts/start, scripts/test and scripts/bench: installs what a fresh machine lacks and
# skips what is already there, so reruns are fast. Sourced, not run.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CARGO_LEPTOS_VERSION="0.3.7"
export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# The wasm-bindgen CLI must be exactly the version of the wasm-bindgen crate in Cargo.lock.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_rust_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! cargo leptos --version 2>/dev/null | grep -q " $CARGO_LEPTOS_VERSION\$"; then
    log "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 12 minutes on 2 cores, once)"
    cargo install "cargo-leptos@$CARGO_LEPTOS_VERSION" --locked --features no_downloads
  fi
  if [ ! -f "$ROOT/Cargo.lock" ]; then
    (cd "$ROOT" && cargo generate-lockfile)
  fi
  local version
  version="$(wasm_bindgen_version)"
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $version\$"; then
    log "installing wasm-bindgen-cli $version (matches Cargo.lock)"
    # Not --locked: the CLI's own lockfile pins a crate version the registry no longer has.
    cargo install wasm-bindgen-cli --version "=$version"
  fi
}

# Builds the site and the server with cargo-leptos (arguments passed on), then repairs the chunk
# names cargo-leptos 0.3.7 can write wrong in a split, content-hashed build
# (scripts/repair_split_names.py says how).
build_site() {
  cargo leptos build "$@"
  python3 "$ROOT/scripts/repair_split_names.py" "$ROOT/target/site/pkg"
}

ensure_node_modules() {
  if [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ] || [ "$ROOT/end2end/package-lock.json" -nt "$ROOT/end2end/node_modules/.package-lock.json" ]; then
    log "installing the end-to-end test packages"
    # Playwright must never download a browser here: the tests use Debian's Chromium.
    (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
}

# Tools only the bench uses (Lighthouse), kept apart from end2end/ so a change in them can never
# break the tests or the start command. Their lock file pins every version; package.json's
# "overrides" pin the two packages Lighthouse's trace engine asks for as "latest", which would
# otherwise put the lock out of date (and `npm ci` in error) each time they publish.
ensure_bench_tools() {
  local dir="$ROOT/scripts/bench-tools"
  if [ ! -x "$dir/node_modules/.bin/lighthouse" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    log "installing the bench's npm packages (Lighthouse)"
    (cd "$dir" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
}

apt_install() {
  if [ -z "${APT_UPDATED:-}" ]; then
    apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    log "installing Chromium from Debian"
    apt_install chromium
  fi
}

ensure_wrk() {
  if ! command -v wrk >/dev/null; then
    log "installing wrk from Debian"
    apt_install wrk
  fi
}

# Starts the local PostgreSQL 15 cluster (installing it if missing), lets the current user
# create databases, removes databases left by earlier test runs, and exports the server URL the
# integration tests and benchmarks use as RMM_TEST_POSTGRES.
ensure_postgres() {
  if ! command -v pg_ctlcluster >/dev/null; then
    log "installing PostgreSQL from Debian"
    apt_install postgresql
  fi
  local cluster
  cluster=$(pg_lsclusters --no-header | awk 'NR == 1 { print $1 " " $2 }')
  if [ -z "$cluster" ]; then
    echo "PostgreSQL is installed but has no cluster (pg_createcluster 15 main)" >&2
    return 1
  fi
  # shellcheck disable=SC2086
  if ! pg_ctlcluster $cluster status >/dev/null 2>&1; then
    log "starting PostgreSQL ($cluster)"
    pg_ctlcluster $cluster start
  fi
  local me
  me=$(id -un)
  if ! su postgres -c "psql -Atc \"SELECT 1 FROM pg_roles WHERE rolname = '$me'\"" | grep -q 1; then
    su postgres -c "createuser --superuser $me"
  fi
  export RMM_TEST_POSTGRES="postgres://$me@localhost/postgres?host=/var/run/postgresql"
  psql "$RMM_TEST_POSTGRES" -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'rmm_test_%' OR datname LIKE 'rmm_bench_%'" |
    while read -r old; do dropdb --host=/var/run/postgresql "$old"; done
}

# Waits until URL answers, or fails after SECONDS.
wait_for() {
  local url="$1" seconds="${2:-120}"
  for _ in $(seq 1 "$seconds"); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    sleep 1
  done
  echo "no answer from $url after $seconds s" >&2
  return 1
}
