# Bond CNI plugin, links on the host (linksInContainer false): ADD moves
# net1 and net2 from the root namespace into the pod and bonds them, DEL
# gives them back to the root namespace with their own MAC addresses, twice.
# The root namespace's own bond0 (made when bonding was loaded) is left alone.
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
