# Shared by the bond CNI plugin scenarios (1N-cni-*.sh); runs inside the lab
# VM under bash, on top of lib.sh.
#
# Topology:
#   namespace "pod":  the container's namespace (CNI_NETNS=/run/netns/pod),
#                     where the plugin builds bond0.
#   namespace "peer": the far end of each link: netN's veth peer is peerN.
#   the VM's root namespace ("root" below): the plugin's own, where links
#                     start when linksInContainer is false.
# The plugin is invoked like a runtime does: a clean environment with the
# CNI_* variables and the network configuration on stdin; its stdout goes to
# $CNI_OUT. Kernel state comes from `ip -d -j addr` and jq. One jq start costs
# about 300 ms in this VM, so a namespace is read into a table in one go
# (load) and the checks look things up there.
source /mnt/repo/lab/scenarios/lib.sh

BOND_PLUGIN=/tmp/bond
CNI_BIN=/opt/cni/bin
IPAM_DIR=/tmp/cni-ipam
NETWORK=bond-net1
CONTAINER_ID=pod-0123456789abcdef
POD_NETNS=/run/netns/pod
CNI_OUT=/tmp/cni.out
CNI_ERR=/tmp/cni.err
# A folder of lab-made plugins, first in CNI_PATH when a scenario wants them.
LAB_CNI_BIN=/tmp/cni-lab
LAB_IPAM_LOG=/tmp/lab-ipam.log

# say without forking date (the builtin clock is UTC here too).
say() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*"; }

# The plugin runs from tmpfs: every page fault of a binary on the 9p share
# is a round trip to the host.
[ -x "$OUT/bin/bond" ] || { say "FAIL: no bond plugin in $OUT/bin (lab/run.sh stages it)"; exit 1; }
cp "$OUT/bin/bond" "$BOND_PLUGIN"
for plugin in host-local static; do
    [ -x "$CNI_BIN/$plugin" ] || { say "FAIL: no $plugin in $CNI_BIN (lab/build.sh puts it in the initramfs)"; exit 1; }
done

# Debian's host-local (containernetworking-plugins 1.1.1) speaks CNI up to
# 1.0.0 and refuses a 1.1.0 configuration. "lab-ipam" is host-local as a
# 1.1.0 IPAM plugin would behave: it runs host-local with the configuration
# at 1.0.0 and gives the result back at the asked version, answers STATUS and
# GC itself, and logs each call ("COMMAND cniVersion valid-attachments").
mkdir -p "$LAB_CNI_BIN"
cat > "$LAB_CNI_BIN/lab-ipam" <<'SHIM'
#!/bin/bash
input=$(cat)
printf '%s %s\n' "$CNI_COMMAND" "$(jq -c '[.cniVersion, .["cni.dev/valid-attachments"]]' <<< "$input")" >> /tmp/lab-ipam.log
case "$CNI_COMMAND" in
    VERSION) echo '{"cniVersion":"1.1.0","supportedVersions":["0.3.0","0.3.1","0.4.0","1.0.0","1.1.0"]}'; exit 0 ;;
    STATUS|GC) exit 0 ;;
esac
version=$(jq -r .cniVersion <<< "$input")
output=$(jq -c '.cniVersion = "1.0.0"' <<< "$input" | /opt/cni/bin/host-local) || { echo "$output"; exit 1; }
[ -z "$output" ] || jq -c --arg v "$version" '.cniVersion = $v' <<< "$output"
SHIM
chmod +x "$LAB_CNI_BIN/lab-ipam"
: > "$LAB_IPAM_LOG"

# ipn NS ARGS...: ip in namespace NS ("root" is the VM's own).
ipn() {
    local ns=$1; shift
    if [ "$ns" = root ]; then ip "$@"; else ip -n "$ns" "$@"; fi
}

