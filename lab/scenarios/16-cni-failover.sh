# Bond CNI plugin, failover: an active-backup bond (miimon 100, static IPAM
# 10.56.217.10/24) over net1 and net2, whose peers are on a bridge with
# 10.56.217.1/24 in namespace "peer". Ping works; the active link's peer goes
# down (carrier loss); the bond must switch to the other link in under
# 1000 ms, and ping must work again. Prints the measured failover time.
source /mnt/repo/lab/scenarios/cni.sh
topology pod
ip -n peer link add br0 type bridge
ip -n peer link set peer1 master br0
ip -n peer link set peer2 master br0
ip -n peer addr add 10.56.217.1/24 dev br0
ip -n peer link set br0 up

config=$(bond_config 1.0.0 true '.ipam = {type: "static", addresses: [{address: "10.56.217.10/24"}]}')
cni_ok ADD "$config"
cp "$CNI_OUT" /tmp/add.json
expect_eq "$(jq -r '.ips[0].address' /tmp/add.json)" 10.56.217.10/24 "address from static"
expect_bond_up 10.56.217.10/24
expect_bonded pod net1 net2
both_mii_up() { [ "$(slave_status net1 | cut -d' ' -f2) $(slave_status net2 | cut -d' ' -f2)" = "UP UP" ]; }
wait_for 5 "both slaves' MII status up" both_mii_up
has_active_slave() { [ -n "$(active_slave)" ]; }
wait_for 5 "bond0 has an active slave" has_active_slave

# ping_tries N: how many `ping -c 1 -W 1` it takes to get an answer, or fails after N.
ping_tries() {
    local try
    for try in $(seq "$1"); do
        if ip netns exec pod ping -c 1 -W 1 10.56.217.1 > /dev/null 2>&1; then echo "$try"; return 0; fi
    done
    return 1
}
tries=$(ping_tries 5) || fail "no answer to ping 10.56.217.1 over the bond in 5 tries"
say "ok: ping 10.56.217.1 over the bond (answered at try $tries)"

load pod
active=$(field pod bond0 active_slave)
case "$active" in net1) standby=net2 ;; net2) standby=net1 ;; *) fail "unexpected active slave '$active'" ;; esac
expect_eq "$(field pod "$active" slave_state) $(field pod "$standby" slave_state)" "ACTIVE BACKUP" "states of $active and $standby"

# The carrier goes when the peer goes down. The bond's view is polled from
# inside the pod by one shell reading sysfs about every 5 ms: a round of
# `ip | jq` costs about 350 ms in this VM, far too coarse for the measurement.
mkfifo /tmp/tick
measured=$(ip netns exec pod bash -c '
    exec 9<> /tmp/tick
    began=$EPOCHREALTIME
    ip -n peer link set "$1" down
    downed=$EPOCHREALTIME
    deadline=$(( ${began%.*} + 5 ))
    while read -r now_active < /sys/class/net/bond0/bonding/active_slave; [ "$now_active" = "$2" ]; do
        [ "${EPOCHREALTIME%.*}" -lt "$deadline" ] || { echo "timeout $now_active"; exit 0; }
        read -t 0.005 -u 9 || true
    done
    ended=$EPOCHREALTIME
    echo "${now_active:-none} $(( (${ended/./} - ${began/./}) / 1000 )) $(( (${downed/./} - ${began/./}) / 1000 ))"
' _ "peer${active#net}" "$active")
after_failover=$EPOCHREALTIME
read -r new_active failover_ms down_ms <<< "$measured"
[ "$new_active" != timeout ] || fail "no failover within 5 s: active slave still $failover_ms"
tries=$(ping_tries 10) || fail "no answer to ping over $standby after the failover in 10 tries"
ping_ms=$(ms_since "$after_failover")
say "failover time: ${failover_ms} ms from taking ${active}'s peer down (the down itself took ${down_ms} ms) to $new_active active (miimon 100)"
say "ping answered again at try $tries, ${ping_ms} ms after the failover was seen"
expect_eq "$new_active" "$standby" "active slave after $active lost its carrier"
[ "$failover_ms" -lt 1000 ] || fail "failover took ${failover_ms} ms, over 1000 ms"
say "ok: failover under 1000 ms"
load pod
expect_eq "$(field pod bond0 active_slave)" "$standby" "active slave in ip -d -j link show bond0"
expect_eq "$(field pod "$active" mii_status) $(field pod "$standby" slave_state)" "DOWN ACTIVE" "$active's MII status and $standby's state"

# The lost link comes back as the standby; the bond keeps the active one.
ip -n peer link set "peer${active#net}" up
mii_up() { [ "$(slave_status "$1" | cut -d' ' -f2)" = UP ]; }
wait_for 5 "$active's MII status up again" mii_up "$active"
load pod
expect_eq "$(field pod "$active" slave_state) $(field pod bond0 active_slave)" "BACKUP $standby" "$active back as the standby, $standby still active"

cni_ok CHECK "$(with_prev_result "$config" /tmp/add.json)"
cni_ok DEL "$(with_prev_result "$config" /tmp/add.json)"
expect_no_bond
expect_free pod net1 net2
