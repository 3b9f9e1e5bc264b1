#!/usr/bin/env bash
# make bench: builds the lab and the static binaries, runs the benchmark in
# the VM (about 10 minutes), prints the table.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
out=${1:-$repo/.build/lab-bench}
rm -rf "$out"; mkdir -p "$out"
bin=$(cd "$repo" && swift build -c release --static-swift-stdlib --show-bin-path)
(cd "$repo" && swift build -c release --static-swift-stdlib --product pf-status-relay >&2 && swift build -c release --static-swift-stdlib --product lab-probe >&2)
LAB_PROBE=$bin/lab-probe LAB_TIMEOUT=1800 LAB_MEMORY=2048 "$here/run.sh" bench "$out"
python3 "$here/bench-report.py" "$out" | tee "$out/report.txt"
