#!/usr/bin/env bash
# Issue 20: what a run costs as the practice grows. For each size: a fresh run, a re-run with nothing
# new, a re-run after one new lab file (new messages for patients the case has had results for), after a
# lab file naming people the case has not met (the model is trained again), after the lab resends a file
# (every message one the case holds), after one call outcome typed into a call list (as reception does
# all day), each as CPU seconds (user+sys, the median of --repeat runs); the fresh run's peak memory and
# the one-new-file re-run's (what a re-run holds: the case read back); beside it, the same figures of
# another build (say, the one before a change) where --before names it; last, the CPU seconds of one
# pass that parses every source file with Python's own readers (one-pass.py: the floor the issue
# measures against) and how many times it the fresh run takes. Release builds; run by hand, never in CI. The build measured is this tree's, built
# first and copied aside (a build made while the bench runs does not change what it measures), or the
# binary --after names.
#   bench/scale/run.sh [--before PATH/TO/lacuna] [--after PATH/TO/lacuna] [--sizes "3000 10000 30000"] [--repeat 3] [--window-days 2]
set -euo pipefail
cd "$(dirname "$0")/../.."
before="" after="" sizes="3000 10000 30000 100000" repeat=3 days=2
while [ $# -gt 0 ]; do
  case "$1" in
    --before) before="$2"; shift 2;;
    --after) after="$2"; shift 2;;
    --sizes) sizes="$2"; shift 2;;
    --repeat) repeat="$2"; shift 2;;
    --window-days) days="$2"; shift 2;;
    *) echo "usage: $0 [--before PATH/TO/lacuna] [--after PATH/TO/lacuna] [--sizes \"3000 10000\"] [--repeat N] [--window-days N]" >&2; exit 2;;
  esac
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "$after" ]; then
  swift build -c release --product lacuna > /dev/null
  cp .build/release/lacuna "$work/lacuna-after"
  after=$work/lacuna-after
fi

# cpu BUILD ARGS… -> "cpu_seconds peak_mb" of one run (GNU time).
# A run that fails (a crash, an error) gives "failed": never a time of nothing.
cpu() {
  local out status=0; out=$(mktemp)
  /usr/bin/time -f "%U %S %M" -o "$out" "$@" > /dev/null 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    echo "bench: '$*' exited $status; run it by hand to see why" >&2
    echo "failed 0"
  else
    awk '/^[0-9]/ {printf "%.2f %.0f\n", $1 + $2, $3 / 1024}' "$out"
  fi
  rm -f "$out"
}
median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

