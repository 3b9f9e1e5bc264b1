#!/usr/bin/env python3
"""Writes the seed corpus of the netlink decoder fuzzer (Fuzz/corpus/).

Every seed is built field by field from the kernel UAPI layouts
(<linux/netlink.h>, <linux/rtnetlink.h>, <linux/if_link.h>), independently of
the Swift codec, in host byte order (little-endian, like every host this
project runs on). The seeds are what the kernel sends the daemon: RTM_NEWLINK
for bond ports with LACP states and VFs, bond masters, extended acks, dumps
ending in NLMSG_DONE, multipart datagrams, and a few truncated or malformed
variants.

Usage: python3 Fuzz/make-seeds.py [output-dir]   (default: Fuzz/corpus next to this file)

The output is deterministic. Files named *.nl in the output directory that this
script no longer produces are removed; add regression inputs here, as code.
Standard library only.
"""

import os
import struct
import sys

# <linux/netlink.h>
NLMSG_NOOP, NLMSG_ERROR, NLMSG_DONE, NLMSG_OVERRUN = 1, 2, 3, 4
NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK = 0x01, 0x02, 0x04
NLM_F_DUMP_INTR = 0x10
NLM_F_ROOT, NLM_F_MATCH = 0x100, 0x200
NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH
NLM_F_CAPPED, NLM_F_ACK_TLVS = 0x100, 0x200
NLA_F_NESTED = 0x8000
NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS, NLMSGERR_ATTR_COOKIE = 1, 2, 3

# <linux/rtnetlink.h>
RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK, RTM_SETLINK = 16, 17, 18, 19
RTM_NEWADDR, RTM_DELADDR, RTM_GETADDR = 20, 21, 22
RTM_NEWROUTE, RTM_DELROUTE, RTM_GETROUTE = 24, 25, 26
RTA_DST, RTA_OIF, RTA_GATEWAY, RTA_PRIORITY, RTA_PREFSRC, RTA_TABLE = 1, 4, 5, 6, 7, 15
RT_TABLE_MAIN, RT_TABLE_LOCAL = 254, 255
RTPROT_KERNEL, RTPROT_BOOT = 2, 3
RT_SCOPE_UNIVERSE, RT_SCOPE_LINK, RT_SCOPE_HOST = 0, 253, 254
RTN_UNICAST, RTN_LOCAL = 1, 2
NLM_F_EXCL, NLM_F_CREATE = 0x200, 0x400

# <linux/if_addr.h>, <sys/socket.h>
IFA_ADDRESS, IFA_LOCAL, IFA_LABEL, IFA_CACHEINFO, IFA_FLAGS = 1, 2, 3, 6, 8
IFA_F_NODAD, IFA_F_PERMANENT = 0x02, 0x80
AF_INET, AF_INET6 = 2, 10
RTEXT_FILTER_VF, RTEXT_FILTER_SKIP_STATS = 1 << 0, 1 << 3

# <linux/if_link.h>
IFLA_ADDRESS, IFLA_BROADCAST, IFLA_IFNAME, IFLA_MTU = 1, 2, 3, 4
IFLA_MASTER, IFLA_OPERSTATE, IFLA_LINKMODE, IFLA_LINKINFO = 10, 16, 17, 18
IFLA_NUM_VF, IFLA_VFINFO_LIST, IFLA_EXT_MASK = 21, 22, 29
IFLA_INFO_KIND, IFLA_INFO_DATA, IFLA_INFO_SLAVE_KIND, IFLA_INFO_SLAVE_DATA = 1, 2, 4, 5
IFLA_BOND_MODE, IFLA_BOND_ACTIVE_SLAVE, IFLA_BOND_MIIMON, IFLA_BOND_AD_LACP_RATE = 1, 2, 3, 21
IFLA_BOND_UPDELAY, IFLA_BOND_DOWNDELAY, IFLA_BOND_USE_CARRIER = 4, 5, 6
IFLA_BOND_ARP_INTERVAL, IFLA_BOND_ARP_IP_TARGET, IFLA_BOND_PRIMARY = 7, 8, 11
IFLA_BOND_FAIL_OVER_MAC, IFLA_BOND_XMIT_HASH_POLICY, IFLA_BOND_ALL_SLAVES_ACTIVE = 13, 14, 17
IFLA_BOND_TLB_DYNAMIC_LB = 27
IFLA_NET_NS_FD = 28
IFLA_BOND_SLAVE_STATE, IFLA_BOND_SLAVE_MII_STATUS = 1, 2
IFLA_BOND_SLAVE_PERM_HWADDR, IFLA_BOND_SLAVE_QUEUE_ID = 4, 5
IFLA_BOND_SLAVE_AD_AGGREGATOR_ID = 6
IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE = 7  # u8
IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE = 8  # u16
IFLA_VF_INFO = 1
IFLA_VF_MAC, IFLA_VF_VLAN, IFLA_VF_LINK_STATE = 1, 2, 5
IFLA_VF_LINK_STATE_AUTO, IFLA_VF_LINK_STATE_ENABLE, IFLA_VF_LINK_STATE_DISABLE = 0, 1, 2

