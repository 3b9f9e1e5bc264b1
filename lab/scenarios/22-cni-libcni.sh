# Bond CNI plugin driven by libcni (Debian's golang-github-appc-cni-dev 1.1.2),
# the library container runtimes and Multus use, through lab/cni-driver
# (/usr/local/bin/cni-driver in the initramfs), with libcni's result cache and
# CNI_ARGS as containerd sends them (IgnoreUnknown=1, K8S_POD_*).
# For each version in LIBCNI_VERSIONS:
# - a single-plugin configuration (made a list of one by libcni): validate
#   (VERSION), ADD (the bond as the kernel shows it, the result, the cache
#   file), CHECK from 0.4.0 (below, libcni's refusal), also failing while the
#   bond lacks the cached result's address, DEL (no bond, free links, the
#   address released, the cache file gone), DEL again;
# - a configuration list chaining the bond with Debian's tuning plugin
#   (promiscuous mode and arp_ignore on the bond): the same, plus tuning's
#   changes in the kernel, and from 0.4.0 a CHECK that fails once tuning's
#   change is undone behind its back (prevResult comes from libcni's cache).
# Then one ADD with --ifname net3: the bond is named net3; and one ADD that
# fails: the plugin's error object through libcni, nothing left, nothing cached.
# Each case runs on a fresh pod; all cases run, the failures and timings are
# listed at the end.
source /mnt/repo/lab/scenarios/cni.sh

LIBCNI_VERSIONS="0.1.0 0.2.0 0.3.0 0.3.1 0.4.0 1.0.0"

DRIVER=/usr/local/bin/cni-driver
# The plugin folder first on the driver's CNI path, Debian's plugins after it.
DRIVER_PLUGINS=/tmp/cni-libcni
CACHE_DIR=/tmp/cni-cache
CONF_FILE=/tmp/libcni-net.json
# CNI_ARGS as containerd sends them with every command.
DRIVER_ARGS="IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=pod-0;K8S_POD_INFRA_CONTAINER_ID=$CONTAINER_ID"
[ -x "$DRIVER" ] || { say "FAIL: no $DRIVER (lab/build.sh puts it in the initramfs)"; exit 1; }
[ -x "$CNI_BIN/tuning" ] || { say "FAIL: no tuning in $CNI_BIN (lab/build.sh puts it in the initramfs)"; exit 1; }
mkdir -p "$DRIVER_PLUGINS"
ln -f "$BOND_PLUGIN" "$DRIVER_PLUGINS/bond"

# drive COMMAND [IFNAME]: cni-driver COMMAND on $CONF_FILE for the pod's
# container, CNI_IFNAME IFNAME (default bond0), $DRIVER_ARGS. Sets
# DRIVER_STATUS; stdout is in $CNI_OUT, stderr in $CNI_ERR.
drive() {
    local command=$1 ifname=${2:-bond0}
    local began=$EPOCHREALTIME
    DRIVER_STATUS=0
    "$DRIVER" "$command" --conf "$CONF_FILE" --netns "$POD_NETNS" --ifname "$ifname" \
        --container-id "$CONTAINER_ID" --cni-path "$DRIVER_PLUGINS:$CNI_BIN" --cache-dir "$CACHE_DIR" \
        --args "$DRIVER_ARGS" > "$CNI_OUT" 2> "$CNI_ERR" || DRIVER_STATUS=$?
    local shown
    shown=$(tr -d '\n' < "$CNI_OUT")
    say "cni-driver $command ($ifname) exited $DRIVER_STATUS in $(ms_since "$began") ms: ${shown:0:700}"
    if [ -s "$CNI_ERR" ]; then say "  stderr: $(head -c 500 "$CNI_ERR" | tr '\n' ' ')"; fi
}
drive_ok() {
    drive "$@"
    [ "$DRIVER_STATUS" -eq 0 ] || fail "cni-driver $1 should succeed, exited $DRIVER_STATUS"
}
# drive_fails COMMAND [IFNAME]: drive, and fail unless it exited 1 with an
# error object; sets DRIVER_ERROR to libcni's message.
drive_fails() {
    drive "$@"
    [ "$DRIVER_STATUS" -eq 1 ] || fail "cni-driver $1 should fail (exit 1), exited $DRIVER_STATUS"
    DRIVER_ERROR=$(jq -r '.error // empty' "$CNI_OUT" 2>/dev/null) || true
    [ -n "$DRIVER_ERROR" ] || fail "cni-driver $1 failed without an error object on stdout"
}

# Versions before 0.4.0 have no CHECK (and libcni passes no cached result to DEL).
has_check() { case "$1" in 0.1.*|0.2.*|0.3.*) return 1 ;; esac; }

cache_file() { echo "$CACHE_DIR/results/$NETWORK-$CONTAINER_ID-$1"; }

# flags NS DEV: the link's flags as `ip link` shows them, e.g. BROADCAST,MULTICAST,UP.
flags() { ipn "$1" link show dev "$2" | sed -n '1s/.*<\([^>]*\)>.*/\1/p'; }
is_promisc() { [[ ,$(flags "$1" "$2"), == *,PROMISC,* ]]; }

