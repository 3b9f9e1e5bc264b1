#!/usr/bin/env bash
# make demo: builds what it needs (the lab, the static daemon, bond plugin
# and lab-probe), boots the lab VM and tells the pod's failover live.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
mkdir -p "$repo/.build"
# The lab (first time: Debian packages, netdevsim, initramfs) builds while
# SwiftPM compiles: one mostly downloads, the other mostly computes.
echo "demo: building the lab and the static daemon, bond plugin and lab-probe (first time: a few minutes)"
"$here/build.sh" > "$repo/.build/lab-build.log" 2>&1 &
lab_build=$!
for product in pf-status-relay bond lab-probe; do
    (cd "$repo" && swift build -c release --static-swift-stdlib --product "$product" > /dev/null)
done
wait "$lab_build" || { echo "demo: building the lab failed:" >&2; tail -n 20 "$repo/.build/lab-build.log" >&2; exit 1; }
echo "demo: booting the VM"
LAB_LIVE=1 "$here/run.sh" demo "$repo/.build/lab-demo"
