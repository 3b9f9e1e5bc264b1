# Shared by the scenarios; runs inside the lab VM under bash.
#
# Topology for PF number N (0, 1, ...):
#   namespace "host":   pfN   (netdevsim port with VFs) -- only port of bondN   (802.3ad, lacp_rate fast, miimon 100)
#   namespace "switch": swN   (peer netdevsim port)     -- only port of sbondN  (802.3ad, lacp_rate fast, miimon 100)
#   pfN and swN are joined like a cable (netdevsim link_device).
# With SWITCH_PER_PF set, PF N's switch is a namespace of its own, "switchN"
# (two PFs cabled to two different switches, as the pod scenarios need).
# A switch failure with the link up is LACPDUs dropped on swN's egress; a
# host-side failure is LACPDUs dropped on pfN's ingress.
set -euo pipefail

OUT=/mnt/out
# Settings given on the host (lab/run.sh's LAB_ENV), e.g. CYCLES=2.
while IFS='=' read -r key value; do
    [[ $key =~ ^[A-Z_]+$ ]] && export "$key=$value"
done < "$OUT/env" 2>/dev/null || true
DAEMON=$OUT/bin/pf-status-relay
# Logs go to tmpfs while running (a write to the 9p share costs milliseconds)
# and are copied to $OUT when the scenario ends.
DAEMON_LOG=/tmp/daemon.log
PATH=/sbin:/usr/sbin:/usr/bin:/bin

now() { echo "$EPOCHREALTIME"; }
say() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
# A benchmark's progress: lab/run.sh copies the console lines that start with
# "bench: " to its standard error while the VM runs. The time is the
# scenario's own (minutes and seconds since it started).
progress() { printf 'bench: [%d:%02d] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }
fail() { say "FAIL: $*"; dump_state; exit 1; }

dump_state() {
    say "--- state at failure"
    ip -n host -d link show 2>/dev/null | grep -E '^[0-9]|vf |ad_actor|ad_partner|bond_slave' | head -60 || true
    local ns
    for ns in $(ip netns list | awk '$1 ~ /^switch/ {print $1}'); do
        say "--- switch side ($ns)"
        ip -n "$ns" -d link show 2>/dev/null | grep -E '^[0-9]|ad_actor|ad_partner' | head -20 || true
        tc -n "$ns" filter show dev "sw${ns#switch}" egress 2>/dev/null || tc -n "$ns" filter show dev sw0 egress 2>/dev/null || true
    done
    tc -n host filter show dev pf0 ingress 2>/dev/null || true
    say "--- daemon log (last 30 lines)"
    tail -n 30 "$DAEMON_LOG" 2>/dev/null || true
}

# switch_ns N: the namespace of PF N's switch.
switch_ns() { if [ -n "${SWITCH_PER_PF:-}" ]; then echo "switch$1"; else echo switch; fi; }

namespaces() {
    ip netns add host
    ip netns add switch
    ip -n host link set lo up
    ip -n switch link set lo up
}

# The name the kernel gave the single port of netdevsim device $1.
netdevsim_port() {
    local dir=/sys/bus/netdevsim/devices/netdevsim$1/net
    for _ in $(seq 50); do
        if [ -d "$dir" ] && [ -n "$(ls "$dir")" ]; then ls "$dir" | head -n 1; return; fi
        sleep 0.05
    done
    fail "netdevsim$1 has no port"
}

# new_port ID: a new netdevsim device with one port; prints the port's name.
new_port() {
    echo "$1 1" > /sys/bus/netdevsim/new_device
    netdevsim_port "$1"
}

# make_pf N VFS [MODE]: PF N with VFS VFs, its bond in MODE (default 802.3ad),
# cabled to the switch's port in an 802.3ad bond.
make_pf() {
    local n=$1 vfs=$2 mode=${3:-802.3ad}
    local host_dev=$((10 + n)) switch_dev=$((50 + n)) sns
    sns=$(switch_ns "$n")
    [ -e "/run/netns/$sns" ] || { ip netns add "$sns"; ip -n "$sns" link set lo up; }
    local hp sp
    hp=$(new_port "$host_dev")
    sp=$(new_port "$switch_dev")
    echo 256 > "/sys/kernel/debug/netdevsim/netdevsim$host_dev/max_vfs"
    [ "$vfs" -eq 0 ] || echo "$vfs" > "/sys/bus/netdevsim/devices/netdevsim$host_dev/sriov_numvfs"
    ip link set "$hp" name "pf$n"
    ip link set "$sp" name "sw$n"
    ip link set "pf$n" netns host
    ip link set "sw$n" netns "$sns"
    cable "$n"
    if [ "$mode" != none ]; then
        local rate=()
        [ "$mode" != 802.3ad ] || rate=(lacp_rate fast)
        ip -n host link add "bond$n" type bond mode "$mode" miimon 100 "${rate[@]}"
        ip -n host link set "pf$n" master "bond$n"
        ip -n host link set "bond$n" up
    fi
    ip -n "$sns" link add "sbond$n" type bond mode 802.3ad lacp_rate fast miimon 100
    ip -n "$sns" link set "sw$n" master "sbond$n"
    ip -n "$sns" link set "sbond$n" up
    ip -n host link set "pf$n" up
    ip -n "$sns" link set "sw$n" up
}

# Joins pfN and swN like a cable.
cable() { link_ports host "pf$1" "$(switch_ns "$1")" "sw$1"; }

# link_ports NS_A DEV_A NS_B DEV_B: joins two netdevsim ports like a cable.
# The kernel wants "FD:IFINDEX" pairs, the FDs being open handles of the two
# namespaces, held by this very process.
link_ports() {
    local ia ib
    ia=$(ip -n "$1" -j link show dev "$2" | jq '.[0].ifindex')
    ib=$(ip -n "$3" -j link show dev "$4" | jq '.[0].ifindex')
    exec {afd}</run/netns/"$1" {bfd}</run/netns/"$3"
    echo "$afd:$ia $bfd:$ib" > /sys/bus/netdevsim/link_device
    exec {afd}<&- {bfd}<&-
}

start_daemon() {
    ip netns exec host "$DAEMON" "$@" >> "$DAEMON_LOG" 2>&1 &
    DAEMON_PID=$!
}

# stop_daemon: SIGTERM, as the kubelet sends it; the daemon must be gone
# within STOP_TIMEOUT seconds (default 10). One that is not is a failure: its
# threads are shown (name, state, where each sleeps in the kernel), then it
# is killed, so a hang is reported instead of stalling the VM until its timeout.
# task_state /proc/PID[/task/TID]: R, S, D, Z... (after the comm, which may hold spaces).
task_state() { sed 's/.*) //; s/ .*//' "$1/stat" 2>/dev/null; }
stop_daemon() {
    [ -n "${DAEMON_PID:-}" ] || return 0
    local pid=$DAEMON_PID waited=0 limit=$(( ${STOP_TIMEOUT:-10} * 10 ))
    DAEMON_PID=
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && [ "$(task_state "/proc/$pid")" != Z ]; do
        if [ "$waited" -ge "$limit" ]; then
            say "FAIL: the daemon (pid $pid) did not exit within ${STOP_TIMEOUT:-10} s of SIGTERM; its threads:"
            local task
            for task in /proc/"$pid"/task/*; do
                printf '  %s %-16s %s wchan=%s blocked=%s pending=%s\n' "${task##*/}" "$(cat "$task/comm" 2>/dev/null)" \
                    "$(task_state "$task")" "$(cat "$task/wchan" 2>/dev/null)" \
                    "$(awk '/^SigBlk/ {print $2}' "$task/status" 2>/dev/null)" "$(awk '/^SigPnd/ {print $2}' "$task/status" 2>/dev/null)"
                sed 's/^/      /' "$task/stack" 2>/dev/null | head -n 8 || true
            done
            grep -E '^Sig(Blk|Ign|Cgt)|^ShdPnd|^SigPnd' "/proc/$pid/status" 2>/dev/null | sed 's/^/  /' || true
            kill -KILL "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
            return 1
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    wait "$pid" 2>/dev/null || true
}

