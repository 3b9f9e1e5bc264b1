#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each for a bounded time on a copy of
# its committed seed corpus:
#   netlink    Fuzz/NetlinkDecoderFuzz.swift, the netlink codec (seeds Fuzz/corpus)
#   kube       Fuzz/KubeModelFuzz.swift, JSON values and label selectors of
#              Sources/KubeModel, field selectors and patches of the test
#              tooling's KubePatch (Testing/KubeTestServer/Sources/KubePatch)
#              (seeds Fuzz/corpus-kube)
#   http       Fuzz/HTTPRequestFuzz.swift, the request line the daemon's metrics
#              endpoint reads and the response it writes
#              (Sources/RelayDaemon/HTTPRequestLine.swift) (seeds Fuzz/corpus-http)
#   cni        Fuzz/CNIConfigFuzz.swift, the bond plugin's network configuration,
#              CNI results, IP addresses and CNI_* environment of Sources/CNI
#              and Sources/BondCNI (seeds Fuzz/corpus-cni)
#
#   scripts/fuzz.sh                    # 60 s each
#   FUZZ_SECONDS=600 scripts/fuzz.sh   # longer
#   scripts/fuzz.sh -seed=1            # extra arguments go to libFuzzer (every run)
#
# Everything it writes is under .build-fuzz/ (git-ignored): the build, the
# working corpora (.build-fuzz/corpus-work, corpus-work-kube and corpus-work-cni,
# seeded from Fuzz/corpus, Fuzz/corpus-kube and Fuzz/corpus-cni, which are never
# written to) and crash artifacts (.build-fuzz/artifacts/, artifacts-kube/ and
# artifacts-cni/). Every fuzzer runs even when an earlier one fails; exits
# non-zero when the build fails or libFuzzer reports a crash, leak, timeout or
# out-of-memory in any of them.
#
# Environment: FUZZ_SECONDS (default 60, per fuzzer), SWIFTC (default: swiftc on
# PATH, else /opt/swift/usr/bin/swiftc), FUZZ_SANITIZERS (default
# fuzzer,address; falls back to fuzzer alone when AddressSanitizer does not link).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

