"""Parses an HL7 file with python-hl7 and hl7apy, one message at a time, as their users do: split the
file into messages (MLLP bytes and batch segments dropped, any line end made CR), then parse each.
Prints bytes, messages, seconds and MB/s for each peer. hl7apy is far slower, so it parses the first
--hl7apy-mb megabytes only and its throughput is measured on those.
Usage: peers.py FILE [--hl7apy-mb N]"""
import re
import sys
import time

path = sys.argv[1]
hl7apy_mb = float(sys.argv[sys.argv.index("--hl7apy-mb") + 1]) if "--hl7apy-mb" in sys.argv else 5.0


def messages(data):
    text = data.decode("utf-8", errors="replace").replace("\x0b", "").replace("\x1c", "")
    text = text.replace("\r\n", "\r").replace("\n", "\r")
    out = []
    for chunk in re.split(r"\r(?=MSH\|)", "\r" + text):
        lines = [l for l in chunk.split("\r") if l and not l[:3] in ("FHS", "BHS", "BTS", "FTS")]
        if lines and lines[0].startswith("MSH"):
            out.append("\r".join(lines))
    return out


with open(path, "rb") as f:
    data = f.read()

import hl7

start = time.perf_counter()
msgs = messages(data)
fields = 0
for m in msgs:
    parsed = hl7.parse(m)
    for segment in parsed:
        fields += len(segment)
seconds = time.perf_counter() - start
print(f"python-hl7 {hl7.__version__ if hasattr(hl7, '__version__') else ''}: {len(data)} bytes, {len(msgs)} messages, "
      f"{fields} fields, {seconds:.2f} s, {len(data) / 1e6 / seconds:.2f} MB/s")

from hl7apy.parser import parse_message
from hl7apy.consts import VALIDATION_LEVEL

subset = data[: int(hl7apy_mb * 1_000_000)]
start = time.perf_counter()
sub_msgs = messages(subset)
count = 0
failed = 0
for m in sub_msgs:
    try:
        parse_message(m, validation_level=VALIDATION_LEVEL.TOLERANT, find_groups=False)
        count += 1
    except Exception:
        failed += 1
seconds = time.perf_counter() - start
print(f"hl7apy: first {len(subset)} bytes, {count} messages ({failed} refused), {seconds:.2f} s, "
      f"{len(subset) / 1e6 / seconds:.2f} MB/s")