# log_count MSG [INTERFACE]: how many daemon log lines have that msg (and interface).
log_count() {
    local msg=$1 interface=${2:-}
    [ -f "$DAEMON_LOG" ] || { echo 0; return; }
    if [ -n "$interface" ]; then
        jq -R -c --arg m "$msg" --arg i "$interface" 'fromjson? | select(.msg == $m and .interface == $i)' "$DAEMON_LOG" | wc -l
    else
        jq -R -c --arg m "$msg" 'fromjson? | select(.msg == $m)' "$DAEMON_LOG" | wc -l
    fi
}

# wait_for TIMEOUT_S DESCRIPTION COMMAND...: polls COMMAND every 50 ms.
wait_for() {
    local timeout=$1 what=$2; shift 2
    local deadline
    deadline=$(awk -v n="$EPOCHREALTIME" -v t="$timeout" 'BEGIN {printf "%.6f", n + t}')
    while true; do
        if "$@"; then return 0; fi
        if awk -v n="$EPOCHREALTIME" -v d="$deadline" 'BEGIN {exit !(n > d)}'; then fail "timed out after ${timeout}s waiting for: $what"; fi
        sleep 0.05
    done
}

has_log() { [ "$(log_count "$@")" -gt 0 ]; }

# vf_states PF: the link state of each VF in order, from the kernel (ip -j).
vf_states() {
    ip -n host -j link show dev "$1" | jq -r '[.[0].vfinfo_list[]? | .link_state] | join(" ")'
}

set_vf() { ip -n host link set "$1" vf "$2" state "$3"; }

# lacp PF: "ACTOR PARTNER" port states as the bond reports them (decimal).
lacp() {
    ip -n host -j -d link show dev "$1" \
        | jq -r '.[0].linkinfo.info_slave_data | "\(.ad_actor_oper_port_state // "none") \(.ad_partner_oper_port_state // "none")"'
}

