#!/usr/bin/env bash
# Source rules the compiler cannot enforce on its own:
# - unsafe code (raw pointers, `unsafe` expressions, Unmanaged, @unchecked Sendable)
#   lives only in Sources/KernelSockets/SystemCalls.swift, the file that talks to sockets;
# - no try!, fatalError or force-try on input paths in production sources.
set -euo pipefail
cd "$(dirname "$0")/.."
allowed="Sources/KernelSockets/SystemCalls.swift"
status=0

unsafe=$(grep -rnE '\bunsafe\b|Unsafe[A-Z][A-Za-z]*|Unmanaged|@unchecked Sendable|withMemoryRebound' Sources --include='*.swift' \
    | grep -v "^$allowed:" | grep -vE '^[^:]+:[0-9]+:\s*(//|///)' || true)
if [ -n "$unsafe" ]; then
    echo "lint: unsafe code outside $allowed:"; echo "$unsafe"; status=1
fi

crashy=$(grep -rnE 'try!|fatalError\(' Sources --include='*.swift' | grep -vE '^[^:]+:[0-9]+:\s*(//|///)' || true)
if [ -n "$crashy" ]; then
    echo "lint: try! or fatalError in production sources:"; echo "$crashy"; status=1
fi

if [ "$status" -eq 0 ]; then echo "lint: ok (unsafe code only in $allowed)"; fi
exit "$status"