seconds=${FUZZ_SECONDS:-60}
if ! [[ $seconds =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
    echo "fuzz: FUZZ_SECONDS must be a positive integer, got '$seconds'" >&2
    exit 2
fi

if [ -z "${SWIFTC:-}" ]; then
    if command -v swiftc >/dev/null 2>&1; then SWIFTC=$(command -v swiftc)
    elif [ -x /opt/swift/usr/bin/swiftc ]; then SWIFTC=/opt/swift/usr/bin/swiftc
    else echo "fuzz: swiftc not found; set SWIFTC" >&2; exit 2
    fi
fi

out=$root/.build-fuzz
binary=$out/netlink-decoder-fuzz
kube_binary=$out/kube-model-fuzz
cni_binary=$out/cni-config-fuzz
http_binary=$out/http-request-fuzz

# Netlink, LinkConstants and RouteNetlink are built as separate modules, as SwiftPM does, so
# RouteNetlink's imports resolve and Sources/ is compiled unmodified;
# JSONValues, KubeModel and KubePatch likewise for the second target, and JSONValues, CNI
# and BondCNI (with LinkConstants) for the third. The settings mirror Package.swift
# (Swift 6 mode, ExistentialAny, InternalImportsByDefault, strict memory
# safety); -sanitize=fuzzer adds the coverage instrumentation libFuzzer needs to
# every object.
# Called from an `if`, where set -e does not apply: every step returns on failure.
build() {
    local sanitizers=$1
    local common=(
        -swift-version 6 -O -wmo -parse-as-library -g
        -enable-upcoming-feature ExistentialAny
        -enable-upcoming-feature InternalImportsByDefault
        -strict-memory-safety
        # One package, as SwiftPM compiles it, so `package` declarations resolve.
        -package-name pf_status_relay
        -sanitize="$sanitizers"
        -I "$out/modules"
    )
    rm -rf "$binary" "$kube_binary" "$cni_binary" "$http_binary" "$out/obj" "$out/modules"
    mkdir -p "$out/obj" "$out/modules"
    set -x
    "$SWIFTC" "${common[@]}" -module-name Netlink \
        -emit-module -emit-module-path "$out/modules/Netlink.swiftmodule" \
        -c Sources/Netlink/*.swift -o "$out/obj/Netlink.o" || return 1
    "$SWIFTC" "${common[@]}" -module-name LinkConstants \
        -emit-module -emit-module-path "$out/modules/LinkConstants.swiftmodule" \
        -c Sources/LinkConstants/*.swift -o "$out/obj/LinkConstants.o" || return 1
    "$SWIFTC" "${common[@]}" -module-name RouteNetlink \
        -emit-module -emit-module-path "$out/modules/RouteNetlink.swiftmodule" \
        -c Sources/RouteNetlink/*.swift -o "$out/obj/RouteNetlink.o" || return 1
    "$SWIFTC" "${common[@]}" -module-name LACPWire \
        -emit-module -emit-module-path "$out/modules/LACPWire.swiftmodule" \
        -c Sources/LACPWire/*.swift -o "$out/obj/LACPWire.o" || return 1
    "$SWIFTC" "${common[@]}" ${linker[@]+"${linker[@]}"} -module-name FuzzNetlink \
        Fuzz/NetlinkDecoderFuzz.swift Fuzz/FuzzEntry.swift "$out/obj/Netlink.o" "$out/obj/LinkConstants.o" "$out/obj/RouteNetlink.o" "$out/obj/LACPWire.o" \
        -o "$binary" || return 1
    "$SWIFTC" "${common[@]}" -module-name JSONValues \
        -emit-module -emit-module-path "$out/modules/JSONValues.swiftmodule" \
        -c Sources/JSONValues/*.swift -o "$out/obj/JSONValues.o" || return 1
    "$SWIFTC" "${common[@]}" -module-name KubeModel \
        -emit-module -emit-module-path "$out/modules/KubeModel.swiftmodule" \
        -c Sources/KubeModel/*.swift -o "$out/obj/KubeModel.o" || return 1
    "$SWIFTC" "${common[@]}" -module-name KubePatch \
        -emit-module -emit-module-path "$out/modules/KubePatch.swiftmodule" \
        -c Testing/KubeTestServer/Sources/KubePatch/*.swift -o "$out/obj/KubePatch.o" || return 1
    "$SWIFTC" "${common[@]}" ${linker[@]+"${linker[@]}"} -module-name FuzzKubeModel \
        Fuzz/KubeModelFuzz.swift Fuzz/FuzzEntry.swift "$out/obj/JSONValues.o" "$out/obj/KubeModel.o" "$out/obj/KubePatch.o" \
        -o "$kube_binary" || return 1
    "$SWIFTC" "${common[@]}" -module-name CNI \
        -emit-module -emit-module-path "$out/modules/CNI.swiftmodule" \
        -c Sources/CNI/*.swift -o "$out/obj/CNI.o" || return 1
    "$SWIFTC" "${common[@]}" -module-name BondCNI \
        -emit-module -emit-module-path "$out/modules/BondCNI.swiftmodule" \
        -c Sources/BondCNI/*.swift -o "$out/obj/BondCNI.o" || return 1
    "$SWIFTC" "${common[@]}" ${linker[@]+"${linker[@]}"} -module-name FuzzCNIConfig \
        Fuzz/CNIConfigFuzz.swift Fuzz/FuzzEntry.swift "$out/obj/JSONValues.o" "$out/obj/LinkConstants.o" "$out/obj/CNI.o" "$out/obj/BondCNI.o" \
        -o "$cni_binary" || return 1
    # The request line has no imports: its one source file is compiled in.
    "$SWIFTC" "${common[@]}" ${linker[@]+"${linker[@]}"} -module-name FuzzHTTPRequest \
        Fuzz/HTTPRequestFuzz.swift Fuzz/FuzzEntry.swift Sources/RelayDaemon/HTTPRequestLine.swift \
        -o "$http_binary" || return 1
    { set +x; } 2>/dev/null
}

# lld, when the toolchain has it, links ASan binaries without gold's warnings.
linker=()
if [ -x "$(dirname "$(readlink -f "$SWIFTC")")/ld.lld" ]; then linker=(-use-ld=lld); fi

sanitizers=${FUZZ_SANITIZERS:-fuzzer,address}
if ! build "$sanitizers"; then
    { set +x; } 2>/dev/null
    if [ "$sanitizers" = fuzzer ]; then
        echo "fuzz: build failed" >&2; exit 1
    fi
    echo "fuzz: build with -sanitize=$sanitizers failed; retrying with -sanitize=fuzzer" >&2
    sanitizers=fuzzer
    build "$sanitizers" || { { set +x; } 2>/dev/null; echo "fuzz: build failed" >&2; exit 1; }
fi
echo "fuzz: built $binary, $kube_binary, $cni_binary and $http_binary with -sanitize=$sanitizers"

# A failed check calls fatalError, which traps; libFuzzer's own handler then
# prints the stack and writes the input. Swift's backtracer is turned off: under
# ASan it reports a false stack-buffer-underflow and its helper process outlives
# the fuzzer, holding the log pipe open.
export SWIFT_BACKTRACE=enable=no
symbolizer=$(dirname "$(readlink -f "$SWIFTC")")/llvm-symbolizer
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ] && [ -x "$symbolizer" ]; then
    export ASAN_SYMBOLIZER_PATH=$symbolizer
fi

# run NAME BINARY SEEDS WORK ARTIFACTS LOG [libFuzzer arguments...]: fuzzes for
# $seconds, prints one summary line, returns non-zero on a finding.
run() {
    local name=$1 target=$2 seeds=$3 work=$4 artifacts=$5 log=$6
    shift 6
    mkdir -p "$work" "$artifacts"
    # Start the working corpus from the committed seeds (files already there
    # from earlier runs are kept: they are what libFuzzer learned). Called from
    # `||`, where set -e does not apply: failures return explicitly.
    if ! cp -f "$seeds"/* "$work/"; then
        summary+=("fuzz: $name: FAILED: cannot copy the seeds from $seeds")
        return 1
    fi

    local start status elapsed runs
    start=$(date +%s)
    set +e
    "$target" "$work" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=4096 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" "$@" 2>&1 | tee "$log"
    status=${PIPESTATUS[0]}
    set -e
    elapsed=$(( $(date +%s) - start ))

    runs=$(sed -n 's/^stat::number_of_executed_units:[[:space:]]*//p' "$log" | tail -n 1)
    runs=${runs:-?}
    if [ "$status" -ne 0 ]; then
        echo "fuzz: $name: libFuzzer exited with status $status after $runs runs in $elapsed s; artifacts in $artifacts:" >&2
        ls -l "$artifacts" >&2 || true
        echo "fuzz: $name: reproduce with: SWIFT_BACKTRACE=enable=no $target <artifact>" >&2
        summary+=("fuzz: $name: FAILED (status $status) after $runs runs in $elapsed s; artifacts in $artifacts")
        return 1
    fi
    summary+=("fuzz: $name: $runs runs in $elapsed s, no crash ($(ls "$work" | wc -l) inputs in the working corpus)")
}

summary=()
failed=0
run netlink "$binary" Fuzz/corpus "$out/corpus-work" "$out/artifacts" "$out/fuzz.log" "$@" || failed=1
run kube "$kube_binary" Fuzz/corpus-kube "$out/corpus-work-kube" "$out/artifacts-kube" "$out/fuzz-kube.log" "$@" || failed=1
run cni "$cni_binary" Fuzz/corpus-cni "$out/corpus-work-cni" "$out/artifacts-cni" "$out/fuzz-cni.log" "$@" || failed=1
run http "$http_binary" Fuzz/corpus-http "$out/corpus-work-http" "$out/artifacts-http" "$out/fuzz-http.log" "$@" || failed=1

# One line per fuzzer, at the end, where the libFuzzer output does not bury it.
for line in "${summary[@]}"; do
    case $line in *FAILED*) echo "$line" >&2 ;; *) echo "$line" ;; esac
done
exit "$failed"
