"""Types "reached" into the outcome column of the first card of a call-list CSV, as reception does
(the file saved back as a spreadsheet saves it). Used by the scale benches: python3 type-outcome.py FILE"""
import csv
import io
import sys

path = sys.argv[1]
rows = list(csv.reader(io.StringIO(open(path, encoding="utf-8-sig").read())))
rows[1][rows[0].index("outcome")] = "reached"
text = io.StringIO()
csv.writer(text).writerows(rows)
open(path, "w", encoding="utf-8-sig").write(text.getvalue())