# <linux/if.h>, <linux/if_arp.h>
IF_OPER_DOWN, IF_OPER_LOWERLAYERDOWN, IF_OPER_UP = 2, 3, 6
IFF_UP, IFF_BROADCAST, IFF_RUNNING, IFF_MULTICAST = 0x1, 0x2, 0x40, 0x1000
IFF_MASTER, IFF_SLAVE, IFF_LOWER_UP = 0x400, 0x800, 0x10000
ARPHRD_ETHER = 1

# errno
ENODEV, EINVAL, EINTR, EPERM = 19, 22, 4, 1

# LACP actor/partner state bits (IEEE 802.1AX)
LACP_ACTIVITY, LACP_TIMEOUT, LACP_AGGREGATION = 0x01, 0x02, 0x04
LACP_SYNC, LACP_COLLECTING, LACP_DISTRIBUTING = 0x08, 0x10, 0x20
LACP_DEFAULTED, LACP_EXPIRED = 0x40, 0x80
LACP_UP = LACP_ACTIVITY | LACP_TIMEOUT | LACP_AGGREGATION | LACP_SYNC | LACP_COLLECTING | LACP_DISTRIBUTING

HOST = "<"  # host byte order: little-endian
DAEMON_PORT = 0x3A41  # nlmsg_pid the kernel sends replies to
SEQ = 7


def align4(n):
    return (n + 3) & ~3


def pad4(b):
    return b + b"\0" * (align4(len(b)) - len(b))


# struct nlattr { __u16 nla_len; __u16 nla_type; } then the payload, padded to 4.
def nla(type_, payload, pad=True):
    b = struct.pack(HOST + "HH", 4 + len(payload), type_) + payload
    return pad4(b) if pad else b


def nest(type_, *attrs, flag=True):
    return nla(type_ | (NLA_F_NESTED if flag else 0), b"".join(attrs))


def u8(type_, v):
    return nla(type_, struct.pack(HOST + "B", v))


def u16(type_, v):
    return nla(type_, struct.pack(HOST + "H", v))


def u32(type_, v):
    return nla(type_, struct.pack(HOST + "I", v))


def string(type_, s):
    return nla(type_, s.encode() + b"\0")


# struct nlmsghdr { __u32 nlmsg_len; __u16 nlmsg_type; __u16 nlmsg_flags; __u32 nlmsg_seq; __u32 nlmsg_pid; }
def nlmsg(type_, flags, payload, seq=SEQ, pid=DAEMON_PORT, length=None, pad=True):
    n = 16 + len(payload) if length is None else length
    b = struct.pack(HOST + "IHHII", n, type_, flags, seq, pid) + payload
    return pad4(b) if pad else b


# struct ifinfomsg { u8 ifi_family; u8 pad; u16 ifi_type; s32 ifi_index; u32 ifi_flags; u32 ifi_change; }
def ifinfomsg(index, flags=IFF_UP | IFF_BROADCAST | IFF_RUNNING | IFF_MULTICAST | IFF_LOWER_UP,
              change=0, family=0, dev_type=ARPHRD_ETHER):
    return struct.pack(HOST + "BxHiII", family, dev_type, index, flags, change)


def mac(last):
    return bytes([0x02, 0x00, 0x5E, 0x10, 0x00, last])


# struct ifla_vf_mac { __u32 vf; __u8 mac[32]; }
def vf_mac(vf):
    return nla(IFLA_VF_MAC, struct.pack(HOST + "I", vf) + mac(0x40 + vf) + b"\0" * 26)


