#!/usr/bin/env python3
"""Turns the raw data of lab/scenarios/bench.sh into the benchmark table."""
import json
import statistics
import sys
from pathlib import Path


def lines(path):
    return [json.loads(l) for l in Path(path).read_text().splitlines() if l.strip().startswith("{")]


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def pairs(events, start, end):
    """For each `start` event, the first `end` event after it (same probe)."""
    result = []
    for i, e in enumerate(events):
        if e["event"] != start:
            continue
        for f in events[i + 1:]:
            if f["event"] == end:
                result.append((e, f))
                break
            if f["event"] == start:
                break
    return result


def ms(ns):
    return ns / 1e6


def stats(values):
    return statistics.median(values), percentile(values, 90), percentile(values, 99)


def main(out):
    bench = Path(out) / "bench"
    rows = {}
    precision = {}
    e2e = {}
    for mode in ("hinted", "poll-only"):
        probe = lines(bench / f"{mode}-probe.jsonl")
        markers = lines(bench / f"{mode}-markers.jsonl")
        gaps = [e["t"] - e["previous_sample"] for e in probe]
        precision[mode] = statistics.median(gaps) if gaps else float("nan")
        rows[(mode, "failure")] = [ms(b["t"] - a["t"]) for a, b in pairs(probe, "lacp_down", "vfs_disabled")]
        rows[(mode, "recovery")] = [ms(b["t"] - a["t"]) for a, b in pairs(probe, "lacp_up", "vfs_restored")]
        drops = [m["t"] for m in markers if m["event"] == "drop"]
        downs = [e["t"] for e in probe if e["event"] == "lacp_down"]
        disabled = [e["t"] for e in probe if e["event"] == "vfs_disabled"]
        items = []
        for d in drops:
            down = next((t for t in downs if t > d), None)
            done = next((t for t in disabled if t > d), None)
            if down and done:
                items.append((ms(down - d), ms(done - d)))
        e2e[mode] = items

    print("Reaction: kernel LACP state change -> last VF set (ms)")
    print(f"{'mode':<10} {'direction':<9} {'n':>3} {'median':>8} {'p90':>8} {'p99':>8}")
    for (mode, direction), values in rows.items():
        if values:
            m, p90, p99 = stats(values)
            print(f"{mode:<10} {direction:<9} {len(values):>3} {m:>8.1f} {p90:>8.1f} {p99:>8.1f}")
        else:
            print(f"{mode:<10} {direction:<9} {0:>3} {'-':>8} {'-':>8} {'-':>8}")
    for direction in ("failure", "recovery"):
        h, p = rows[("hinted", direction)], rows[("poll-only", direction)]
        if h and p:
            hm, pm = statistics.median(h), statistics.median(p)
            ratio = pm / hm if hm > 0 else float("inf")
            print(f"poll-only / hinted, {direction}: median {ratio:.0f}x, p99 {percentile(p, 99) / max(percentile(h, 99), 1e-9):.0f}x")
    print(f"How 'kernel changed' is observed: lab-probe polls RTM_GETLINK on the PF every ~1 ms in the guest and "
          f"timestamps the first sample showing the change; both ends come from the same probe, so each figure is "
          f"good to one sample gap (median gap: hinted {ms(precision['hinted']):.2f} ms, poll-only {ms(precision['poll-only']):.2f} ms). "
          f"A reaction shorter than the gap shows as 0.")
    print()
    print("End to end: LACPDU drop at the switch -> VFs disabled (ms)")
    print(f"{'mode':<10} {'n':>3} {'kernel expiry median':>21} {'VFs disabled median':>20} {'after expiry median':>20} {'p99':>8}")
    for mode, items in e2e.items():
        if items:
            expiry = [a for a, _ in items]
            done = [b for _, b in items]
            extra = [b - a for a, b in items]
            print(f"{mode:<10} {len(items):>3} {statistics.median(expiry):>21.1f} {statistics.median(done):>20.1f} "
                  f"{statistics.median(extra):>20.1f} {percentile(extra, 99):>8.1f}")
    print()
    cost = lines(bench / "vfcost.jsonl")
    print("VF relay cost: setting N VFs (median of 5, microseconds)")
    print(f"{'VFs':>5} {'one request':>12} {'one per VF':>11} {'ratio':>6}")
    for count in (8, 64, 256):
        b = [c["microseconds"] for c in cost if c["count"] == count and c["mode"] == "batch"]
        s = [c["microseconds"] for c in cost if c["count"] == count and c["mode"] == "single"]
        if b and s:
            bm, sm = statistics.median(b), statistics.median(s)
            print(f"{count:>5} {bm:>12.0f} {sm:>11.0f} {sm / bm:>5.1f}x")
    print()
    print("Footprint: 8 PFs x 32 VFs, 60 s at 1000 ms (CPU in % of one core; system time is mostly the kernel building netlink replies)")
    print(f"{'mode':<10} {'CPU':>6} {'user':>6} {'system':>7} {'RSS MiB':>8} {'peak':>6} {'threads':>8}")
    cpu_by_mode = {}
    for f in lines(bench / "footprint.jsonl"):
        per = lambda ticks: ticks / f["ticks_per_second"] / f["seconds"] * 100
        cpu = per(f["user_ticks"] + f["system_ticks"])
        cpu_by_mode[f["mode"]] = cpu
        print(f"{f['mode']:<10} {cpu:>5.2f}% {per(f['user_ticks']):>5.2f}% {per(f['system_ticks']):>6.2f}% "
              f"{f['rss_kib'] / 1024:>8.1f} {f['peak_rss_kib'] / 1024:>6.1f} {f['threads']:>8}")
    if cpu_by_mode.get("poll-only"):
        print(f"hinted / poll-only CPU: {cpu_by_mode['hinted'] / cpu_by_mode['poll-only']:.2f}x")

if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
