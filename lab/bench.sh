#!/usr/bin/env bash
# make bench: builds the lab and the static binaries, runs the benchmarks in
# the VM (the relay's reaction and footprint, then the pod's outage; about
# 20 minutes), prints the tables.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
out=${1:-$repo/.build/lab-bench}
rm -rf "$out"; mkdir -p "$out"
# Progress on standard error: these stages, and the VM's own "bench:" lines
# (each run of each mode) as lab/run.sh streams them from the console.
stage() { printf 'bench: %s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
stage "stage 1 of 4: building the release binaries (pf-status-relay, lab-probe, bond), and the daemon as it ships"
"$repo/scripts/daemon-size.sh" | tee "$out/size.txt" || true
bin=$(cd "$repo" && swift build -c release --static-swift-stdlib --show-bin-path)
for product in pf-status-relay lab-probe bond; do
    (cd "$repo" && swift build -c release --static-swift-stdlib --product "$product" >&2)
done
stage "stage 2 of 4: VM boot 1 of 2, the relay's reaction (2 modes), VF relay cost, footprint (2 modes, 60 s each)"
LAB_PROBE=$bin/lab-probe LAB_TIMEOUT=1800 LAB_MEMORY=2048 "$here/run.sh" bench "$out"
# The pod's outage, one boot of its own (two PFs, two switches, a pod).
stage "stage 3 of 4: VM boot 2 of 2, the pod's outage (4 modes)"
LAB_TIMEOUT=1800 LAB_MEMORY=2048 "$here/run.sh" bench-pod "$out/pod"
stage "stage 4 of 4: the report"
{ python3 "$here/bench-report.py" "$out"; echo; cat "$out/size.txt"; } | tee "$out/report.txt"
