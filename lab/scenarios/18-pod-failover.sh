# The product's acceptance test, the operator guide's "Check the failover
# mechanism" end to end: a pod's active-backup bond over a VF of pf0 and a
# VF of pf1 (pod.sh) keeps its traffic when the switch behind the active VF
# stops LACP and black-holes the pod's frames with its link up.
#   1. the daemon as the operator's DaemonSet runs it (CAP_NET_ADMIN and
#      CAP_NET_RAW only), the guide's NetworkAttachmentDefinition (static
#      IPAM, IPv4 + IPv6): the pod fails over and back
#   2. the same daemon without CAP_NET_RAW, the Bond CNI documents'
#      host-local config: the fallback is logged, the relay reacts within
#      one polling interval and the pod fails over
#   3. no relay: the stream stays broken until the switch recovers
source /mnt/repo/lab/scenarios/pod.sh
pod_topology

say "the lab's NIC model: VF 0 of pf0 set disable/auto 10 times each, until net1's carrier follows"
latency=$(ip netns exec host "$PROBE" vf-latency pf0 0 pod net1 10) || fail "vf-latency failed: $latency"
say "VF link state -> carrier of the pod's net1: $latency"

say "=== 1. the daemon as the operator's DaemonSet runs it; the guide's pod"
pod_bond "$(guide_config)"
expect_eq "$(jq -r '[.ips[].address] | join(" ")' /tmp/pod-add.json)" "192.168.10.254/24 2001:100::254/64" "the pod's addresses (static IPAM, from the annotation's ips)"
wait_for 5 "both slaves' MII up" proc_state_is "active=net1 net1=up net2=up"
say "the pod's /proc/net/bonding/bond0 before:"; bonding | sed -n '/^Currently Active/p;/^Slave Interface/,/^MII Status/p' | sed 's/^/    /'
expect_eq "$(proc_state)" "active=net1 net1=up net2=up" "the pod's bond before the failure"
wait_for 40 "LACP up on pf0 and pf1" both_lacp_up
start_relay
wait_for 10 "lacp is up on pf0" has_log "lacp is up" pf0
wait_for 10 "lacp is up on pf1" has_log "lacp is up" pf1

watched_stream one pf0 "$SERVER4" "$SERVER6"
began=$EPOCHREALTIME
sleep 0.5

say "the switch behind net1 (switch0) stops LACP and black-holes the pod's frames; its link stays up"
switch_fails_over 0 one "active=net2 net1=down net2=up"
sleep 0.3
say "the pod's /proc/net/bonding/bond0 after:"; bonding | sed -n '/^Currently Active/p;/^Slave Interface/,/^MII Status/p' | sed 's/^/    /'
expect_eq "$(proc_state)" "active=net2 net1=down net2=up" "the pod's bond after the failure"
expect_eq "$(vf_states pf0) / $(vf_states pf1)" "disable disable disable disable / auto auto auto auto" "VF states of pf0 / pf1"
expect_eq "$(log_count "lacp is down" pf0) $(log_count "lacp is down" pf1)" "1 0" "lacp is down logged for pf0 only"
say "outage seen by the pod: IPv4 ${OUTAGES[0]} ms, IPv6 ${OUTAGES[1]} ms"
say "  kernel LACP expiry ${EXPIRY_MS} ms after the switch died; all of pf0's VFs disabled ${DISABLED_MS} ms later; net1's carrier off ${CARRIER_MS} ms after the expiry"

say "the switch recovers"
revive=$EPOCHREALTIME
switch_revives 0
wait_for 40 "LACP up on pf0" lacp_up pf0
wait_for 5 "pf0's VFs back to auto" vf_states_are pf0 "auto auto auto auto"
wait_for 5 "net1's MII up (the standby now)" proc_state_is "active=net2 net1=up net2=up"
sleep 0.5
stop_stream
kill "$WATCH_PID" 2>/dev/null || true
expect_eq "$(log_count "lacp is up" pf0)" 2 "lacp is up logged again for pf0"
for i in 0 1; do
    after=$(replies_after "/tmp/stream-one-$i" "$revive")
    [ "$after" -gt 0 ] || fail "stream $i: no replies after the recovery"
    read -r whole _ <<< "$(outage "/tmp/stream-one-$i" "$began")"
    say "ok: stream $i never stopped for good ($after replies after the recovery; longest gap of the run ${whole} ms)"
