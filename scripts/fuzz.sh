#!/usr/bin/env bash
# Builds the libFuzzer target for the netlink codec (Fuzz/NetlinkDecoderFuzz.swift)
# and runs it for a bounded time on a copy of the committed seed corpus.
#
#   scripts/fuzz.sh                    # 60 s
#   FUZZ_SECONDS=600 scripts/fuzz.sh   # longer
#   scripts/fuzz.sh -seed=1            # extra arguments go to libFuzzer
#
# Everything it writes is under .build-fuzz/ (git-ignored): the build, the
# working corpus (.build-fuzz/corpus-work, seeded from Fuzz/corpus, which is
# never written to) and crash artifacts (.build-fuzz/artifacts/).
# Exits non-zero when the build fails or libFuzzer reports a crash, leak,
# timeout or out-of-memory.
#
# Environment: FUZZ_SECONDS (default 60), SWIFTC (default: swiftc on PATH, else
# /opt/swift/usr/bin/swiftc), FUZZ_SANITIZERS (default fuzzer,address; falls
# back to fuzzer alone when AddressSanitizer does not link).
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
work=$out/corpus-work
artifacts=$out/artifacts
binary=$out/netlink-decoder-fuzz
mkdir -p "$work" "$artifacts"

# Netlink and RouteNetlink are built as separate modules, as SwiftPM does, so
# RouteNetlink's `import Netlink` resolves and Sources/ is compiled unmodified.
# The settings mirror Package.swift (Swift 6 mode, ExistentialAny,
# InternalImportsByDefault, strict memory safety); -sanitize=fuzzer adds the
# coverage instrumentation libFuzzer needs to every object.
# Called from an `if`, where set -e does not apply: every step returns on failure.
build() {
    local sanitizers=$1
    local common=(
        -swift-version 6 -O -wmo -parse-as-library -g
        -enable-upcoming-feature ExistentialAny
        -enable-upcoming-feature InternalImportsByDefault
        -strict-memory-safety
        -sanitize="$sanitizers"
        -I "$out/modules"
    )
    rm -rf "$binary" "$out/obj" "$out/modules"
    mkdir -p "$out/obj" "$out/modules"
    set -x
    "$SWIFTC" "${common[@]}" -module-name Netlink \
        -emit-module -emit-module-path "$out/modules/Netlink.swiftmodule" \
        -c Sources/Netlink/*.swift -o "$out/obj/Netlink.o" || return 1
    "$SWIFTC" "${common[@]}" -module-name RouteNetlink \
        -emit-module -emit-module-path "$out/modules/RouteNetlink.swiftmodule" \
        -c Sources/RouteNetlink/*.swift -o "$out/obj/RouteNetlink.o" || return 1
    "$SWIFTC" "${common[@]}" -module-name LACPWire \
        -emit-module -emit-module-path "$out/modules/LACPWire.swiftmodule" \
        -c Sources/LACPWire/*.swift -o "$out/obj/LACPWire.o" || return 1
    "$SWIFTC" "${common[@]}" ${linker[@]+"${linker[@]}"} -module-name FuzzNetlink \
        Fuzz/NetlinkDecoderFuzz.swift "$out/obj/Netlink.o" "$out/obj/RouteNetlink.o" "$out/obj/LACPWire.o" \
        -o "$binary" || return 1
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
echo "fuzz: built $binary with -sanitize=$sanitizers"

# Start the working corpus from the committed seeds (files already there from
# earlier runs are kept: they are what libFuzzer learned).
cp -f Fuzz/corpus/* "$work/"

# A failed check calls fatalError, which traps; libFuzzer's own handler then
# prints the stack and writes the input. Swift's backtracer is turned off: under
# ASan it reports a false stack-buffer-underflow and its helper process outlives
# the fuzzer, holding the log pipe open.
export SWIFT_BACKTRACE=enable=no
symbolizer=$(dirname "$(readlink -f "$SWIFTC")")/llvm-symbolizer
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ] && [ -x "$symbolizer" ]; then
    export ASAN_SYMBOLIZER_PATH=$symbolizer
fi

log=$out/fuzz.log
start=$(date +%s)
set +e
"$binary" "$work" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=4096 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
elapsed=$(( $(date +%s) - start ))

runs=$(sed -n 's/^stat::number_of_executed_units:[[:space:]]*//p' "$log" | tail -n 1)
runs=${runs:-?}
if [ "$status" -ne 0 ]; then
    echo "fuzz: libFuzzer exited with status $status after $runs runs in $elapsed s; artifacts in $artifacts:" >&2
    ls -l "$artifacts" >&2 || true
    echo "fuzz: reproduce with: SWIFT_BACKTRACE=enable=no $binary <artifact>" >&2
    exit 1
fi
echo "fuzz: $runs runs in $elapsed s, no crash ($(ls "$work" | wc -l) inputs in the working corpus)"
