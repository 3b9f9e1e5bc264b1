#!/usr/bin/env bash
# Boots the lab VM for one scenario and returns its exit status.
#
#   lab/run.sh SCENARIO [OUT_DIR]
#
# The repository is shared read-only into the guest (scenario scripts), and
# OUT_DIR (default: a fresh temporary folder) read-write: the guest leaves
# there its exit status, the scenario's output and the daemon's log. The
# daemon and the bond CNI plugin are the static release binaries, copied into
# OUT_DIR/bin (LAB_DAEMON and LAB_BOND pick other builds). Debian's CNI
# plugins (host-local, static, tuning) are part of the initramfs, in
# /opt/cni/bin, and so is lab/cni-driver, in /usr/local/bin.
# The pod scenarios (NN-pod-*, demo, bench-pod) also get lab-probe (LAB_PROBE)
# and OUT_DIR/daemonset.json: the DaemonSet the operator renders for
# lab/pflacpmonitor.json (and OUT_DIR/daemonset-early.json for the same monitor
# with spec.lacpduTimeout 1500), whose environment and capabilities the daemon is run
# with: `LAB_OPERATOR render-daemonset` when LAB_OPERATOR names an operator
# binary, else `lab-probe render-daemonset` (the operator's own OperatorCore code).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
scenario=${1:?usage: lab/run.sh SCENARIO [OUT_DIR]}
out=${2:-$(mktemp -d /tmp/pfsr-lab-XXXXXX)}
[ -f "$here/scenarios/$scenario.sh" ] || { echo "lab: no scenario $scenario" >&2; exit 2; }

lab=$("$here/build.sh" | tail -n 1)
needs_bond= needs_pod=
case "$scenario" in *-cni-*|*-pod-*|demo|bench-pod) needs_bond=1 ;; esac
case "$scenario" in *-pod-*|demo|bench-pod) needs_pod=1 ;; esac
# The soak measures LACPDU gaps with lab-probe's own taps.
needs_probe=$needs_pod
case "$scenario" in *-soak) needs_probe=1 ;; esac
# The metrics scenario runs the daemon as the DaemonSet rendered with the
# relay's metrics port configures it (daemonset-metrics.json), and its probes.
case "$scenario" in *-metrics) needs_probe=1 ;; esac
# Asked only when needed: it waits for any other SwiftPM using .build.
bin_path=
if [ -z "${LAB_DAEMON:-}" ] || { [ -z "${LAB_BOND:-}" ] && [ -n "$needs_bond" ]; } \
    || { [ -n "$needs_probe" ] && [ -z "${LAB_PROBE:-}" ]; }; then
    bin_path=$(cd "$repo" && swift build -c release --static-swift-stdlib --show-bin-path)
fi
binary=${LAB_DAEMON:-$bin_path/pf-status-relay}
[ -x "$binary" ] || { echo "lab: build the daemon first (make static)" >&2; exit 2; }
mkdir -p "$out/bin"
rm -f "$out/status"
# LAB_ENV="CYCLES=2 ...": settings the scenario reads from OUT_DIR/env.
# The scenario's own watchdog (lab/scenarios/lib.sh) fires a minute before
# the VM's timeout, so a hang is shown rather than cut off.
timeout_seconds=${LAB_TIMEOUT:-600}
printf '%s\n' ${LAB_ENV:-} "SCENARIO_TIMEOUT=$(( timeout_seconds > 120 ? timeout_seconds - 60 : timeout_seconds / 2 ))" > "$out/env"
cp "$binary" "$out/bin/pf-status-relay"
# The CNI and pod scenarios need the plugin; the others run without it.
rm -f "$out/bin/bond" "$out/bin/lab-probe" "$out/daemonset.json" "$out/daemonset-early.json" "$out/daemonset-metrics.json"
if [ -n "$needs_bond" ]; then
    bond=${LAB_BOND:-$bin_path/bond}
    [ -x "$bond" ] || { echo "lab: build the bond plugin first (make bond)" >&2; exit 2; }
    cp "$bond" "$out/bin/bond"
