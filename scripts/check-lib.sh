# Sourced by the shell tests (image-test.sh, install-test.sh): one line per
# check, "ok" or "FAIL" with the tail of what the check printed; the caller
# prints "NAME: $passed passed, $failed failed" at the end. Needs $work.
passed=0 failed=0
check() {  # check DESCRIPTION COMMAND...
    local description=$1; shift
    if "$@" > "$work/last.out" 2>&1; then
        passed=$((passed + 1)); echo "ok    $description"
    else
        failed=$((failed + 1)); echo "FAIL  $description"; sed 's/^/      /' "$work/last.out" | tail -n 25
    fi
}

# fresh_work_dir: empties $work, first unmounting what a killed run may have
# left mounted in it (/proc in an unpacked image).
fresh_work_dir() {
    awk -v w="$work/" 'index($2, w) == 1 { print $2 }' /proc/mounts | sort -r | xargs -r -n1 umount
    rm -rf "$work"; mkdir -p "$work"
}
