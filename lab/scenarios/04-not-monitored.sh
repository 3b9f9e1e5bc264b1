# A PF in an active-backup bond and a PF with no master are not monitored:
# VFs untouched, reason logged. Switching the bond to 802.3ad at runtime
# makes the PF monitored.
source /mnt/repo/lab/scenarios/lib.sh
namespaces
make_pf 0 2 active-backup
make_pf 1 2 none
# Make sure LACP would look "down" to anyone who checked blindly.
switch_fail 0
switch_fail 1
start_daemon --interfaces pf0,pf1
wait_for 10 "pf0 not ready" has_log "pf is not ready" pf0
wait_for 10 "pf1 not ready" has_log "pf is not ready" pf1
reason0=$(jq -R -r 'fromjson? | select(.msg == "pf is not ready" and .interface == "pf0") | .error' "$DAEMON_LOG" | head -n 1)
reason1=$(jq -R -r 'fromjson? | select(.msg == "pf is not ready" and .interface == "pf1") | .error' "$DAEMON_LOG" | head -n 1)
expect_eq "$reason0" "bond bond0 is in mode active-backup, not 802.3ad" "reason for the active-backup PF"
expect_eq "${reason1%%:*}" "interface has no master" "reason for the PF without master"
sleep 3
expect_eq "$(vf_states pf0) / $(vf_states pf1)" "auto auto / auto auto" "VFs untouched"
expect_eq "$(log_count "vf link state was set")" 0 "no VF set"

say "bond0 switched to 802.3ad at runtime (port out, mode change, port back)"
switch_recover 0
ip -n host link set pf0 nomaster
ip -n host link set bond0 down
ip -n host link set bond0 type bond mode 802.3ad lacp_rate fast
ip -n host link set pf0 master bond0
ip -n host link set bond0 up
ip -n host link set pf0 up
wait_for 40 "LACP up in the kernel" lacp_up pf0
wait_for 10 "pf0 ready" has_log "pf is ready" pf0
wait_for 10 "lacp is up" has_log "lacp is up" pf0
expect_eq "$(vf_states pf1)" "auto auto" "the unmonitored PF's VFs are still untouched"
