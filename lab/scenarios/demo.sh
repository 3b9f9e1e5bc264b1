# make demo: the relay's story, told live from inside the lab VM.
source /mnt/repo/lab/scenarios/lib.sh
PROBE=$OUT/bin/lab-probe
title() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
vf_table() { ip -n host link show dev pf0 | sed -n 's/^ *\(vf [0-9]*\).*\(link-state [a-z]*\).*/    \1  \2/p'; }
ms_between() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", (b - a) / 1e6}'; }
probe_time() { jq -r --arg e "$1" 'select(.event == $e) | .t' /tmp/probe.jsonl | awk -v after="$2" '$1 > after && !found {print; found = 1}'; }
wait_probe() { wait_for 40 "$1" bash -c "[ -n \"\$(jq -r --arg e $1 'select(.event == \$e) | .t' /tmp/probe.jsonl | awk -v after=$2 '\$1 > after' | head -n 1)\" ]"; }

title "A node with a real kernel $(uname -r): bonding, LACP, and a simulated SR-IOV NIC"
namespaces
make_pf 0 4
set_vf pf0 3 enable
echo "  host:   pf0 (netdevsim PF, 4 VFs) is the only port of bond0 (802.3ad, lacp_rate fast)"
echo "  switch: sw0 is the only port of sbond0 (802.3ad); pf0 and sw0 are cabled together"
echo "  VF 3 is set to 'enable' by its owner: the relay must never touch it"
vf_table

title "LACP negotiates"
began=$EPOCHREALTIME
wait_for 40 "LACP up" lacp_up pf0
echo "  negotiated in $(awk -v a="$began" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.1f", b - a}') s; actor/partner port states: $(lacp pf0)"

title "pf-status-relay starts (polling every 1000 ms, plus link events and LACPDU hints)"
ip netns exec host "$PROBE" watch pf0 1000 > /tmp/probe.jsonl &
probe=$!
start_daemon --interfaces pf0
tail -f "$DAEMON_LOG" | while IFS= read -r line; do echo "  daemon | $line"; done &
tailer=$!
wait_for 10 "lacp is up" has_log "lacp is up" pf0
sleep 1.5

title "The switch stops sending LACPDUs; the link stays up (tc egress drop on sw0)"
drop_ns=${EPOCHREALTIME/./}000
echo "  $(date -u +%H:%M:%S).$(echo "$EPOCHREALTIME" | cut -d. -f2 | cut -c1-3) drop starts"
switch_fail 0
wait_probe vfs_disabled "$drop_ns"
down_ns=$(probe_time lacp_down "$drop_ns"); disabled_ns=$(probe_time vfs_disabled "$drop_ns")
sleep 0.5
echo "  VFs now:"; vf_table
echo "  the kernel's LACP timeout took $(ms_between "$drop_ns" "$down_ns") ms; the VFs were disabled $(ms_between "$down_ns" "$disabled_ns") ms after the kernel's LACP state changed"
sleep 1

title "The switch recovers"
undrop_ns=${EPOCHREALTIME/./}000
switch_recover 0
wait_probe vfs_restored "$undrop_ns"
up_ns=$(probe_time lacp_up "$undrop_ns"); restored_ns=$(probe_time vfs_restored "$undrop_ns")
sleep 0.5
echo "  VFs now:"; vf_table
echo "  LACP came back $(ms_between "$undrop_ns" "$up_ns") ms after the drop ended; the VFs were back to auto $(ms_between "$up_ns" "$restored_ns") ms after that"

kill "$tailer" "$probe" 2>/dev/null || true
title "Summary"
echo "  failure:  detected by the kernel after $(ms_between "$drop_ns" "$down_ns") ms (3 missed LACPDUs at the fast rate), VFs disabled $(ms_between "$down_ns" "$disabled_ns") ms later"
echo "  recovery: VFs back to auto $(ms_between "$up_ns" "$restored_ns") ms after LACP came back"
echo "  VF 3 ('enable') was set $(jq -R -c 'fromjson? | select(.msg == "vf link state was set" and .id == 3)' "$DAEMON_LOG" | wc -l) times"
echo "  (times measured in the VM by lab-probe, polling the kernel every ~1 ms, independent of the daemon)"