fi
if [ -n "$needs_probe" ]; then
    probe=${LAB_PROBE:-$bin_path/lab-probe}
    [ -x "$probe" ] || { echo "lab: build lab-probe first (swift build -c release --static-swift-stdlib --product lab-probe)" >&2; exit 2; }
    # The image the operator would give the DaemonSet (images.env names it).
    image=$(. "$repo/images.env" && echo "$REGISTRY/pf-status-relay:v$VERSION")
    namespace=openshift-pf-status-relay-operator
    # RELAY_METRICS_PORT: the operator's PF_STATUS_RELAY_METRICS_PORT (off when unset).
    render() {
        local settings=(PF_STATUS_RELAY_IMAGE="$image" ${RELAY_METRICS_PORT:+PF_STATUS_RELAY_METRICS_PORT=$RELAY_METRICS_PORT})
        if [ -n "${LAB_OPERATOR:-}" ]; then
            env -i "${settings[@]}" "$LAB_OPERATOR" render-daemonset --namespace "$namespace" -
        else
            # The same rendering code, without building the operator's HTTP/TLS stack.
            env -i "${settings[@]}" "$probe" render-daemonset "$namespace"
        fi
    }
    render < "$here/pflacpmonitor.json" > "$out/daemonset.json" \
        || { echo "lab: could not render the DaemonSet for lab/pflacpmonitor.json" >&2; exit 2; }
    # The same monitor with the opt-in early detection (spec.lacpduTimeout).
    python3 -c 'import json, sys; m = json.load(sys.stdin); m["spec"]["lacpduTimeout"] = 1500; json.dump(m, sys.stdout)' \
        < "$here/pflacpmonitor.json" | render > "$out/daemonset-early.json" \
        || { echo "lab: could not render the DaemonSet for lab/pflacpmonitor.json with lacpduTimeout 1500" >&2; exit 2; }
    # With the relay's metrics port on (the recommended 9808): the bind address, port and probes.
    RELAY_METRICS_PORT=9808 render < "$here/pflacpmonitor.json" > "$out/daemonset-metrics.json" \
        || { echo "lab: could not render the DaemonSet for lab/pflacpmonitor.json with a metrics port" >&2; exit 2; }
fi
if [ -n "$needs_probe" ]; then cp "$probe" "$out/bin/lab-probe"; elif [ -n "${LAB_PROBE:-}" ]; then cp "$LAB_PROBE" "$out/bin/lab-probe"; fi

# KVM only where the CPU really virtualises (this machine kind has a /dev/kvm
# without vmx/svm, where a stock kernel hangs); otherwise TCG.
accel=(-accel tcg,thread=multi -cpu max)
if [ -w /dev/kvm ] && grep -qE '\b(vmx|svm)\b' /proc/cpuinfo; then accel=(-accel kvm -cpu host); fi

# The benchmarks' progress (lines "bench: ..." of lab/scenarios/lib.sh's
# progress), copied to standard error as the console shows them; the serial
# console ends lines with CR LF.
progress_lines() { sed -u -n 's/\r$//; /^bench: /p' >&2; }

boot() {
    timeout "$timeout_seconds" qemu-system-x86_64 "${accel[@]}" -m "${LAB_MEMORY:-1024}" -smp 2 \
        -nographic -no-reboot -nodefaults -serial stdio -net none \
        -kernel "$lab/vmlinux" -initrd "$lab/initramfs.cpio.gz" \
        -append "console=ttyS0 quiet loglevel=3 panic=-1 lab.scenario=$scenario" \
        -virtfs "local,path=$repo,mount_tag=repo,security_model=none,readonly=on" \
        -virtfs "local,path=$out,mount_tag=out,security_model=none" \
        2>&1 | if [ -n "${LAB_LIVE:-}" ]; then tee "$out/console.log" | sed -u -n '/lab: kernel/,$p' | grep --line-buffered -v -e 'lab: ' -e 'reboot: Power down' -e '^\[ *[0-9.]*\]'; else tee "$out/console.log" | progress_lines; fi || true
}
boot
# A kernel that dies while booting, before the scenario starts (no "lab: kernel"
# line yet), says nothing about the scenario: under TCG this happened once in
# some hundreds of boots (a NULL dereference in interrupt context at about 1.7 s,
# CI on 2026-12-06). Boot once more, keeping that console for a look; a crash
# once the scenario runs stays a failure.
if ! [ -f "$out/status" ] && ! grep -q '^lab: kernel' "$out/console.log" \
    && grep -qE 'Kernel panic|BUG:|Oops' "$out/console.log"; then
    mv "$out/console.log" "$out/console-crashed-boot.log"
    echo "lab: the VM's kernel crashed while booting, before $scenario started (console-crashed-boot.log); booting again" >&2
    boot
fi

if ! [ -f "$out/status" ]; then
    echo "lab: the VM gave no status for $scenario; console:" >&2
    tail -n 40 "$out/console.log" >&2
    exit 1
fi
status=$(cat "$out/status")
echo "lab: $scenario exited $status (logs in $out)" >&2
exit "$status"
