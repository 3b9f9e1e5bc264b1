# Bond CNI plugin, DEL when the pod is half gone: a link vanished before DEL
# (links in the pod, and links from the host), and the pod's namespace
# already deleted (both again). DEL exits 0, leaves no bond, gives back what
# is left and releases the address in host-local.
source /mnt/repo/lab/scenarios/cni.sh

# link_vanished LINKS_IN_CONTAINER HOME: ADD, net2 deleted, DEL.
link_vanished() {
    local lic=$1 home=$2 config
    config=$(bond_config 1.0.0 "$lic")
    cni_ok ADD "$config"
    cp "$CNI_OUT" /tmp/add.json
    expect_bonded pod net1 net2
    ip -n pod link del net2
    say "deleted net2 in the pod"
    cni_ok DEL "$(with_prev_result "$config" /tmp/add.json)"
    expect_no_bond
    expect_free "$home" net1
    expect_no_link pod net2
    expect_eq "$(reserved_ips)" "" "host-local's reservations after DEL"
    cni_ok DEL "$(with_prev_result "$config" /tmp/add.json)"
    say "ok: a second DEL exits 0"
}

# netns_gone LINKS_IN_CONTAINER: ADD, the pod's namespace deleted, DEL with
# its (now missing) path, DEL without CNI_NETNS.
netns_gone() {
    local lic=$1 config
    config=$(bond_config 1.0.0 "$lic")
    cni_ok ADD "$config"
    cp "$CNI_OUT" /tmp/add.json
    local address
    address=$(jq -r '.ips[0].address' /tmp/add.json)
    expect_eq "$(reserved_ips)" "${address%/*}" "host-local's reservation"
    ip netns del pod
    [ ! -e "$POD_NETNS" ] || fail "$POD_NETNS still exists"
    say "deleted the pod's namespace"
    cni_ok DEL "$(with_prev_result "$config" /tmp/add.json)"
    expect_eq "$(reserved_ips)" "" "host-local's reservations after DEL"
    expect_no_bond
    cni_ok DEL "$(with_prev_result "$config" /tmp/add.json)" -CNI_NETNS
    say "ok: DEL without CNI_NETNS exits 0"
    cni_ok DEL "$(with_prev_result "$config" /tmp/add.json)" CNI_NETNS=
    say "ok: DEL with an empty CNI_NETNS exits 0"
}

run_case "link vanished, links in the pod" pod link_vanished true pod
run_case "link vanished, links from the host" root link_vanished false root
run_case "namespace deleted, links in the pod" pod netns_gone true
run_case "namespace deleted, links from the host" root netns_gone false
finish_cases
