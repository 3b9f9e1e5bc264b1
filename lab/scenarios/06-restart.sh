# The daemon is killed (SIGKILL) while LACP is down and restarted: it
# converges (VFs stay disabled), then recovery restores them.
source /mnt/repo/lab/scenarios/lib.sh
namespaces
make_pf 0 3
wait_for 40 "LACP up in the kernel" lacp_up pf0
start_daemon --interfaces pf0
wait_for 10 "lacp is up" has_log "lacp is up" pf0
switch_fail 0
wait_for 30 "VFs disabled" vf_states_are pf0 "disable disable disable"
say "SIGKILL"
kill -KILL "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null || true; DAEMON_PID=
# Someone flips a VF back while the daemon is away.
set_vf pf0 1 auto
start_daemon --interfaces pf0
wait_for 10 "lacp is down after restart" bash -c "[ \$(jq -R -c 'fromjson? | select(.msg == \"lacp is down\")' $DAEMON_LOG | wc -l) -ge 2 ]"
wait_for 5 "the flipped VF disabled again" vf_states_are pf0 "disable disable disable"
switch_recover 0
wait_for 40 "VFs restored" vf_states_are pf0 "auto auto auto"