# measure BUILD DRILL TAG -> "fresh rerun onefile newpeople resend outcome peak onefile-peak"
measure() {
  local build=$1 drill=$2 tag=$3 fresh=() rerun=() onefile=() people=() resend=() outcome=() peak=0 onepeak=0
  for i in $(seq 1 "$repeat"); do
    local out="$work/$tag-out-$i"
    rm -rf "$out" "$drill/sources/lab/extra-$tag.hl7" "$drill/sources/lab/people-$tag.hl7" "$drill/sources/lab/resend-$tag.hl7"
    read -r f m < <(cpu "$build" run "$drill/playbook.yml" --out "$out")
    fresh+=("$f"); [ "$m" -gt "$peak" ] && peak=$m
    read -r r _ < <(cpu "$build" run "$drill/playbook.yml" --out "$out")
    rerun+=("$r")
    # One new lab file: a copy of the first lab file with its message ids changed (new messages). An
    # MSH may follow a line break or, in a file kept as MLLP frames, the frame's start (0x0B).
    local first; first=$(ls "$drill"/sources/lab/* | head -1)
    perl -0777 -pe 's/(^|[\r\n\x0b])(MSH\|(?:[^|]*\|){8})/$1$2X/g' "$first" > "$drill/sources/lab/extra-$tag.hl7"
    grep -q "|X" "$drill/sources/lab/extra-$tag.hl7" || { echo "bench: no message id changed in the copy of $first" >&2; exit 1; }
    read -r o om < <(cpu "$build" run "$drill/playbook.yml" --out "$out")
    onefile+=("$o"); [ "$om" -gt "$onepeak" ] && onepeak=$om
    # A lab file naming people the case has not met: the first again, its message ids changed another
    # way and every patient's family name (PID-5) written with a letter more. The model is trained again.
    perl -0777 -pe 's/(^|[\r\n\x0b])(MSH\|(?:[^|]*\|){8})/$1$2Y/g; s/(^|[\r\n\x0b])(PID\|(?:[^|]*\|){4}[^|^]+)/$1$2Z/g' \
      "$first" > "$drill/sources/lab/people-$tag.hl7"
    grep -q "Z^" "$drill/sources/lab/people-$tag.hl7" || { echo "bench: no family name changed in the copy of $first" >&2; exit 1; }
    read -r p _ < <(cpu "$build" run "$drill/playbook.yml" --out "$out")
    people+=("$p")
    # A resend: the first lab file again under another name, every message a duplicate.
    cp "$first" "$drill/sources/lab/resend-$tag.hl7"
    read -r d _ < <(cpu "$build" run "$drill/playbook.yml" --out "$out")
    resend+=("$d")
    # One call outcome: "reached" typed into the first card of the first call list.
    python3 bench/scale/type-outcome.py "$(ls "$out"/call-lists/*.csv | head -1)"
    read -r c _ < <(cpu "$build" run "$drill/playbook.yml" --out "$out")
    outcome+=("$c")
    rm -f "$drill/sources/lab/extra-$tag.hl7" "$drill/sources/lab/people-$tag.hl7" "$drill/sources/lab/resend-$tag.hl7"
  done
  if printf '%s\n' "${fresh[@]}" "${rerun[@]}" "${onefile[@]}" "${people[@]}" "${resend[@]}" "${outcome[@]}" | grep -q failed; then
    echo "failed failed failed failed failed failed 0 0"; return
  fi
  printf '%s %s %s %s %s %s %s %s\n' "$(printf '%s\n' "${fresh[@]}" | median)" "$(printf '%s\n' "${rerun[@]}" | median)" \
    "$(printf '%s\n' "${onefile[@]}" | median)" "$(printf '%s\n' "${people[@]}" | median)" "$(printf '%s\n' "${resend[@]}" | median)" \
    "$(printf '%s\n' "${outcome[@]}" | median)" "$peak" "$onepeak"
}

header=$(printf '%-9s | %-79s' "patients" "after: fresh  re-run  one-file  new-people  resend  outcome  peak-MB  one-file-MB")
[ -n "$before" ] && header="$header | before: fresh  re-run  one-file  new-people  resend  outcome  peak-MB  one-file-MB"
echo "$header | one pass (fresh ×)"
for n in $sizes; do
  drill="$work/d$n"
  "$after" drill "$drill" --seed 7 --patients "$n" --window-days "$days" > /dev/null
  read -r f r o w d c p op < <(measure "$after" "$drill" after)
  line=$(printf '%-9s | %6s s %6s s %7s s %9s s %6s s %6s s %7s %12s' "$n" "$f" "$r" "$o" "$w" "$d" "$c" "$p" "$op")
  if [ -n "$before" ]; then
    read -r f r o w d c p op < <(measure "$before" "$drill" before)
    line="$line | $(printf '%6s s %6s s %7s s %9s s %6s s %6s s %7s %12s' "$f" "$r" "$o" "$w" "$d" "$c" "$p" "$op")"
  fi
  pass=$(python3 bench/scale/one-pass.py "$drill/sources" | awk '{print $1}')
  echo "$line | $pass s ($(awk -v f="${line#*| }" -v p="$pass" 'BEGIN { split(f, a, " "); printf "%.0f", (p > 0 ? a[1] / p : 0) }')×)"
done
