# The opt-in early detection (spec.lacpduTimeout: 1500), run as the operator's
# DaemonSet for that PFLACPMonitor runs the daemon, in the pod scenario's
# topology (pod.sh):
#   1. without CAP_NET_RAW the daemon refuses the setting at start (exit 2)
#   2. a switch dies: the VFs go down on the LACPDU timeout, before the
#      kernel's expiry; the pod fails over; the kernel confirms; recovery
#   3. one LACPDU 250 ms late (a 1.2 s gap): no verdict (the verdict, when
#      netem overshoots past the timeout)
#   4. the slow rate (the host's bond set to lacp_rate slow, so the partner
#      sends every 30 s): the timeout suspends itself, no verdict in the silence
#   5. the daemon restarted while the partner is silent: no early verdict
#      without a LACPDU seen; the kernel's verdict, and "lacp is up" never said
#   6. a host-side failure (LACPDUs dropped on the PF's ingress, after the
#      taps have seen them): the kernel's rule decides
source /mnt/repo/lab/scenarios/pod.sh
DAEMONSET=$OUT/daemonset-early.json
pod_topology
# Case 3's delay line on switch0's port, in place before LACP is up: adding a
# root qdisc later swaps the device's queue, which held a LACPDU some hundreds
# of ms in the VM; changing its delay does not.
tc -n switch0 qdisc add dev sw0 root netem delay 0ms
expect_eq "$(jq -r '.spec.template.spec.containers[0].env[] | select(.name == "PF_STATUS_RELAY_LACPDU_TIMEOUT") | .value' "$DAEMONSET")" 1500 \
    "the operator's DaemonSet for lacpduTimeout: 1500 sets PF_STATUS_RELAY_LACPDU_TIMEOUT"
# early_verdicts [PF]: "lacp is down" lines whose reason is the LACPDU timeout.
early_verdicts() {
    jq -R -c --arg i "${1:-}" 'fromjson? | select(.msg == "lacp is down" and .reason == "lacpdu-timeout" and ($i == "" or .interface == $i))' "$DAEMON_LOG" | wc -l
}

say "=== 1. without CAP_NET_RAW: refused at start"
relay_command NET_RAW
status=0
refusal=$("${RELAY_COMMAND[@]}" 2>&1) || status=$?
expect_eq "$status" 2 "the daemon's exit code"
grep -q "needs CAP_NET_RAW" <<< "$refusal" || fail "no clear message: $refusal"
say "ok: $(grep "needs CAP_NET_RAW" <<< "$refusal")"

say "=== 2. the switch behind the pod's active VF dies"
pod_bond "$(guide_config)"
wait_for 5 "both slaves' MII up" proc_state_is "active=net1 net1=up net2=up"
wait_for 40 "LACP up on pf0 and pf1" both_lacp_up
start_relay
wait_for 10 "lacp is up on pf0" has_log "lacp is up" pf0
wait_for 10 "lacp is up on pf1" has_log "lacp is up" pf1
watched_stream one pf0 "$SERVER4" "$SERVER6"
sleep 0.5
switch_fails_over 0 one "active=net2 net1=down net2=up"
expect_eq "$(early_verdicts pf0)" 1 "lacp is down on pf0 for the LACPDU timeout"
wait_for 10 "the kernel's LACP expiry on pf0" lacp_down pf0
wait_for 5 "the kernel's verdict confirmed in the log" has_log "lacp down confirmed by the kernel" pf0
sleep 0.2
kill "$WATCH_PID" 2>/dev/null || true
disabled_ns=$(event_after /tmp/probe-one.jsonl "$(awk -v t="$DROP" 'BEGIN {printf "%.0f", t * 1e9}')" '.event == "vfs_disabled"')
expiry_ns=$(event_after /tmp/probe-one.jsonl "$(awk -v t="$DROP" 'BEGIN {printf "%.0f", t * 1e9}')" '.event == "lacp_down"')
[ -n "$disabled_ns" ] && [ -n "$expiry_ns" ] || fail "lab-probe saw no VFs disabled or no expiry on pf0"
silence=$(jq -R -r 'fromjson? | select(.msg == "lacp is down" and .interface == "pf0") | .silence_ms' "$DAEMON_LOG")
say "pf0's VFs all disabled $(ms_between "$disabled_ns" "$expiry_ns") ms before the kernel's LACP expiry (the LACPDU timeout: silence ${silence} ms)"
awk -v d="$disabled_ns" -v e="$expiry_ns" 'BEGIN {exit !(d < e)}' || fail "the VFs were not disabled before the kernel's expiry"
expect_eq "$(vf_states pf0) / $(vf_states pf1)" "disable disable disable disable / auto auto auto auto" "VF states of pf0 / pf1"
say "outage seen by the pod: IPv4 ${OUTAGES[0]} ms, IPv6 ${OUTAGES[1]} ms"
switch_revives 0
wait_for 40 "LACP up on pf0" lacp_up pf0
wait_for 5 "pf0's VFs back to auto" vf_states_are pf0 "auto auto auto auto"
wait_for 5 "both MII up" both_mii_up
stop_stream
expect_eq "$(log_count "lacp is up" pf0)" 2 "lacp is up logged again for pf0"