# load NS...: reads each namespace's links into L["NS/DEV/FIELD"], FIELD one
# of: master kind slave_kind up mac mtu mode miimon fail_over_mac
# active_slave slave_state mii_status ipv4 index ("-" when not set; ipv4 is
# "a.b.c.d/len,..."). A namespace that does not exist has no links.
declare -A L=()
load() {
    local ns key
    for ns in "$@"; do
        for key in "${!L[@]}"; do [[ $key != "$ns/"* ]] || unset "L[$key]"; done
        [ "$ns" = root ] || [ -e "/run/netns/$ns" ] || continue
        local name master kind slave_kind up mac mtu mode miimon fail_over_mac active_slave slave_state mii_status ipv4 index table
        # (No process substitution: the VM has no /dev/fd.)
        table=$(ipn "$ns" -d -j addr show | jq -r '.[] | [
            .ifname, .master, .linkinfo.info_kind, .linkinfo.info_slave_kind,
            (if (.flags | index("UP")) then "up" else "down" end), .address, .mtu,
            .linkinfo.info_data.mode, .linkinfo.info_data.miimon, .linkinfo.info_data.fail_over_mac,
            .linkinfo.info_data.active_slave, .linkinfo.info_slave_data.state, .linkinfo.info_slave_data.mii_status,
            ([.addr_info[]? | select(.family == "inet") | "\(.local)/\(.prefixlen)"] | join(",")), .ifindex
        ] | map(if . == null or . == "" then "-" else tostring end) | @tsv')
        while IFS=$'\t' read -r name master kind slave_kind up mac mtu mode miimon fail_over_mac active_slave slave_state mii_status ipv4 index; do
            [ -n "$name" ] || continue
            for key in master kind slave_kind up mac mtu mode miimon fail_over_mac active_slave slave_state mii_status ipv4 index; do
                L["$ns/$name/$key"]=${!key}
            done
            L["$ns/$name"]=1
        done <<< "$table"
    done
}
# field NS DEV FIELD: a loaded value ("" when the link is not there).
field() { echo "${L["$1/$2/$3"]:-}"; }
has_link() { [ -n "${L["$1/$2"]:-}" ]; }

# Loading the bonding module made a bond0 in the root namespace, like the
# host's own bond on many nodes: the plugin must leave it alone. Remembered by
# index so that the checks for leftover bonds skip it.
load root
HOST_BOND_INDEX=$(field root bond0 index)

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
    if [ -s "$LAB_IPAM_LOG" ]; then say "--- lab-ipam calls"; cat "$LAB_IPAM_LOG"; fi
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
    local shown
    shown=$(tr -d '\n' < "$CNI_OUT" | tr -s ' ')
    say "$command exited $CNI_STATUS in ${CNI_MS} ms: ${shown:0:700}"
    if [ -s "$CNI_ERR" ]; then say "  stderr: $(head -c 500 "$CNI_ERR" | tr '\n' ' ')"; fi
}

