# LACPDUs dropped on the host PF's ingress: the bond stops hearing its
# partner; auto VFs become disable, then back to auto after recovery.
source /mnt/repo/lab/scenarios/lib.sh
namespaces
make_pf 0 3
set_vf pf0 0 enable
wait_for 40 "LACP up in the kernel" lacp_up pf0
start_daemon --interfaces pf0
wait_for 10 "lacp is up" has_log "lacp is up" pf0

say "host side drops incoming LACPDUs"
host_fail 0
wait_for 30 "LACP down in the kernel" lacp_down pf0
wait_for 5 "VFs disabled" vf_states_are pf0 "enable disable disable"
expect_eq "$(log_count "lacp is down" pf0)" 1 "lacp is down logged once"

say "host side recovers"
host_recover 0
wait_for 40 "LACP up in the kernel" lacp_up pf0
wait_for 5 "VFs restored" vf_states_are pf0 "enable auto auto"
expect_eq "$(jq -R -c 'fromjson? | select(.msg == "vf link state was set" and .id == 0)' "$DAEMON_LOG" | wc -l)" 0 "the enable VF was never set"