# struct ifla_vf_link_state { __u32 vf; __u32 link_state; }
def vf_link_state(vf, state):
    return nla(IFLA_VF_LINK_STATE, struct.pack(HOST + "II", vf, state))


# struct ifla_vf_vlan { __u32 vf; __u32 vlan; __u32 qos; }
def vf_vlan(vf, vlan=0):
    return nla(IFLA_VF_VLAN, struct.pack(HOST + "III", vf, vlan, 0))


def vf_info(vf, state, nested_flag=True):
    return nest(IFLA_VF_INFO, vf_mac(vf), vf_vlan(vf), vf_link_state(vf, state), flag=nested_flag)


def vfinfo_list(vfs, nested_flag=True):
    return nest(IFLA_VFINFO_LIST, *(vf_info(vf, st, nested_flag) for vf, st in vfs), flag=nested_flag)


def bond_slave_data(actor, partner, state=0, aggregator=1, nested_flag=True):
    return nest(
        IFLA_INFO_SLAVE_DATA,
        u8(IFLA_BOND_SLAVE_STATE, state),
        u8(IFLA_BOND_SLAVE_MII_STATUS, 0),
        u16(IFLA_BOND_SLAVE_QUEUE_ID, 0),
        nla(IFLA_BOND_SLAVE_PERM_HWADDR, mac(0x01)),
        u16(IFLA_BOND_SLAVE_AD_AGGREGATOR_ID, aggregator),
        u8(IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE, actor),
        u16(IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE, partner),
        flag=nested_flag,
    )


def bond_port(index=7, name="ens1f0", master=9, actor=LACP_UP, partner=LACP_UP, vfs=(),
              operstate=IF_OPER_UP, nested_flag=True):
    attrs = [
        string(IFLA_IFNAME, name),
        u32(IFLA_MTU, 1500),
        u8(IFLA_OPERSTATE, operstate),
        u8(IFLA_LINKMODE, 0),
        u32(IFLA_MASTER, master),
        nla(IFLA_ADDRESS, mac(0x01)),
        nla(IFLA_BROADCAST, b"\xff" * 6),
        nest(IFLA_LINKINFO,
             string(IFLA_INFO_SLAVE_KIND, "bond"),
             bond_slave_data(actor, partner, nested_flag=nested_flag),
             flag=nested_flag),
    ]
    if vfs:
        attrs.append(u32(IFLA_NUM_VF, len(vfs)))
        attrs.append(vfinfo_list(vfs, nested_flag))
    flags = IFF_UP | IFF_BROADCAST | IFF_RUNNING | IFF_MULTICAST | IFF_SLAVE
    if operstate == IF_OPER_UP:
        flags |= IFF_LOWER_UP
    return ifinfomsg(index, flags) + b"".join(attrs)


def bond_master(index=9, name="bond0", mode=4, lacp_rate=1, kind_first=True):
    kind = string(IFLA_INFO_KIND, "bond")
    data = [u8(IFLA_BOND_MODE, mode), u32(IFLA_BOND_MIIMON, 100)]
    if lacp_rate is not None:
        data.append(u8(IFLA_BOND_AD_LACP_RATE, lacp_rate))
    info_data = nest(IFLA_INFO_DATA, *data)
    linkinfo = nest(IFLA_LINKINFO, *((kind, info_data) if kind_first else (info_data, kind)))
    return ifinfomsg(index, IFF_UP | IFF_BROADCAST | IFF_RUNNING | IFF_MULTICAST | IFF_MASTER | IFF_LOWER_UP) + (
        string(IFLA_IFNAME, name) + u32(IFLA_MTU, 1500) + u8(IFLA_OPERSTATE, IF_OPER_UP)
        + nla(IFLA_ADDRESS, mac(0x01)) + linkinfo
    )


def plain_link(index, name, operstate=IF_OPER_UP, kind=None):
    attrs = string(IFLA_IFNAME, name) + u32(IFLA_MTU, 1500) + u8(IFLA_OPERSTATE, operstate)
    if kind:
        attrs += nest(IFLA_LINKINFO, string(IFLA_INFO_KIND, kind))
    return ifinfomsg(index) + attrs


def getlink_request(name):
    return nlmsg(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, ifinfomsg(0, 0, dev_type=0)
                 + string(IFLA_IFNAME, name) + u32(IFLA_EXT_MASK, RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS),
                 pid=0)


