# Bond CNI plugin, the fixes and checks it shares with Bond CNI, against the
# real kernel: CNI_IFNAME names the bond (a configuration's "ifname" is
# ignored, one naming a link refused); in balance-alb two links with the same
# MAC get distinct ones; the bond's MTU is checked against a VF's PF (a
# netdevsim PF whose VF carries the link's MAC); an IPAM plugin that returns no
# address fails ADD, which is undone; and results in 0.1.0 and 0.2.0.
# Each case runs on a fresh pod; all cases run, the failures are listed at the end.
source /mnt/repo/lab/scenarios/cni.sh

# add_then_del CONFIG: ADD, then DEL with the result as prevResult; the bond gone, the links free.
add_then_del_checked() {
    local config=$1
    cni_ok DEL "$(with_prev_result "$config" /tmp/add.json)"
    expect_no_bond
    expect_free pod net1 net2
    expect_eq "$(reserved_ips)" "" "host-local's reservations after DEL"
}

ifname_is_ignored() {
    local config
    config=$(bond_config 1.0.0 true '.ifname = "bondx"')
    cni_ok ADD "$config" CNI_IFNAME=bond7
    cp "$CNI_OUT" /tmp/add.json
    load pod
    has_link pod bond7 || fail "no bond7 (CNI_IFNAME) in the pod"
    ! has_link pod bondx || fail "the configuration's ifname bondx was obeyed"
    expect_eq "$(field pod bond7 kind) $(field pod net1 master) $(field pod net2 master)" "bond bond7 bond7" "bond7 is the bond of net1 and net2"
    expect_eq "$(jq -r '.interfaces[0].name' /tmp/add.json)" bond7 "the result names CNI_IFNAME"
    cni_ok DEL "$(with_prev_result "$config" /tmp/add.json)" CNI_IFNAME=bond7
    expect_no_bond
    expect_free pod net1 net2
}

ifname_naming_a_link() {
    cni_fails ADD "$(bond_config 1.0.0 true)" CNI_IFNAME=net2
    expect_eq "$CNI_ERROR_CODE" 7 "error code"
    [[ $CNI_ERROR_MSG == *'CNI_IFNAME "net2" is also links[1].name'* ]] || fail "the message does not name CNI_IFNAME and the link: $CNI_ERROR_MSG"
    expect_no_bond
    expect_free pod net1 net2
}

alb_equal_macs() {
    ip -n pod link set net2 address "$(ip -n pod -j link show dev net1 | jq -r '.[0].address')"
    load pod
    local shared; shared=$(field pod net1 mac)
    expect_eq "$(field pod net2 mac)" "$shared" "net1 and net2 start with the same MAC"
    local config
    config=$(bond_config 1.0.0 true '.mode = "balance-alb" | .failOverMac = 0')
    cni_ok ADD "$config"
    cp "$CNI_OUT" /tmp/add.json
    expect_bonded pod net1 net2
    load pod
    expect_eq "$(field pod bond0 mode)" balance-alb "bond0's mode"
    say "MACs: net1 $(field pod net1 mac), net2 $(field pod net2 mac), bond0 $(field pod bond0 mac)"
    [ "$(field pod net1 mac)" != "$(field pod net2 mac)" ] || fail "net1 and net2 still share $(field pod net1 mac)"
    # What the bond keeps as each port's own address (the kernel's perm_hwaddr).
    local perm1 perm2
    perm1=$(ip -n pod -d -j link show dev net1 | jq -r '.[0].linkinfo.info_slave_data.perm_hwaddr')
    perm2=$(ip -n pod -d -j link show dev net2 | jq -r '.[0].linkinfo.info_slave_data.perm_hwaddr')
    expect_eq "$perm1" "$shared" "net1 kept its MAC"
    [ "$perm2" != "$shared" ] || fail "net2 was enslaved with net1's MAC $shared"
    [[ $perm2 == 02:* ]] || fail "net2's new MAC $perm2 is not locally administered (02:...)"
    add_then_del_checked "$config"
}

