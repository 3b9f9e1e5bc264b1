#!/usr/bin/env bash
# The daemon's size as it ships: its stripped, fully static binary (the image's
# only file) against its budget, 10 MB (10,000,000 bytes).
#
#   scripts/daemon-size.sh [BINARY]
#
# BINARY: a stripped binary to weigh (image-test passes the image's). Without
# it, the daemon is built as scripts/image-build.sh builds it (release,
# --static-swift-stdlib -static-executable, default traits off) and a stripped
# copy is weighed. Prints one line; exits 1 over budget.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
budget=10000000
binary=${1:-}
if [ -z "$binary" ]; then
    scratch=$repo/.build-image
    flags=(-c release --scratch-path "$scratch" --static-swift-stdlib -Xswiftc -static-executable --disable-default-traits)
    mkdir -p "$scratch"
    (cd "$repo" && swift build "${flags[@]}" --product pf-status-relay > "$scratch/size-build.log" 2>&1) \
        || { echo "daemon-size: the build failed (log: $scratch/size-build.log)" >&2; exit 2; }
    unstripped="$(cd "$repo" && swift build "${flags[@]}" --show-bin-path)/pf-status-relay"
    binary=$(mktemp)
    trap 'rm -f "$binary"' EXIT
    strip -o "$binary" "$unstripped"
fi
bytes=$(stat -c %s "$binary")
verdict=ok
[ "$bytes" -le "$budget" ] || verdict="OVER BUDGET"
awk -v b="$bytes" -v budget="$budget" -v v="$verdict" \
    'BEGIN { printf "daemon size: the stripped static binary is %d bytes (%.2f MB); budget %.0f MB: %s\n", b, b / 1e6, budget / 1e6, v }'
[ "$verdict" = ok ]