def setlink_vf_request(index, vfs):
    body = nest(IFLA_VFINFO_LIST, *(nest(IFLA_VF_INFO, vf_link_state(vf, st)) for vf, st in vfs))
    return nlmsg(RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK, ifinfomsg(index, 0, dev_type=0) + body, pid=0)


# A bond with every option the bond plugin sets, as the kernel reports it:
# the ARP target nest without NLA_F_NESTED (nla_nest_start_noflag), entries 0, 1, ...
def bond_full_data(targets=((10, 0, 0, 1), (192, 168, 1, 254)), target_len=4):
    entries = b"".join(nla(i, bytes(t)[:target_len] + b"\0" * max(0, target_len - 4)) for i, t in enumerate(targets))
    return nest(
        IFLA_INFO_DATA,
        u8(IFLA_BOND_MODE, 1), u32(IFLA_BOND_ACTIVE_SLAVE, 12), u32(IFLA_BOND_MIIMON, 100),
        u32(IFLA_BOND_UPDELAY, 200), u32(IFLA_BOND_DOWNDELAY, 300), u8(IFLA_BOND_USE_CARRIER, 1),
        u32(IFLA_BOND_ARP_INTERVAL, 0), nla(IFLA_BOND_ARP_IP_TARGET, entries), u32(IFLA_BOND_PRIMARY, 12),
        u8(IFLA_BOND_FAIL_OVER_MAC, 2), u8(IFLA_BOND_XMIT_HASH_POLICY, 1), u8(IFLA_BOND_ALL_SLAVES_ACTIVE, 0),
        u8(IFLA_BOND_AD_LACP_RATE, 0), u8(IFLA_BOND_TLB_DYNAMIC_LB, 1),
    )


def bond_master_full(index=13, name="bond0", **kw):
    return ifinfomsg(index, IFF_UP | IFF_BROADCAST | IFF_MULTICAST | IFF_MASTER) + (
        string(IFLA_IFNAME, name) + u32(IFLA_MTU, 9000) + u8(IFLA_OPERSTATE, IF_OPER_DOWN)
        + nla(IFLA_ADDRESS, mac(0x0D)) + nest(IFLA_LINKINFO, string(IFLA_INFO_KIND, "bond"), bond_full_data(**kw)))


# The bond plugin's RTM_NEWLINK creating a bond (the kernel echoes it in uncapped errors).
def createbond_request(name="bond0"):
    return nlmsg(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
                 ifinfomsg(0, 0, dev_type=0) + string(IFLA_IFNAME, name) + u32(IFLA_MTU, 1500)
                 + nest(IFLA_LINKINFO, string(IFLA_INFO_KIND, "bond"), bond_full_data()), pid=0)


# struct ifaddrmsg { u8 ifa_family; u8 ifa_prefixlen; u8 ifa_flags; u8 ifa_scope; u32 ifa_index; }
def ifaddrmsg(family, prefix, index, flags=IFA_F_PERMANENT, scope=RT_SCOPE_UNIVERSE):
    return struct.pack(HOST + "BBBBI", family, prefix, flags, scope, index)


def newaddr_v4(index=3, addr=(10, 1, 2, 3), prefix=24, peer=None, label="va"):
    return ifaddrmsg(AF_INET, prefix, index) + (
        nla(IFA_ADDRESS, bytes(peer or addr)) + nla(IFA_LOCAL, bytes(addr)) + string(IFA_LABEL, label)
        + u32(IFA_FLAGS, IFA_F_PERMANENT) + nla(IFA_CACHEINFO, struct.pack(HOST + "IIII", 0xFFFFFFFF, 0xFFFFFFFF, 100, 100)))


def newaddr_v6(index=3, addr=b"\xfd" + b"\0" * 14 + b"\x01", prefix=64):
    return ifaddrmsg(AF_INET6, prefix, index, flags=IFA_F_PERMANENT | IFA_F_NODAD) + (
        nla(IFA_ADDRESS, addr) + u32(IFA_FLAGS, IFA_F_PERMANENT | IFA_F_NODAD)
        + nla(IFA_CACHEINFO, struct.pack(HOST + "IIII", 0xFFFFFFFF, 0xFFFFFFFF, 100, 100)))