# A netdevsim PF in the plugin's own namespace with 2 VFs; VF 1 carries net2's MAC.
pf_mtu() {
    local port
    if ! ip link show dev pfm > /dev/null 2>&1; then
        port=$(new_port 40)
        echo 8 > /sys/kernel/debug/netdevsim/netdevsim40/max_vfs
        echo 2 > /sys/bus/netdevsim/devices/netdevsim40/sriov_numvfs
        ip link set "$port" name pfm
    fi
    ip link set pfm mtu 1500
    ip link set pfm vf 1 mac 02:00:00:00:aa:02
    ip -n pod link set net1 mtu 9000
    ip -n pod link set net2 mtu 9000
    ip -n pod link set net2 address 02:00:00:00:aa:02
    local vf_mac
    vf_mac=$(ip -j link show dev pfm | jq -r '.[0].vfinfo_list[1].address')
    expect_eq "$vf_mac" 02:00:00:00:aa:02 "pfm's VF 1 carries net2's MAC"
    cni_fails ADD "$(bond_config 1.0.0 true '.mtu = 9000')"
    expect_eq "$CNI_ERROR_CODE" 7 "error code"
    expect_eq "$CNI_ERROR_MSG" 'invalid "mtu": 9000 is larger than the MTU of pfm (1500), the PF of link net2' "the message names the PF and the link"
    expect_no_bond
    expect_free pod net1 net2
    # Raised on the PF, the same bond fits.
    ip link set pfm mtu 9000
    local config; config=$(bond_config 1.0.0 true '.mtu = 9000')
    cni_ok ADD "$config"
    cp "$CNI_OUT" /tmp/add.json
    expect_bonded pod net1 net2
    load pod
    expect_eq "$(field pod bond0 mtu)" 9000 "bond0's MTU"
    add_then_del_checked "$config"
}

# An IPAM plugin that allocates nothing: {"cniVersion": ...} and no ips.
no_address_ipam() {
    cat > "$LAB_CNI_BIN/no-address" <<'SHIM'
#!/bin/bash
input=$(cat)
echo "$CNI_COMMAND" >> /tmp/no-address.log
case "$CNI_COMMAND" in
    VERSION) echo '{"cniVersion":"1.0.0","supportedVersions":["0.3.1","0.4.0","1.0.0"]}' ;;
    ADD) jq -c '{cniVersion, dns: {nameservers: ["10.56.217.53"]}}' <<< "$input" ;;
esac
SHIM
    chmod +x "$LAB_CNI_BIN/no-address"
    : > /tmp/no-address.log
    cni_fails ADD "$(bond_config 1.0.0 true '.ipam = {type: "no-address"}')" "CNI_PATH=$LAB_CNI_BIN:$CNI_BIN"
    expect_eq "$CNI_ERROR_CODE" 7 "error code"
    expect_eq "$CNI_ERROR_MSG" 'invalid "ipam": IPAM plugin no-address returned no IP addresses; the bond needs at least one' "the message"
    expect_eq "$(grep -v VERSION /tmp/no-address.log | tr '\n' ' ')" "ADD DEL " "the IPAM plugin was asked to ADD, then to release (DEL)"
    expect_no_bond
    expect_free pod net1 net2
}

# 0.1.0 and 0.2.0: host-local answers them; the result has ip4 and no interfaces.
legacy_version() {
    local version=$1 config
    config=$(bond_config "$version" true)
    cni_ok ADD "$config"
    cp "$CNI_OUT" /tmp/add.json
    local summary
    summary=$(jq -r '[.cniVersion, (.interfaces == null), (.ips == null), .ip4.ip] | map(tostring) | join(" ")' /tmp/add.json)
    local got_version no_interfaces no_ips address
    read -r got_version no_interfaces no_ips address <<< "$summary"
    expect_eq "$got_version $no_interfaces $no_ips" "$version true true" "a $version result: no interfaces, no ips"
    [[ $address =~ ^10\.56\.217\.[0-9]+/24$ ]] || fail "ip4.ip $address is not in 10.56.217.0/24"
    expect_bond_up "$address"
    expect_bonded pod net1 net2
    expect_eq "$(reserved_ips)" "${address%/*}" "host-local holds the result's address"
    cni_fails CHECK "$(with_prev_result "$config" /tmp/add.json)"
    expect_eq "$CNI_ERROR_CODE" 1 "CHECK before 0.4.0"
    add_then_del_checked "$config"
    cni_ok DEL "$config"
}

run_case "a configuration's ifname is ignored: CNI_IFNAME names the bond" pod ifname_is_ignored
run_case "CNI_IFNAME naming one of the links is refused" pod ifname_naming_a_link
run_case "balance-alb: links with the same MAC get distinct ones" pod alb_equal_macs
run_case "the bond's MTU against a VF's PF" pod pf_mtu
run_case "an IPAM result without addresses fails ADD, which is undone" pod no_address_ipam
run_case "cniVersion 0.1.0" pod legacy_version 0.1.0
run_case "cniVersion 0.2.0" pod legacy_version 0.2.0
finish_cases
