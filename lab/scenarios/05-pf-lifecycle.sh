# A PF created after the daemon started is picked up; deleted and recreated
# (new ifindex), it is picked up again.
source /mnt/repo/lab/scenarios/lib.sh
namespaces
start_daemon --interfaces pf0 --polling-interval 1000
wait_for 10 "pf0 not found" has_log "pf is not ready" pf0
make_pf 0 2
wait_for 40 "LACP up in the kernel" lacp_up pf0
wait_for 10 "pf0 ready" has_log "pf is ready" pf0
wait_for 10 "lacp is up" has_log "lacp is up" pf0
first_index=$(ip -n host -j link show dev pf0 | jq '.[0].ifindex')

say "pf0 deleted (its netdevsim devices removed) and recreated"
echo 10 > /sys/bus/netdevsim/del_device
echo 50 > /sys/bus/netdevsim/del_device
wait_for 10 "pf0 reported gone" bash -c "[ \$(jq -R -c 'fromjson? | select(.msg == \"pf is not ready\" and .interface == \"pf0\" and .error == \"interface not found\")' $DAEMON_LOG | wc -l) -ge 2 ]"
ip -n host link del bond0
ip -n switch link del sbond0
make_pf 0 2
second_index=$(ip -n host -j link show dev pf0 | jq '.[0].ifindex')
[ "$first_index" != "$second_index" ] || fail "the recreated PF kept its ifindex ($first_index)"
say "ifindex $first_index -> $second_index"
wait_for 40 "LACP up in the kernel" lacp_up pf0
wait_for 10 "pf0 ready again" bash -c "[ \$(jq -R -c 'fromjson? | select(.msg == \"pf is ready\" and .interface == \"pf0\")' $DAEMON_LOG | wc -l) -ge 2 ]"

say "the switch fails: the daemon must act on the new PF"
switch_fail 0
wait_for 30 "LACP down in the kernel" lacp_down pf0
wait_for 5 "VFs of the new PF disabled" vf_states_are pf0 "disable disable"
