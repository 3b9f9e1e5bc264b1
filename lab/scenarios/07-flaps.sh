# 50 fast flaps of the switch's LACPDUs: the final VF states match the final
# LACP state, and the enable VF is never changed.
source /mnt/repo/lab/scenarios/lib.sh
namespaces
make_pf 0 4
set_vf pf0 3 enable
wait_for 40 "LACP up in the kernel" lacp_up pf0
start_daemon --interfaces pf0
wait_for 10 "lacp is up" has_log "lacp is up" pf0
switch_fail 0
wait_for 15 "first failure" vf_states_are pf0 "disable disable disable enable"
for i in $(seq 50); do
    switch_recover 0
    sleep "0.$((RANDOM % 4 + 1))"
    switch_fail 0
    sleep "0.$((RANDOM % 4 + 1))"
    [ "$(vf_states pf0 | cut -d' ' -f4)" = enable ] || fail "flap $i: the enable VF changed"
done
say "50 flaps done; ending with the switch recovered"
switch_recover 0
wait_for 40 "LACP up in the kernel" lacp_up pf0
wait_for 5 "VFs auto" vf_states_are pf0 "auto auto auto enable"
sleep 1
expect_eq "$(vf_states pf0)" "auto auto auto enable" "final VF states"
expect_eq "$(jq -R -c 'fromjson? | select(.msg == "vf link state was set" and .id == 3)' "$DAEMON_LOG" | wc -l)" 0 "the enable VF was never set"
say "lacp transitions logged: down $(log_count "lacp is down" pf0), up $(log_count "lacp is up" pf0)"
