# The product's failover verification (operator guide, "Check the failover
# mechanism"), shared by the pod scenario, the demo and the benchmark. Runs
# inside the lab VM under bash, on top of lib.sh and cni.sh.
#
#   namespace "host":     pf0, pf1: netdevsim PFs (4 VFs each), each the only
#                         port of its 802.3ad bond (bond0, bond1; lacp_rate fast)
#   namespace "switchN":  PF N's switch: swN in sbondN (802.3ad) answers LACP;
#                         bridge dpN carries the data of the VF behind pfN
#                         (vfNsw, cabled to the pod's netN+1) to the server (upN)
#   namespace "server":   br0 over srv0 (from switch0) and srv1 (from switch1):
#                         192.168.10.1/24, 2001:100::1/64, 10.56.217.1/24
#   namespace "pod":      net1 = VF 0 of pf0, net2 = VF 0 of pf1, bonded into
#                         bond0 by the project's bond plugin
#
# The lab's model of the NIC: netdevsim's VFs have link states but no network
# devices, and no emulated NIC lets a VF's link state be set, so each VF the
# pod uses is a netdevsim port (netN in the pod, cabled to vfNsw in the
# switch) whose carrier `lab-probe vf-model` drives from the VF's link state,
# the way SR-IOV NIC firmware does: auto follows the PF's link, enable is up,
# disable is down. It reacts to the kernel's RTM_NEWLINK for the PF, not to a
# timer, and sets the carrier with IFLA_CARRIER (lab/netdevsim-lab.patch).
source /mnt/repo/lab/scenarios/cni.sh
SWITCH_PER_PF=1
PROBE=$OUT/bin/lab-probe
DAEMONSET=$OUT/daemonset.json
SERVER4=192.168.10.1
SERVER6=2001:100::1
GATEWAY=10.56.217.1
VF_MODEL_LOG=/tmp/vf-model.jsonl
STREAM_INTERVAL=${STREAM_INTERVAL:-0.002}
[ -x "$PROBE" ] || { say "FAIL: no lab-probe in $OUT/bin (lab/run.sh stages it)"; exit 1; }
cp "$PROBE" /tmp/lab-probe; PROBE=/tmp/lab-probe

dump_state() {
    say "--- state at failure"
    ip -n host -d link show 2>/dev/null | grep -E '^[0-9]|vf 0|ad_actor|ad_partner' | head -40 || true
    for ns in switch0 switch1; do
        say "--- $ns"; tc -n "$ns" filter show dev "sw${ns#switch}" egress 2>/dev/null || true
        ip -n "$ns" -br link show 2>/dev/null || true
    done
    say "--- pod"; ip netns exec pod cat /proc/net/bonding/bond0 2>/dev/null || true
    ip -n pod -br addr show 2>/dev/null || true
    say "--- vf model"; tail -n 10 "$VF_MODEL_LOG" 2>/dev/null || true
    say "--- daemon log (last 20 lines)"; tail -n 20 "$DAEMON_LOG" 2>/dev/null || true
    say "--- last plugin stdout / stderr"; head -c 1000 "$CNI_OUT" 2>/dev/null; echo; head -c 500 "$CNI_ERR" 2>/dev/null; echo
}

# pod_topology: everything above, the VF model started, net1 and net2 in
# the pod (what the SR-IOV CNI plugin does before the bond plugin runs).
pod_topology() {
    local n sns
    ip netns add host; ip -n host link set lo up
    ip netns add server; ip -n server link set lo up
    ip netns add pod; ip -n pod link set lo up
    make_pf 0 4
    make_pf 1 4
    ip -n server link add br0 type bridge
    ip -n server link set br0 up
    for n in 0 1; do
        sns=$(switch_ns "$n")
        ip -n "$sns" link add "dp$n" type bridge
        ip -n "$sns" link set "dp$n" up
        ip link add "up$n" type veth peer name "srv$n"
        ip link set "up$n" netns "$sns"
        ip link set "srv$n" netns server
        ip -n "$sns" link set "up$n" master "dp$n" up
        ip -n server link set "srv$n" master br0 up
        # VF 0 of pfN, as the pod gets it (the SR-IOV CNI plugin moves a
        # VF's netdevice in and renames it): a netdevsim port, net1 or net2,
        # cabled to a port of the switch's data bridge.
        local vf sw
        vf=$(new_port $((20 + n)))
        sw=$(new_port $((60 + n)))
        ip link set "$vf" netns pod
        ip -n pod link set "$vf" name "net$((n + 1))" up
        ip link set "$sw" netns "$sns"
        ip -n "$sns" link set "$sw" name "vf${n}sw"
        link_ports pod "net$((n + 1))" "$sns" "vf${n}sw"
        ip -n "$sns" link set "vf${n}sw" master "dp$n" up
        # The hooks a switch failure uses (switch_dies), ready in advance.
        tc -n "$sns" qdisc add dev "sw$n" clsact
        tc -n "$sns" qdisc add dev "vf${n}sw" clsact
    done
    ip -n server addr add "$SERVER4/24" dev br0
    ip -n server addr add "$SERVER6/64" dev br0 nodad
    ip -n server addr add "$GATEWAY/24" dev br0
    ip netns exec host "$PROBE" vf-model pf0:0=pod/net1 pf1:0=pod/net2 > "$VF_MODEL_LOG" &
    VF_MODEL_PID=$!
    wait_for 5 "the VF model ready" grep -q '"ready"' "$VF_MODEL_LOG"
}

