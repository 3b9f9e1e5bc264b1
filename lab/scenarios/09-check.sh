# `pf-status-relay check` on a ready PF and an unready one.
source /mnt/repo/lab/scenarios/lib.sh
namespaces
make_pf 0 2
make_pf 1 1 active-backup
set_vf pf0 1 enable
wait_for 40 "LACP up in the kernel" lacp_up pf0
status=0
ip netns exec host "$DAEMON" check pf0 pf1 > /tmp/check.txt || status=$?
cat /tmp/check.txt
expect_eq "$status" 1 "exit code with one PF not ready"
grep -qx "pf0: ready, lacp up" /tmp/check.txt || fail "pf0 not reported ready"
grep -q "master:  bond0 (kind bond, mode 802.3ad, lacp rate fast)" /tmp/check.txt || fail "bond line"
grep -q "actor:   0x3f activity,timeout,aggregation,synchronization,collecting,distributing" /tmp/check.txt || fail "actor line"
grep -q "vf 1: enable" /tmp/check.txt || fail "VF list"
grep -qx "pf1: not ready: bond bond1 is in mode active-backup, not 802.3ad" /tmp/check.txt || fail "pf1 reason"
ip netns exec host "$DAEMON" check --json pf0 > /tmp/check.json
cat /tmp/check.json
expect_eq "$(jq -r '.[0].ready' /tmp/check.json)" true "JSON ready"
expect_eq "$(jq -r '.[0].lacp.partner.flags | join(",")' /tmp/check.json)" "activity,timeout,aggregation,synchronization,collecting,distributing" "JSON partner flags"
expect_eq "$(jq -r '[.[0].vfs[].linkState] | join(" ")' /tmp/check.json)" "auto enable" "JSON VFs"
ip netns exec host "$DAEMON" check pf0 > /dev/null || fail "check on a ready PF must exit 0"
switch_fail 0
wait_for 30 "LACP down in the kernel" lacp_down pf0
ip netns exec host "$DAEMON" check pf0 | tee /tmp/check-down.txt
grep -qx "pf0: ready, lacp down" /tmp/check-down.txt || fail "lacp down shown"
