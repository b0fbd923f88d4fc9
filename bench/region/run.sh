#!/usr/bin/env bash
# Issue 20: a region on one PostgreSQL server. N practices (a drilled case each, its own database on the
# server) run at once, P at a time; then the same runs again (--everything) while twenty people work
# the worklist of the first practices, served from the same server. Prints wall time, throughput and
# peak memory of each phase, and whether every practice's outputs equal its run on SQLite.
# Release build; run by hand, never in CI.
#   bench/region/run.sh [--practices 30] [--patients 10000] [--parallel 2] [--people 20] [--seconds 30]
set -euo pipefail
cd "$(dirname "$0")/../.."
practices=30 patients=10000 parallel=2 people=20 seconds=30 served=4
while [ $# -gt 0 ]; do
  case "$1" in
    --practices) practices="$2"; shift 2;;
    --patients) patients="$2"; shift 2;;
    --parallel) parallel="$2"; shift 2;;
    --people) people="$2"; shift 2;;
    --seconds) seconds="$2"; shift 2;;
    *) echo "usage: $0 [--practices N] [--patients N] [--parallel N] [--people N] [--seconds S]" >&2; exit 2;;
  esac
done
[ "$served" -gt "$practices" ] && served=$practices
make -s release > /dev/null
L=$PWD/.build/release/lacuna
bash scripts/start-postgres.sh > /dev/null
socket="host=/var/run/postgresql"
work=$(mktemp -d)
servers=()
cleanup() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
  for i in $(seq 1 "$practices"); do dropdb --if-exists "lacuna_region_$i" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

echo "region: $practices practices of $patients patients, $parallel runs at a time, one PostgreSQL $(psql -d postgres -Atc 'SHOW server_version')"
for i in $(seq 1 "$practices"); do
  "$L" drill "$work/p$i" --seed $((100 + i)) --patients "$patients" > /dev/null
  dropdb --if-exists "lacuna_region_$i" 2>/dev/null; createdb "lacuna_region_$i"
done

# phase ROUND EXTRA… : every practice run on the server, $parallel at a time; "wall cpu peak" of the phase.
phase() {
  local round=$1; shift
  local start; start=$(date +%s.%N)
  seq 1 "$practices" | xargs -P "$parallel" -I{} /usr/bin/time -f "%U %S %M" -o "$work/time-$round-{}" \
    "$L" run "$work/p{}/playbook.yml" --out "$work/p{}/out-pg" --database "postgres:///lacuna_region_{}?$socket" "$@" > /dev/null 2>&1 || true
  local end; end=$(date +%s.%N)
  cat "$work"/time-"$round"-* | awk -v wall="$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')" \
    '$1 ~ /^[0-9.]+$/ {cpu += $1 + $2; if ($3 + 0 > peak + 0) peak = $3 + 0} END {printf "%.1f %.1f %.0f\n", wall, cpu, peak / 1024}'
}

read -r wall cpu peak < <(phase first)
printf '%-44s %8s s wall  %8s s CPU  %6.2f practices/min  %6.0f patients/s  peak %s MB a run\n' \
  "runs on the server (fresh)" "$wall" "$cpu" "$(awk -v n="$practices" -v w="$wall" 'BEGIN {print n * 60 / w}')" "$(awk -v n="$practices" -v p="$patients" -v w="$wall" 'BEGIN {print n * p / w}')" "$peak"

# The same practices on SQLite: their outputs must be the server's (the report's and annotations' time of making aside).
same=0
for i in $(seq 1 "$practices"); do
  "$L" run "$work/p$i/playbook.yml" --out "$work/p$i/out-sqlite" > /dev/null 2>&1 || true
  differ=0
  # A run that failed on either engine, or a file one wrote and the other did not, is a difference.
  [ -f "$work/p$i/out-pg/candidates.csv" ] || { differ=1; echo "  practice $i: the run on the server wrote no candidates.csv" >&2; }
  list() { (cd "$1" && find . \( -name '*.csv' -o -name summary.json \) -print | sort); }
  [ "$(list "$work/p$i/out-pg")" = "$(list "$work/p$i/out-sqlite")" ] || { differ=1; echo "  practice $i: the outputs written differ" >&2; }
  for f in $(list "$work/p$i/out-pg"); do
    cmp -s "$work/p$i/out-pg/$f" "$work/p$i/out-sqlite/$f" || { differ=1; echo "  practice $i: $f differs" >&2; }
  done
  [ "$differ" = 0 ] && same=$((same + 1))
done
echo "outputs equal to the practice's SQLite run: $same of $practices (every CSV and summary.json)"

# Twenty people on the first practices' worklists while every practice runs again.
for i in $(seq 1 "$served"); do
  for n in $(seq 0 $((people / served))); do
    echo "correct horse battery" | "$L" users add "person$n" --role gp --case "$work/p$i/playbook.yml" \
      --database "postgres:///lacuna_region_$i?$socket" > /dev/null 2>&1
  done
  "$L" serve "$work/p$i/playbook.yml" --port $((18300 + i)) --database "postgres:///lacuna_region_$i?$socket" > "$work/serve-$i.log" 2>&1 &
  servers+=($!)
done
for i in $(seq 1 "$served"); do
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$((18300 + i))/login" && break; sleep 0.2; done
done
loads=()
for i in $(seq 1 "$served"); do
  python3 bench/worklist/load.py "http://127.0.0.1:$((18300 + i))" "$seconds" $((people / served)) > "$work/load-$i.txt" 2>&1 &
  loads+=($!)
done
read -r wall cpu peak < <(phase again --everything)
for pid in "${loads[@]}"; do wait "$pid" || true; done
printf '%-44s %8s s wall  %8s s CPU  %6.2f practices/min  %6.0f patients/s  peak %s MB a run\n' \
  "runs again, with $people people working" "$wall" "$cpu" "$(awk -v n="$practices" -v w="$wall" 'BEGIN {print n * 60 / w}')" "$(awk -v n="$practices" -v p="$patients" -v w="$wall" 'BEGIN {print n * p / w}')" "$peak"
sleep 1
for i in $(seq 1 "$served"); do echo "worklist of practice $i:"; sed 's/^/  /' "$work/load-$i.txt"; done
echo "server memory (every postgres process, RSS): $(ps -C postgres -o rss= | awk '{s += $1} END {printf "%.0f MB", s / 1024}')"
