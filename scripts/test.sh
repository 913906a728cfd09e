#!/usr/bin/env bash
# The test command of README.md: every crate's tests, including the extraction dev-set guards
# (seed, demo and fusion gold), on the embedded store; then the web UI in a real browser.
set -euo pipefail
cd "$(dirname "$0")/.."

# The web UI's third-party assets (npm, pinned) must be in place before the server is built.
if command -v npm >/dev/null 2>&1; then
  bash scripts/ui-assets.sh
elif [ "${MARSAD_CI:-}" = 1 ]; then
  echo "test.sh: npm is required in CI (web UI assets and browser tests)" >&2
  exit 1
else
  echo "test.sh: npm not found: web UI assets and browser tests skipped"
fi

cargo test --workspace --locked "$@"

# Browser tests of the web UI (crates/server/ui/tests): Debian's chromium via playwright-core,
# against the debug marsad binary. Without chromium they skip on a developer machine and fail
# in CI (MARSAD_CI=1). About 30 s.
if command -v node >/dev/null 2>&1 && [ -d crates/server/ui/node_modules ]; then
  cargo build -p marsad-cli --locked
  # A private copy: a target dir shared with other checkouts may get their build meanwhile.
  bin_dir="$(mktemp -d)"
  cp "${CARGO_TARGET_DIR:-target}/debug/marsad" "$bin_dir/marsad"
  MARSAD_BIN="$bin_dir/marsad" node --test crates/server/ui/tests/ || { rm -rf "$bin_dir"; exit 1; }
  rm -rf "$bin_dir"
elif [ "${MARSAD_CI:-}" = 1 ]; then
  echo "test.sh: node and crates/server/ui/node_modules are required in CI" >&2
  exit 1
fi