# struct rtmsg { u8 family, dst_len, src_len, tos, table, protocol, scope, type; u32 flags; }
def rtmsg(family, dst_len, table=RT_TABLE_MAIN, protocol=RTPROT_BOOT, scope=RT_SCOPE_UNIVERSE, type_=RTN_UNICAST):
    return struct.pack(HOST + "BBBBBBBBI", family, dst_len, 0, 0, min(table, 255) if table < 256 else 0,
                       protocol, scope, type_, 0)


def newroute(family, dst_len, dst=None, gateway=None, oif=3, priority=None, table=RT_TABLE_MAIN,
             protocol=RTPROT_BOOT, scope=RT_SCOPE_UNIVERSE, prefsrc=None, type_=RTN_UNICAST):
    attrs = u32(RTA_TABLE, table)
    if dst is not None:
        attrs += nla(RTA_DST, bytes(dst))
    if prefsrc is not None:
        attrs += nla(RTA_PREFSRC, bytes(prefsrc))
    if gateway is not None:
        attrs += nla(RTA_GATEWAY, bytes(gateway))
    if priority is not None:
        attrs += u32(RTA_PRIORITY, priority)
    attrs += u32(RTA_OIF, oif)
    return rtmsg(family, dst_len, table, protocol, scope, type_) + attrs


# struct nlmsgerr { int error; struct nlmsghdr msg; } then, with NLM_F_CAPPED,
# nothing more of the request; without it, the request's payload; then the TLVs
# when NLM_F_ACK_TLVS is set.
def nlmsgerr(errno, request, capped=True, tlvs=b""):
    flags = (NLM_F_CAPPED if capped else 0) | (NLM_F_ACK_TLVS if tlvs else 0)
    echoed = request[:16] if capped else request
    return nlmsg(NLMSG_ERROR, flags, struct.pack(HOST + "i", -errno) + echoed + tlvs)


def done(error=0, flags=NLM_F_MULTI, tlvs=b""):
    return nlmsg(NLMSG_DONE, flags | (NLM_F_ACK_TLVS if tlvs else 0), struct.pack(HOST + "i", -error) + tlvs)


def newlink(payload, flags=0, seq=SEQ, pid=DAEMON_PORT):
    return nlmsg(RTM_NEWLINK, flags, payload, seq=seq, pid=pid)


