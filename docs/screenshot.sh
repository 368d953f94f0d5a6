#!/bin/sh
# Retake docs/screenshot.png, the README's picture of a published side-by-side page: the
# first seed article exported from the repository's reviewed catalogs, in headless Chromium.
# The export is written to a temporary folder; the repository is left as it was.
# Usage: sh docs/screenshot.sh   (from the repository root, after tests/setup.sh)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
diptych=${DIPTYCH:-$root/.venv/bin/diptych}
browser=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$root/seeds" "$root/locales" "$work/"
"$diptych" --project "$work" -q export --format html -o "$work/build" 000_da88f1f87eecb2fd
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$work/profile" --window-size=1100,760 \
    --screenshot="$work/shot.png" "file://$work/build/000_da88f1f87eecb2fd.en.html" \
    2>/dev/null
mv "$work/shot.png" "$root/docs/screenshot.png"
echo "docs/screenshot.png: $(wc -c <"$root/docs/screenshot.png") bytes"
