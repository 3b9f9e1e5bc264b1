# The pieces the bond CNI scenarios stand on, without the plugin: veth links
# in a pod namespace, host-local and static called directly like a plugin
# delegates to them, a bond of the veth links built by hand, failover in it.
source /mnt/repo/lab/scenarios/cni.sh
topology pod
expect_free pod net1 net2
load peer
expect_eq "$(field peer peer1 up) $(field peer peer2 up)" "up up" "peer1 and peer2 up"

ipam_config='{"cniVersion":"1.0.0","name":"bond-net1","type":"bond","ipam":{"type":"host-local","subnet":"10.56.217.0/24","dataDir":"/tmp/cni-ipam"}}'
ipam() {
    env -i PATH=/bin CNI_COMMAND="$1" CNI_CONTAINERID=$CONTAINER_ID CNI_NETNS=$POD_NETNS CNI_IFNAME=bond0 \
        CNI_PATH=$CNI_BIN "$CNI_BIN/$2" <<< "$3"
}
ipam VERSION host-local '{"cniVersion":"1.0.0"}' > /tmp/version.json || fail "host-local VERSION"
say "host-local supports: $(jq -c .supportedVersions /tmp/version.json)"
ipam ADD host-local "$ipam_config" > /tmp/ipam.json || fail "host-local ADD: $(cat /tmp/ipam.json)"
cat /tmp/ipam.json
address=$(jq -r '.ips[0].address' /tmp/ipam.json)
expect_eq "$address" 10.56.217.2/24 "host-local's first address"
expect_eq "$(reserved_ips)" 10.56.217.2 "host-local's reservation"
ipam DEL host-local "$ipam_config" || fail "host-local DEL"
expect_eq "$(reserved_ips)" "" "host-local's reservations after DEL"
static_config='{"cniVersion":"1.0.0","name":"bond-net1","type":"bond","ipam":{"type":"static","addresses":[{"address":"10.56.217.10/24"}]}}'
ipam ADD static "$static_config" > /tmp/static.json || fail "static ADD: $(cat /tmp/static.json)"
expect_eq "$(jq -r '.ips[0].address' /tmp/static.json)" 10.56.217.10/24 "static's address"

# A bond of the two veth links, by hand, with the peers on a bridge.
ip -n peer link add br0 type bridge
ip -n peer link set peer1 master br0
ip -n peer link set peer2 master br0
ip -n peer addr add 10.56.217.1/24 dev br0
ip -n peer link set br0 up
ip -n pod link add bond0 type bond mode active-backup miimon 100 fail_over_mac active
ip -n pod link set net1 master bond0
ip -n pod link set net2 master bond0
ip -n pod link set bond0 up
ip -n pod addr add "$address" dev bond0
expect_bonded pod net1 net2
has_active_slave() { [ -n "$(active_slave)" ]; }
wait_for 5 "an active slave" has_active_slave
active=$(active_slave)
say "active slave: $active"
pinged=no
for _ in 1 2 3 4 5; do
    if ip netns exec pod ping -c 1 -W 1 10.56.217.1 > /dev/null 2>&1; then pinged=yes; break; fi
done
expect_eq "$pinged" yes "ping over the hand-made bond"
ip -n peer link set "peer${active#net}" down
active_is_not() { [ "$(active_slave)" != "$1" ]; }
wait_for 3 "failover" active_is_not "$active"
say "active slave after $active's peer went down: $(active_slave)"
ip -n pod link del bond0
expect_free pod net1 net2
say "plugin binary: $(ls -la "$BOND_PLUGIN" | awk '{print $5}') bytes"
