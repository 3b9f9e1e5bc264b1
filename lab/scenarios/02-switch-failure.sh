# The switch stops sending LACPDUs (link still up): auto VFs become disable,
# the enable VF is untouched; recovery brings the disabled VFs back to auto.
source /mnt/repo/lab/scenarios/lib.sh
namespaces
make_pf 0 4
set_vf pf0 2 enable
wait_for 40 "LACP up in the kernel" lacp_up pf0
start_daemon --interfaces pf0
wait_for 10 "lacp is up" has_log "lacp is up" pf0

say "switch side drops its LACPDUs"
switch_fail 0
wait_for 30 "LACP down in the kernel" lacp_down pf0
wait_for 5 "VFs disabled" vf_states_are pf0 "disable disable enable disable"
expect_eq "$(log_count "lacp is down" pf0)" 1 "lacp is down logged once"
expect_eq "$(log_count "vf link state was set" pf0)" 3 "three VFs reported set"
sleep 2
expect_eq "$(vf_states pf0)" "disable disable enable disable" "VFs stay disabled while LACP is down"

say "switch side recovers"
switch_recover 0
wait_for 40 "LACP up in the kernel" lacp_up pf0
wait_for 5 "VFs restored" vf_states_are pf0 "auto auto enable auto"
expect_eq "$(log_count "lacp is up" pf0)" 2 "lacp is up logged again"
expect_eq "$(jq -R -c 'fromjson? | select(.msg == "vf link state was set" and .id == 2)' "$DAEMON_LOG" | wc -l)" 0 "the enable VF was never set"
jq -R -c 'fromjson? | select(.msg == "vf link state was set") | [.id, .state]' "$DAEMON_LOG" | tr '\n' ' '; echo
