# The daemon's /metrics, /healthz and /readyz against the real kernel, read as
# Prometheus and the kubelet (the operator's DaemonSet's probes) read them,
# while the switch side fails and recovers: every value follows what the
# kernel reports. The scrapes are kept (metrics-*.txt) for `promtool check
# metrics` on the host (21-metrics.after).
source /mnt/repo/lab/scenarios/lib.sh
namespaces
make_pf 0 4
set_vf pf0 2 enable
wait_for 40 "LACP up in the kernel" lacp_up pf0
# The daemon as the operator's DaemonSet runs it with the relay's metrics port
# on (lab/run.sh renders it with the operator's code): its environment, with
# $(VAR) references expanded as the kubelet does and HOST_IP (the downward
# API's status.hostIP) the lab node's address, 127.0.0.1. pf9 does not exist:
# a PF that is not ready, with its reason (the flag wins over the environment).
DAEMONSET=$OUT/daemonset-metrics.json
container=$(jq -c '.spec.template.spec.containers[0]' "$DAEMONSET")
expect_eq "$(jq -r '.env[] | select(.name == "HOST_IP") | .valueFrom.fieldRef.fieldPath' <<< "$container")" status.hostIP "HOST_IP from the downward API"
env_list=()
declare -A defined=([HOST_IP]=127.0.0.1)
while IFS=$'\t' read -r name value; do
    [ "$name" = HOST_IP ] && value=127.0.0.1
    for ref in "${!defined[@]}"; do value=${value//"\$($ref)"/${defined[$ref]}}; done
    defined[$name]=$value
    env_list+=("$name=$value")
done <<< "$(jq -r '.env[] | [.name, (.value // "")] | @tsv' <<< "$container")"
say "daemon environment: ${env_list[*]}"
port_of() {  # port_of PROBE: the probe's port number (a named port resolved)
    local port; port=$(jq -r ".$1.httpGet.port" <<< "$container")
    [[ $port =~ ^[0-9]+$ ]] || port=$(jq -r --arg n "$port" '.ports[] | select(.name == $n) | .containerPort' <<< "$container")
    echo "$port"
}
expect_eq "$(port_of livenessProbe)" 9808 "the liveness probe's port is the metrics port"
expect_eq "$(jq -r '.ports[] | select(.name == "metrics") | .hostPort' <<< "$container")" 9808 "the metrics port is a host port"
ip netns exec host env -i "${env_list[@]}" "$DAEMON" --interfaces pf0,pf9 >> "$DAEMON_LOG" 2>&1 &
DAEMON_PID=$!
wait_for 10 "lacp is up" has_log "lacp is up" pf0
expect_eq "$(jq -R -r 'fromjson? | select(.msg == "serving metrics and health") | .port' "$DAEMON_LOG")" 9808 "listening on the DaemonSet's port"
for probe in readinessProbe livenessProbe; do
    path=$(jq -r ".$probe.httpGet.path" <<< "$container")
    METRICS_PORT=$(port_of "$probe") wait_for 5 "the DaemonSet's $probe ($path) answers 200" http_status_is "$path" 200
    say "ok: the DaemonSet's $probe, GET $path, answers 200"
done
expect_eq "$(http_status /healthz)" 200 "/healthz: loop, subscription and netlink alive"
expect_eq "$(http_get /metrics | grep -i '^content-type:')" "Content-Type: text/plain; version=0.0.4; charset=utf-8" "the Prometheus text format"

pf='{interface="pf0"}'
# The gauges follow the kernel by one look (a poll or an event), and the kernel
# moves on by itself (Expired, then Defaulted 3 s later): compare one kernel
# read with the metrics read just after it, retrying until they agree.
port_states_follow_kernel() {
    local actor partner
    read -r actor partner <<< "$(lacp pf0)"
    [ "$(metric "pf_status_relay_lacp_actor_port_state$pf")" = "$actor" ] &&
        [ "$(metric "pf_status_relay_lacp_partner_port_state$pf")" = "$partner" ]
}
expect_eq "$(metric "pf_status_relay_build_info{version=\"$(ip netns exec host "$DAEMON" --version | awk '{print $2}')\"}")" 1 "build_info names the daemon's --version"
expect_eq "$(metric "pf_status_relay_pf_ready$pf")" 1 "pf0 ready"
expect_eq "$(metric 'pf_status_relay_pf_ready{interface="pf9"}')" 0 "pf9 not ready"
expect_eq "$(metric 'pf_status_relay_pf_not_ready{interface="pf9",reason="not_found"}')" 1 "pf9 not ready: not_found"
expect_eq "$(metric 'pf_status_relay_pf_not_ready{interface="pf0",reason="not_found"}')" 0 "pf0 has no not-ready reason"
expect_eq "$(metric "pf_status_relay_lacp_up$pf")" 1 "LACP up"
wait_for 3 "actor and partner port states as the bond reports them" port_states_follow_kernel
say "ok: port states as the bond reports them ($(lacp pf0))"
expect_eq "$(metric 'pf_status_relay_vfs{interface="pf0",link_state="auto"}')" 3 "three auto VFs"
expect_eq "$(metric 'pf_status_relay_vfs{interface="pf0",link_state="enable"}')" 1 "one enable VF"
expect_eq "$(metric 'pf_status_relay_lacp_transitions_total{interface="pf0",state="up"}')" 1 "one transition to up"
polls=$(metric 'pf_status_relay_looks_total{interface="pf0",cause="poll"}')
[ "${polls:-0}" -ge 1 ] || fail "no poll counted ($polls)"
scrape > "$OUT/metrics-up.txt"

say "switch side drops its LACPDUs"
switch_fail 0
wait_for 30 "LACP down in the kernel" lacp_down pf0
wait_for 5 "VFs disabled" vf_states_are pf0 "disable disable enable disable"
wait_for 5 "lacp_up 0" metric_is "pf_status_relay_lacp_up$pf" 0
expect_eq "$(metric 'pf_status_relay_vfs{interface="pf0",link_state="disable"}')" 3 "three disabled VFs"
expect_eq "$(metric 'pf_status_relay_vfs{interface="pf0",link_state="auto"}')" 0 "no auto VF left"
expect_eq "$(metric 'pf_status_relay_vfs{interface="pf0",link_state="enable"}')" 1 "the enable VF untouched"
expect_eq "$(metric 'pf_status_relay_lacp_transitions_total{interface="pf0",state="down"}')" 1 "one transition to down"
expect_eq "$(metric 'pf_status_relay_vf_link_state_changes_total{interface="pf0",state="disable"}')" 3 "three VFs disabled, as logged"
expect_eq "$(log_count "vf link state was set" pf0)" 3 "the log agrees"
expect_eq "$(metric "pf_status_relay_vf_link_state_failures_total$pf")" 0 "no failure"
expect_eq "$(metric "pf_status_relay_reaction_seconds_count$pf")" 1 "one reaction timed"
reaction=$(metric "pf_status_relay_reaction_seconds_sum$pf")
awk -v r="$reaction" 'BEGIN { exit !(r > 0 && r < 1) }' || fail "reaction ${reaction}s, expected between 0 and 1 s"
say "reaction to LACP down: ${reaction}s"
wait_for 3 "port states follow the kernel" port_states_follow_kernel
say "ok: port states follow the kernel ($(lacp pf0))"
age=$(metric "pf_status_relay_last_lacpdu_age_seconds$pf")
awk -v a="$age" 'BEGIN { exit !(a >= 2) }' || fail "last LACPDU age ${age}s while the switch is silent, expected at least 2 s"
say "last LACPDU seen ${age}s ago"
expect_eq "$(http_status /healthz)" 200 "healthy while LACP is down (the relay works)"
scrape > "$OUT/metrics-down.txt"

say "switch side recovers"
switch_recover 0
wait_for 40 "LACP up in the kernel" lacp_up pf0
wait_for 5 "VFs restored" vf_states_are pf0 "auto auto enable auto"
wait_for 5 "lacp_up 1" metric_is "pf_status_relay_lacp_up$pf" 1
expect_eq "$(metric 'pf_status_relay_lacp_transitions_total{interface="pf0",state="up"}')" 2 "a second transition to up"
expect_eq "$(metric 'pf_status_relay_vf_link_state_changes_total{interface="pf0",state="auto"}')" 3 "three VFs back to auto"
expect_eq "$(metric 'pf_status_relay_vfs{interface="pf0",link_state="auto"}')" 3 "three auto VFs again"
expect_eq "$(metric "pf_status_relay_reaction_seconds_count$pf")" 2 "two reactions timed"
age=$(metric "pf_status_relay_last_lacpdu_age_seconds$pf")
awk -v a="$age" 'BEGIN { exit !(a < 2) }' || fail "last LACPDU age ${age}s after recovery, expected under 2 s"
hints=$(metric 'pf_status_relay_looks_total{interface="pf0",cause="lacpdu_hint"}')
[ "${hints:-0}" -ge 1 ] || fail "no look on a LACPDU hint counted ($hints)"
scrape > "$OUT/metrics-recovered.txt"

say "requests the endpoint refuses"
expect_eq "$(http_status /nothing)" 404 "unknown path"
expect_eq "$(http_status /metrics POST)" 405 "POST"
expect_eq "$(http_get /healthz HEAD | sed '1,/^$/d' | wc -c)" 0 "HEAD has no body"
