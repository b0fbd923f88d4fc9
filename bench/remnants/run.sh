#!/usr/bin/env bash
# Issue 17: a practice's documents in a damaged-copy pair (the practice database and an index dump that
# mirrored it, each with its own gaps and staler copies), merged end to end by `lacuna remnants merge`,
# beside the nearest peers one can run here: `jq` over the dump (a parse of every line, no merge),
# `sqlite3 .recover` (absent from Debian's libsqlite3: said) and a plain `sqlite3` count (the floor).
# Prints wall time, peak memory and counts.
#   bench/remnants/run.sh [--docs N]      (default 2000000)
set -euo pipefail
cd "$(dirname "$0")/../.."
docs=2000000
while [ $# -gt 0 ]; do
  case "$1" in
    --docs) docs="$2"; shift 2;;
    *) echo "usage: $0 [--docs N]" >&2; exit 2;;
  esac
done
make -s release > /dev/null 2>&1
lacuna=$PWD/.build/release/lacuna
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" "$docs" <<'PY'
import sqlite3, sys, json, random
work, n = sys.argv[1], int(sys.argv[2])
random.seed(17)
db = sqlite3.connect(f"{work}/pms.sqlite")
db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=4096;"
                 "CREATE TABLE documents (id INTEGER PRIMARY KEY, patient_id INTEGER, title TEXT, body TEXT, updated_at TEXT);")
with open(f"{work}/documents.ndjson", "w") as dump:
    rows = []
    for i in range(1, n + 1):
        t = f"2025-0{1 + i % 4}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00Z"
        body = f"Document {i} for patient {i % 50000}. " + "x" * (i % 180)
        in_db, in_index = random.random() < 0.95, random.random() < 0.97
        if in_db: rows.append((i, i % 50000, f"Letter {i}", body, t))
        if in_index:
            newer = random.random() < 0.05
            source = {"patient_id": i % 50000, "title": f"Letter {i}" + (" (amended)" if newer else ""), "body": body,
                      "updated_at": t.replace("2025-", "2026-") if newer else t}
            dump.write(json.dumps({"_index": "documents", "_type": "_doc", "_id": f"doc-{i}", "_version": 2 if newer else 1, "_source": source}) + "\n")
        if len(rows) >= 100000:
            db.executemany("INSERT INTO documents VALUES (?,?,?,?,?)", rows); rows = []
    db.executemany("INSERT INTO documents VALUES (?,?,?,?,?)", rows)
db.commit(); db.close()
open(f"{work}/map.yml", "w").write("tables:\n  - { name: documents, holds: documents, database: documents, index: documents, key: id, index-id: \"doc-{key}\", updated: updated_at }\n")
PY
echo "documents: $docs (database $(du -h "$work/pms.sqlite" | cut -f1), dump $(du -h "$work/documents.ndjson" | cut -f1))"
measure() {  # label command…
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out.txt" 2> "$work/err.txt" || true
  read -r wall kb < "$work/time"
  printf "%-34s %8.1f s %8d MB   %s\n" "$label" "$wall" $((kb / 1024)) "$(tail -n 1 "$work/out.txt" | cut -c1-60)"
}
echo "tool                                   wall       peak   last line of output"
measure "lacuna remnants merge"       "$lacuna" remnants merge --database "$work/pms.sqlite" --index "$work/documents.ndjson" --map "$work/map.yml" --out "$work/merged"
measure "jq -c (parse every line)"    sh -c "jq -c '._id' '$work/documents.ndjson' | wc -l"
measure "sqlite3 .recover"            sh -c "sqlite3 '$work/pms.sqlite' .recover 2>&1 | head -n 1"
measure "sqlite3 count (the floor)"   sqlite3 "$work/pms.sqlite" "SELECT count(*) FROM documents"
grep -E "records|agreeing|conflicting|only|filled|stale" "$work/merged/report.txt" | sed 's/^/  /'
