#!/usr/bin/env bash
# Issue 15: drills with the drill's variety (each seed its own bank formats, terminal exports, practice
# tables, workbooks) read by this build and, side by side, by another build of lacuna (say, the one
# before a change). For each seed and build: files rejected whole (every row a reject), rows rejected,
# and `lacuna eval`'s recall, precision, abnormal-result recall and inbox recall.
#   bench/drills/run.sh [--before PATH/TO/lacuna] [--seeds "1 2 3"] [--patients N] [--classic]
# Defaults: seeds 1 to 20, 1500 patients, no second build; --classic writes the drill's first layouts
# (to see what the variety itself costs).
set -euo pipefail
cd "$(dirname "$0")/../.."
before="" seeds="$(seq 1 20)" patients=1500 classic=""
while [ $# -gt 0 ]; do
  case "$1" in
    --before) before="$2"; shift 2;;
    --seeds) seeds="$2"; shift 2;;
    --patients) patients="$2"; shift 2;;
    --classic) classic="--classic"; shift;;
    *) echo "usage: $0 [--before PATH/TO/lacuna] [--seeds \"1 2\"] [--patients N] [--classic]" >&2; exit 2;;
  esac
done
make -s release > /dev/null
after=.build/release/lacuna
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
score() {  # build drill out -> "whole rejected recall precision abnormal inbox"
  local build=$1 drill=$2 out=$3
  "$build" run "$drill/playbook.yml" --out "$out" > /dev/null 2>&1 || true
  python3 - "$drill/truth/files.csv" "$out/rejects.csv" <<'PY'
import csv, sys, collections
records = {r["path"]: int(r["records"]) for r in csv.DictReader(l for l in open(sys.argv[1]) if not l.startswith("#"))}
rejects = collections.Counter()
try:
    for r in csv.DictReader(open(sys.argv[2], encoding="utf-8-sig")):
        rejects[r["file"]] += 1
except FileNotFoundError:
    pass
whole = sum(1 for p, n in records.items() if n > 0 and rejects[p] >= n)
print(whole, sum(rejects[p] for p in records), end=" ")
PY
  "$build" eval "$out" "$drill/truth" 2>/dev/null | awk '
    $1=="recall"{r=$2} $1=="precision"{p=$2} $1=="recall_abnormal"{a=$2} $1=="inbox_recall"{i=$2}
    END{printf "%s %s %s %s\n", r, p, a, i}'
}
header="seed  files  rows   | after: whole rejected recall precision abnormal inbox"
[ -n "$before" ] && header="$header | before: whole rejected recall precision abnormal inbox"
echo "$header"
for seed in $seeds; do
  "$after" drill "$work/d$seed" --seed "$seed" --patients "$patients" $classic > /dev/null
  files=$(grep -vc '^#\|^path' "$work/d$seed/truth/files.csv")
  rows=$(awk -F, '!/^#|^path/{s+=$2} END{print s}' "$work/d$seed/truth/files.csv")
  line=$(printf '%-5s %-6s %-6s | %s' "$seed" "$files" "$rows" "$(score "$after" "$work/d$seed" "$work/a$seed")")
  [ -n "$before" ] && line="$line | $(score "$before" "$work/d$seed" "$work/b$seed")"
  echo "$line"
done