# The operator guide's NetworkAttachmentDefinition config, with the pod's
# "ips" from its annotation in runtimeConfig, as a runtime passes them to a
# plugin that has the "ips" capability.
guide_config() {
    jq -nc '{"type": "bond", "cniVersion": "0.3.1", "name": "bond-net1",
        "mode": "active-backup", "failOverMac": 1, "linksInContainer": true, "miimon": "100", "mtu": 1450,
        "links": [{"name": "net1"},{"name": "net2"}], "capabilities": {"ips": true}, "ipam": {"type": "static"},
        "runtimeConfig": {"ips": ["192.168.10.254/24", "2001:100::254/64"]}}'
}

# The Bond CNI documents' host-local config (10.56.217.0/24, default route via .1).
hostlocal_config() {
    jq -nc --arg dir "$IPAM_DIR" '{"type": "bond", "cniVersion": "0.3.1", "name": "bond-net1",
        "mode": "active-backup", "failOverMac": 1, "linksInContainer": true, "miimon": "100", "mtu": 1500,
        "links": [{"name": "net1"},{"name": "net2"}],
        "ipam": {"type": "host-local", "subnet": "10.56.217.0/24", "routes": [{"dst": "0.0.0.0/0"}],
                 "gateway": "10.56.217.1", "dataDir": $dir}}'
}

# pod_bond CONFIG: the bond plugin's ADD, then waits until IPv6 addresses
# are out of duplicate address detection.
pod_bond() {
    POD_CONFIG=$1
    cni_ok ADD "$POD_CONFIG"
    cp "$CNI_OUT" /tmp/pod-add.json
    no_tentative() { [ -z "$(ip -n pod -6 addr show dev bond0 tentative)" ]; }
    wait_for 10 "bond0's IPv6 addresses out of DAD" no_tentative
}
pod_unbond() { cni_ok DEL "$(with_prev_result "$POD_CONFIG" /tmp/pod-add.json)"; }