say "=== 3. one LACPDU 250 ms late on pf0 (netem on the switch's port), a 1.2 s gap: no verdict"
before=$(log_count "lacp is down")
ip netns exec host "$PROBE" lacpdu-gaps 8 pf0 > /tmp/gaps-late.txt 2> /tmp/gaps-late.err &
gaps=$!
# The probe's first LACPDU carries no time stamp: delay one only once the
# gaps are being measured, or the late one may be the first it can time.
wait_for 5 "the probe timing pf0's LACPDUs" grep -q "pf=pf0 stamping" /tmp/gaps-late.err
tc -n switch0 qdisc change dev sw0 root netem delay 250ms
sleep 2.5
tc -n switch0 qdisc change dev sw0 root netem delay 0ms
wait "$gaps"
cat /tmp/gaps-late.txt
max=$(sed -n 's/.*max_ms=\([0-9.]*\).*/\1/p' /tmp/gaps-late.txt)
# Longer than any on-time gap (the partner's period here is 0.9 to 1 s: TCG's
# clock), or this case proves nothing.
awk -v m="$max" 'BEGIN {exit !(m >= 1100)}' || fail "the longest gap was ${max} ms: no LACPDU came late"
sleep 1
verdicts=$(( $(log_count "lacp is down") - before ))
# netem's delay overshoots in this VM now and then (by up to ~300 ms, seen in
# CI): the verdict must then follow the gap the kernel saw. Under the timeout
# there is none. Past it, the daemon measures from when its reader took the
# previous LACPDU and looks when its timer fires, both a little after the
# kernel's stamps; a look that comes after the late LACPDU was read rightly
# finds the partner alive. So only a gap far past the timeout must be a verdict.
if awk -v m="$max" 'BEGIN {exit !(m < 1450)}'; then
    expect_eq "$verdicts $(vf_states pf0)" "0 auto auto auto auto" "a ${max} ms gap: lacp is down, pf0's VFs"
elif awk -v m="$max" 'BEGIN {exit !(m >= 2000)}'; then
    expect_eq "$verdicts" 1 "a ${max} ms gap (netem overshot): the early verdict"
    say "the kernel never went down: the VFs come back once LACPDUs kept time for 3 s"
    wait_for 10 "pf0's VFs back to auto" vf_states_are pf0 "auto auto auto auto"
else
    say "a ${max} ms gap, near the timeout: either outcome is right (${verdicts} verdicts)"
    wait_for 10 "pf0's VFs auto" vf_states_are pf0 "auto auto auto auto"