# ms_since EPOCHREALTIME_VALUE: whole milliseconds since then.
ms_since() {
    local a=${1/./} b=${EPOCHREALTIME/./}
    echo $(( (10#$b - 10#$a) / 1000 ))
}

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
    local error
    error=$(jq -r 'select(type == "object" and (.code | type == "number") and (.msg | type == "string" and length > 0))
                   | "\(.code)\t\(.msg)"' "$CNI_OUT" 2>/dev/null) || true
    [ -n "$error" ] || fail "$1 failed without an error object {code, msg} on stdout"
    CNI_ERROR_CODE=${error%%$'\t'*}
    CNI_ERROR_MSG=${error#*$'\t'}
    say "ok: $1 failed with code $CNI_ERROR_CODE: $CNI_ERROR_MSG"
}

link_exists() { ipn "$1" link show dev "$2" > /dev/null 2>&1; }

# From `ip -d link show` text, for polling (no jq): bond0's active slave, a
# slave's "STATE MII_STATUS".
active_slave() { ip -n pod -d link show dev bond0 | sed -n 's/.* active_slave \([^ ]*\).*/\1/p'; }
slave_status() { ip -n pod -d link show dev "$1" | sed -n 's/.*bond_slave state \([^ ]*\) mii_status \([^ ]*\).*/\1 \2/p'; }

expect_no_link() {
    ! link_exists "$1" "$2" || fail "$2 should not be in namespace $1"
    say "ok: no $2 in namespace $1"
}

# expect_no_bond: no bond in the pod, none in the root namespace but its own bond0.
expect_no_bond() {
    load pod root
    local key dev
    for key in "${!L[@]}"; do
        [[ $key == */kind && ${L[$key]} == bond ]] || continue
        dev=${key%/kind}
        [ "$dev" != "root/bond0" ] || [ "$(field root bond0 index)" != "$HOST_BOND_INDEX" ] || continue
        fail "a bond is left: ${dev%%/*} namespace, ${dev#*/}"
    done
    say "ok: no bond left by the plugin"
    check_host_bond
}

# The root namespace's own bond0 is still there, the same link, without slaves
# (uses the loaded root namespace).
check_host_bond() {
    [ -n "$HOST_BOND_INDEX" ] || return 0
    [ "$(field root bond0 index)" = "$HOST_BOND_INDEX" ] || fail "the root namespace's own bond0 (ifindex $HOST_BOND_INDEX) is gone"
    local key
    for key in "${!L[@]}"; do
        [[ $key == root/*/master && ${L[$key]} == bond0 ]] || continue
        fail "the root namespace's own bond0 got a slave: ${key#root/}"
    done
    say "ok: the root namespace's own bond0 is untouched"
}
expect_host_bond_untouched() { load root; check_host_bond; }

# expect_free NS DEV...: the links are in NS (and only there), without master.
expect_free() {
    local ns=$1 dev other; shift
    load root pod
    for dev in "$@"; do
        has_link "$ns" "$dev" || fail "$dev should be in namespace $ns"
        [ "$(field "$ns" "$dev" master)" = - ] || fail "$dev still has master $(field "$ns" "$dev" master)"
        for other in root pod; do
            [ "$other" = "$ns" ] || ! has_link "$other" "$dev" || fail "$dev is in namespace $other too"
        done
    done
    say "ok: $* in namespace $ns, without master"
}

# expect_bonded NS DEV...: the links are bond0's slaves in NS and not in root.
expect_bonded() {
    local ns=$1 dev; shift
    load "$ns"
    [ "$ns" = root ] || load root
    for dev in "$@"; do
        has_link "$ns" "$dev" || fail "$dev should be in namespace $ns"
        [ "$ns" = root ] || ! has_link root "$dev" || fail "$dev is still in the root namespace"
        [ "$(field "$ns" "$dev" master)" = bond0 ] || fail "$dev's master is $(field "$ns" "$dev" master), not bond0"
        [ "$(field "$ns" "$dev" slave_kind)" = bond ] || fail "$dev's slave kind is $(field "$ns" "$dev" slave_kind), not bond"
    done
    say "ok: $* are bond0's slaves in namespace $ns"
}

# The addresses host-local holds for the network (one file per address).
reserved_ips() {
    local file list=()
    for file in "$IPAM_DIR/$NETWORK"/[0-9]*; do [ -e "$file" ] && list+=("${file##*/}"); done
    echo "${list[*]}"
}

# expect_result_shape VERSION: the ADD result in $CNI_OUT is a VERSION result
# for bond0 in the pod with one IPv4 address in 10.56.217.0/24 on interface 0.
expect_result_shape() {
    local version=$1 summary
    [ -s "$CNI_OUT" ] || fail "ADD printed no result"
    summary=$(jq -r '[.cniVersion, .interfaces[0].name, .interfaces[0].sandbox, .interfaces[0].mac,
                      (.ips | length), .ips[0].address, .ips[0].interface,
                      ([.ips[].version // "none"] | join(",")), (.interfaces[0].mtu // "none")]
                     | map(tostring) | join(" ")' "$CNI_OUT" 2>/dev/null) || fail "ADD printed no result JSON"
    local cni_version name sandbox mac count address interface versions mtu
    read -r cni_version name sandbox mac count address interface versions mtu <<< "$summary"
    load pod
    expect_eq "$cni_version" "$version" "result cniVersion"
    expect_eq "$name $sandbox" "bond0 $POD_NETNS" "interfaces[0] name and sandbox"
    expect_eq "$mac" "$(field pod bond0 mac)" "interfaces[0].mac is bond0's"
    expect_eq "$count $interface" "1 0" "one IP, on interface 0"
    [[ $address =~ ^10\.56\.217\.[0-9]+/24$ ]] || fail "ips[0].address $address is not in 10.56.217.0/24"
    case "$version" in
        0.*) expect_eq "$versions" 4 "ips[].version for $version" ;;
        *) expect_eq "$versions" none "no ips[].version for $version" ;;
    esac
    # The interface MTU exists from 1.1.0 on; when given it must be the bond's.
    [ "$mtu" = none ] || expect_eq "$mtu" 1500 "interfaces[0].mtu"
}

# expect_bond_up ADDRESS: bond0 in the pod in active-backup with miimon 100,
# fail_over_mac active, MTU 1500, up, carrying ADDRESS (and no other IPv4).
expect_bond_up() {
    load pod
    has_link pod bond0 || fail "no bond0 in the pod"
    local seen="" key
    for key in kind mode miimon fail_over_mac mtu up ipv4; do seen+="$key=$(field pod bond0 $key) "; done
    expect_eq "${seen% }" "kind=bond mode=active-backup miimon=100 fail_over_mac=active mtu=1500 up=up ipv4=$1" "bond0 in the pod"
}

# fresh_topology WHERE: new pod and peer namespaces, net1 and net2 in WHERE,
# nothing reserved in host-local.
fresh_topology() {
    ip netns del pod 2>/dev/null || true
    ip netns del peer 2>/dev/null || true
    ip link del net1 2>/dev/null || true
    ip link del net2 2>/dev/null || true
    rm -rf "$IPAM_DIR"
    : > "$LAB_IPAM_LOG"
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
