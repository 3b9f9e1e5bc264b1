# make demo: the operator guide's failover verification, told live from
# inside the lab VM, in the guide's order.
source /mnt/repo/lab/scenarios/pod.sh
title() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show_bonding() { bonding | sed -n '/^Currently Active/p;/^Slave Interface/p;/^MII Status/p;/^Link Failure/p' | sed 's/^/    /'; }
vf0() { ip -n host link show dev "$1" | sed -n 's/^ *vf 0 .*\(link-state [a-z]*\).*/\1/p'; }

title "A node with a real kernel $(uname -r), two NIC ports, two switches, a server"
pod_topology
echo "  host:    pf0 and pf1 (netdevsim PFs, 4 VFs each), each the only port of its own 802.3ad bond (lacp_rate fast)"
echo "  switch0: sw0 answers pf0's LACP;  switch1: sw1 answers pf1's;  both carry the pod's traffic to the server"
echo "  server:  $SERVER4 and $SERVER6"
echo
echo "  The lab's model of the NIC: netdevsim's VFs have link states but no network devices, and no"
echo "  emulated NIC lets a VF's link state be set, so the pod's net1 (VF 0 of pf0) and net2 (VF 0 of"
echo "  pf1) are netdevsim ports whose carrier lab-probe sets from the VF's link state on every"
echo "  RTM_NEWLINK of the PF, as NIC firmware would: auto follows the PF's link, enable is up,"
echo "  disable is down."
wait_for 40 "LACP up on pf0 and pf1" both_lacp_up
echo "  LACP is up on both PFs"
latency=$(ip netns exec host "$PROBE" vf-latency pf0 0 pod net1 10)
echo "  What the model adds (VF 0 of pf0 set disable and auto 10 times each, to net1's carrier event):"
echo "  $(jq -r '"median \(.median_us / 1000) ms, max \(.max_us / 1000) ms over \(.n) changes"' <<< "$latency")"

title "1. The PFLACPMonitor, and the DaemonSet the operator renders for it"
echo "  lab/pflacpmonitor.json: interfaces pf0, pf1; pollingInterval 1000"
jq -r '.spec.template.spec.containers[0] | "  container: env \([.env[] | "\(.name)=\(.value)"] | join(" ")); capabilities add \(.securityContext.capabilities.add | join(",")), drop \(.securityContext.capabilities.drop | join(","))"' "$DAEMONSET"
start_relay
tail -n +1 -f "$DAEMON_LOG" | while IFS= read -r line; do echo "  daemon | $line"; done &
tailer=$!
wait_for 10 "lacp is up on pf0" has_log "lacp is up" pf0
wait_for 10 "lacp is up on pf1" has_log "lacp is up" pf1
sleep 1

title "2. The pod: net1 and net2, bonded by the bond plugin with the guide's NetworkAttachmentDefinition"
guide_config | jq -c 'del(.runtimeConfig)' | sed 's/^/  /'
echo "  (the pod's annotation asks for ips 192.168.10.254/24 and 2001:100::254/64)"
pod_bond "$(guide_config)" > /dev/null
wait_for 5 "both slaves' MII up" both_mii_up
ip -n pod -br addr show dev bond0 | sed 's/^/  /'

title "3. cat /proc/net/bonding/bond0 in the pod"
show_bonding

watched_stream demo pf0 "$SERVER4" "$SERVER6"
began=$EPOCHREALTIME
echo
echo "  the pod pings $SERVER4 and $SERVER6 every 2 ms"
sleep 1

title "4. switch0 fails: it stops LACP on pf0's port and black-holes the pod's frames; the link stays up"
switch_fails_over 0 demo "active=net2 net1=down net2=up"
sleep 0.5

title "5. cat /proc/net/bonding/bond0 in the pod"
show_bonding
echo "  pf0 vf 0: $(vf0 pf0);  pf1 vf 0: $(vf0 pf1)"
echo
echo "  the pod's stream was cut ${OUTAGES[0]} ms (IPv4) and ${OUTAGES[1]} ms (IPv6):"
echo "    the kernel's LACP on pf0 expired ${EXPIRY_MS} ms after the switch died (3 missed LACPDUs at the fast rate)"
echo "    the relay disabled pf0's VFs (the last of the four) ${DISABLED_MS} ms later; net1 lost its carrier ${CARRIER_MS} ms after the expiry"
echo "    the bond (miimon 100) switched to net2, sent its gratuitous ARP and NA, and the stream came back"

title "6. switch0 recovers"
revive=$EPOCHREALTIME
switch_revives 0
wait_for 40 "LACP up on pf0" lacp_up pf0
wait_for 5 "pf0's VFs back to auto" vf_states_are pf0 "auto auto auto auto"
wait_for 5 "net1's MII up" both_mii_up
sleep 1
stop_stream
kill "$tailer" "$WATCH_PID" 2>/dev/null || true
sleep 0.2
show_bonding
echo "  pf0 vf 0: $(vf0 pf0); net1 is the standby now, net2 stays active (active-backup without a primary)"
read -r whole _ <<< "$(outage /tmp/stream-demo-0 "$began")"
echo "  the stream never stopped for good: $(replies_after /tmp/stream-demo-0 "$revive") replies since the recovery; its longest gap ${whole} ms"

title "Summary"
echo "  switch0 died with its link up; the pod lost ${OUTAGES[0]} ms of traffic (the kernel's LACP expiry is most of it)."
echo "  Without the relay the pod would have kept sending into the dead switch until it recovered"
echo "  (lab scenario 18-pod-failover shows it). The opt-in early detection (spec.lacpduTimeout: 1500)"
echo "  acts after 1.5 s without a LACPDU instead of the kernel's 3 missed ones (README: Early detection)."
