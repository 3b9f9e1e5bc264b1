# A PF without VFs, then VFs created at runtime (sriov_numvfs).
source /mnt/repo/lab/scenarios/lib.sh
namespaces
make_pf 0 0
wait_for 40 "LACP up in the kernel" lacp_up pf0
start_daemon --interfaces pf0
wait_for 10 "pf has no VFs" has_log "pf has no VFs" pf0
echo 8 > /sys/bus/netdevsim/devices/netdevsim10/sriov_numvfs
wait_for 10 "VFs detected" has_log "VFs detected on interface" pf0
count=$(jq -R -r 'fromjson? | select(.msg == "VFs detected on interface" and .interface == "pf0") | .count' "$DAEMON_LOG" | tail -n 1)
expect_eq "$count" 8 "VF count logged"
switch_fail 0
wait_for 15 "the new VFs disabled" vf_states_are pf0 "disable disable disable disable disable disable disable disable"
