# The pod-outage benchmark (make bench): CYCLES switch failures per mode
# (the daemon as designed; the same with the opt-in early detection, as the
# operator's DaemonSet for spec.lacpduTimeout 1500 runs it; the daemon
# --poll-only at 1000 ms; no relay), each
# time the switch behind the pod's active VF dies; raw data into $OUT/bench,
# turned into the table by lab/bench-report.py on the host.
source /mnt/repo/lab/scenarios/pod.sh
CYCLES=${CYCLES:-20}
# Without a relay the stream never comes back while the switch is dead: each
# such failure is cut after CUT seconds (twice the kernel's LACP expiry).
CUT=${CUT:-6}
mkdir -p "$OUT/bench"
progress "pod's outage: setting up two PFs, two switches and the pod"
pod_topology
ip netns exec host "$PROBE" vf-latency pf0 0 pod net1 50 > "$OUT/bench/vf-latency.json"
cat "$OUT/bench/vf-latency.json"
pod_bond "$(guide_config)"
wait_for 40 "LACP up on pf0 and pf1" both_lacp_up
wait_for 5 "both slaves' MII up" both_mii_up

mode_index=0
for mode in hinted early poll-only none; do
    mode_index=$((mode_index + 1))
    : > "$DAEMON_LOG"
    case "$mode" in
        hinted) start_relay ;;
        early) DAEMONSET=$OUT/daemonset-early.json start_relay ;;
        poll-only) start_relay "" --poll-only --polling-interval 1000 ;;
    esac
    [ "$mode" = none ] || wait_for 10 "lacp is up on pf0 and pf1" bash -c "[ \$(jq -R -c 'fromjson? | select(.msg == \"lacp is up\")' $DAEMON_LOG | wc -l) -ge 2 ]"
    for n in 0 1; do ip netns exec host "$PROBE" watch "pf$n" 2000 > "$OUT/bench/$mode-probe-pf$n.jsonl" & done
    ip netns exec pod "$PROBE" watch-bond bond0 > "$OUT/bench/$mode-bond.jsonl" &
    markers="$OUT/bench/$mode-markers.jsonl"
    : > "$markers"
    sleep 1
    for i in $(seq "$CYCLES"); do
        active=$(proc_active); n=$(pf_behind "$active")
        start_stream "$mode-$i" "$SERVER4" "$SERVER6"
        began=$EPOCHREALTIME
        wait_for 5 "replies ($mode, cycle $i)" stream_flows "/tmp/stream-$mode-$i-0" "$began"
        wait_for 5 "IPv6 replies ($mode, cycle $i)" stream_flows "/tmp/stream-$mode-$i-1" "$began"
        sleep 0.3
        echo "{\"event\":\"drop\",\"pf\":\"pf$n\",\"slave\":\"$active\",\"t\":$(now_ns)}" >> "$markers"
        drop=$EPOCHREALTIME
        switch_dies "$n"
        if [ "$mode" = none ]; then
            sleep "$CUT"
        else
            not_active() { [ "$(proc_active)" != "$1" ]; }
            wait_for 15 "failover ($mode, cycle $i)" not_active "$active"
            switched=$EPOCHREALTIME
            wait_for 3 "replies after the failover ($mode, cycle $i)" stream_flows "/tmp/stream-$mode-$i-0" "$switched"
            wait_for 3 "IPv6 replies after the failover ($mode, cycle $i)" stream_flows "/tmp/stream-$mode-$i-1" "$switched"
            sleep 0.3
        fi
        echo "{\"event\":\"revive\",\"pf\":\"pf$n\",\"t\":$(now_ns)}" >> "$markers"
        revive=$EPOCHREALTIME
        switch_revives "$n"
        wait_for 40 "LACP up on pf$n ($mode, cycle $i)" lacp_up "pf$n"
        wait_for 5 "pf$n's VFs auto ($mode, cycle $i)" vf_states_are "pf$n" "auto auto auto auto"
        wait_for 5 "both MII up ($mode, cycle $i)" both_mii_up
        wait_for 5 "replies after the recovery ($mode, cycle $i)" stream_flows "/tmp/stream-$mode-$i-0" "$revive"
        sleep 0.2
        stop_stream
        mv "/tmp/stream-$mode-$i-0" "$OUT/bench/$mode-stream4-$i.txt"
        mv "/tmp/stream-$mode-$i-1" "$OUT/bench/$mode-stream6-$i.txt"
        say "$mode: cycle $i done (pf$n, $active was active)"
        progress "pod's outage, $mode (mode $mode_index of 4): run $i/$CYCLES done"
        sleep "1.$((RANDOM % 9))"
    done
    jobs -p | while read -r job; do [ "$job" = "${VF_MODEL_PID:-}" ] || [ "$job" = "${DAEMON_PID:-}" ] || kill "$job" 2>/dev/null; done
    stop_daemon
    cp "$DAEMON_LOG" "$OUT/bench/$mode-daemon.log"
done
cp "$VF_MODEL_LOG" "$OUT/bench/vf-model.jsonl"
progress "pod's outage done"