fi
wait_for 5 "both MII up" both_mii_up
active=$(proc_active); n=$(pf_behind "$active"); other=$(( 1 - n ))
say "=== 4. pf$other (behind the standby) at the slow rate: the partner sends every 30 s"
verdicts=$(early_verdicts "pf$other")
ip -n host link set "bond$other" down
ip -n host link set "bond$other" type bond lacp_rate slow
ip -n host link set "bond$other" up
wait_for 40 "LACP up on pf$other at the slow rate" lacp_up "pf$other"
wait_for 10 "the suspension logged" has_log "lacpdu timeout suspended" "pf$other"
jq -R -c --arg i "pf$other" 'fromjson? | select(.msg == "lacpdu timeout suspended" and .interface == $i)' "$DAEMON_LOG"
wait_for 5 "pf$other's VFs auto" vf_states_are "pf$other" "auto auto auto auto"
ip netns exec host "$PROBE" lacpdu-gaps 5 "pf$other" | tee /tmp/gaps-slow.txt
quiet=$(sed -n 's/.*quiet_ms=\([0-9.]*\).*/\1/p' /tmp/gaps-slow.txt)
awk -v q="$quiet" 'BEGIN {exit !(q >= 3000)}' || fail "only ${quiet} ms without a LACPDU: not the slow rate"
expect_eq "$(early_verdicts "pf$other") $(vf_states "pf$other")" "$verdicts auto auto auto auto" "early verdicts on pf$other (as before) after ${quiet} ms without a LACPDU, VFs"
ip -n host link set "bond$other" down
ip -n host link set "bond$other" type bond lacp_rate fast
ip -n host link set "bond$other" up
wait_for 40 "LACP up on pf$other at the fast rate" lacp_up "pf$other"
wait_for 10 "the timeout resumed" has_log "lacpdu timeout resumed" "pf$other"
wait_for 5 "pf$other's VFs auto" vf_states_are "pf$other" "auto auto auto auto"
wait_for 5 "both MII up" both_mii_up

say "=== 5. restarted while the switch behind the active VF is silent"
stop_daemon
: > "$DAEMON_LOG"
active=$(proc_active); n=$(pf_behind "$active")
switch_dies "$n"
start_relay
wait_for 10 "the kernel's LACP expiry on pf$n" lacp_down "pf$n"
wait_for 5 "pf$n's VFs disabled" vf_states_are "pf$n" "disable disable disable disable"
expect_eq "$(early_verdicts "pf$n") $(log_count "lacp is up" "pf$n")" "0 0" "early verdicts and lacp is up on pf$n (no LACPDU seen)"
expect_eq "$(jq -R -r --arg i "pf$n" 'fromjson? | select(.msg == "lacp is down" and .interface == $i) | .reason' "$DAEMON_LOG")" kernel "the reason of lacp is down on pf$n"
wait_for 5 "the pod's bond away from $active" bash -c "[ \"\$(ip netns exec pod cat /proc/net/bonding/bond0 | sed -n 's/^Currently Active Slave: //p')\" != $active ]"
switch_revives "$n"
wait_for 40 "LACP up on pf$n" lacp_up "pf$n"
wait_for 5 "pf$n's VFs auto" vf_states_are "pf$n" "auto auto auto auto"
wait_for 5 "both MII up" both_mii_up

say "=== 6. host side: pf0 drops incoming LACPDUs after its tap has seen them"
before=$(log_count "lacp is down" pf0)
host_fail 0
wait_for 10 "the kernel's LACP expiry on pf0" lacp_down pf0
wait_for 5 "pf0's VFs disabled" vf_states_are pf0 "disable disable disable disable"
expect_eq "$(early_verdicts pf0)" 0 "early verdicts on pf0 (the tap still saw every LACPDU)"
expect_eq "$(jq -R -r 'fromjson? | select(.msg == "lacp is down" and .interface == "pf0") | .reason' "$DAEMON_LOG" | tail -n 1)" kernel "the reason"
host_recover 0
wait_for 40 "LACP up on pf0" lacp_up pf0
wait_for 5 "pf0's VFs auto" vf_states_are pf0 "auto auto auto auto"
