#!/usr/bin/env bash
# Runs every lab scenario (one VM boot each) against the static daemon and
# the static bond CNI plugin, and prints "lab: N passed, N failed".
# LAB_SCENARIOS="01-negotiation 02-..." picks some.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
"$here/build.sh" > /dev/null || exit 1
# LAB_DAEMON / LAB_BOND name other binaries (make test passes the ones from
# the images' root file systems); otherwise the static release builds are used.
if [ -n "${LAB_DAEMON:-}" ]; then
    [ -x "$LAB_DAEMON" ] || { echo "lab: LAB_DAEMON=$LAB_DAEMON is not an executable" >&2; exit 1; }
    export LAB_DAEMON=$(cd "$(dirname "$LAB_DAEMON")" && pwd)/$(basename "$LAB_DAEMON")
    echo "lab: daemon $LAB_DAEMON"
else
    (cd "$repo" && swift build -c release --static-swift-stdlib --product pf-status-relay) || exit 1
fi
if [ -n "${LAB_BOND:-}" ]; then
    [ -x "$LAB_BOND" ] || { echo "lab: LAB_BOND=$LAB_BOND is not an executable" >&2; exit 1; }
    export LAB_BOND=$(cd "$(dirname "$LAB_BOND")" && pwd)/$(basename "$LAB_BOND")
    echo "lab: bond plugin $LAB_BOND"
else
    (cd "$repo" && swift build -c release --static-swift-stdlib --product bond) || exit 1
fi
# LAB_OPERATOR: the operator binary that renders the pod scenarios' DaemonSet
# (make test passes the image's); without it lab-probe renders it with the
# same code. lab-probe (NIC model and instrument, in no image) is built here.
if [ -n "${LAB_OPERATOR:-}" ]; then
    [ -x "$LAB_OPERATOR" ] || { echo "lab: LAB_OPERATOR=$LAB_OPERATOR is not an executable" >&2; exit 1; }
    export LAB_OPERATOR=$(cd "$(dirname "$LAB_OPERATOR")" && pwd)/$(basename "$LAB_OPERATOR")
    echo "lab: operator $LAB_OPERATOR"
fi
(cd "$repo" && swift build -c release --static-swift-stdlib --product lab-probe) || exit 1
scenarios=${LAB_SCENARIOS:-$(cd "$here/scenarios" && ls [0-9]*.sh | sed 's/\.sh$//')}
results=$repo/.build/lab-results
rm -rf "$results"; mkdir -p "$results"
passed=0 failed=0 failures=()
for scenario in $scenarios; do
    began=$(date +%s)
    # SCENARIO.after, when there is one, checks on the host what the VM left
    # in the results (tools the guest lacks, e.g. promtool); it is part of the verdict.
    after=$here/scenarios/$scenario.after
    if "$here/run.sh" "$scenario" "$results/$scenario" > /dev/null 2>&1 \
        && { [ ! -x "$after" ] || "$after" "$results/$scenario" >> "$results/$scenario/scenario.log" 2>&1; }; then
        passed=$((passed + 1)); verdict=PASS
    else
        failed=$((failed + 1)); verdict=FAIL; failures+=("$scenario")
    fi
    printf 'lab: %-22s %s (%ss)\n' "$scenario" "$verdict" "$(( $(date +%s) - began ))"
    if [ "$verdict" = FAIL ]; then
        echo "---- $scenario: scenario output"; tail -n 40 "$results/$scenario/scenario.log" 2>/dev/null
        echo "---- $scenario: console"
        # A kernel crash is shown from its first line (the stack is what matters).
        if grep -qE 'BUG:|Oops|Kernel panic' "$results/$scenario/console.log" 2>/dev/null; then
            sed -n '/BUG:\|Oops\|Kernel panic/,$p' "$results/$scenario/console.log" | head -n 80
        else
            tail -n 15 "$results/$scenario/console.log" 2>/dev/null
        fi
    fi
done
# Last, so that a log's tail names what failed.
for scenario in "${failures[@]}"; do
    echo "lab: $scenario: $(grep -h 'FAIL' "$results/$scenario/scenario.log" 2>/dev/null | tail -n 1 || true)"
done
echo "lab: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
