# Bond CNI plugin, every bonding option against the real kernel: each
# configuration is added, the bond's settings are read back from the kernel
# (`ip -d -j link`, linkinfo.info_data), then deleted. The options beyond Bond
# CNI (primary, updelay/downdelay, lacpRate, arpInterval/arpIpTarget) and the
# ones Bond CNI has (xmitHashPolicy, allSlavesActive, tlbDynamicLb).
# Each case runs on a fresh pod; all cases run, the failures are listed at the end.
source /mnt/repo/lab/scenarios/cni.sh

# add_expect "JQ FILTER ON THE CONFIG" "JQ EXPRESSION ON info_data" "EXPECTED"
add_expect() {
    local config
    config=$(bond_config 1.0.0 true "$1")
    cni_ok ADD "$config"
    cp "$CNI_OUT" /tmp/add.json
    local data
    data=$(ip -n pod -d -j link show dev bond0 | jq -c '.[0].linkinfo.info_data')
    say "bond0 info_data: $data"
    expect_eq "$(jq -c "$2" <<< "$data")" "$3" "bond0's settings"
    expect_bonded pod net1 net2
    cni_ok CHECK "$(with_prev_result "$config" /tmp/add.json)"
    cni_ok DEL "$(with_prev_result "$config" /tmp/add.json)"
    expect_no_bond
    expect_free pod net1 net2
}

primary_and_delays() {
    add_expect '.primary = "net2" | .updelay = 200 | .downdelay = "300"' \
        '[.mode, .primary, .miimon, .updelay, .downdelay]' '["active-backup","net2",100,200,300]'
}

balance_xor() {
    add_expect '.mode = "balance-xor" | .failOverMac = 0 | .xmitHashPolicy = "layer3+4" | .allSlavesActive = 1' \
        '[.mode, .xmit_hash_policy, .all_slaves_active]' '["balance-xor","layer3+4",1]'
}

lacp_fast() {
    add_expect '.mode = "802.3ad" | .failOverMac = 0 | .lacpRate = "fast" | .xmitHashPolicy = "layer2+3"' \
        '[.mode, .ad_lacp_rate, .xmit_hash_policy]' '["802.3ad","fast","layer2+3"]'
}

tlb_static() {
    add_expect '.mode = "balance-tlb" | .failOverMac = 0 | .tlbDynamicLb = 0' \
        '[.mode, .tlb_dynamic_lb]' '["balance-tlb",0]'
}

arp_monitoring() {
    add_expect 'del(.miimon) | .arpInterval = 100 | .arpIpTarget = "10.56.217.1,10.56.217.254"' \
        '[.mode, .miimon, .arp_interval, .arp_ip_target]' '["active-backup",0,100,["10.56.217.1","10.56.217.254"]]'
}

run_case "active-backup, primary net2, updelay 200, downdelay 300" pod primary_and_delays
run_case "balance-xor, xmitHashPolicy layer3+4, allSlavesActive 1" pod balance_xor
run_case "802.3ad, lacpRate fast, xmitHashPolicy layer2+3" pod lacp_fast
run_case "balance-tlb, tlbDynamicLb 0" pod tlb_static
run_case "ARP monitoring: arpInterval 100, two targets, no miimon" pod arp_monitoring
finish_cases
