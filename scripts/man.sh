#!/usr/bin/env bash
# The operator's man page, docs/man/pf-status-relay-operator.1, generated from
# its ArgumentParser command definitions (help texts, options, subcommands) by
# swift-argument-parser's generate-manual tool.
#
#   scripts/man.sh           regenerate it (make man)
#   scripts/man.sh --check   fail when it is not what the current sources give (make unit)
#
# The tool is run directly: its `swift package generate-manual` plugin builds
# every product in release mode first, and crashes in the plugin host of this
# toolchain (signal 11, even for --help). The page's date (.Dd) is kept while
# nothing else changes, so the check does not fail every new day; a page
# whose text changes gets today's date.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
page=docs/man/pf-status-relay-operator.1

check=false
case "${1:-}" in
    --check) check=true ;;
    "") ;;
    *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for product in pf-status-relay-operator generate-manual; do
    $SWIFT build --product "$product" > "$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
done
bin=$($SWIFT build --show-bin-path)

generate() {  # generate DATE (yyyy-mm-dd) -> $work/pf-status-relay-operator.1
    "$bin/generate-manual" "$bin/pf-status-relay-operator" --date "$1" --output-directory "$work"
}

today=$(date -u +%F)
date=$today
if [ -f "$page" ]; then
    # ".Dd December 7, 2026"
    date=$(date -u -d "$(sed -n 's/^\.Dd //p' "$page")" +%F 2>/dev/null || echo "$today")
fi
generate "$date"
if cmp -s "$work/pf-status-relay-operator.1" "$page"; then
    echo "man: $page is up to date"
    exit 0
fi
if $check; then
    echo "man: $page is not what the operator's command definitions give; run make man and commit it:" >&2
    diff -u "$page" "$work/pf-status-relay-operator.1" >&2 || true
    exit 1
fi
generate "$today"
mkdir -p "$(dirname "$page")"
cp "$work/pf-status-relay-operator.1" "$page"
echo "man: wrote $page"
