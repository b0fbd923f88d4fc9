#!/usr/bin/env bash
# Issue 20: what a run costs as the practice grows. For each size: a fresh run, a re-run with nothing
# new, a re-run after one new lab file (new messages for patients the case has had results for), after a
# lab file naming people the case has not met (the model is trained again), after the lab resends a file
# (every message one the case holds), after one call outcome typed into a call list (as reception does
# all day), each as CPU seconds (user+sys, the median of --repeat runs); the fresh run's peak memory and
# the one-new-file re-run's (what a re-run holds: the case read back); beside it, the same figures of
# another build (say, the one before a change) where --before names it; last, the CPU seconds of one
# pass that parses every source file with Python's own readers (one-pass.py: the floor the issue
# measures against) and how many times it the fresh run takes. Release builds (`make release`, the
# program as a practice runs it); run by hand, never in CI. The build measured is this tree's, built
# first and copied aside (a build made while the bench runs does not change what it measures), or the
# binary --after names. Leave a few minutes between two benches, and between a bench and anything that
# deleted many files (this bench's own folder, deleted as it ends, is tens of thousands): on a file
# system without a journal (ext4 as this host has it) a new file's inode is looked for past those
# deleted in the last minutes (`recently_deleted`), and a fresh 100,000-patient run, which makes some
# 5,300 files, then spent up to 0.9 s more in the kernel (its `open`s 110 µs each rather than 4). Hours
# of such deletions make it worse and uneven: on a host up ten hours, creating a file in a new folder of
# /tmp took 30–460 µs by which block group the folder landed in, and a fresh 10,000-patient run's 517
# files took 296 ms of `openat` (strace -c), a fifth of the run. --work DIR makes the cases in DIR
# instead of the system's temporary folder: a tmpfs (/dev/shm) shows what the program costs without that
# search. Say which was used.
#   bench/scale/run.sh [--before PATH/TO/lacuna] [--after PATH/TO/lacuna] [--sizes "3000 10000 30000"] [--repeat 3] [--window-days 2] [--work DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
before="" after="" sizes="3000 10000 30000 100000" repeat=3 days=2 place=""
while [ $# -gt 0 ]; do
  case "$1" in
    --before) before="$2"; shift 2;;
    --after) after="$2"; shift 2;;
    --sizes) sizes="$2"; shift 2;;
    --repeat) repeat="$2"; shift 2;;
    --window-days) days="$2"; shift 2;;
    --work) place="$2"; shift 2;;
    *) echo "usage: $0 [--before PATH/TO/lacuna] [--after PATH/TO/lacuna] [--sizes \"3000 10000\"] [--repeat N] [--window-days N] [--work DIR]" >&2; exit 2;;
  esac
done
work=$(mktemp -d ${place:+-p "$place"})
trap 'rm -rf "$work"' EXIT
if [ -z "$after" ]; then
  make -s release > /dev/null
  cp .build/release/lacuna "$work/lacuna-after"
  after=$work/lacuna-after
fi
# A build that reaches the Swift runtime through the dynamic linker (`swift build -c release` without
# `make release`'s --static-swift-stdlib) takes some 4% more CPU than the program as shipped: said, so that
# two builds are compared alike.
for build in "$after" ${before:+"$before"}; do
  if ldd "$build" 2>/dev/null | grep -q libswiftCore; then
    echo "bench: $build links the Swift runtime dynamically (not built by \`make release\`): its CPU seconds are some 4% above the program's as shipped" >&2
  fi
done

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

