#!/usr/bin/env bash
# F15 of issue 14: portal messages from one sender who is not on the register. Time and peak memory of
# `lacuna run` on a 600-patient drill with N such messages added, for N = 10,000, 30,000 and 100,000:
# the cost a message should stay flat as N grows (quadratic work shows as ms/message growing with N).
#   bench/flood/run.sh [N ...]
set -euo pipefail
cd "$(dirname "$0")/../.."
make -s release > /dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.build/release/lacuna drill "$work/drill" --seed 5 --patients 600 > /dev/null
/usr/bin/time -f "%e %M" -o "$work/base" .build/release/lacuna run "$work/drill/playbook.yml" --out "$work/base-out" > /dev/null 2>&1
read -r base _ < "$work/base"
printf '%-10s %-9s %-14s %-10s\n' messages seconds "ms/message" "peak MB"
printf '%-10s %-9s %-14s %-10s\n' 0 "$base" - "$(awk '{print int($2/1024)}' "$work/base")"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 30000 100000)
for n in "${sizes[@]}"; do
  python3 - "$n" "$work/drill/sources/portal/flood.json" <<'PY'
import json, sys
n, path = int(sys.argv[1]), sys.argv[2]
sender = {"name": "Zed Unknownperson", "dob": "1970-01-01", "email": "zed@example.invalid"}
with open(path, "w") as f:
    json.dump([{"message_id": f"F{i}", "sent_at": "2025-04-03T%02d:%02d:00+13:00" % (8 + i % 10, i % 60),
                "sender": sender, "body": "hello", "type": "message"} for i in range(n)], f)
PY
    rm -rf "$work/out"
    /usr/bin/time -f "%e %M" -o "$work/t" .build/release/lacuna run "$work/drill/playbook.yml" --out "$work/out" > /dev/null 2>&1
    read -r seconds kb < "$work/t"
    awk -v n="$n" -v s="$seconds" -v b="$base" -v kb="$kb" 'BEGIN { printf "%-10d %-9.2f %-14.3f %-10d\n", n, s, (s - b) * 1000 / n, kb / 1024 }'
done
