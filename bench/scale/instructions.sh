#!/usr/bin/env bash
# Issue 20: what a run costs in instructions, which repeat to the instruction and are not moved by other
# work on the machine (CPU seconds on a shared VM move ±30% from one day to the next). For one drill: a
# fresh run, a re-run after one call outcome ("reached" typed into the first call list), one after a new lab
# file (a copy of the first with every message id changed, as run.sh makes it) and one after a lab file
# naming people the case has not met (family names changed too, as run.sh makes it), counted by
# valgrind's callgrind; beside it the same of another build where --before names it. Each build is copied
# with its debug info stripped (valgrind gives up on Swift's DWARF). Under valgrind BoringSSL's SHA-256
# takes its AVX path (valgrind hides the SHA instructions), so hashing counts more than it costs. Slow (a
# 10,000-patient fresh run takes some three minutes); run by hand, never in CI.
#   bench/scale/instructions.sh [--before PATH/TO/lacuna] [--patients 10000] [--keep FOLDER]
# --keep leaves the callgrind files there, for `callgrind_annotate --inclusive=yes --tree=calling FILE`.
set -euo pipefail
cd "$(dirname "$0")/../.."
before="" patients=10000 keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --before) before="$2"; shift 2;;
    --patients) patients="$2"; shift 2;;
    --keep) keep="$2"; shift 2;;
    *) echo "usage: $0 [--before PATH/TO/lacuna] [--patients N] [--keep FOLDER]" >&2; exit 2;;
  esac
done
command -v valgrind > /dev/null || { echo "bench: valgrind is needed (Debian: apt-get install valgrind)" >&2; exit 1; }
make -s release > /dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -n "$keep" ] && mkdir -p "$keep"

# count BUILD TAG -> "fresh_G outcome_G onefile_G people_G"
count() {
  local build="$work/$2-lacuna" out="$work/$2-out"
  strip -g -o "$build" "$1"
  valgrind --tool=callgrind --callgrind-out-file="$work/$2-fresh.cg" "$build" run "$work/drill/playbook.yml" --out "$out" \
    > /dev/null 2> "$work/$2-fresh.err" || { echo "bench: the fresh run of $1 failed; see it run by hand" >&2; exit 1; }
  python3 bench/scale/type-outcome.py "$(ls "$out"/call-lists/*.csv | head -1)"
  valgrind --tool=callgrind --callgrind-out-file="$work/$2-outcome.cg" "$build" run "$work/drill/playbook.yml" --out "$out" \
    > /dev/null 2> "$work/$2-outcome.err" || { echo "bench: the re-run of $1 failed; see it run by hand" >&2; exit 1; }
  local first extra="$work/drill/sources/lab/extra-$2.hl7"
  first=$(ls "$work"/drill/sources/lab/* | head -1)
  perl -0777 -pe 's/(^|[\r\n\x0b])(MSH\|(?:[^|]*\|){8})/$1$2X/g' "$first" > "$extra"
  grep -q "|X" "$extra" || { echo "bench: no message id changed in the copy of $first" >&2; exit 1; }
  valgrind --tool=callgrind --callgrind-out-file="$work/$2-onefile.cg" "$build" run "$work/drill/playbook.yml" --out "$out" \
    > /dev/null 2> "$work/$2-onefile.err" || { echo "bench: the new file's run of $1 failed; see it run by hand" >&2; exit 1; }
  local people="$work/drill/sources/lab/people-$2.hl7"
  perl -0777 -pe 's/(^|[\r\n\x0b])(MSH\|(?:[^|]*\|){8})/$1$2Y/g; s/(^|[\r\n\x0b])(PID\|(?:[^|]*\|){4}[^|^]+)/$1$2Z/g' "$first" > "$people"
  grep -q "Z^" "$people" || { echo "bench: no family name changed in the copy of $first" >&2; exit 1; }
  valgrind --tool=callgrind --callgrind-out-file="$work/$2-people.cg" "$build" run "$work/drill/playbook.yml" --out "$out" \
    > /dev/null 2> "$work/$2-people.err" || { echo "bench: the new people's run of $1 failed; see it run by hand" >&2; exit 1; }
  rm -f "$extra" "$people"
  [ -n "$keep" ] && cp "$work/$2-fresh.cg" "$work/$2-outcome.cg" "$work/$2-onefile.cg" "$work/$2-people.cg" "$keep/"
  local f o n w
  f=$(grep -o "Collected : [0-9]*" "$work/$2-fresh.err" | awk '{printf "%.2f", $3 / 1e9}')
  o=$(grep -o "Collected : [0-9]*" "$work/$2-outcome.err" | awk '{printf "%.2f", $3 / 1e9}')
  n=$(grep -o "Collected : [0-9]*" "$work/$2-onefile.err" | awk '{printf "%.2f", $3 / 1e9}')
  w=$(grep -o "Collected : [0-9]*" "$work/$2-people.err" | awk '{printf "%.2f", $3 / 1e9}')
  echo "$f $o $n $w"
}

.build/release/lacuna drill "$work/drill" --seed 7 --patients "$patients" --window-days 2 > /dev/null
read -r f o n w < <(count .build/release/lacuna after)
line=$(printf '%-9s | after: fresh %7s G  outcome %6s G  new file %6s G  new people %6s G' "$patients" "$f" "$o" "$n" "$w")
if [ -n "$before" ]; then
  read -r f o n w < <(count "$before" before)
  line="$line | before: fresh $(printf '%7s' "$f") G  outcome $(printf '%6s' "$o") G  new file $(printf '%6s' "$n") G  new people $(printf '%6s' "$w") G"
fi
echo "patients  | instructions (callgrind)"
echo "$line"