# LACP up: actor and partner have aggregation, sync, collecting, distributing (60) and not defaulted/expired (192).
lacp_up() {
    local states actor partner
    states=$(lacp "$1"); actor=${states% *}; partner=${states#* }
    [[ $actor =~ ^[0-9]+$ && $partner =~ ^[0-9]+$ ]] || return 1
    (( (actor & 60) == 60 && (partner & 60) == 60 && (actor & 192) == 0 && (partner & 192) == 0 ))
}
lacp_down() { ! lacp_up "$1"; }

vf_states_are() { [ "$(vf_states "$1")" = "$2" ]; }

switch_fail() {
    local sns; sns=$(switch_ns "$1")
    tc -n "$sns" qdisc add dev "sw$1" clsact 2>/dev/null || true
    tc -n "$sns" filter add dev "sw$1" egress protocol 0x8809 pref 1 matchall action drop
}
switch_recover() { tc -n "$(switch_ns "$1")" filter del dev "sw$1" egress pref 1; }

host_fail() {
    tc -n host qdisc add dev "pf$1" ingress 2>/dev/null || true
    tc -n host filter add dev "pf$1" ingress protocol 0x8809 pref 1 matchall action drop
}
host_recover() { tc -n host filter del dev "pf$1" ingress pref 1; }

expect_eq() {
    [ "$1" = "$2" ] || fail "$3: expected '$2', got '$1'"
    say "ok: $3 ($1)"
}

finish() {
    local status=$?
    stop_watchdog
    stop_daemon || status=1
    cp "$DAEMON_LOG" "$OUT/daemon.log" 2>/dev/null || true
    exit "$status"
}
trap finish EXIT
: > "$DAEMON_LOG"

# The watchdog: a scenario still running after SCENARIO_TIMEOUT seconds
# (lab/run.sh sets it a minute under the VM's timeout) shows its processes,
# those stuck in the kernel and the kernel's blocked tasks, then is ended
# (with what it was waiting for), so that its log says where it hung instead
# of the VM's timeout cutting it off with nothing said.
watchdog() {
    set +e +o pipefail
    while [ "$SECONDS" -lt "$SCENARIO_TIMEOUT" ]; do sleep 1; done
    say "FAIL: the scenario was still running after $SCENARIO_TIMEOUT s; its processes:"
    local p
    for p in /proc/[0-9]*; do
        local command
        command=$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null | cut -c1-120)
        [ "${p#/proc/}" != 1 ] && [ -n "$command" ] || continue
        printf '  %s %s %s\n' "${p#/proc/}" "$(task_state "$p")" "$command"
        [ "$(task_state "$p")" != D ] || sed 's/^/      /' "$p/stack" 2>/dev/null | head -n 12
    done
    if echo w > /proc/sysrq-trigger 2>/dev/null; then say "--- blocked tasks (sysrq w)"; dmesg | sed -n '/sysrq: Show Blocked State/,$p' | tail -n 60; fi
    kill -TERM $$
    # Bash runs its trap only once the command it waits for ends: end those.
    for p in /proc/[0-9]*; do
        [ "${p#/proc/}" != "$BASHPID" ] && [ "$(sed 's/.*) //' "$p/stat" 2>/dev/null | cut -d' ' -f2)" = $$ ] \
            && kill -TERM "${p#/proc/}" 2>/dev/null
    done
    true
}
# Called by the EXIT traps (finish, pod.sh's finish_pod).
stop_watchdog() { [ -z "${WATCHDOG_PID:-}" ] || kill "$WATCHDOG_PID" 2>/dev/null || true; }
if [ -n "${SCENARIO_TIMEOUT:-}" ]; then
    trap 'say "FAIL: ended by the watchdog"; exit 1' TERM
    watchdog &
    WATCHDOG_PID=$!
fi

# http_get PATH [METHOD]: the daemon's endpoint on 127.0.0.1:${METRICS_PORT:-9808}
# in the host namespace, as a scraper sees it (status line, headers, body),
# over bash's /dev/tcp: no HTTP client in the guest.
http_get() {
    ip netns exec host bash -c '
        exec 3<>/dev/tcp/127.0.0.1/'"${METRICS_PORT:-9808}"' || exit 1
        printf "%s %s HTTP/1.1\r\nHost: lab\r\n\r\n" "'"${2:-GET}"'" "'"$1"'" >&3
        cat <&3' | tr -d '\r'
}
# http_status PATH [METHOD]: the status code only.
http_status() { http_get "$@" | head -n 1 | awk '{print $2}'; }
http_status_is() { [ "$(http_status "$1")" = "$2" ]; }
# scrape: /metrics' body.
scrape() { http_get /metrics | sed '1,/^$/d'; }
# metric 'NAME{LABELS}': its value in the last scrape, as %g ("" when absent).
metric() { scrape | awk -v m="$1" '$1 == m { printf "%g\n", $2 }'; }
metric_is() { [ "$(metric "$1")" = "$2" ]; }
