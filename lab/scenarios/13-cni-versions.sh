# Bond CNI plugin, every CNI version it supports: ADD (and CHECK from 0.4.0)
# and DEL with cniVersion 0.3.0, 0.3.1, 0.4.0 and 1.0.0 over host-local, and
# 1.1.0 over lab-ipam (host-local as a 1.1.0 IPAM plugin, see cni.sh); the
# result echoes the version, and ips[].version is there only before 1.0.0.
# 1.1.0 over Debian's host-local, which speaks only up to 1.0.0, works too: the
# plugin gives such an IPAM plugin the newest version it speaks (1.0.0) and
# answers in 1.1.0.
# VERSION lists the supported versions; STATUS and GC (1.1.0) exit 0, and are
# passed on to an IPAM plugin that speaks 1.1.0; STATUS fails with code 50
# when the IPAM plugin is missing.
# Each case runs on a fresh pod; all cases run, the failures are listed at the end.
source /mnt/repo/lab/scenarios/cni.sh
LAB_PATH=CNI_PATH=$LAB_CNI_BIN:$CNI_BIN

# add_del VERSION [IPAM_TYPE [VARS...]]
add_del() {
    local version=$1 ipam=${2:-host-local}; shift 2 || shift $#
    local config
    config=$(bond_config "$version" true --arg ipam "$ipam" '.ipam.type = $ipam')
    cni_ok ADD "$config" "$@"
    cp "$CNI_OUT" /tmp/add.json
    expect_result_shape "$version"
    local address
    address=$(jq -r '.ips[0].address' /tmp/add.json)
    expect_bond_up "$address"
    expect_bonded pod net1 net2
    local with_prev
    with_prev=$(with_prev_result "$config" /tmp/add.json)
    case "$version" in
        0.3.*) ;;  # no CHECK before 0.4.0
        *) cni_ok CHECK "$with_prev" "$@" ;;
    esac
    cni_ok DEL "$with_prev" "$@"
    expect_no_bond
    expect_free pod net1 net2
    expect_eq "$(reserved_ips)" "" "host-local's reservations after DEL"
}

lab_ipam_1_1() {
    add_del 1.1.0 lab-ipam "$LAB_PATH"
    # What the IPAM plugin was asked: ADD and DEL among them, all at 1.1.0.
    local calls
    calls=$(cut -d' ' -f1 "$LAB_IPAM_LOG" | tr '\n' ' ')
    say "lab-ipam was called for: $calls"
    [[ " $calls" == *" ADD "* && " $calls" == *" DEL "* ]] || fail "lab-ipam did not get both ADD and DEL"
    expect_eq "$(cut -d' ' -f2 "$LAB_IPAM_LOG" | sort -u)" '["1.1.0",null]' "cniVersion of every lab-ipam call"
}

host_local_1_1() {
    add_del 1.1.0 host-local
}

version_command() {
    cni_ok VERSION '{"cniVersion":"1.1.0"}' -CNI_CONTAINERID -CNI_NETNS -CNI_IFNAME -CNI_PATH
    local answer
    answer=$(jq -r '"\(.cniVersion) \(.supportedVersions | join(","))"' "$CNI_OUT" 2>/dev/null) || fail "VERSION printed no JSON"
    local asked=${answer%% *} supported=,${answer#* },
    for version in 0.3.0 0.3.1 0.4.0 1.0.0 1.1.0; do
        [[ $supported == *",$version,"* ]] || fail "VERSION does not list $version: $answer"
    done
    say "ok: VERSION lists ${answer#* }"
    expect_eq "$asked" 1.1.0 "VERSION's cniVersion"
}

# STATUS and GC get no container: only CNI_COMMAND and CNI_PATH.
no_container=(-CNI_CONTAINERID -CNI_NETNS -CNI_IFNAME)

status_command() {
    cni_ok STATUS "$(bond_config 1.1.0 true)" "${no_container[@]}"
    expect_eq "$(tr -d ' \n' < "$CNI_OUT")" "" "STATUS output"
    cni_ok STATUS "$(bond_config 1.1.0 true '.ipam.type = "lab-ipam"')" "${no_container[@]}" "$LAB_PATH"
    expect_eq "$(grep '^STATUS' "$LAB_IPAM_LOG" | cut -d' ' -f1,2)" 'STATUS ["1.1.0",null]' "STATUS passed on to lab-ipam"
    cni_fails STATUS "$(bond_config 1.1.0 true '.ipam.type = "no-such-ipam"')" "${no_container[@]}"
    expect_eq "$CNI_ERROR_CODE" 50 "STATUS error code without the IPAM plugin (plugin not available)"
}

gc_command() {
    local attachments='[{"containerID":"pod-0123456789abcdef","ifname":"bond0"}]'
    cni_ok GC "$(bond_config 1.1.0 true --argjson a "$attachments" '. + {"cni.dev/valid-attachments": $a}')" "${no_container[@]}"
    cni_ok GC "$(bond_config 1.1.0 true '. + {"cni.dev/valid-attachments": []}')" "${no_container[@]}"
    cni_ok GC "$(bond_config 1.1.0 true --argjson a "$attachments" '.ipam.type = "lab-ipam" | . + {"cni.dev/valid-attachments": $a}')" \
        "${no_container[@]}" "$LAB_PATH"
    expect_eq "$(grep '^GC' "$LAB_IPAM_LOG")" "GC [\"1.1.0\",$attachments]" "GC passed on to lab-ipam with the valid attachments"
}

for version in 0.3.0 0.3.1 0.4.0 1.0.0; do run_case "$version" pod add_del "$version"; done
run_case "1.1.0 (lab-ipam: host-local speaking 1.1.0)" pod lab_ipam_1_1
run_case "1.1.0 over Debian's host-local (speaks up to 1.0.0)" pod host_local_1_1
run_case VERSION pod version_command
run_case STATUS pod status_command
run_case GC pod gc_command
finish_cases
