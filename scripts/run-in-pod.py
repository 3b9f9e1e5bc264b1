#!/usr/bin/env python3
"""Runs a program as a container runtime would run a pod's container, for the
install test: chrooted into the image's root file system, with the capability
bounding set cut down to the capabilities the pod spec adds (every other one
dropped, as `capabilities: {drop: [ALL], add: [...]}` does), as the given user.

    run-in-pod.py ROOTFS UID:GID CAPS PROGRAM [ARG...]

CAPS is a comma-separated list of capability numbers (12 NET_ADMIN, 13 NET_RAW)
or "-" for none. The environment is passed on unchanged.
"""

import ctypes
import os
import sys

PR_CAPBSET_DROP = 24
EINVAL = 22


def main() -> int:
    if len(sys.argv) < 5:
        print(__doc__, file=sys.stderr)
        return 2
    rootfs, user, caps, program = sys.argv[1:5]
    uid, gid = (int(part) for part in user.split(":"))
    keep = set() if caps == "-" else {int(cap) for cap in caps.split(",")}
    libc = ctypes.CDLL(None, use_errno=True)
    os.chroot(rootfs)
    os.chdir("/")
    for cap in range(64):
        if cap in keep:
            continue
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            if ctypes.get_errno() == EINVAL:
                break  # past the kernel's last capability
            raise OSError(ctypes.get_errno(), f"PR_CAPBSET_DROP {cap}")
    if gid != 0 or uid != 0:
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)
    os.execve(program, [program] + sys.argv[5:], dict(os.environ))
    return 1


if __name__ == "__main__":
    sys.exit(main())
