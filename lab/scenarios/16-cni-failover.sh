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
wait_for 5 "bond0 has an active slave" bash -c '[ -n "$(ip -n pod -d -j link show dev bond0 | jq -r ".[0].linkinfo.info_data.active_slave // empty")" ]'
wait_for 5 "both slaves' MII status up" bash -c '[ "$(ip -n pod -d -j link show | jq -r "[.[] | select(.master == \"bond0\") | .linkinfo.info_slave_data.mii_status] | join(\" \")")" = "UP UP" ]'

# ping_tries N: how many `ping -c 1 -W 1` it takes to get an answer, or fails after N.
ping_tries() {
    local try
    for try in $(seq "$1"); do
        if ip netns exec pod ping -c 1 -W 1 10.56.217.1 > /dev/null 2>&1; then echo "$try"; return 0; fi
    done
    return 1
}
tries=$(ping_tries 5) || fail "no answer to ping 10.56.217.1 over the bond in 5 tries"
say "ok: ping over the bond (answered at try $tries)"

active=$(active_slave)
case "$active" in net1) standby=net2 ;; net2) standby=net1 ;; *) fail "unexpected active slave '$active'" ;; esac
say "active slave $active, standby $standby; slave states: $(ip -n pod -d -j link show | jq -r '[.[] | select(.master == "bond0") | "\(.ifname)=\(.linkinfo.info_slave_data.state)"] | join(" ")')"
expect_eq "$(link_field pod "$active" .linkinfo.info_slave_data.state)" ACTIVE "state of $active"
expect_eq "$(link_field pod "$standby" .linkinfo.info_slave_data.state)" BACKUP "state of $standby"

# The carrier goes when the peer goes down. The bond's view is polled from
# inside the pod in one shell (sysfs, about 5 ms apart): an `ip | jq` round
# costs about 100 ms in this VM, too coarse for the measurement.
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
    awk -v b="$began" -v d="$downed" -v e="$ended" -v a="$now_active" \
        "BEGIN {printf \"%s %d %d\", a, (e - b) * 1000, (d - b) * 1000}"
' _ "peer${active#net}" "$active")
say "measured: $measured (new active slave, ms from the peer's down to the change, ms the down took)"
read -r new_active failover_ms down_ms <<< "$measured"
[ "$new_active" != timeout ] || fail "no failover within 5 s: active slave still $failover_ms"
expect_eq "$new_active" "$standby" "active slave after $active lost its carrier"
expect_eq "$(active_slave)" "$standby" "active slave in ip -d -j link show bond0"
expect_eq "$(link_field pod "$active" .linkinfo.info_slave_data.mii_status)" DOWN "MII status of $active"
expect_eq "$(link_field pod "$standby" .linkinfo.info_slave_data.state)" ACTIVE "state of $standby"
say "failover time: ${failover_ms} ms (miimon 100)"
[ "$failover_ms" -lt 1000 ] || fail "failover took ${failover_ms} ms, over 1000 ms"

began=$EPOCHREALTIME
tries=$(ping_tries 10) || fail "no answer to ping over $standby after the failover in 10 tries"
say "ok: ping works again over $standby (answered at try $tries, $(ms_since "$began") ms after the failover was seen)"

# The lost link comes back as the standby; the bond keeps the active one.
ip -n peer link set "peer${active#net}" up
wait_for 5 "$active's MII status up again" bash -c '[ "$(ip -n pod -d -j link show dev "$1" | jq -r ".[0].linkinfo.info_slave_data.mii_status")" = UP ]' _ "$active"
expect_eq "$(link_field pod "$active" .linkinfo.info_slave_data.state)" BACKUP "state of $active once back"
expect_eq "$(active_slave)" "$standby" "active slave once $active is back"

cni_ok CHECK "$(with_prev_result "$config" /tmp/add.json)"
cni_ok DEL "$(with_prev_result "$config" /tmp/add.json)"
expect_no_bond
expect_free pod net1 net2
