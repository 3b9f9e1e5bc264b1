# The benchmark (make bench): one boot, raw data into $OUT/bench, turned into
# a table on the host by lab/bench-report.py.
source /mnt/repo/lab/scenarios/lib.sh
PROBE=$OUT/bin/lab-probe
CYCLES=${CYCLES:-20}
mkdir -p "$OUT/bench"
namespaces

# --- Reaction: one PF, 8 VFs; the daemon as designed, then poll-only at 1000 ms.
progress "reaction: setting up one PF with 8 VFs"
make_pf 0 8
wait_for 40 "LACP up in the kernel" lacp_up pf0
# FOOTPRINT_ONLY=1 (make bench-footprint): straight to the footprint.
if [ -z "${FOOTPRINT_ONLY:-}" ]; then
mode_index=0
for mode in hinted poll-only; do
    mode_index=$((mode_index + 1))
    : > "$DAEMON_LOG"
    if [ "$mode" = hinted ]; then start_daemon --interfaces pf0; else start_daemon --interfaces pf0 --poll-only --polling-interval 1000; fi
    wait_for 10 "lacp is up" has_log "lacp is up" pf0
    ip netns exec host "$PROBE" watch pf0 1000 > "$OUT/bench/$mode-probe.jsonl" &
    probe=$!
    sleep 1
    markers="$OUT/bench/$mode-markers.jsonl"
    : > "$markers"
    for i in $(seq "$CYCLES"); do
        echo "{\"event\":\"drop\",\"t\":${EPOCHREALTIME/./}000}" >> "$markers"
        switch_fail 0
        wait_for 30 "VFs disabled ($mode, cycle $i)" vf_states_are pf0 "disable disable disable disable disable disable disable disable"
        sleep 0.3
        echo "{\"event\":\"undrop\",\"t\":${EPOCHREALTIME/./}000}" >> "$markers"
        switch_recover 0
        wait_for 40 "VFs restored ($mode, cycle $i)" vf_states_are pf0 "auto auto auto auto auto auto auto auto"
        sleep "1.$((RANDOM % 9))"
        say "$mode: cycle $i done"
        progress "reaction, $mode (mode $mode_index of 2): run $i/$CYCLES done"
    done
    kill "$probe"; wait "$probe" 2>/dev/null || true
    stop_daemon
    cp "$DAEMON_LOG" "$OUT/bench/$mode-daemon.log"
done

# --- VF relay cost: one request per PF against one request per VF.
: > "$OUT/bench/vfcost.jsonl"
echo 0 > /sys/bus/netdevsim/devices/netdevsim10/sriov_numvfs
echo 256 > /sys/bus/netdevsim/devices/netdevsim10/sriov_numvfs
for count in 8 64 256; do
    progress "VF relay cost: $count VFs, 5 rounds of batch and single"
    for round in 1 2 3 4 5; do
        for mode in batch single; do
            ip netns exec host "$PROBE" setvfs pf0 "$count" "$mode" disable >> "$OUT/bench/vfcost.jsonl"
            ip netns exec host "$PROBE" setvfs pf0 "$count" batch auto > /dev/null
        done
    done
done

fi

