#!/usr/bin/env bash
# Load test of `marsad serve` on loopback with wrk (apt-get install wrk): a mix of event list
# pages, Arabic search, event and article detail (scripts/load/mixed.lua) at 200 connections.
#
#   scripts/load/run.sh STORE.db [SECONDS] [CONNECTIONS]
#
# Env: MARSAD (the binary, default target/release/marsad under $CARGO_TARGET_DIR),
#      PORT (default 18080), THREADS (wrk threads, default 2), INGEST_DIR (a corpus directory:
#      if set, `marsad ingest` of it runs against the same store during the load, to show that
#      reads are not stalled by a writer).
# Build a store of 100,000 events once, for example:
#   marsad bench generate --articles 100000 --seed 7 --out /tmp/load-corpus
#   marsad --db /tmp/load.db ingest /tmp/load-corpus
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
db="${1:?usage: run.sh STORE.db [SECONDS] [CONNECTIONS]}"
seconds="${2:-60}"
connections="${3:-200}"
port="${PORT:-18080}"
threads="${THREADS:-2}"
marsad="${MARSAD:-${CARGO_TARGET_DIR:-target}/release/marsad}"
ids="$(mktemp)"
command -v wrk >/dev/null || { echo "run.sh: wrk is not installed (apt-get install wrk)" >&2; exit 1; }

"$marsad" --db "$db" serve --addr "127.0.0.1:$port" 2>"$ids.serve.log" &
server=$!
ingest=""
cleanup() {
    kill "$server" 2>/dev/null || true
    [ -n "$ingest" ] && kill "$ingest" 2>/dev/null || true
    if [ -s "$ids.serve.log" ]; then
        echo "server log (last lines):"; tail -n 5 "$ids.serve.log"
    fi
    rm -f "$ids" "$ids.serve.log"
}
trap cleanup EXIT
for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$port/api/events?limit=1" >/dev/null 2>&1 && break
    sleep 0.5
done

# Ids for detail requests: a few pages of events and their articles.
cursor=""
for _ in 1 2 3 4 5 6 7 8 9 10; do
    page="$(curl -sf "http://127.0.0.1:$port/api/events?limit=200${cursor:+&cursor=$cursor}")"
    echo "$page" | jq -r '.events[] | "event " + .event_id, (.sources[]? | "article " + .article_id)' >>"$ids"
    cursor="$(echo "$page" | jq -r '.next // empty')"
    [ -z "$cursor" ] && break
done
sort -u -o "$ids" "$ids"
echo "store: $(curl -sf "http://127.0.0.1:$port/api/events?limit=1" | jq .total) events;" \
    "$(grep -c '^event' "$ids") event ids, $(grep -c '^article' "$ids") article ids for detail requests"

if [ -n "${INGEST_DIR:-}" ]; then
    "$marsad" --db "$db" ingest "$INGEST_DIR" --json >"$ids.ingest.json" 2>/dev/null &
    ingest=$!
    echo "ingest of $INGEST_DIR running (pid $ingest) during the load"
fi

MARSAD_LOAD_IDS="$ids" wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s \
    --latency -s "$here/mixed.lua" "http://127.0.0.1:$port"

if [ -n "$ingest" ]; then
    if kill -0 "$ingest" 2>/dev/null; then
        echo "ingest still running after the load (stopped now)"
    else
        wait "$ingest" && echo "ingest finished during the load: $(cat "$ids.ingest.json")"
    fi
    rm -f "$ids.ingest.json"
fi
