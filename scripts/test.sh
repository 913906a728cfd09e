#!/usr/bin/env bash
# The test command of README.md: every crate's tests, including the extraction dev-set guards
# (seed, demo and fusion gold), on the embedded store.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --locked "$@"
