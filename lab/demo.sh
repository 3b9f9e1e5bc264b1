#!/usr/bin/env bash
# make demo: builds what it needs (the lab, the static daemon, bond plugin
# and lab-probe), boots the lab VM and tells the pod's failover live.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
echo "demo: building the lab (first time: Debian packages, netdevsim, initramfs; a few minutes)"
"$here/build.sh" > /dev/null
echo "demo: building the static daemon, bond plugin and lab-probe (first time: a few minutes)"
for product in pf-status-relay bond lab-probe; do
    (cd "$repo" && swift build -c release --static-swift-stdlib --product "$product" > /dev/null)
done
echo "demo: booting the VM"
LAB_LIVE=1 "$here/run.sh" demo "$repo/.build/lab-demo"
