# Bond CNI plugin, every CNI version it supports: ADD (and CHECK from 0.4.0)
# and DEL with cniVersion 0.3.0, 0.3.1, 0.4.0, 1.0.0 and 1.1.0; the result
# echoes the version, and ips[].version is there only before 1.0.0. Then
# VERSION lists the supported versions, STATUS and GC (1.1.0) exit 0.
# Each case runs on a fresh pod; all cases run, the failures are listed at the end.
source /mnt/repo/lab/scenarios/cni.sh

add_del() {
    local version=$1
    local config
    config=$(bond_config "$version" true)
    cni_ok ADD "$config"
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
        *) cni_ok CHECK "$with_prev" ;;
    esac
    cni_ok DEL "$with_prev"
    expect_no_bond
    expect_free pod net1 net2
    expect_eq "$(reserved_ips)" "" "host-local's reservations after DEL"
}

version_command() {
    cni_ok VERSION '{"cniVersion":"1.1.0"}' -CNI_CONTAINERID -CNI_NETNS -CNI_IFNAME -CNI_PATH
    jq -e . "$CNI_OUT" > /dev/null 2>&1 || fail "VERSION printed no JSON"
    local supported
    supported=$(jq -r '.supportedVersions | join(" ")' "$CNI_OUT")
    for version in 0.3.0 0.3.1 0.4.0 1.0.0 1.1.0; do
        [[ " $supported " == *" $version "* ]] || fail "VERSION does not list $version: $supported"
    done
    say "ok: VERSION lists $supported"
    expect_eq "$(jq -r .cniVersion "$CNI_OUT")" 1.1.0 "VERSION's cniVersion"
}

status_command() {
    # STATUS and GC get no container: only CNI_COMMAND and CNI_PATH.
    cni_ok STATUS "$(bond_config 1.1.0 true)" -CNI_CONTAINERID -CNI_NETNS -CNI_IFNAME
    expect_eq "$(tr -d ' \n' < "$CNI_OUT")" "" "STATUS output"
}

gc_command() {
    local config
    config=$(bond_config 1.1.0 true --arg id "$CONTAINER_ID" '. + {"cni.dev/valid-attachments": [{containerID: $id, ifname: "bond0"}]}')
    cni_ok GC "$config" -CNI_CONTAINERID -CNI_NETNS -CNI_IFNAME
    config=$(bond_config 1.1.0 true '. + {"cni.dev/valid-attachments": []}')
    cni_ok GC "$config" -CNI_CONTAINERID -CNI_NETNS -CNI_IFNAME
}

for version in 0.3.0 0.3.1 0.4.0 1.0.0 1.1.0; do run_case "$version" pod add_del "$version"; done
run_case VERSION pod version_command
run_case STATUS pod status_command
run_case GC pod gc_command
finish_cases