# --- Footprint: 8 PFs x 32 VFs for 60 s at 1000 ms.
progress "footprint: setting up 8 PFs with 32 VFs each"
for n in 1 2 3 4 5 6 7; do make_pf "$n" 32; done
echo 0 > /sys/bus/netdevsim/devices/netdevsim10/sriov_numvfs
echo 32 > /sys/bus/netdevsim/devices/netdevsim10/sriov_numvfs
for n in 0 1 2 3 4 5 6 7; do wait_for 60 "LACP up on pf$n" lacp_up "pf$n"; done
# The same 60 s for the daemon as designed, the same with its metrics on
# (scraped every 5 s, three to six times as often as Prometheus usually does),
# and in poll-only mode (upstream's way).
: > "$OUT/bench/footprint.jsonl"
: > "$OUT/bench/footprint-threads.jsonl"
# thread_stats PID: {"TID": {name, ticks (user + system), switches (voluntary + not)}} of each thread.
thread_stats() {
    local task tid name stat switches json="{"
    for task in /proc/"$1"/task/*; do
        tid=${task##*/}
        name=$(cat "$task/comm" 2>/dev/null) || continue
        stat=$(cat "$task/stat" 2>/dev/null) || continue
        stat=${stat##*) }   # the fields after the name, from the state on (field 3)
        switches=$(awk '/^voluntary_ctxt_switches|^nonvoluntary_ctxt_switches/ {s += $2} END {print s + 0}' "$task/status" 2>/dev/null)
        # shellcheck disable=SC2086
        set -- $stat
        json+="\"$tid\":{\"name\":\"${name//\"/}\",\"ticks\":$(( ${12} + ${13} )),\"switches\":${switches:-0}},"
    done
    echo "${json%,}}"
}
for mode in hinted metrics poll-only; do
    : > "$DAEMON_LOG"
    case $mode in
        hinted) extra=() ;;
        metrics) extra=(--metrics-bind-address 127.0.0.1:9808) ;;
        poll-only) extra=(--poll-only) ;;
    esac
    start_daemon --interfaces pf0,pf1,pf2,pf3,pf4,pf5,pf6,pf7 --polling-interval 1000 "${extra[@]}"
    wait_for 20 "8 PFs up" bash -c "[ \$(jq -R -c 'fromjson? | select(.msg == \"lacp is up\")' $DAEMON_LOG | wc -l) -ge 8 ]"
    pid=$DAEMON_PID
    progress "footprint, $mode: measuring for 60 s"
    sleep 2
    scraper=
    if [ "$mode" = metrics ]; then
        [ "$(metric 'pf_status_relay_lacp_up{interface="pf7"}')" = 1 ] || fail "the metrics scrape does not show pf7's LACP up"
        (while sleep 5; do scrape > /dev/null; done) &
        scraper=$!
    fi
    threads_before=$(thread_stats "$pid")
    times=$(awk '{print $14, $15}' "/proc/$pid/stat"); user0=${times% *}; system0=${times#* }
    start=$EPOCHREALTIME
    sleep 60
    times=$(awk '{print $14, $15}' "/proc/$pid/stat"); user1=${times% *}; system1=${times#* }
    threads_after=$(thread_stats "$pid")
    # Where the time went, thread by thread: CPU ticks and wake-ups (context
    # switches) in the 60 s, by the threads' names (the taps' "tap ifN").
    jq -nc --arg mode "$mode" --argjson a "$threads_after" --argjson b "$threads_before" \
        '$a | to_entries[] | .key as $tid | ($b[$tid] // {ticks: 0, switches: 0}) as $was
         | {mode: $mode, tid: $tid, name: .value.name, ticks: (.value.ticks - $was.ticks), switches: (.value.switches - $was.switches)}' \
        >> "$OUT/bench/footprint-threads.jsonl"
    if [ -n "$scraper" ]; then kill "$scraper"; wait "$scraper" 2>/dev/null || true; fi
    end=$EPOCHREALTIME
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
    # RSS = the daemon's own memory (anonymous) + the pages of its binary in use (file).
    anon=$(awk '/RssAnon/ {print $2}' "/proc/$pid/status")
    file=$(awk '/RssFile/ {print $2}' "/proc/$pid/status")
    threads=$(awk '/Threads/ {print $2}' "/proc/$pid/status")
    echo "{\"mode\":\"$mode\",\"pfs\":8,\"vfs_per_pf\":32,\"seconds\":$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", b - a}'),\"user_ticks\":$((user1 - user0)),\"system_ticks\":$((system1 - system0)),\"ticks_per_second\":100,\"rss_kib\":$rss,\"rss_anon_kib\":$anon,\"rss_file_kib\":$file,\"peak_rss_kib\":$hwm,\"threads\":$threads}" >> "$OUT/bench/footprint.jsonl"
    stop_daemon
done
cat "$OUT/bench/footprint.jsonl"

# --- Start-up: from the exec (through `ip netns exec`) to the first look at the
# last of the 8 PFs (its "pf is ready" log line; bench-report.py reads the
# logs), 5 runs. The daemon from tmpfs, as from a node's disk: from the 9p
# share every page fault is a round trip to the host.
progress "start-up: 5 runs"
cp "$DAEMON" /tmp/pf-status-relay-start
: > "$OUT/bench/startup.jsonl"
for run in 1 2 3 4 5; do
    : > "$DAEMON_LOG"
    exec_ns=${EPOCHREALTIME/./}000
    ip netns exec host /tmp/pf-status-relay-start --interfaces pf0,pf1,pf2,pf3,pf4,pf5,pf6,pf7 >> "$DAEMON_LOG" 2>&1 &
    DAEMON_PID=$!
    wait_for 20 "8 PFs looked at (start-up run $run)" bash -c "[ \$(jq -R -c 'fromjson? | select(.msg == \"pf is ready\")' $DAEMON_LOG | wc -l) -ge 8 ]"
    stop_daemon
    cp "$DAEMON_LOG" "$OUT/bench/startup-$run.log"
    echo "{\"run\":$run,\"exec_ns\":$exec_ns,\"pfs\":8}" >> "$OUT/bench/startup.jsonl"
done
progress "reaction, VF relay cost and footprint done"
