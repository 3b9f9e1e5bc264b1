#!/usr/bin/env bash
# The relay against this machine's real kernel. The host kernel has no bonding
# and no SR-IOV, so no PF here can be ready: this shows `check` explaining why,
# and the daemon noticing link changes the moment they happen. The full story
# (LACP, VFs disabled and restored) needs the lab VM.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${BINARY:-.build/debug/pf-status-relay}
ns=pfsr-demo-$$

cleanup() { ip netns del "$ns" 2>/dev/null || true; }
trap cleanup EXIT

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "A namespace with two 'PFs': ens1f0 in a bridge, ens2f0 alone"
ip netns add "$ns"
ip -n "$ns" link add ens1f0 type veth peer name ens2f0
ip -n "$ns" link add br0 type bridge
ip -n "$ns" link set ens1f0 master br0
for l in ens1f0 ens2f0 br0; do ip -n "$ns" link set "$l" up; done
ip -n "$ns" -br link

step "pf-status-relay check ens1f0 ens2f0   (exit 1: not ready, and why)"
ip netns exec "$ns" "$binary" check ens1f0 ens2f0 || echo "(check exited $?)"

step "pf-status-relay check --json ens2f0"
ip netns exec "$ns" "$binary" check --json ens2f0 || echo "(check exited $?)"

step "The daemon (polling every 60 s), while ens1f0 leaves its bridge"
PF_STATUS_RELAY_INTERFACES=ens1f0,ens2f0 PF_STATUS_RELAY_POLLING_INTERVAL=60000 \
    ip netns exec "$ns" "$binary" &
daemon=$!
sleep 1
echo "--- ip link set ens1f0 nomaster (at $(date -u +%H:%M:%S.%N))"
ip -n "$ns" link set ens1f0 nomaster
sleep 1
kill -TERM "$daemon"
wait "$daemon"
echo "--- the daemon stopped on SIGTERM with status $?"
