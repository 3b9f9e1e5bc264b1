# Shared by the bond CNI plugin scenarios (1N-cni-*.sh); runs inside the lab
# VM under bash, on top of lib.sh.
#
# Topology:
#   namespace "pod":  the container's namespace (CNI_NETNS=/run/netns/pod),
#                     where the plugin builds bond0.
#   namespace "peer": the far end of each link: netN's veth peer is peerN.
#   the VM's root namespace: the plugin's own, where links start when
#                     linksInContainer is false.
# The plugin is invoked like a runtime does: CNI_* variables and the network
# configuration on stdin; its stdout goes to /tmp/cni.out.
source /mnt/repo/lab/scenarios/lib.sh

BOND_PLUGIN=/tmp/bond
CNI_BIN=/opt/cni/bin
IPAM_DIR=/tmp/cni-ipam
NETWORK=bond-net1
CONTAINER_ID=pod-0123456789abcdef
POD_NETNS=/run/netns/pod
CNI_OUT=/tmp/cni.out
CNI_ERR=/tmp/cni.err

# The plugin runs from tmpfs: every page fault of a binary on the 9p share
# is a round trip to the host.
[ -x "$OUT/bin/bond" ] || { say "FAIL: no bond plugin in $OUT/bin (lab/run.sh stages it)"; exit 1; }
cp "$OUT/bin/bond" "$BOND_PLUGIN"
for plugin in host-local static; do
    [ -x "$CNI_BIN/$plugin" ] || { say "FAIL: no $plugin in $CNI_BIN (lab/build.sh puts it in the initramfs)"; exit 1; }
done

# Loading the bonding module made a bond0 in the root namespace, like the
# host's own bond on many nodes: the plugin must leave it alone. Remembered by
# index so that the checks for leftover bonds skip it.
HOST_BOND_INDEX=$(ip -j link show dev bond0 2>/dev/null | jq -r '.[0].ifindex // empty' || true)

# ipn NS ARGS...: ip in namespace NS ("root" is the VM's own).
ipn() {
    local ns=$1; shift
    if [ "$ns" = root ]; then ip "$@"; else ip -n "$ns" "$@"; fi
}

dump_state() {
    local ns
    for ns in root pod peer; do
        [ "$ns" = root ] || [ -e "/run/netns/$ns" ] || continue
        say "--- links in $ns"
        ipn "$ns" -d link show 2>/dev/null | grep -vE '^\s+(altname|link/|bridge_slave|veth )' | head -40 || true
        ipn "$ns" -br addr show 2>/dev/null || true
    done
    say "--- host-local's data ($IPAM_DIR)"
    find "$IPAM_DIR" -type f 2>/dev/null | sort || true
    say "--- last plugin stdout / stderr"
    head -c 2000 "$CNI_OUT" 2>/dev/null; echo
    head -c 2000 "$CNI_ERR" 2>/dev/null; echo
}

# topology WHERE: namespaces pod and peer, veth links net1 and net2 in WHERE
# (pod or root) with their peers peer1 and peer2 up in "peer".
topology() {
    local where=$1
    [ -e /run/netns/pod ] || { ip netns add pod; ip -n pod link set lo up; }
    [ -e /run/netns/peer ] || { ip netns add peer; ip -n peer link set lo up; }
    make_link net1 "$where"
    make_link net2 "$where"
}

# make_link NAME WHERE: veth NAME in WHERE, its peer peerN up in "peer".
make_link() {
    local name=$1 where=$2
    ip link add "$name" type veth peer name "peer${name#net}" netns peer
    ip -n peer link set "peer${name#net}" up
    [ "$where" = root ] || ip link set "$name" netns "$where"
}

# bond_config VERSION LINKS_IN_CONTAINER [JQ_ARGS... JQ_FILTER]: the network
# configuration a runtime would send (active-backup, miimon 100, host-local on
# 10.56.217.0/24), changed by JQ_FILTER.
bond_config() {
    local version=$1 lic=$2; shift 2
    [ $# -gt 0 ] || set -- .
    jq -nc --arg version "$version" --argjson lic "$lic" --arg dir "$IPAM_DIR" --arg name "$NETWORK" '{
        cniVersion: $version, name: $name, type: "bond", mode: "active-backup", failOverMac: 1,
        linksInContainer: $lic, miimon: "100", mtu: 1500,
        links: [{name: "net1"}, {name: "net2"}],
        ipam: {type: "host-local", subnet: "10.56.217.0/24", dataDir: $dir}
    }' | jq -c "$@"
}

# with_prev_result CONFIG RESULT_FILE: CONFIG with "prevResult", as a runtime
# sends it to CHECK and DEL.
with_prev_result() {
    jq -c --slurpfile result "$2" '. + {prevResult: $result[0]}' <<< "$1"
}

