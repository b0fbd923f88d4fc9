#!/usr/bin/env bash
# HL7 parse throughput and memory: Lacuna against python-hl7 and hl7apy, on the same file of drill lab
# messages (default 100 MB). Run by hand, not in CI:  bash bench/hl7/run.sh [MEGABYTES]
# Needs python3 with venv and pip (installs python-hl7 and hl7apy into bench/hl7/.venv).
set -euo pipefail
cd "$(dirname "$0")/../.."
MB="${1:-100}"
WORK="${BENCH_WORK:-/tmp/lacuna-bench-hl7}"
mkdir -p "$WORK"

echo "== building lacuna (release)"
make -s release >/dev/null
LACUNA=.build/release/lacuna

echo "== python peers into bench/hl7/.venv"
if [ ! -x bench/hl7/.venv/bin/python ]; then python3 -m venv bench/hl7/.venv; fi
bench/hl7/.venv/bin/pip install -q hl7 hl7apy

echo "== corpus: a 6000-patient drill's lab resend repeated to ${MB} MB (and to a quarter and a half, for memory)"
rm -rf "$WORK/drill"
"$LACUNA" drill "$WORK/drill" --seed 11 --patients 6000 >/dev/null
for size in "$((MB / 4))" "$((MB / 2))" "$MB"; do
  python3 bench/hl7/make_corpus.py "$WORK/drill" "$WORK/lab-$size.hl7" "$size"
done

echo "== Lacuna: full segment, field, repetition, component and subcomponent split, streaming"
for size in "$((MB / 4))" "$((MB / 2))" "$MB"; do
  /usr/bin/time -f "lacuna $size MB: peak RSS %M KB, wall %e s" "$LACUNA" hl7 count "$WORK/lab-$size.hl7" 2>&1 >/dev/null | tail -2
done
"$LACUNA" hl7 count "$WORK/lab-$MB.hl7" | head -8

echo "== python-hl7 and hl7apy on the ${MB} MB file"
/usr/bin/time -f "python peers: peak RSS %M KB" bench/hl7/.venv/bin/python bench/hl7/peers.py "$WORK/lab-$MB.hl7" --hl7apy-mb 5
