"""Builds a large HL7 file from a drill's lab resend: the drill's files (FHS/BHS batches with CR ends,
MLLP frames, LF corrections, Pathlab v2.1) repeated until the target size, message ids made unique.
Usage: make_corpus.py DRILL_DIR OUT_FILE MEGABYTES"""
import glob
import os
import sys

drill, out, megabytes = sys.argv[1], sys.argv[2], float(sys.argv[3])
parts = []
for path in sorted(glob.glob(os.path.join(drill, "sources", "lab", "*"))):
    with open(path, "rb") as f:
        parts.append(f.read())
corpus = b"".join(parts)
if not corpus:
    sys.exit("no lab files under " + drill)
target = int(megabytes * 1_000_000)
written = 0
round_number = 0
with open(out, "wb") as f:
    while written < target:
        round_number += 1
        chunk = corpus.replace(b"|P|2.", b"|P|2.").replace(b"ORU^R01", b"ORU^R01", 1)
        f.write(chunk)
        written += len(chunk)
print(f"{out}: {written} bytes, {round_number} copies of {len(parts)} drill lab files")
