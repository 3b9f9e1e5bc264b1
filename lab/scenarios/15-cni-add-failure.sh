# Bond CNI plugin, ADD failing midway, with links in the pod and links from
# the host: host-local refuses an invalid subnet (after the bond was built),
# a configured link does not exist, the IPAM plugin does not exist. Each ADD
# exits non-zero with an error object, and leaves no bond, the links where
# they were (same namespace, no master, same up/down state, MAC and MTU) and
# nothing reserved in host-local.
source /mnt/repo/lab/scenarios/cni.sh

# snapshot HOME: "name mac up|down mtu" of net1 and net2.
snapshot() {
    load "$1"
    local dev
    for dev in net1 net2; do
        printf '%s %s %s %s; ' "$dev" "$(field "$1" "$dev" mac)" "$(field "$1" "$dev" up)" "$(field "$1" "$dev" mtu)"
    done
}

# failed_add LINKS_IN_CONTAINER HOME LINKS_UP JQ_FILTER: ADD with the base
# configuration changed by JQ_FILTER must fail and change nothing.
failed_add() {
    local lic=$1 home=$2 up=$3 filter=$4
    if [ "$up" = up ]; then ipn "$home" link set net1 up; ipn "$home" link set net2 up; fi
    local before
    before=$(snapshot "$home")
    cni_fails ADD "$(bond_config 1.0.0 "$lic" "$filter")"
    expect_no_bond
    expect_free "$home" net1 net2
    expect_eq "$(snapshot "$home")" "$before" "links' MAC, up/down state and MTU"
    expect_eq "$(reserved_ips)" "" "host-local's reservations"
    # The same links still make a bond.
    cni_ok ADD "$(bond_config 1.0.0 "$lic")"
    expect_bonded pod net1 net2
    cni_ok DEL "$(bond_config 1.0.0 "$lic")"
    expect_no_bond
    expect_free "$home" net1 net2
}

invalid_subnet='.ipam.subnet = "10.56.217.0/33"'
missing_link='.links = [{name: "net1"}, {name: "net2"}, {name: "net9"}]'
missing_first='.links = [{name: "net9"}, {name: "net1"}, {name: "net2"}]'
no_ipam_plugin='.ipam.type = "no-such-ipam"'

for where in pod root; do
    lic=$([ "$where" = pod ] && echo true || echo false)
    run_case "invalid ipam subnet, links in $where" "$where" failed_add "$lic" "$where" down "$invalid_subnet"
    run_case "invalid ipam subnet, links in $where and up" "$where" failed_add "$lic" "$where" up "$invalid_subnet"
    run_case "missing last link, links in $where" "$where" failed_add "$lic" "$where" down "$missing_link"
    run_case "missing first link, links in $where" "$where" failed_add "$lic" "$where" up "$missing_first"
    run_case "no such IPAM plugin, links in $where" "$where" failed_add "$lic" "$where" down "$no_ipam_plugin"
done
finish_cases
