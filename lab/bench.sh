#!/usr/bin/env bash
# make bench: builds the lab and the static binaries, runs the benchmarks in
# the VM (the relay's reaction and footprint, then the pod's outage; about
# 20 minutes), prints the tables.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
out=${1:-$repo/.build/lab-bench}
rm -rf "$out"; mkdir -p "$out"
bin=$(cd "$repo" && swift build -c release --static-swift-stdlib --show-bin-path)
for product in pf-status-relay lab-probe bond; do
    (cd "$repo" && swift build -c release --static-swift-stdlib --product "$product" >&2)
done
LAB_PROBE=$bin/lab-probe LAB_TIMEOUT=1800 LAB_MEMORY=2048 "$here/run.sh" bench "$out"
# The pod's outage, one boot of its own (two PFs, two switches, a pod).
LAB_TIMEOUT=1800 LAB_MEMORY=2048 "$here/run.sh" bench-pod "$out/pod"
python3 "$here/bench-report.py" "$out" | tee "$out/report.txt"
