#!/usr/bin/env bash
# Installs the web UI's third-party assets from the npm registry (versions pinned by
# crates/server/ui/package-lock.json) and copies the files the UI serves into
# crates/server/ui/vendor/ (gitignored), which the server embeds at build time.
# Also installs playwright-core for the browser tests. Needs node and npm; nothing is loaded
# from a CDN at run time. Run it before building a binary meant to ship the UI:
#   bash scripts/ui-assets.sh && cargo build --release -p marsad-cli
set -euo pipefail
cd "$(dirname "$0")/../crates/server/ui"

if ! command -v npm >/dev/null 2>&1; then
  echo "ui-assets: npm not found; install Node.js (20+) and npm" >&2
  exit 1
fi
npm ci --no-audit --no-fund --loglevel=error

rm -rf vendor.tmp
mkdir -p vendor.tmp/leaflet/images vendor.tmp/markercluster vendor.tmp/font/files
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css vendor.tmp/leaflet/
cp node_modules/leaflet/dist/images/*.png vendor.tmp/leaflet/images/
cp node_modules/leaflet/LICENSE vendor.tmp/leaflet/LICENSE
cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
   node_modules/leaflet.markercluster/dist/MarkerCluster.css \
   node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css vendor.tmp/markercluster/
cp node_modules/leaflet.markercluster/MIT-LICENCE.txt vendor.tmp/markercluster/LICENSE
font=node_modules/@fontsource/noto-naskh-arabic
for weight in 400 700; do
  # Only the woff2 files are shipped, so the CSS names only them.
  sed -E "s#, url\(([^)]*)\.woff\) format\('woff'\)##g" "$font/$weight.css" > "vendor.tmp/font/$weight.css"
  cp "$font"/files/noto-naskh-arabic-*-"$weight"-normal.woff2 vendor.tmp/font/files/
done
cp "$font/LICENSE" vendor.tmp/font/LICENSE
# Replace the folder only when something changed, so an unchanged run does not make cargo
# rebuild the server (build.rs watches ui/vendor).
if [ -d vendor ] && diff -rq vendor.tmp vendor >/dev/null 2>&1; then
  rm -rf vendor.tmp
else
  rm -rf vendor
  mv vendor.tmp vendor
fi
echo "ui-assets: $(find vendor -type f | wc -l) files in crates/server/ui/vendor ($(du -sh vendor | cut -f1))"
