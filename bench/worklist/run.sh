#!/usr/bin/env bash
# Issue 18: twenty people at once on a drilled case (default 10,000 patients), over loopback, for 30 s:
# latency per page (p50, p99) and every write counted: the saves the server answered must all be in the case.
#   bench/worklist/run.sh [--patients N] [--seconds S] [--people P]
set -euo pipefail
cd "$(dirname "$0")/../.."
patients=10000 seconds=30 people=20 port=18181
while [ $# -gt 0 ]; do
  case "$1" in
    --patients) patients="$2"; shift 2;;
    --seconds) seconds="$2"; shift 2;;
    --people) people="$2"; shift 2;;
    *) echo "usage: $0 [--patients N] [--seconds S] [--people P]" >&2; exit 2;;
  esac
done
make -s release > /dev/null 2>&1
L=$PWD/.build/release/lacuna
work=$(mktemp -d)
"$L" drill "$work/case" --seed 5 --patients "$patients" > /dev/null
"$L" run "$work/case/playbook.yml" > /dev/null 2>&1 || true
for n in $(seq 0 $((people - 1))); do echo "correct horse battery" | "$L" users add "person$n" --role gp --case "$work/case/playbook.yml" > /dev/null 2>&1; done
before=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from call_outcome').fetchone()[0])" "$work/case/out/case.sqlite" 2>/dev/null || echo 0)
"$L" serve "$work/case/playbook.yml" --port "$port" > "$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/login" && break; sleep 0.2; done
echo "case: $patients patients, $(grep -c . "$work/case/out/candidates.csv") candidate rows; $people people for $seconds s"
python3 bench/worklist/load.py "http://127.0.0.1:$port" "$seconds" "$people" | tee "$work/load.txt"
kill $server; wait $server 2>/dev/null || true
after=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from call_outcome').fetchone()[0])" "$work/case/out/case.sqlite")
saved=$(sed -n 's/.*saved \([0-9]*\).*/\1/p' "$work/load.txt")
echo "outcomes in the case: $((after - before)) new; saves answered: $saved"
