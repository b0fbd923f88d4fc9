#!/usr/bin/env python3
"""Issue 20's floor: one pass that parses every file of a drill's sources with Python's own readers
(CSV, HL7 segments and fields, JSON and NDJSON, XML, SQLite tables, the ledger's sheet XML), doing
nothing with what it reads (a file a reader gives up on counts its time, not its records). Prints the CPU seconds it took and the records it saw, so that a run's CPU
seconds can be put beside it (run.sh does). A damaged database is read as far as SQLite will read it.
    bench/scale/one-pass.py DRILL/sources
"""
import csv, io, json, os, sqlite3, sys, time, zipfile
import xml.etree.ElementTree as ET

def records(path):
    name = path.lower()
    data = open(path, "rb").read()
    if name.endswith((".csv", ".txt")):
        return sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8", "replace"), newline="")))
    if name.endswith(".hl7"):
        text = data.decode("latin-1").replace("\r\n", "\r").replace("\n", "\r")
        return sum(1 for segment in text.split("\r") if segment for _ in [segment.split("|")])
    if name.endswith((".ndjson", ".jsonl")):
        return sum(1 for line in data.splitlines() if line.strip() and json.loads(line) is not None)
    if name.endswith(".json"):
        return 1 if json.loads(data) is not None else 0
    if name.endswith(".xml"):
        return sum(1 for _ in ET.fromstring(data).iter())
    if name.endswith((".sqlite", ".db")):
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
            n = 0
            for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
                try:
                    n += sum(1 for _ in db.execute(f'SELECT * FROM "{table}"'))
                except sqlite3.DatabaseError:
                    pass
            return n
        except sqlite3.DatabaseError:
            return 0
    if name.endswith(".xlsx"):
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            return sum(sum(1 for _ in ET.fromstring(book.read(member)).iter())
                       for member in book.namelist() if member.endswith(".xml"))
    return 0

def main():
    root = sys.argv[1]
    start = time.process_time()
    files = seen = 0
    for folder, _, names in os.walk(root):
        for name in sorted(names):
            files += 1
            try:
                seen += records(os.path.join(folder, name))
            except (ValueError, csv.Error, ET.ParseError, zipfile.BadZipFile):
                pass   # a file its reader gives up on (a hostile drill's): the time spent on it still counts
    print(f"{time.process_time() - start:.3f} s CPU, {files} files, {seen} records")

if __name__ == "__main__":
    main()