done

say "=== 2. without CAP_NET_RAW; the Bond CNI documents' host-local config"
stop_daemon
: > "$DAEMON_LOG"
pod_unbond
pod_bond "$(hostlocal_config)"
expect_eq "$(jq -r '.ips[0].address' /tmp/pod-add.json)" "10.56.217.2/24" "host-local's address"
wait_for 5 "both slaves' MII up" proc_state_is "active=net1 net1=up net2=up"
start_relay NET_RAW
wait_for 10 "lacp is up on pf0 and pf1" bash -c "[ \$(jq -R -c 'fromjson? | select(.msg == \"lacp is up\")' $DAEMON_LOG | wc -l) -ge 2 ]"
expect_eq "$(log_count "cannot watch LACPDUs, relying on link events and polling")" 2 "the fallback logged for pf0 and pf1"
interval=$(jq -r '.spec.template.spec.containers[0].env[] | select(.name == "PF_STATUS_RELAY_POLLING_INTERVAL") | .value' "$DAEMONSET")
active=$(proc_active); n=$(pf_behind "$active")
other=net$(( 2 - n ))
watched_stream two "pf$n" "$GATEWAY"
sleep 0.5
say "switch$n (behind the active $active) dies"
switch_fails_over "$n" two "active=$other net1=$([ "$active" = net1 ] && echo down || echo up) net2=$([ "$active" = net2 ] && echo down || echo up)"
say "relay reaction without LACPDU hints: ${DISABLED_MS} ms (polling interval ${interval} ms); outage seen by the pod ${OUTAGES[0]} ms"
awk -v r="$DISABLED_MS" -v i="$interval" 'BEGIN {exit !(r <= i + 100)}' \
    || fail "the relay took ${DISABLED_MS} ms to disable the VFs, more than one polling interval (${interval} ms, +100 ms for the VM)"
say "ok: within one polling interval"
switch_revives "$n"
wait_for 40 "LACP up on pf$n" lacp_up "pf$n"
wait_for 5 "pf$n's VFs back to auto" vf_states_are "pf$n" "auto auto auto auto"
wait_for 5 "both MII up again" both_mii_up
stop_stream
kill "$WATCH_PID" 2>/dev/null || true

say "=== 3. no relay: the problem this system solves"
stop_daemon
active=$(proc_active); n=$(pf_behind "$active")
start_stream three "$GATEWAY"
began=$EPOCHREALTIME
wait_for 5 "replies" stream_flows /tmp/stream-three-0 "$began"
sleep 0.5
say "switch$n (behind the active $active) dies; nothing relays it"
drop=$EPOCHREALTIME
switch_dies "$n"
wait_for 15 "LACP down on pf$n in the kernel" lacp_down "pf$n"
sleep 3
expect_eq "$(proc_active) $(proc_mii "$active") $(vf_states "pf$n")" "$active up auto auto auto auto" "active slave, its MII and pf$n's VFs, the switch dead for $(ms_since "$drop") ms"
expect_eq "$(replies_after /tmp/stream-three-0 "$(awk -v t="$EPOCHREALTIME" 'BEGIN {printf "%.6f", t - 3}')")" 0 "replies in the last 3 s"
say "the switch recovers"
revive=$EPOCHREALTIME
switch_revives "$n"
wait_for 10 "replies again" stream_flows /tmp/stream-three-0 "$revive"
read -r out _ <<< "$(outage /tmp/stream-three-0 "$drop")"
stop_stream
say "without the relay the pod's stream was down ${out} ms: from the switch's death until it recovered"
