#!/bin/sh
# Makes the installable app's PNG icons (src/main/resources/static/img/icon-*.png) from favicon.svg, once, by
# rendering it in headless Chromium; the PNGs are committed, so a build needs no browser. Run it again after the
# favicon changes: sh docs/pwa-icons.sh
# The maskable icon keeps the mark inside the middle 60 % (a launcher may cut the icon to a circle or a squircle)
# on the favicon's blue, edge to edge.
set -e
cd "$(dirname "$0")/.."
static=src/main/resources/static
chromium=${KLIENT_CHROMIUM:-/usr/bin/chromium}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
svg=$(cat "$static/favicon.svg")
render() { # size, name, html body
    printf '<!DOCTYPE html><html><head><style>html,body{margin:0;background:transparent}svg{display:block}</style></head><body>%s</body></html>' "$3" > "$work/$2.html"
    "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=00000000 \
        --force-device-scale-factor=1 --window-size="$1,$1" --screenshot="$work/$2.png" "file://$work/$2.html" 2>/dev/null
    cp "$work/$2.png" "$static/img/$2.png"
}
plain() { echo "$svg" | sed "s/<svg /<svg width=\"$1\" height=\"$1\" /"; }
render 192 icon-192 "$(plain 192)"
render 512 icon-512 "$(plain 512)"
render 180 apple-touch-icon "$(plain 180)"
mark=$(echo "$svg" | sed -e 's/.*\(<path[^>]*>\).*/\1/')
render 512 icon-maskable-512 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"512\" height=\"512\" viewBox=\"0 0 32 32\"><rect width=\"32\" height=\"32\" fill=\"#2f5bea\"/><g transform=\"translate(6.4 6.4) scale(0.6)\">$mark</g></svg>"
