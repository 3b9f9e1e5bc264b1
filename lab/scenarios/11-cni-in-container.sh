# Bond CNI plugin, links already in the pod (linksInContainer true): ADD
# bonds them with an address from host-local, CHECK accepts the result and
# notices a released slave and a deleted address, DEL releases the links and
# the address, a second DEL is fine, a new ADD gets an address again.
# The IPAM part is the product documents' example: a default route via the
# subnet's gateway; the configuration's DNS is returned.
source /mnt/repo/lab/scenarios/cni.sh
topology pod
config=$(bond_config 1.0.0 true '.ipam.routes = [{"dst": "0.0.0.0/0"}] | .ipam.gateway = "10.56.217.1"
    | .dns = {"nameservers": ["10.56.217.1"], "search": ["pod.example"]}')

cni_ok ADD "$config"
cp "$CNI_OUT" /tmp/add.json
expect_result_shape 1.0.0
address=$(jq -r '.ips[0].address' /tmp/add.json)
expect_eq "$address" 10.56.217.2/24 "the first address of the subnet after the gateway"
expect_bond_up "$address"
expect_bonded pod net1 net2
expect_eq "$(reserved_ips)" 10.56.217.2 "host-local's reservation"
expect_eq "$(jq -c '[.routes, .dns]' /tmp/add.json)" \
    '[[{"dst":"0.0.0.0/0"}],{"nameservers":["10.56.217.1"],"search":["pod.example"]}]' "result routes and dns"
default_route() { ip -n pod -j route show default | jq -r '.[] | "\(.gateway) \(.dev)"'; }
expect_eq "$(default_route)" "10.56.217.1 bond0" "the pod's default route"
expect_host_bond_untouched
has_active_slave() { [ -n "$(active_slave)" ]; }
wait_for 5 "bond0 has an active slave" has_active_slave
say "active slave: $(active_slave)"

with_prev=$(with_prev_result "$config" /tmp/add.json)
cni_ok CHECK "$with_prev"

# A slave released behind the plugin's back: CHECK must notice it.
ip -n pod link set net2 nomaster
cni_fails CHECK "$with_prev"
ip -n pod link set net2 down
ip -n pod link set net2 master bond0
expect_bonded pod net2
cni_ok CHECK "$with_prev"

# The default route deleted behind the plugin's back: CHECK must notice it.
ip -n pod route del default
cni_fails CHECK "$with_prev"
ip -n pod route add default via 10.56.217.1 dev bond0
cni_ok CHECK "$with_prev"

# The address deleted behind the plugin's back: CHECK must notice it.
ip -n pod addr del "$address" dev bond0
cni_fails CHECK "$with_prev"

cni_ok DEL "$with_prev"
expect_no_bond
expect_free pod net1 net2
expect_eq "$(reserved_ips)" "" "host-local's reservations after DEL"

cni_ok DEL "$with_prev"
say "ok: a second DEL exits 0"
expect_no_bond
expect_free pod net1 net2

# Everything DEL released can be used again.
cni_ok ADD "$config"
cp "$CNI_OUT" /tmp/add2.json
expect_result_shape 1.0.0
again=$(jq -r '.ips[0].address' /tmp/add2.json)
expect_bond_up "$again"
expect_bonded pod net1 net2
expect_eq "$(reserved_ips)" "${again%/*}" "host-local's reservation for the new ADD"
cni_ok DEL "$(with_prev_result "$config" /tmp/add2.json)"
expect_no_bond
expect_free pod net1 net2
expect_eq "$(reserved_ips)" "" "host-local's reservations after the second DEL"
