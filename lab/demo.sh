#!/usr/bin/env bash
# make demo: builds what it needs (lab, static daemon and probe), boots the lab
# VM and tells the relay's story live.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
echo "demo: building the lab (first time: Debian packages, netdevsim, initramfs; a few minutes)"
"$here/build.sh" > /dev/null
echo "demo: building the static daemon and probe"
(cd "$repo" && swift build -c release --static-swift-stdlib --product pf-status-relay > /dev/null \
    && swift build -c release --static-swift-stdlib --product lab-probe > /dev/null)
bin=$(cd "$repo" && swift build -c release --static-swift-stdlib --show-bin-path)
echo "demo: booting the VM"
LAB_LIVE=1 LAB_PROBE=$bin/lab-probe "$here/run.sh" demo "$repo/.build/lab-demo"
