# No false early verdicts: healthy LACP on SOAK_PFS PFs (default 4, 8 VFs
# each) for SOAK_SECONDS (default 120 in make test; make soak: 1800), both
# vCPUs kept busy by two busy loops, the daemon with --lacpdu-timeout 1500.
# Counts what must stay 0 (early verdicts, LACP down, VF changes, suspensions)
# and prints, from lab-probe's own taps, the gaps between LACPDUs on each PF.
source /mnt/repo/lab/scenarios/lib.sh
SOAK_SECONDS=${SOAK_SECONDS:-120}
SOAK_PFS=${SOAK_PFS:-4}
TIMEOUT_MS=${TIMEOUT_MS:-1500}
PROBE=$OUT/bin/lab-probe
[ -x "$PROBE" ] || fail "no lab-probe in $OUT/bin (lab/run.sh stages it)"
cp "$PROBE" /tmp/lab-probe; PROBE=/tmp/lab-probe
namespaces
pfs=()
for n in $(seq 0 $((SOAK_PFS - 1))); do make_pf "$n" 8; pfs+=("pf$n"); done
all_up() { local pf; for pf in "${pfs[@]}"; do lacp_up "$pf" || return 1; done; }
wait_for 60 "LACP up on ${pfs[*]}" all_up
start_daemon --interfaces "$(IFS=,; echo "${pfs[*]}")" --lacpdu-timeout "$TIMEOUT_MS"
all_logged_up() { [ "$(log_count "lacp is up")" -ge "$SOAK_PFS" ]; }
wait_for 15 "lacp is up on every PF" all_logged_up
expect_eq "$(log_count "lacpdu timeout is on")" 1 "the daemon's LACPDU timeout is on"

say "load: two busy loops (both vCPUs), for ${SOAK_SECONDS} s of healthy LACP on ${pfs[*]}"
busy=()
for _ in 1 2; do (while :; do :; done) & busy+=($!); done
mark=$(wc -l < "$DAEMON_LOG")
ip netns exec host "$PROBE" lacpdu-gaps "$SOAK_SECONDS" "${pfs[@]}" > /tmp/gaps.txt &
gaps_pid=$!
cpu_before=$(head -n 1 /proc/stat)
wait "$gaps_pid" || fail "lab-probe lacpdu-gaps failed: $(cat /tmp/gaps.txt)"
cpu_after=$(head -n 1 /proc/stat)
kill "${busy[@]}"; wait "${busy[@]}" 2>/dev/null || true
cat /tmp/gaps.txt

# Both vCPUs busy: idle time under 10% of the run (the check must be able to fail).
idle=$(awk -v a="$cpu_before" -v b="$cpu_after" 'BEGIN {
    split(a, x); split(b, y); total = 0
    for (i = 2; i <= 9; i++) total += y[i] - x[i]
    printf "%.1f", 100 * ((y[5] - x[5]) + (y[6] - x[6])) / total }')
say "vCPU idle during the soak: ${idle}%"
awk -v i="$idle" 'BEGIN {exit !(i < 10)}' || fail "the VM was not loaded (idle ${idle}%)"

since() { tail -n +"$((mark + 1))" "$DAEMON_LOG" | jq -R -c "fromjson? | select($1)" | wc -l; }
early=$(since '.msg == "lacp is down" and .reason == "lacpdu-timeout"')
down=$(since '.msg == "lacp is down"')
changes=$(since '.msg == "vf link state was set" or .msg == "failed to set vf link state"')
suspended=$(since '.msg == "lacpdu timeout suspended"')
lacpdus=$(awk '{for (i = 1; i <= NF; i++) if ($i ~ /^lacpdus=/) {split($i, kv, "="); n += kv[2]}} END {print n + 0}' /tmp/gaps.txt)
max_gap=$(awk '{for (i = 1; i <= NF; i++) if ($i ~ /^max_ms=/) {split($i, kv, "="); if (kv[2] > m) m = kv[2]}} END {print m + 0}' /tmp/gaps.txt)
echo "soak: seconds=$SOAK_SECONDS pfs=$SOAK_PFS timeout_ms=$TIMEOUT_MS lacpdus=$lacpdus max_gap_ms=$max_gap idle_pct=$idle early_verdicts=$early lacp_down=$down vf_changes=$changes suspensions=$suspended" | tee "$OUT/soak.txt"
[ "$lacpdus" -ge $((SOAK_SECONDS * SOAK_PFS * 9 / 10)) ] || fail "too few LACPDUs seen ($lacpdus): the partners did not send every second"
expect_eq "$early $down $changes $suspended" "0 0 0 0" "early verdicts, lacp down, VF changes, suspensions during the soak"