# cni COMMAND CONFIG [VAR=VALUE | -VAR]...: runs the plugin the way a runtime
# does: a clean environment with CNI_COMMAND, CNI_CONTAINERID, CNI_NETNS,
# CNI_IFNAME=bond0, CNI_PATH, then the overrides (-VAR leaves VAR out), the
# configuration on stdin. Sets CNI_STATUS and CNI_MS; stdout is in $CNI_OUT.
cni() {
    local command=$1 config=$2; shift 2
    local -A vars=([CNI_COMMAND]=$command [CNI_CONTAINERID]=$CONTAINER_ID [CNI_NETNS]=$POD_NETNS
                   [CNI_IFNAME]=bond0 [CNI_PATH]=$CNI_BIN)
    local arg
    for arg in "$@"; do
        case "$arg" in
            -*) unset "vars[${arg#-}]" ;;
            *=*) vars[${arg%%=*}]=${arg#*=} ;;
        esac
    done
    local environment=(PATH=/sbin:/usr/sbin:/usr/bin:/bin) name
    for name in "${!vars[@]}"; do environment+=("$name=${vars[$name]}"); done
    local began=$EPOCHREALTIME
    CNI_STATUS=0
    env -i "${environment[@]}" "$BOND_PLUGIN" <<< "$config" > "$CNI_OUT" 2> "$CNI_ERR" || CNI_STATUS=$?
    CNI_MS=$(ms_since "$began")
    say "$command exited $CNI_STATUS in ${CNI_MS} ms: $(tr -d '\n' < "$CNI_OUT" | tr -s ' ' | head -c 700)"
    if [ -s "$CNI_ERR" ]; then say "  stderr: $(head -c 500 "$CNI_ERR" | tr '\n' ' ')"; fi
}

ms_since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN {printf "%d", (b - a) * 1000}'; }

# cni_ok COMMAND CONFIG [VARS...]: cni, and fail unless it exited 0.
cni_ok() {
    cni "$@"
    [ "$CNI_STATUS" -eq 0 ] || fail "$1 should succeed, exited $CNI_STATUS"
}

# cni_fails COMMAND CONFIG [VARS...]: cni, and fail unless it exited non-zero
# with an error object on stdout. Sets CNI_ERROR_CODE and CNI_ERROR_MSG.
cni_fails() {
    cni "$@"
    [ "$CNI_STATUS" -ne 0 ] || fail "$1 should fail, exited 0"
    jq -e 'type == "object" and (.code | type == "number") and (.msg | type == "string" and length > 0)' \
        "$CNI_OUT" > /dev/null 2>&1 || fail "$1 failed without an error object {code, msg} on stdout"
    CNI_ERROR_CODE=$(jq -r .code "$CNI_OUT")
    CNI_ERROR_MSG=$(jq -r .msg "$CNI_OUT")
    say "ok: $1 failed with code $CNI_ERROR_CODE: $CNI_ERROR_MSG"
}

link_exists() { ipn "$1" link show dev "$2" > /dev/null 2>&1; }
# link_field NS DEV JQ: one field of `ip -d -j link show`, "" when null.
link_field() { ipn "$1" -d -j link show dev "$2" | jq -r ".[0] | $3 // \"\""; }
master_of() { link_field "$1" "$2" .master; }
# ipv4_of NS DEV: "a.b.c.d/len ..." of the link.
ipv4_of() { ipn "$1" -j addr show dev "$2" | jq -r '[.[0].addr_info[] | select(.family == "inet") | "\(.local)/\(.prefixlen)"] | join(" ")'; }
is_up() { ipn "$1" -j link show dev "$2" | jq -e '.[0].flags | index("UP")' > /dev/null; }
active_slave() { link_field pod bond0 .linkinfo.info_data.active_slave; }

expect_link() {
    link_exists "$1" "$2" || fail "$2 should be in namespace $1"
    say "ok: $2 is in namespace $1"
}
expect_no_link() {
    ! link_exists "$1" "$2" || fail "$2 should not be in namespace $1"
    say "ok: no $2 in namespace $1"
}
expect_no_bond() {
    local ns
    for ns in pod root; do
        [ "$ns" = root ] || [ -e "/run/netns/$ns" ] || continue
        local bonds
        bonds=$(ipn "$ns" -d -j link show | jq -r --arg skip "$([ "$ns" != root ] || echo "$HOST_BOND_INDEX")" \
            '[.[] | select(.linkinfo.info_kind == "bond" and (.ifindex | tostring) != $skip) | .ifname] | join(" ")')
        [ -z "$bonds" ] || fail "bonds left in namespace $ns: $bonds"
    done
    say "ok: no bond left by the plugin"
    expect_host_bond_untouched
}

