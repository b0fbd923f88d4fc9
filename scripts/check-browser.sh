#!/usr/bin/env bash
# `make check-browser`: a drilled case served by `lacuna serve`, worked in headless chromium by
# scripts/check-browser.py; screenshots in $SHOTS (default /tmp/lacuna-browser) for a person to look at.
set -euo pipefail
cd "$(dirname "$0")/.."
LACUNA=$PWD/.build/debug/lacuna
PYTHON=${PYTHON:-.venv-browser/bin/python}
SHOTS=${SHOTS:-/tmp/lacuna-browser}
PORT=${PORT:-18080}
work=$(mktemp -d)
mkdir -p "$SHOTS"
"$LACUNA" drill "$work/case" --seed 3 --patients 600 > /dev/null
"$LACUNA" run "$work/case/playbook.yml" > /dev/null 2>&1 || true
echo "correct horse battery" | "$LACUNA" users add admin --role admin --case "$work/case/playbook.yml"
"$LACUNA" serve "$work/case/playbook.yml" --port "$PORT" > "$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/login" && break; sleep 0.2; done
"$PYTHON" scripts/check-browser.py "http://127.0.0.1:$PORT" "$work/case/playbook.yml" "$LACUNA" "$SHOTS"