# expect_validated TYPES...: `validate` succeeded and listed these plugins.
expect_validated() {
    drive_ok validate
    expect_eq "$(jq -r '[.plugins[].type] | join(" ")' "$CNI_OUT")" "$*" "plugins libcni validated"
}

# expect_bond_in_kernel IFNAME ADDRESS: IFNAME in the pod is a bond, up, with
# ADDRESS, and net1 and net2 (in the pod only) are its slaves; no other bond
# in the pod.
expect_bond_in_kernel() {
    local ifname=$1 address=$2
    load pod root
    has_link pod "$ifname" || fail "no $ifname in the pod"
    local seen="" key dev
    for key in kind up ipv4; do seen+="$key=$(field pod "$ifname" $key) "; done
    for dev in net1 net2; do
        ! has_link root "$dev" || fail "$dev is in the root namespace"
        seen+="$dev=$(field pod "$dev" master)/$(field pod "$dev" slave_kind) "
    done
    expect_eq "${seen% }" "kind=bond up=up ipv4=$address net1=$ifname/bond net2=$ifname/bond" "$ifname in the pod (kernel)"
    for key in "${!L[@]}"; do
        [[ $key == pod/*/kind && ${L[$key]} == bond && $key != "pod/$ifname/kind" ]] || continue
        fail "another bond in the pod: ${key%/kind}"
    done
}

# expect_result VERSION IFNAME: the ADD result in $CNI_OUT has VERSION, names
# IFNAME (in the pod, with its MAC) in interfaces and gives it one address in
# 10.56.217.0/24 (ip4 in 0.1.0 and 0.2.0 results). Sets RESULT_ADDRESS.
expect_result() {
    local version=$1 ifname=$2 summary
    cp "$CNI_OUT" /tmp/add.json
    summary=$(jq -r --arg i "$ifname" '(.interfaces // []) as $ifs | ([$ifs[].name] | index($i)) as $at
        | [.cniVersion, ($at // "none"), (if $at then $ifs[$at].sandbox else "none" end),
           (if $at then $ifs[$at].mac else "none" end), (.ips // [] | length),
           (.ips[0].address // .ip4.ip // "none"), (.ips[0].interface // "none")]
        | map(tostring) | join(" ")' /tmp/add.json 2>/dev/null) || fail "ADD printed no result JSON"
    local cni_version at sandbox mac count address interface
    read -r cni_version at sandbox mac count address interface <<< "$summary"
    expect_eq "$cni_version" "$version" "result cniVersion"
    [[ $address =~ ^10\.56\.217\.[0-9]+/24$ ]] || fail "the result's address $address is not in 10.56.217.0/24"
    RESULT_ADDRESS=$address
    case "$version" in
        0.1.*|0.2.*) ;;  # no interfaces before 0.3.0
        *)
            [ "$at" != none ] || fail "the result's interfaces do not name $ifname"
            load pod
            expect_eq "$sandbox $mac" "$POD_NETNS $(field pod "$ifname" mac)" "the result's $ifname: sandbox and MAC (the kernel's)"
            expect_eq "$count $interface" "1 $at" "one IP in the result, on $ifname"
            ;;
    esac
}

# expect_cached VERSION IFNAME: libcni's cache file for IFNAME exists and its
# result (as `cached` gives it back) is the ADD result's version and address.
expect_cached() {
    local version=$1 ifname=$2
    [ -f "$(cache_file "$ifname")" ] || fail "no cached result $(cache_file "$ifname") after ADD"
    drive_ok cached "$ifname"
    expect_eq "$(jq -r '"\(.cniVersion) \(.ips[0].address // .ip4.ip)"' "$CNI_OUT")" "$version $RESULT_ADDRESS" "libcni's cached result"
}

# expect_deleted IFNAME: no bond, net1 and net2 free in the pod and not
# promiscuous, nothing reserved in host-local, no cached result.
expect_deleted() {
    local ifname=$1
    expect_no_bond
    expect_free pod net1 net2
    if is_promisc pod net1 || is_promisc pod net2; then
        fail "net1 or net2 is still promiscuous: $(flags pod net1) / $(flags pod net2)"
    fi
    expect_eq "$(reserved_ips)" "" "host-local's reservations after DEL"
    [ ! -e "$(cache_file "$ifname")" ] || fail "libcni's cached result is still there after DEL"
    drive_ok cached "$ifname"
    expect_eq "$(cat "$CNI_OUT")" null "libcni's cached result after DEL"
}

# expect_check_refused VERSION: libcni's own refusal of CHECK below 0.4.0.
expect_check_refused() {
    drive_fails check
    expect_eq "$DRIVER_ERROR" "configuration version \"$1\" does not support the CHECK command" "libcni refuses CHECK"
}

# single VERSION [IFNAME]: the single-plugin configuration.
single() {
    local version=$1 ifname=${2:-bond0}
    rm -rf "$CACHE_DIR"
    bond_config "$version" true > "$CONF_FILE"
    expect_validated bond
    drive_ok add "$ifname"
    expect_result "$version" "$ifname"
    expect_bond_in_kernel "$ifname" "$RESULT_ADDRESS"
    ! is_promisc pod "$ifname" || fail "$ifname is promiscuous without tuning"
    [ "$ifname" = bond0 ] || expect_no_link pod bond0
    expect_eq "$(reserved_ips)" "${RESULT_ADDRESS%/*}" "host-local's reservation"
    expect_cached "$version" "$ifname"
    if has_check "$version"; then
        drive_ok check "$ifname"
        # The bond's CHECK compares the cached result (prevResult) with the
        # kernel: the address taken away fails it, given back passes it.
        ip -n pod addr del "$RESULT_ADDRESS" dev "$ifname"
        drive_fails check "$ifname"
        [[ $DRIVER_ERROR == *"${RESULT_ADDRESS}"* ]] || fail "CHECK's error does not name the missing $RESULT_ADDRESS"
        say "ok: CHECK fails without $RESULT_ADDRESS on $ifname"
        ip -n pod addr add "$RESULT_ADDRESS" dev "$ifname"
        drive_ok check "$ifname"
    else
        expect_check_refused "$version"
    fi
    drive_ok del "$ifname"
    expect_deleted "$ifname"
    drive_ok del "$ifname"
    say "ok: a second DEL exits 0"
    expect_no_bond
}

# chained VERSION: the bond, then tuning (promiscuous, arp_ignore 1 on bond0).
chained() {
    local version=$1
    rm -rf "$CACHE_DIR"
    bond_config "$version" true '{cniVersion, name, plugins: [del(.cniVersion, .name),
        {type: "tuning", promisc: true, sysctl: {"net.ipv4.conf.bond0.arp_ignore": "1"}}]}' > "$CONF_FILE"
    expect_validated bond tuning
    drive_ok add
    expect_result "$version" bond0
    expect_bond_in_kernel bond0 "$RESULT_ADDRESS"
    expect_eq "$(is_promisc pod bond0 && echo promisc) $(ip netns exec pod cat /proc/sys/net/ipv4/conf/bond0/arp_ignore)" \
        "promisc 1" "tuning's changes on bond0 (kernel: flags, arp_ignore)"
    expect_cached "$version" bond0
    if has_check "$version"; then
        drive_ok check
        # CHECK really looks: tuning's change undone behind its back fails it.
        ip -n pod link set bond0 promisc off
        drive_fails check
        say "ok: CHECK fails once bond0 is no longer promiscuous: $DRIVER_ERROR"
        ip -n pod link set bond0 promisc on
        drive_ok check
    else
        expect_check_refused "$version"
    fi
    drive_ok del
    expect_deleted bond0
    drive_ok del
    say "ok: a second DEL exits 0"
    expect_no_bond
}

# add_fails VERSION: ADD with a link that does not exist: the plugin's error
# object comes through libcni (code and msg, wrapped by libcni's context),
# nothing is left behind or cached; DEL, as a runtime sends after a failed
# ADD, exits 0.
add_fails() {
    local version=$1
    rm -rf "$CACHE_DIR"
    bond_config "$version" true '.links = [{name: "net1"}, {name: "net9"}]' > "$CONF_FILE"
    drive_fails add
    local code
    code=$(jq -r '.code // "none"' "$CNI_OUT")
    [[ $code =~ ^[1-9][0-9]*$ ]] || fail "no plugin error code in the error object: $code"
    [[ $DRIVER_ERROR == "plugin type=\"bond\" name=\"$NETWORK\" failed (add): "?* ]] \
        || fail "libcni's error is not the plugin's, with its context: $DRIVER_ERROR"
    say "ok: ADD failed with the plugin's code $code"
    expect_no_bond
    expect_free pod net1 net2
    expect_eq "$(reserved_ips)" "" "host-local's reservations after the failed ADD"
    [ ! -e "$(cache_file bond0)" ] || fail "libcni cached the failed ADD's result"
    drive_ok del
    expect_no_bond
}

# timed NAME FUNCTION [ARGS...]: run_case, and the case's time for the summary.
SUMMARY=()
timed() {
    local name=$1 began=$EPOCHREALTIME failures=${#CASE_FAILURES[@]} verdict=ok
    run_case "$name" pod "${@:2}"
    [ ${#CASE_FAILURES[@]} -eq "$failures" ] || verdict=FAILED
    SUMMARY+=("$(printf '%-44s %-6s %6d ms' "$name" "$verdict" "$(ms_since "$began")")")
}

for version in $LIBCNI_VERSIONS; do
    timed "$version single plugin" single "$version"
    timed "$version conflist bond + tuning" chained "$version"
done
timed "1.0.0 single plugin, --ifname net3" single 1.0.0 net3
timed "1.0.0 ADD failing (no link net9)" add_fails 1.0.0
say "--- cases"
for line in "${SUMMARY[@]}"; do say "$line"; done
finish_cases
