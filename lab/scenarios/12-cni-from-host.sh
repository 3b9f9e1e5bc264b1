# Bond CNI plugin, links on the host (linksInContainer false): ADD moves
# net1 and net2 from the root namespace into the pod and bonds them, DEL
# gives them back to the root namespace with their own MAC addresses, twice.
# The root namespace's own bond0 (made when bonding was loaded) is left alone.
# Then dual stack: IPv4 and IPv6 from host-local on the bond, checked and released.
source /mnt/repo/lab/scenarios/cni.sh
topology root
[ -z "$HOST_BOND_INDEX" ] || say "the root namespace has its own bond0 (ifindex $HOST_BOND_INDEX)"
load root
mac1=$(field root net1 mac)
mac2=$(field root net2 mac)
say "net1 $mac1, net2 $mac2"
expect_free root net1 net2
config=$(bond_config 1.0.0 false)

for round in 1 2; do
    say "--- round $round"
    cni_ok ADD "$config"
    cp "$CNI_OUT" /tmp/add.json
    expect_result_shape 1.0.0
    address=$(jq -r '.ips[0].address' /tmp/add.json)
    expect_bond_up "$address"
    expect_bonded pod net1 net2
    expect_host_bond_untouched
    expect_eq "$(reserved_ips)" "${address%/*}" "host-local's reservation"

    with_prev=$(with_prev_result "$config" /tmp/add.json)
    cni_ok CHECK "$with_prev"

    cni_ok DEL "$with_prev"
    expect_no_bond
    expect_free root net1 net2
    expect_eq "$(field root net1 mac) $(field root net2 mac)" "$mac1 $mac2" "net1's and net2's MACs after DEL"
    expect_eq "$(reserved_ips)" "" "host-local's reservations after DEL"

    cni_ok DEL "$with_prev"
    say "ok: a second DEL exits 0"
    expect_free root net1 net2
done

# Dual stack: host-local gives an IPv4 and an IPv6 address (two ranges); both
# go on the bond, CHECK finds both, DEL releases both.
say "--- dual stack"
config=$(bond_config 1.0.0 false '.ipam = {type: "host-local", dataDir: .ipam.dataDir,
    ranges: [[{subnet: "10.56.217.0/24"}], [{subnet: "fd00:56::/64"}]]}')
cni_ok ADD "$config"
cp "$CNI_OUT" /tmp/add.json
# host-local hands out IPv4 addresses round robin: after the rounds above, not .2.
ips=$(jq -r '[.ips[] | "\(.address)@\(.interface)"] | join(" ")' /tmp/add.json)
[[ $ips =~ ^10\.56\.217\.[0-9]+/24@0\ fd00:56::2/64@0$ ]] || fail "the result's addresses: $ips"
say "ok: the result's two addresses, both on the bond ($ips)"
expect_eq "$(ip -n pod -j -6 addr show dev bond0 scope global | jq -r '.[0].addr_info[] | select(.local != null) | "\(.local)/\(.prefixlen)"')" \
    "fd00:56::2/64" "bond0's global IPv6 address"
expect_bonded pod net1 net2
with_prev=$(with_prev_result "$config" /tmp/add.json)
cni_ok CHECK "$with_prev"
ip -n pod addr del fd00:56::2/64 dev bond0
cni_fails CHECK "$with_prev"
cni_ok DEL "$with_prev"
expect_no_bond
expect_free root net1 net2
leftover=$(ls "$IPAM_DIR/$NETWORK" 2>/dev/null | grep -E '^(10\.|fd00)' || true)
expect_eq "$leftover" "" "host-local's reservations after DEL (IPv4 and IPv6)"
