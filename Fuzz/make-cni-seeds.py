#!/usr/bin/env python3
"""Writes the seed corpus of Fuzz/CNIConfigFuzz.swift to Fuzz/corpus-cni/.

The target has no mode byte: every input is tried as a bond network
configuration, as a CNI result (and its "prevResult"), as IP addresses (the
whole text and each line) and as KEY=VALUE lines of a CNI_* environment. The
seeds are valid configurations (the Bond CNI example, every mode and option),
invalid ones (each validation rule broken once), results of every CNI version,
addresses and environments.

Standard library only; run `python3 Fuzz/make-cni-seeds.py` (or give another
output directory as the argument).
"""

import json
import os
import sys


def compact(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


# The Bond CNI README example, which must keep parsing.
BOND_CNI_EXAMPLE = {
    "cniVersion": "0.3.1", "name": "bond-net1", "type": "bond", "mode": "active-backup",
    "failOverMac": 1, "linksInContainer": True, "miimon": "100", "mtu": 1500,
    "links": [{"name": "net1"}, {"name": "net2"}],
    "ipam": {"type": "host-local", "subnet": "10.56.217.0/24", "routes": [{"dst": "0.0.0.0/0"}],
             "gateway": "10.56.217.1"},
}


def config(**changes):
    document = dict(BOND_CNI_EXAMPLE)
    for key, value in changes.items():
        if value is None:
            document.pop(key, None)
        else:
            document[key] = value
    return document


def result(version):
    legacy = version.startswith("0.")
    ips = [
        {"address": "10.56.217.5/24", "gateway": "10.56.217.1", "interface": 0},
        {"address": "fd00:56::5/64", "gateway": "fd00:56::1", "interface": 0},
    ]
    if legacy:
        ips[0]["version"] = "4"
        ips[1]["version"] = "6"
    interface = {"name": "bond0", "mac": "02:42:ac:11:00:02", "sandbox": "/var/run/netns/pod1"}
    routes = [{"dst": "0.0.0.0/0", "gw": "10.56.217.1"}, {"dst": "fd00::/8"}]
    if version == "1.1.0":
        interface["mtu"] = 9000
        interface["socketPath"] = "/run/vhost-user.sock"
        interface["pciID"] = "0000:3b:00.1"
        routes[0].update({"mtu": 1400, "advmss": 1360, "priority": 100, "table": 254, "scope": 0})
    return {
        "cniVersion": version,
        "interfaces": [{"name": "net1", "mac": "02:00:00:00:00:01"}, interface],
        "ips": ips,
        "routes": routes,
        "dns": {"nameservers": ["10.56.217.53", "fd00:56::53"], "domain": "cluster.local",
                "search": ["svc.cluster.local"], "options": ["ndots:5"]},
    }


def seeds():
    s = {}
    # Valid configurations.
    s["config-bond-cni-example"] = compact(BOND_CNI_EXAMPLE)
    s["config-bond-cni-example-pretty"] = json.dumps(BOND_CNI_EXAMPLE, indent=2).encode()
    s["config-minimal"] = compact({"cniVersion": "1.0.0", "name": "n", "type": "bond",
                                   "links": [{"name": "a"}, {"name": "b"}]})
    s["config-8023ad-full"] = compact(config(
        cniVersion="1.1.0", mode="802.3ad", miimon=100, lacpRate="fast", xmitHashPolicy="layer3+4",
        allSlavesActive=1, updelay=200, downdelay=300, mtu=9000, ifname="bond0",
        links=[{"name": "ens1f0"}, {"name": "ens1f1"}, {"name": "ens2f0"}],
        dns={"nameservers": ["10.0.0.53"], "search": ["a.local"]}))
    s["config-balance-tlb"] = compact(config(mode="balance-tlb", tlbDynamicLb=0, primary="net2",
                                             xmitHashPolicy="encap3+4", failOverMac="follow"))
    s["config-arp-array"] = compact(config(miimon=None, arpInterval=200, mode="balance-xor",
                                           arpIpTarget=["10.56.217.1", "10.56.217.2"]))
    s["config-arp-string"] = compact(config(miimon="0", arpInterval="250", arpIpTarget="10.0.0.1,10.0.0.2"))
    s["config-with-prev-result"] = compact(config(cniVersion="1.0.0", prevResult=result("1.0.0"),
                                                  runtimeConfig={"mac": "x"}, args={"cni": {"a": 1}}))
    s["config-no-ipam"] = compact(config(ipam={}))
    # Invalid configurations: one rule broken each.
    s["bad-config-truncated"] = compact(BOND_CNI_EXAMPLE)[:60]
    s["bad-config-not-object"] = b'["bond"]'
    s["bad-config-version"] = compact(config(cniVersion="0.5.0"))
    s["bad-config-version-missing"] = compact(config(cniVersion=None))
    s["bad-config-type"] = compact(config(type="bridge"))
    s["bad-config-name-empty"] = compact(config(name=""))
    s["bad-config-mode"] = compact(config(mode="lacp"))
    s["bad-config-miimon-text"] = compact(config(miimon="abc"))
    s["bad-config-miimon-negative"] = compact(config(miimon=-1))
    s["bad-config-mtu"] = compact(config(mtu=67))
    s["bad-config-fail-over-mac"] = compact(config(failOverMac=3))
    s["bad-config-one-link"] = compact(config(links=[{"name": "net1"}]))
    s["bad-config-duplicate-link"] = compact(config(links=[{"name": "net1"}, {"name": "net1"}]))
    s["bad-config-link-name-long"] = compact(config(links=[{"name": "net1"}, {"name": "abcdefghijklmnop"}]))
    s["bad-config-link-name-slash"] = compact(config(links=[{"name": "net1"}, {"name": "a/b"}]))
    s["bad-config-ipam-bond"] = compact(config(ipam={"type": "bond"}))
    s["bad-config-xmit-in-active-backup"] = compact(config(xmitHashPolicy="layer2"))
    s["bad-config-lacp-rate-mode"] = compact(config(lacpRate="fast"))
    s["bad-config-primary-not-link"] = compact(config(primary="net3"))
    s["bad-config-arp-and-miimon"] = compact(config(arpInterval=100, arpIpTarget="10.0.0.1"))
    s["bad-config-arp-no-target"] = compact(config(miimon=None, arpInterval=100))
    s["bad-config-arp-ipv6-target"] = compact(config(miimon=None, arpInterval=100, arpIpTarget=["fd00::1"]))
    s["bad-config-arp-17-targets"] = compact(config(miimon=None, arpInterval=100,
                                                    arpIpTarget=[f"10.0.0.{i}" for i in range(1, 18)]))
    s["bad-config-updelay-not-multiple"] = compact(config(updelay=150))
    s["bad-config-prev-result"] = compact(config(prevResult={"ips": [{"address": "10.0.0.1"}]}))
    # Results of every version, and broken ones.
    for version in ["0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"]:
        s["result-" + version] = compact(result(version))
    s["result-empty"] = b'{"cniVersion":"1.0.0"}'
    s["result-mapped-v6"] = compact({"cniVersion": "0.4.0", "ips": [{"version": "6", "address": "::ffff:10.1.2.3/120"}]})
    s["bad-result-version-mismatch"] = compact({"cniVersion": "0.3.1", "ips": [{"version": "6", "address": "10.1.2.3/24"}]})
    s["bad-result-prefix"] = compact({"cniVersion": "1.0.0", "ips": [{"address": "10.1.2.3/33"}]})
    s["result-0.2.0-layout"] = compact({"cniVersion": "0.2.0", "ip4": {"ip": "10.1.2.3/24", "gateway": "10.1.2.1",
                                        "routes": [{"dst": "0.0.0.0/0"}]}, "ip6": {"ip": "fd00::3/64"}})
    s["bad-result-0.2.0-family"] = compact({"cniVersion": "0.2.0", "ip4": {"ip": "fd00::3/64"}})
    s["bad-result-interface-index"] = compact({"cniVersion": "1.0.0", "ips": [{"address": "10.1.2.3/24", "interface": -1}]})
    # Addresses, one per line (also tried as a whole).
    s["addresses"] = "\n".join([
        "10.56.217.1", "0.0.0.0", "255.255.255.255", "::", "::1", "2001:db8::1", "2001:0db8:0:0:1:0:0:1",
        "::ffff:10.1.2.3", "64:ff9b::192.0.2.33", "fe80::1%eth0", "1:2:3:4:5:6:7::", "10.1.2.3/24",
        "fd00::5/64", "::/0", "01.2.3.4", "1::2::3", "10.1.3.255/23",
    ]).encode()
    # Environments.
    s["env-add"] = b"CNI_COMMAND=ADD\nCNI_CONTAINERID=abc123\nCNI_NETNS=/var/run/netns/pod1\n" \
        b"CNI_IFNAME=bond0\nCNI_PATH=/opt/cni/bin:/usr/libexec/cni\nCNI_ARGS=IgnoreUnknown=1;K8S_POD_NAME=web-0"
    s["env-del-no-netns"] = b"CNI_COMMAND=DEL\nCNI_CONTAINERID=abc123\nCNI_NETNS=\nCNI_IFNAME=net1"
    s["env-version"] = b"CNI_COMMAND=VERSION"
    s["env-bad-ifname"] = b"CNI_COMMAND=CHECK\nCNI_CONTAINERID=abc\nCNI_NETNS=/x\nCNI_IFNAME=a:b"
    s["env-bad-args"] = b"CNI_COMMAND=ADD\nCNI_CONTAINERID=abc\nCNI_NETNS=/x\nCNI_IFNAME=eth0\nCNI_ARGS=A=1;B"
    return s


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "corpus-cni")
    os.makedirs(out, exist_ok=True)
    made = seeds()
    names = {name + ".cni" for name in made}
    for stale in sorted(os.listdir(out)):
        if stale.endswith(".cni") and stale not in names:
            os.remove(os.path.join(out, stale))
    total = 0
    for name, data in sorted(made.items()):
        with open(os.path.join(out, name + ".cni"), "wb") as f:
            f.write(data)
        total += len(data)
    print(f"make-cni-seeds: {len(made)} seeds, {total} bytes in {out}")


if __name__ == "__main__":
    main()