def seeds():
    s = {}
    vfs4 = [(0, IFLA_VF_LINK_STATE_AUTO), (1, IFLA_VF_LINK_STATE_ENABLE),
            (2, IFLA_VF_LINK_STATE_DISABLE), (3, IFLA_VF_LINK_STATE_AUTO)]

    # Link messages, as replies (pid = daemon) and as multicast events (seq 0, pid 0).
    s["newlink-bond-port-vfs"] = newlink(bond_port(vfs=vfs4))
    s["newlink-bond-port-no-vfs"] = newlink(bond_port(index=8, name="ens1f1"))
    s["newlink-bond-port-defaulted"] = newlink(bond_port(
        actor=LACP_ACTIVITY | LACP_AGGREGATION | LACP_DEFAULTED, partner=LACP_TIMEOUT | LACP_AGGREGATION,
        vfs=[(0, IFLA_VF_LINK_STATE_AUTO)]), seq=0, pid=0)
    s["newlink-bond-port-expired-down"] = newlink(bond_port(
        actor=LACP_ACTIVITY | LACP_EXPIRED, partner=0x1FF, operstate=IF_OPER_LOWERLAYERDOWN,
        vfs=[(0, IFLA_VF_LINK_STATE_DISABLE), (1, IFLA_VF_LINK_STATE_DISABLE)]), seq=0, pid=0)
    s["newlink-bond-port-old-kernel-no-nested-flag"] = newlink(bond_port(vfs=vfs4[:2], nested_flag=False))
    s["newlink-bond-port-32-vfs"] = newlink(bond_port(vfs=[(i, i % 3) for i in range(32)]))
    s["newlink-bond-master-8023ad"] = newlink(bond_master())
    s["newlink-bond-master-slow-kind-last"] = newlink(bond_master(lacp_rate=0, kind_first=False))
    s["newlink-bond-master-active-backup"] = newlink(bond_master(name="bond1", index=10, mode=1, lacp_rate=None))
    s["newlink-plain-ethernet"] = newlink(plain_link(2, "eth0"), seq=0, pid=0)
    s["newlink-veth-down"] = newlink(plain_link(11, "veth0", IF_OPER_DOWN, kind="veth"), seq=0, pid=0)
    s["dellink-bond-port"] = nlmsg(RTM_DELLINK, 0, bond_port(operstate=IF_OPER_DOWN), seq=0, pid=0)

    # VF entries naming their VF only by MAC, only by link state, or not at all.
    only_mac = ifinfomsg(4) + string(IFLA_IFNAME, "ens2f0") + u32(IFLA_NUM_VF, 2) + nest(
        IFLA_VFINFO_LIST, nest(IFLA_VF_INFO, vf_mac(0)), nest(IFLA_VF_INFO, vf_link_state(1, 1)),
        nest(IFLA_VF_INFO, vf_vlan(2)))
    s["newlink-vf-partial-entries"] = newlink(only_mac)

    # Requests this daemon sends (the kernel echoes them in uncapped errors).
    s["request-getlink-by-name"] = getlink_request("ens1f0")
    s["request-setlink-vf-states"] = setlink_vf_request(7, vfs4)

    # Acknowledgements and errors.
    req = getlink_request("ens9f9")
    s["error-ack-capped"] = nlmsgerr(0, req)
    s["error-ack-uncapped"] = nlmsgerr(0, setlink_vf_request(7, vfs4[:1]), capped=False)
    s["error-enodev-extack"] = nlmsgerr(ENODEV, req, tlvs=string(NLMSGERR_ATTR_MSG, "Unknown device"))
    s["error-einval-extack-offset-uncapped"] = nlmsgerr(
        EINVAL, setlink_vf_request(7, vfs4[:2]), capped=False,
        tlvs=string(NLMSGERR_ATTR_MSG, "Invalid VF link state") + u32(NLMSGERR_ATTR_OFFS, 0x24))
    s["error-eperm-cookie"] = nlmsgerr(EPERM, req, tlvs=nla(NLMSGERR_ATTR_COOKIE, b"\x01\x02\x03\x04\x05\x06\x07\x08"))
    s["done-empty-old-kernel"] = nlmsg(NLMSG_DONE, NLM_F_MULTI, b"")
    s["done-ok"] = done()
    s["done-eintr-extack"] = done(EINTR, tlvs=string(NLMSGERR_ATTR_MSG, "Dump was interrupted"))
    s["noop"] = nlmsg(NLMSG_NOOP, 0, b"")
    s["overrun"] = nlmsg(NLMSG_OVERRUN, 0, b"", seq=0, pid=0)

    # Multipart datagrams.
    m = NLM_F_MULTI
    s["dump-master-port-done"] = (newlink(bond_master(), m) + newlink(bond_port(vfs=vfs4[:2]), m) + done())
    s["dump-two-ports"] = newlink(bond_port(vfs=vfs4[:1]), m) + newlink(bond_port(index=8, name="ens1f1"), m)
    s["dump-interrupted"] = (newlink(plain_link(1, "lo"), m | NLM_F_DUMP_INTR)
                             + newlink(bond_port(), m | NLM_F_DUMP_INTR) + done(flags=m | NLM_F_DUMP_INTR))
    s["events-new-del"] = (newlink(bond_port(operstate=IF_OPER_DOWN), seq=0, pid=0)
                           + nlmsg(RTM_DELLINK, 0, plain_link(12, "veth1"), seq=0, pid=0))
    s["late-reply-then-ack"] = (newlink(bond_port(), seq=SEQ - 1) + nlmsgerr(0, req))

    # The bond plugin's requests and what the kernel answers: a bond with every
    # option, addresses and routes (replies to dumps, and events).
    s["newlink-bond-master-every-option"] = newlink(bond_master_full())
    s["request-createbond"] = createbond_request()
    s["error-createbond-eopnotsupp-uncapped"] = nlmsgerr(95, createbond_request(), capped=False,
                                                         tlvs=string(NLMSGERR_ATTR_MSG, "Unknown device type"))
    s["request-setlink-master-up-netns"] = (
        nlmsg(RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK, ifinfomsg(5, 0, dev_type=0) + u32(IFLA_MASTER, 13), pid=0)
        + nlmsg(RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK, ifinfomsg(5, IFF_UP, change=IFF_UP, dev_type=0), pid=0)
        + nlmsg(RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK, ifinfomsg(5, 0, dev_type=0) + u32(IFLA_NET_NS_FD, 7), pid=0))
    s["dump-addresses"] = (nlmsg(RTM_NEWADDR, m, newaddr_v4(index=1, addr=(127, 0, 0, 1), prefix=8, label="lo"))
                           + nlmsg(RTM_NEWADDR, m, newaddr_v4()) + nlmsg(RTM_NEWADDR, m, newaddr_v6()) + done())
    s["newaddr-point-to-point"] = nlmsg(RTM_NEWADDR, 0, newaddr_v4(addr=(10, 0, 0, 1), prefix=32, peer=(10, 0, 0, 2)), seq=0, pid=0)
    s["deladdr-v6"] = nlmsg(RTM_DELADDR, 0, newaddr_v6(), seq=0, pid=0)
    s["dump-routes-v4"] = (
        nlmsg(RTM_NEWROUTE, NLM_F_MULTI, newroute(AF_INET, 0, gateway=(10, 1, 2, 1)))
        + nlmsg(RTM_NEWROUTE, NLM_F_MULTI, newroute(AF_INET, 24, dst=(10, 1, 2, 0), protocol=RTPROT_KERNEL,
                                                    scope=RT_SCOPE_LINK, prefsrc=(10, 1, 2, 3)))
        + nlmsg(RTM_NEWROUTE, NLM_F_MULTI, newroute(AF_INET, 16, dst=(10, 9, 0, 0), priority=50, scope=RT_SCOPE_LINK))
        + nlmsg(RTM_NEWROUTE, NLM_F_MULTI, newroute(AF_INET, 32, dst=(10, 1, 2, 3), table=RT_TABLE_LOCAL,
                                                    protocol=RTPROT_KERNEL, scope=RT_SCOPE_HOST, type_=RTN_LOCAL))
        + done())
    s["newroute-v6-default-table-1000"] = nlmsg(RTM_NEWROUTE, 0, newroute(
        AF_INET6, 0, gateway=b"\xfd" + b"\0" * 14 + b"\x02", priority=1024, table=1000), seq=0, pid=0)
    s["request-delroute"] = nlmsg(RTM_DELROUTE, NLM_F_REQUEST | NLM_F_ACK,
                                  rtmsg(AF_INET, 0, protocol=0, scope=255, type_=0)
                                  + nla(RTA_GATEWAY, bytes((10, 1, 2, 1))) + u32(RTA_OIF, 3), pid=0)
    s["bad-bond-arp-target-short"] = newlink(ifinfomsg(13) + nest(
        IFLA_LINKINFO, string(IFLA_INFO_KIND, "bond"), bond_full_data(target_len=3)))
    s["bad-newaddr-v4-16-bytes"] = nlmsg(RTM_NEWADDR, 0, ifaddrmsg(AF_INET, 24, 3) + nla(IFA_LOCAL, b"\0" * 16))
    s["bad-newroute-gateway-v6-in-v4"] = nlmsg(RTM_NEWROUTE, 0, newroute(AF_INET, 0, gateway=b"\xfd" + b"\0" * 15))

    # Bare attribute streams (the fuzzer also reads its input as attributes).
    s["attrs-bond-info-data-every-option"] = bond_full_data()[4:]
    s["attrs-linkinfo-bond-slave"] = (string(IFLA_INFO_SLAVE_KIND, "bond") + bond_slave_data(LACP_UP, LACP_UP))
    s["attrs-vfinfo-list"] = vfinfo_list(vfs4)

    # Truncated and malformed variants.
    port = newlink(bond_port(vfs=vfs4[:2]))
    s["bad-short-header"] = port[:10]
    s["bad-truncated-message"] = port[:len(port) // 2]
    s["bad-nlmsg-len-below-header"] = nlmsg(RTM_NEWLINK, 0, ifinfomsg(7), length=8)
    s["bad-nlmsg-len-beyond-datagram"] = nlmsg(RTM_NEWLINK, 0, ifinfomsg(7), length=4096)
    s["bad-last-message-unpadded"] = newlink(plain_link(2, "eth0")) + nlmsg(
        RTM_NEWLINK, 0, ifinfomsg(3) + nla(IFLA_ADDRESS, b"\x02\x00\x00", pad=False), pad=False)
    s["bad-trailing-bytes"] = done() + b"\x01\x02"
    s["bad-nla-len-below-header"] = newlink(ifinfomsg(7) + struct.pack(HOST + "HH", 2, IFLA_IFNAME) + b"eth")
    s["bad-nla-len-beyond-payload"] = newlink(ifinfomsg(7) + struct.pack(HOST + "HH", 200, IFLA_IFNAME) + b"eth0\0\0\0\0")
    s["bad-operstate-u32"] = newlink(ifinfomsg(7) + u32(IFLA_OPERSTATE, IF_OPER_UP))
    s["bad-partner-state-u8"] = newlink(ifinfomsg(7) + nest(
        IFLA_LINKINFO, string(IFLA_INFO_SLAVE_KIND, "bond"),
        nest(IFLA_INFO_SLAVE_DATA, u8(IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE, 0x3D))))
    s["bad-vf-mac-short"] = newlink(ifinfomsg(7) + nest(
        IFLA_VFINFO_LIST, nest(IFLA_VF_INFO, nla(IFLA_VF_MAC, b"\x00\x00"))))
    s["bad-vf-link-state-short"] = newlink(ifinfomsg(7) + nest(
        IFLA_VFINFO_LIST, nest(IFLA_VF_INFO, nla(IFLA_VF_LINK_STATE, b"\x00" * 6))))
    s["bad-ifinfomsg-truncated"] = nlmsg(RTM_NEWLINK, 0, ifinfomsg(7)[:10])
    s["bad-nlmsgerr-truncated"] = nlmsg(NLMSG_ERROR, NLM_F_CAPPED, struct.pack(HOST + "i", -ENODEV) + req[:6])
    s["bad-nlmsgerr-huge-request-len"] = nlmsg(
        NLMSG_ERROR, NLM_F_ACK_TLVS,
        struct.pack(HOST + "i", -EINVAL) + struct.pack(HOST + "IHHII", 0xFFFFFFF0, RTM_SETLINK, 5, SEQ, 0)
        + string(NLMSGERR_ATTR_MSG, "x"))
    s["bad-error-int-min"] = nlmsg(NLMSG_DONE, NLM_F_MULTI, struct.pack(HOST + "i", -2**31))
    s["bad-extack-offset-u16"] = nlmsgerr(EINVAL, req, tlvs=u16(NLMSGERR_ATTR_OFFS, 4))
    s["bad-ifname-no-nul-invalid-utf8"] = newlink(ifinfomsg(7) + nla(IFLA_IFNAME, b"\xff\xfeens\xc3"))
    s["bad-deep-nesting"] = newlink(ifinfomsg(7) + nest(IFLA_LINKINFO, nest(IFLA_INFO_DATA, nest(1, nest(1, nest(1, nest(1, nest(1, nest(1, nest(1, nest(1, u8(1, 1))))))))))))
    return s


def lacpdu(actor_state, partner_state, subtype=1):
    """An LACPDU as a LACPDU tap captures it: Ethernet header, subtype, version,
    actor and partner TLVs (state at bytes 32 and 52), collector, terminator."""
    frame = bytes([0x01, 0x80, 0xC2, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x88, 0x09, subtype, 1])
    frame += bytes([1, 20, 0xFF, 0xFF, 2, 0, 0, 0, 0, 1, 0, 15, 0, 0xFF, 0, 1, actor_state, 0, 0, 0])
    frame += bytes([2, 20, 0xFF, 0xFF, 2, 0, 0, 0, 0, 2, 0, 15, 0, 0xFF, 0, 1, partner_state, 0, 0, 0])
    return frame + bytes([3, 16]) + bytes(14) + bytes(2) + bytes(50)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "corpus")
    os.makedirs(out, exist_ok=True)
    made = seeds()
    made["lacpdu-in-sync"] = lacpdu(0x3F, 0x3F)
    made["lacpdu-partner-not-collecting"] = lacpdu(0x3F, 0x0F)
    made["lacpdu-marker"] = lacpdu(0x3F, 0x3F, subtype=2)
    names = {name + ".nl" for name in made}
    for stale in sorted(os.listdir(out)):
        if stale.endswith(".nl") and stale not in names:
            os.remove(os.path.join(out, stale))
    total = 0
    for name, data in sorted(made.items()):
        with open(os.path.join(out, name + ".nl"), "wb") as f:
            f.write(data)
        total += len(data)
    print(f"make-seeds: {len(made)} seeds, {total} bytes in {out}")


if __name__ == "__main__":
    main()
