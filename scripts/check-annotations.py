#!/usr/bin/env python3
"""Parse every chart annotation Lacuna wrote with two independent HL7 libraries.

    python3 scripts/check-annotations.py OUT_DIR/annotations

Each *.hl7 file must parse with python-hl7 (hl7.parse) and with hl7apy (parse_message, groups found,
version 2.4, strict validation), and must carry what DOMAIN §6 asks of a chart annotation: the NHI or local id in PID-3,
the patient's name and DOB, the responsible GP, the encounter date as data (OBR-7 or TXA-4), today's
date on the note (MSH-7), and note text that says it is retrospective and names its sources.
Exits 1 on the first file that fails, naming it and what is wrong (the file name only: no patient data).
"""
import glob
import os
import sys

import hl7
from hl7apy.consts import VALIDATION_LEVEL
from hl7apy.parser import parse_message


def check(path):
    with open(path, "rb") as f:
        raw = f.read().decode("utf-8")
    if not raw.endswith("\r") or "\n" in raw:
        return "segments must end with carriage returns only"

    # python-hl7
    message = hl7.parse(raw)
    kind = str(message.segment("MSH")[9])
    if kind not in ("ORU^R01^ORU_R01", "MDM^T02^MDM_T02"):
        return "python-hl7: unexpected MSH-9 " + kind
    if str(message.segment("MSH")[12]) != "2.4":
        return "python-hl7: MSH-12 is not 2.4"
    pid = message.segment("PID")
    if not str(pid[3]):
        return "python-hl7: PID-3 is empty"
    if not str(pid[5][0][0]) or not str(pid[7]):
        return "python-hl7: PID-5 name or PID-7 date of birth missing"
    if kind.startswith("ORU"):
        obr = message.segment("OBR")
        encounter_date, gp = str(obr[7]), str(obr[16])
    else:
        txa = message.segment("TXA")
        encounter_date, gp = str(txa[4]), str(txa[5])
    if len(encounter_date) != 8 or not encounter_date.isdigit():
        return "python-hl7: encounter date is not YYYYMMDD"
    if not gp:
        return "python-hl7: no responsible clinician"
    note = " ".join(str(obx[5]) for obx in message.segments("OBX"))
    if "Retrospective entry made" not in note or "Sources:" not in note:
        return "python-hl7: the note does not say it is retrospective and what it rests on"

    # hl7apy: the whole message against the v2.4 structure, strictly (lengths, tables, cardinality)
    parsed = parse_message(raw, find_groups=True, validation_level=VALIDATION_LEVEL.STRICT)
    if not parsed.validate():
        return "hl7apy: the message does not validate against v2.4"
    if parsed.msh.msh_12.value != "2.4":
        return "hl7apy: version is not 2.4"
    if parsed.name not in ("ORU_R01", "MDM_T02"):
        return "hl7apy: message structure " + str(parsed.name)
    if kind.startswith("ORU"):
        group = parsed.oru_r01_patient_result.oru_r01_patient
        if not group.pid.pid_3.value:
            return "hl7apy: PID-3 not found in the patient group"
        obx = parsed.oru_r01_patient_result.oru_r01_order_observation.oru_r01_observation
        if len(obx) < 3:
            return "hl7apy: fewer than three note lines"
    else:
        if not parsed.pid.pid_3.value or not parsed.txa.txa_4.value:
            return "hl7apy: PID-3 or TXA-4 missing"
    return None


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    files = sorted(glob.glob(os.path.join(sys.argv[1], "*.hl7")))
    if not files:
        print(f"{sys.argv[1]}: no annotation files", file=sys.stderr)
        return 1
    for path in files:
        try:
            problem = check(path)
        except Exception as error:  # a library that cannot parse the file at all
            problem = f"{type(error).__name__}: {str(error)[:120]}"
        if problem:
            print(f"{os.path.basename(path)}: {problem}", file=sys.stderr)
            return 1
    print(f"{len(files)} annotation file(s) parse with python-hl7 {hl7.__version__} and hl7apy; every one carries "
          "the patient, the GP, the encounter date and a retrospective note with its sources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
