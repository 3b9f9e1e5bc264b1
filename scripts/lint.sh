#!/usr/bin/env bash
# Source rules the compiler cannot enforce on its own:
# - unsafe code (raw pointers, `unsafe` expressions, Unmanaged, @unchecked Sendable)
#   lives only in Sources/KernelSockets/SystemCalls.swift, the file that talks to sockets;
# - no try!, fatalError or force-try on input paths in production sources.
# Both packages: the root's Sources and the test tooling's (Testing/KubeTestServer/Sources).
set -euo pipefail
cd "$(dirname "$0")/.."
allowed="Sources/KernelSockets/SystemCalls.swift"
sources=(Sources Testing/KubeTestServer/Sources)
status=0

unsafe=$(grep -rnE '\bunsafe\b|Unsafe[A-Z][A-Za-z]*|Unmanaged|@unchecked Sendable|withMemoryRebound' "${sources[@]}" --include='*.swift' \
    | grep -v "^$allowed:" | grep -vE '^[^:]+:[0-9]+:\s*(//|///)' || true)
if [ -n "$unsafe" ]; then
    echo "lint: unsafe code outside $allowed:"; echo "$unsafe"; status=1
fi

crashy=$(grep -rnE 'try!|fatalError\(' "${sources[@]}" --include='*.swift' | grep -vE '^[^:]+:[0-9]+:\s*(//|///)' || true)
if [ -n "$crashy" ]; then
    echo "lint: try! or fatalError in production sources:"; echo "$crashy"; status=1
fi

if [ "$status" -eq 0 ]; then echo "lint: ok (unsafe code only in $allowed)"; fi
exit "$status"
