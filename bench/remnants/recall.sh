#!/usr/bin/env bash
# Issue 17: what the damaged practice database and the index copy add to a run. For each seed and noise,
# the drill's playbook run without its db-remnant and search-index sources and with them, scored by eval;
# then, as if the lab and Healthlink had not resent, without and with them: the inbox the copies give back.
#   bench/remnants/recall.sh [--seeds "1 2"] [--noise "medium high"] [--patients N]
set -euo pipefail
cd "$(dirname "$0")/../.."
seeds="1 2 3 4 5" noises="medium high" patients=1500
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) seeds="$2"; shift 2;;
    --noise) noises="$2"; shift 2;;
    --patients) patients="$2"; shift 2;;
    *) echo "usage: $0 [--seeds \"1 2\"] [--noise \"medium high\"] [--patients N]" >&2; exit 2;;
  esac
done
make -s release > /dev/null 2>&1
L=.build/release/lacuna
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
figures() { "$L" eval "$1" "$2" | awk '$1=="recall"||$1=="recall_named"||$1=="precision"||$1=="precision_called"||$1=="inbox_recall"||$1=="critical_flagged"{printf "%s=%s ",$1,$2}'; }
for noise in $noises; do for seed in $seeds; do
  rm -rf "$work"/*
  "$L" drill "$work/d" --seed "$seed" --patients "$patients" --noise "$noise" --window-days 4 > /dev/null
  grep -v "kind: db-remnant\|kind: search-index" "$work/d/playbook.yml" > "$work/d/without.yml"
  "$L" run "$work/d/without.yml" --out "$work/without" > /dev/null 2>&1 || true
  "$L" run "$work/d/playbook.yml" --out "$work/with" > /dev/null 2>&1 || true
  echo "seed $seed $noise without remnants: $(figures "$work/without" "$work/d/truth")"
  echo "seed $seed $noise with remnants   : $(figures "$work/with" "$work/d/truth")"
  grep -v "kind: lab\|kind: healthlink" "$work/d/playbook.yml" > "$work/d/noresend.yml"
  grep -v "kind: db-remnant\|kind: search-index" "$work/d/noresend.yml" > "$work/d/noresend-without.yml"
  "$L" run "$work/d/noresend-without.yml" --out "$work/nr-without" > /dev/null 2>&1 || true
  "$L" run "$work/d/noresend.yml" --out "$work/nr-with" > /dev/null 2>&1 || true
  echo "seed $seed $noise no resends, without remnants: $(figures "$work/nr-without" "$work/d/truth")"
  echo "seed $seed $noise no resends, with remnants   : $(figures "$work/nr-with" "$work/d/truth")"
done; done