# The root namespace's bond0 is still there, the same link, without slaves.
expect_host_bond_untouched() {
    [ -n "$HOST_BOND_INDEX" ] || return 0
    expect_eq "$(link_field root bond0 .ifindex)" "$HOST_BOND_INDEX" "the root namespace's own bond0 is untouched"
    local slaves
    slaves=$(ip -j link show | jq -r '[.[] | select(.master == "bond0") | .ifname] | join(" ")')
    [ -z "$slaves" ] || fail "the root namespace's bond0 got slaves: $slaves"
}
# expect_free NS DEV...: the links are in NS and no bond holds them.
expect_free() {
    local ns=$1 dev; shift
    for dev in "$@"; do
        link_exists "$ns" "$dev" || fail "$dev should be in namespace $ns"
        [ -z "$(master_of "$ns" "$dev")" ] || fail "$dev still has master $(master_of "$ns" "$dev")"
        local other
        for other in root pod; do
            [ "$other" != "$ns" ] || continue
            [ "$other" = root ] || [ -e "/run/netns/$other" ] || continue
            ! link_exists "$other" "$dev" || fail "$dev is in namespace $other too"
        done
    done
    say "ok: $* in namespace $ns, without master"
}
# expect_bonded NS DEV...: the links are bond0's slaves in NS.
expect_bonded() {
    local ns=$1 dev; shift
    for dev in "$@"; do
        link_exists "$ns" "$dev" || fail "$dev should be in namespace $ns"
        expect_eq "$(master_of "$ns" "$dev")" bond0 "master of $dev"
        expect_eq "$(link_field "$ns" "$dev" .linkinfo.info_slave_kind)" bond "slave kind of $dev"
    done
}

# The addresses host-local holds for the network (one file per address).
reserved_ips() {
    find "$IPAM_DIR/$NETWORK" -maxdepth 1 -type f -name '[0-9]*' 2>/dev/null | xargs -r -n1 basename | sort | tr '\n' ' ' | sed 's/ $//'
}

# expect_result_shape VERSION: the ADD result in $CNI_OUT is a VERSION result
# for bond0 in the pod with one IPv4 address; prints the address.
expect_result_shape() {
    local version=$1
    jq -e . "$CNI_OUT" > /dev/null 2>&1 || fail "ADD printed no JSON"
    expect_eq "$(jq -r .cniVersion "$CNI_OUT")" "$version" "result cniVersion"
    expect_eq "$(jq -r '.interfaces[0].name' "$CNI_OUT")" bond0 "interfaces[0].name"
    expect_eq "$(jq -r '.interfaces[0].sandbox' "$CNI_OUT")" "$POD_NETNS" "interfaces[0].sandbox"
    expect_eq "$(jq -r '.interfaces[0].mac' "$CNI_OUT")" "$(link_field pod bond0 .address)" "interfaces[0].mac is the bond's"
    expect_eq "$(jq -r '.ips | length' "$CNI_OUT")" 1 "number of ips"
    local address
    address=$(jq -r '.ips[0].address' "$CNI_OUT")
    [[ $address =~ ^10\.56\.217\.[0-9]+/24$ ]] || fail "ips[0].address $address is not in 10.56.217.0/24"
    expect_eq "$(jq -r '.ips[0].interface' "$CNI_OUT")" 0 "ips[0].interface"
    case "$version" in
        0.*) expect_eq "$(jq -r '[.ips[].version] | join(",")' "$CNI_OUT")" 4 "ips[].version for $version" ;;
        *) expect_eq "$(jq -r '[.ips[] | has("version")] | any' "$CNI_OUT")" false "no ips[].version for $version" ;;
    esac
}

# expect_bond_up ADDRESS: bond0 in the pod in active-backup with miimon 100,
# up, carrying ADDRESS.
expect_bond_up() {
    expect_link pod bond0
    expect_eq "$(link_field pod bond0 .linkinfo.info_kind)" bond "kind of bond0"
    expect_eq "$(link_field pod bond0 .linkinfo.info_data.mode)" active-backup "bond mode"
    expect_eq "$(link_field pod bond0 .linkinfo.info_data.miimon)" 100 "miimon"
    expect_eq "$(link_field pod bond0 .mtu)" 1500 "bond mtu"
    is_up pod bond0 || fail "bond0 is not up"
    say "ok: bond0 is up"
    expect_eq "$(ipv4_of pod bond0)" "$1" "bond0's IPv4 addresses"
}

# fresh_topology WHERE: new pod and peer namespaces, net1 and net2 in WHERE,
# nothing reserved in host-local.
fresh_topology() {
    ip netns del pod 2>/dev/null || true
    ip netns del peer 2>/dev/null || true
    ip link del net1 2>/dev/null || true
    ip link del net2 2>/dev/null || true
    rm -rf "$IPAM_DIR"
    topology "$1"
}

# run_case NAME WHERE FUNCTION [ARGS...]: FUNCTION ARGS in a subshell on a
# fresh topology (links in WHERE), so that a failure (fail exits) is recorded
# and the next case still runs. finish_cases ends the scenario.
CASE_FAILURES=()
run_case() {
    local name=$1 where=$2; shift 2
    say "=== $name"
    fresh_topology "$where"
    if ( "$@" ); then say "=== $name: ok"; else CASE_FAILURES+=("$name"); say "=== $name: FAILED"; fi
}
finish_cases() {
    [ ${#CASE_FAILURES[@]} -eq 0 ] || { say "FAIL: cases failed: ${CASE_FAILURES[*]}"; exit 1; }
    say "all cases ok"
}