# round BUILD DRILL TAG I -> one round's "fresh rerun onefile newpeople resend outcome peak onefile-peak"
# in a case of its own (kept until the bench ends: no folder of a run before is deleted just before a
# run, which on some file systems makes the next files slower to create).
round() {
  local build=$1 drill=$2 tag=$3 i=$4
  local out="$work/$tag-$(basename "$drill")-out-$i"
  rm -f "$drill/sources/lab/extra-$tag.hl7" "$drill/sources/lab/people-$tag.hl7" "$drill/sources/lab/resend-$tag.hl7"
  local f m r o om p d c
  read -r f m < <(cpu "$build" run "$drill/playbook.yml" --out "$out")
  read -r r _ < <(cpu "$build" run "$drill/playbook.yml" --out "$out")
  # One new lab file: a copy of the first lab file with its message ids changed (new messages). An
  # MSH may follow a line break or, in a file kept as MLLP frames, the frame's start (0x0B).
  local first; first=$(ls "$drill"/sources/lab/* | head -1)
  perl -0777 -pe 's/(^|[\r\n\x0b])(MSH\|(?:[^|]*\|){8})/$1$2X/g' "$first" > "$drill/sources/lab/extra-$tag.hl7"
  grep -q "|X" "$drill/sources/lab/extra-$tag.hl7" || { echo "bench: no message id changed in the copy of $first" >&2; exit 1; }
  read -r o om < <(cpu "$build" run "$drill/playbook.yml" --out "$out")
  # A lab file naming people the case has not met: the first again, its message ids changed another
  # way and every patient's family name (PID-5) written with a letter more. The model is trained again.
  perl -0777 -pe 's/(^|[\r\n\x0b])(MSH\|(?:[^|]*\|){8})/$1$2Y/g; s/(^|[\r\n\x0b])(PID\|(?:[^|]*\|){4}[^|^]+)/$1$2Z/g' \
    "$first" > "$drill/sources/lab/people-$tag.hl7"
  grep -q "Z^" "$drill/sources/lab/people-$tag.hl7" || { echo "bench: no family name changed in the copy of $first" >&2; exit 1; }
  read -r p _ < <(cpu "$build" run "$drill/playbook.yml" --out "$out")
  # A resend: the first lab file again under another name, every message a duplicate.
  cp "$first" "$drill/sources/lab/resend-$tag.hl7"
  read -r d _ < <(cpu "$build" run "$drill/playbook.yml" --out "$out")
  # One call outcome: "reached" typed into the first card of the first call list.
  python3 bench/scale/type-outcome.py "$(ls "$out"/call-lists/*.csv | head -1)"
  read -r c _ < <(cpu "$build" run "$drill/playbook.yml" --out "$out")
  # The drill as it was, for the other build's round.
  rm -f "$drill/sources/lab/extra-$tag.hl7" "$drill/sources/lab/people-$tag.hl7" "$drill/sources/lab/resend-$tag.hl7"
  echo "$f $r $o $p $d $c $m $om"
}

# summary ROUNDS_FILE -> the six times' medians and the two peaks' highest, as one line
summary() {
  if grep -q failed "$1"; then echo "failed failed failed failed failed failed 0 0"; return; fi
  local times; times=$(for k in 1 2 3 4 5 6; do cut -d' ' -f"$k" "$1" | median; done | tr '\n' ' ')
  echo "$times$(awk '$7 > p { p = $7 } $8 > q { q = $8 } END { print p + 0, q + 0 }' "$1")"
}

header=$(printf '%-9s | %-79s' "patients" "after: fresh  re-run  one-file  new-people  resend  outcome  peak-MB  one-file-MB")
[ -n "$before" ] && header="$header | before: fresh  re-run  one-file  new-people  resend  outcome  peak-MB  one-file-MB"
echo "$header | one pass (fresh ×)"
for n in $sizes; do
  drill="$work/d$n"
  "$after" drill "$drill" --seed 7 --patients "$n" --window-days "$days" > /dev/null
  # The builds take turns, round by round: a host that slows for a while slows both alike.
  : > "$work/after-$n"; : > "$work/before-$n"
  for i in $(seq 1 "$repeat"); do
    round "$after" "$drill" after "$i" >> "$work/after-$n"
    if [ -n "$before" ]; then round "$before" "$drill" before "$i" >> "$work/before-$n"; fi
  done
  read -r f r o w d c p op < <(summary "$work/after-$n")
  line=$(printf '%-9s | %6s s %6s s %7s s %9s s %6s s %6s s %7s %12s' "$n" "$f" "$r" "$o" "$w" "$d" "$c" "$p" "$op")
  if [ -n "$before" ]; then
    read -r f r o w d c p op < <(summary "$work/before-$n")
    line="$line | $(printf '%6s s %6s s %7s s %9s s %6s s %6s s %7s %12s' "$f" "$r" "$o" "$w" "$d" "$c" "$p" "$op")"
  fi
  pass=$(python3 bench/scale/one-pass.py "$drill/sources" | awk '{print $1}')
  echo "$line | $pass s ($(awk -v f="${line#*| }" -v p="$pass" 'BEGIN { split(f, a, " "); printf "%.0f", (p > 0 ? a[1] / p : 0) }')×)"
done
