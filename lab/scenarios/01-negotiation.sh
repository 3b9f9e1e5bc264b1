# LACP negotiates; the daemon says the PF is ready and LACP is up; VFs stay auto.
source /mnt/repo/lab/scenarios/lib.sh
namespaces
make_pf 0 4
wait_for 40 "LACP up in the kernel" lacp_up pf0
say "LACP negotiated: actor/partner $(lacp pf0)"
start_daemon --interfaces pf0
wait_for 10 "pf is ready" has_log "pf is ready" pf0
wait_for 10 "lacp is up" has_log "lacp is up" pf0
wait_for 10 "VFs detected" has_log "VFs detected on interface" pf0
sleep 3
expect_eq "$(vf_states pf0)" "auto auto auto auto" "VFs stay auto while LACP is up"
expect_eq "$(log_count "vf link state was set")" 0 "no VF changed"
expect_eq "$(log_count "lacp is down" pf0)" 0 "LACP never reported down"