# What the pod sees: /proc/net/bonding/bond0 read from inside it.
bonding() { ip netns exec pod cat /proc/net/bonding/bond0; }
proc_active() { bonding | sed -n 's/^Currently Active Slave: //p'; }
# proc_mii SLAVE: that slave's "MII Status".
proc_mii() { bonding | awk -v s="$1" '/^Slave Interface:/ {cur = $3} cur == s && /^MII Status:/ {print $3; exit}'; }
proc_state() { echo "active=$(proc_active) net1=$(proc_mii net1) net2=$(proc_mii net2)"; }
proc_state_is() { [ "$(proc_state)" = "$1" ]; }
both_mii_up() { [ "$(proc_mii net1) $(proc_mii net2)" = "up up" ]; }
both_lacp_up() { lacp_up pf0 && lacp_up pf1; }
# pf_behind SLAVE: the PF whose VF the slave is (net1 -> 0, net2 -> 1).
pf_behind() { echo $(( ${1#net} - 1 )); }

# The switch dies with its link up: no more LACPDUs from it, and the pod's
# frames through it are black-holed both ways. One tc process installs the
# three filters (microseconds apart; one tc start costs tens of ms here).
switch_dies() {
    local n=$1
    tc -n "$(switch_ns "$n")" -batch - <<EOF
filter add dev sw$n egress protocol 0x8809 pref 1 matchall action drop
filter add dev vf${n}sw ingress pref 1 matchall action drop
filter add dev vf${n}sw egress pref 1 matchall action drop
EOF
}
switch_revives() {
    local n=$1
    tc -n "$(switch_ns "$n")" -batch - <<EOF
filter del dev vf${n}sw ingress pref 1
filter del dev vf${n}sw egress pref 1
filter del dev sw$n egress pref 1
EOF
}

# relay_command [CAPABILITY_TO_DROP [DAEMON_ARGS...]]: RELAY_COMMAND, the
# daemon as the operator's DaemonSet ($DAEMONSET) runs it: the container's
# environment only, its user, its capabilities (added after dropping all), no
# privilege escalation, in the host's network namespace (hostNetwork);
# RELAY_CAPEFF, the effective capabilities it must then have.
relay_command() {
    local drop=${1:-} container env=() caps uid nnp=() expected=0 cap
    shift || true
    [ -s "$DAEMONSET" ] || fail "no rendered DaemonSet in $DAEMONSET (lab/run.sh renders it with the operator)"
    container=$(jq -c '.spec.template.spec.containers[0]' "$DAEMONSET")
    [ "$(jq -r '.spec.template.spec.hostNetwork' "$DAEMONSET")" = true ] || fail "the DaemonSet is not hostNetwork"
    # (No process substitution: the VM has no /dev/fd.)
    mapfile -t env <<< "$(jq -r '.env[] | "\(.name)=\(.value)"' <<< "$container")"
    uid=$(jq -r '.securityContext.runAsUser // 0' <<< "$container")
    [ "$(jq -r '.securityContext.allowPrivilegeEscalation' <<< "$container")" != false ] || nnp=(--no-new-privs)
    [ "$(jq -r '.securityContext.capabilities.drop | index("ALL") != null' <<< "$container")" = true ] || fail "the DaemonSet does not drop ALL capabilities"
    caps=$(jq -r --arg drop "$drop" '[.securityContext.capabilities.add[] | select(. != $drop)] | map("+" + ascii_downcase) | join(",")' <<< "$container")
    for cap in $(jq -r --arg drop "$drop" '.securityContext.capabilities.add[] | select(. != $drop)' <<< "$container"); do
        case "$cap" in NET_ADMIN) expected=$((expected | 1 << 12)) ;; NET_RAW) expected=$((expected | 1 << 13)) ;; *) fail "unexpected capability $cap" ;; esac
    done
    say "daemon: ${env[*]}${*:+ $*}, uid $uid, capabilities ${caps:-none}${nnp:+, no new privileges}"
    RELAY_COMMAND=(ip netns exec host env -i "${env[@]}" /usr/bin/setpriv --reuid="$uid" --regid="$uid" --clear-groups
        --inh-caps=-all --bounding-set="-all${caps:+,$caps}" "${nnp[@]}" "$DAEMON" "$@")
    RELAY_CAPEFF=$(printf '%016x' "$expected")
}

# start_relay [CAPABILITY_TO_DROP [DAEMON_ARGS...]]: relay_command, started
# in the background. Sets DAEMON_PID; checks CapEff.
start_relay() {
    relay_command "$@"
    "${RELAY_COMMAND[@]}" >> "$DAEMON_LOG" 2>&1 &
    DAEMON_PID=$!
    local effective=""
    for _ in $(seq 100); do
        # (env and setpriv run first under the same pid: wait for the exec.)
        if [ "$(readlink "/proc/$DAEMON_PID/exe" 2>/dev/null)" = "$DAEMON" ]; then
            effective=$(awk '/^CapEff/ {print $2}' "/proc/$DAEMON_PID/status" 2>/dev/null) || true
            break
        fi
        sleep 0.02
    done
    expect_eq "$effective" "$RELAY_CAPEFF" "the daemon's effective capabilities (CapEff)"
}

# start_stream TAG DEST...: ping every $STREAM_INTERVAL s from the pod to
# each DEST (IPv4 or IPv6), each reply time-stamped (-D) into /tmp/stream-TAG-N.
STREAM_PIDS=()
start_stream() {
    local tag=$1 i=0 dest; shift
    for dest in "$@"; do
        # Created here, not by the background job: callers glob for them at once.
        : > "/tmp/stream-$tag-$i"
        ip netns exec pod ping -D -n -i "$STREAM_INTERVAL" "$dest" > "/tmp/stream-$tag-$i" 2>&1 &
        STREAM_PIDS+=($!)
        i=$((i + 1))
    done
}
stop_stream() {
    [ ${#STREAM_PIDS[@]} -eq 0 ] || { kill "${STREAM_PIDS[@]}" 2>/dev/null; wait "${STREAM_PIDS[@]}" 2>/dev/null; } || true
    STREAM_PIDS=()
}

# replies_after FILE T: replies received after T (seconds, as EPOCHREALTIME).
replies_after() {
    awk -v t="$2" '/bytes from/ { ts = substr($1, 2, length($1) - 2) + 0; if (ts > t) n++ } END {print n + 0}' "$1"
}
# outage FILE AFTER: the longest wait between two replies received after
# AFTER: "MS FROM TO" (ms; the last reply before it and the first after).
outage() {
    awk -v t="$2" '/bytes from/ {
        ts = substr($1, 2, length($1) - 2) + 0
        if (ts <= t) { last = ts; next }
        if (last > 0 && ts - last > gap) { gap = ts - last; from = last; to = ts }
        last = ts
    } END { printf "%.1f %.6f %.6f\n", gap * 1000, from, to }' "$1"
}
stream_flows() { [ "$(replies_after "$1" "$2")" -gt 0 ]; }

# watched_stream TAG PF DEST...: lab-probe watches PF into /tmp/probe-TAG.jsonl
# (WATCH_PID), the streams start (start_stream TAG DEST...), and flow.
watched_stream() {
    local tag=$1 pf=$2 began file; shift 2
    ip netns exec host "$PROBE" watch "$pf" 1000 > "/tmp/probe-$tag.jsonl" &
    WATCH_PID=$!
    start_stream "$tag" "$@"
    began=$EPOCHREALTIME
    for file in /tmp/stream-"$tag"-*; do wait_for 5 "replies in $file" stream_flows "$file" "$began"; done
}

# switch_fails_over N TAG EXPECTED: switch N dies under the pod's streams
# /tmp/stream-TAG-*; waits until the pod's bond reads EXPECTED (proc_state)
# and every stream flows again. Sets DROP (EPOCHREALTIME before the kill),
# OUTAGES (ms, one per stream), and, from `lab-probe watch pfN` in
# /tmp/probe-TAG.jsonl and the VF model's log, EXPIRY_MS (the switch's death,
# i.e. the last reply before the gap, to the kernel's LACP expiry),
# DISABLED_MS (expiry to all of pfN's VFs disabled) and CARRIER_MS (expiry to
# the pod device's carrier off).
switch_fails_over() {
    local n=$1 tag=$2 expected=$3 drop_ns switched file out from died=
    DROP=$EPOCHREALTIME drop_ns=$(now_ns)
    switch_dies "$n"
    wait_for 15 "the pod's bond: $expected" proc_state_is "$expected"
    switched=$EPOCHREALTIME
    for file in /tmp/stream-"$tag"-*; do
        wait_for 3 "replies in $file after the failover" stream_flows "$file" "$switched"
    done
    OUTAGES=()
    for file in /tmp/stream-"$tag"-*; do
        read -r out from _ <<< "$(outage "$file" "$DROP")"
        OUTAGES+=("$out")
        [ -n "$died" ] || died=$from
    done
    # The LACPDU filter went in with the black hole, in one tc batch.
    local died_ns down_ns disabled_ns carrier_ns
    died_ns=$(awk -v f="$died" 'BEGIN {printf "%.0f", f * 1e9}')
    down_ns=$(event_after "/tmp/probe-$tag.jsonl" "$drop_ns" '.event == "lacp_down"')
    disabled_ns=$(event_after "/tmp/probe-$tag.jsonl" "$drop_ns" '.event == "vfs_disabled"')
    carrier_ns=$(event_after "$VF_MODEL_LOG" "$drop_ns" ".event == \"vf_carrier\" and .pf == \"pf$n\" and .carrier == false")
    EXPIRY_MS=$(ms_between "$died_ns" "$down_ns")
    DISABLED_MS=$(ms_between "$down_ns" "$disabled_ns")
    CARRIER_MS=$(ms_between "$down_ns" "$carrier_ns")
}

# The first event of lab-probe's JSON lines in FILE after T_NS matching JQ.
event_after() { jq -r --argjson t "$2" "select(.t > \$t and ($3)) | .t" "$1" | head -n 1; }
ms_between() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", (b - a) / 1e6}'; }
now_ns() { echo "${EPOCHREALTIME/./}000"; }

finish_pod() {
    local status=$?
    stop_watchdog
    stop_stream
    [ -z "${VF_MODEL_PID:-}" ] || kill "$VF_MODEL_PID" 2>/dev/null || true
    cp "$VF_MODEL_LOG" "$OUT/vf-model.jsonl" 2>/dev/null || true
    cp /tmp/stream-* "$OUT/" 2>/dev/null || true
    stop_daemon || status=1
    cp "$DAEMON_LOG" "$OUT/daemon.log" 2>/dev/null || true
    exit "$status"
}
trap finish_pod EXIT
