"""7. Pod security: the standalone DaemonSets' pods and security contexts, and the OpenShift SCC of
config/openshift (what it allows, and that it admits the daemon's pod and refuses worse ones)."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from .constants import BOND_CNI_DIR, DAEMON_DIR, OPENSHIFT_DIR, OPERAND_ROLE, SCC_NAME
from .loading import describe, differences, find, get
from .rbac import rule_triples

if TYPE_CHECKING:
    from .context import Checker


def standalone_daemonsets(ctx: Checker) -> None:
    operator_context = {"privileged": False, "allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                        "runAsUser": 0, "capabilities": {"add": ["NET_ADMIN", "NET_RAW"], "drop": ["ALL"]}}
    for directory, checks in ((DAEMON_DIR, daemon_pod_problems),
                              (BOND_CNI_DIR, installer_pod_problems)):
        objects = ctx.builds.get(directory) or []
        daemonsets = find(objects, "DaemonSet")
        if len(daemonsets) != 1:
            ctx.report.check(f"{directory}: one DaemonSet", f"{len(daemonsets)} DaemonSets")
            continue
        daemonset = daemonsets[0]
        pod = get(daemonset, "spec", "template", "spec", default={})
        problems = []
        namespace = get(daemonset, "metadata", "namespace")
        namespaces = find(objects, "Namespace", namespace)
        labels = get(namespaces, 0, "metadata", "labels", default={}) or {}
        for mode in ("enforce", "audit", "warn"):
            if labels.get(f"pod-security.kubernetes.io/{mode}") != "privileged":
                problems.append(f"namespace {namespace} lacks pod-security.kubernetes.io/{mode}: privileged")
        account = pod.get("serviceAccountName")
        if account and not find(objects, "ServiceAccount", account):
            problems.append(f"serviceAccountName {account} is not in the build")
        if pod.get("hostPID") or pod.get("hostIPC"):
            problems.append("hostPID or hostIPC")
        if pod.get("nodeSelector") != {"kubernetes.io/os": "linux"}:
            problems.append(f"nodeSelector {pod.get('nodeSelector')}")
        if pod.get("tolerations") != [{"operator": "Exists"}]:
            problems.append(f"tolerations {pod.get('tolerations')}")
        if get(pod, "securityContext", "seccompProfile", "type") != "RuntimeDefault":
            problems.append("the pod's seccompProfile is not RuntimeDefault")
        containers = pod.get("containers") or []
        if len(containers) != 1 or pod.get("initContainers"):
            problems.append(f"{len(containers)} containers and {len(pod.get('initContainers') or [])} "
                            "init containers, not one container")
        container = containers[0] if containers else {}
        if not get(container, "resources", "limits", "memory") or not get(container, "resources", "requests"):
            problems.append("no resource requests or memory limit")
        problems += checks(pod, container, operator_context)
        ctx.report.check(f"{directory}: the DaemonSet's pod (namespace Pod Security privileged, no host PID, "
                          "every Linux node, security context as documented)", problems)


def daemon_pod_problems(pod: dict, container: dict, operator_context: dict) -> list[str]:
    problems = []
    if pod.get("hostNetwork") is not True or pod.get("dnsPolicy") != "ClusterFirstWithHostNet":
        problems.append("not hostNetwork with dnsPolicy ClusterFirstWithHostNet")
    context = container.get("securityContext") or {}
    problems += differences(context, operator_context, "securityContext",
                            ("config/daemon", "the operator's DaemonSetBuilder"))
    if container.get("resources") != {"requests": {"cpu": "10m", "memory": "32Mi"},
                                      "limits": {"memory": "64Mi"}}:
        problems.append(f"resources {container.get('resources')} are not the operator's")
    if container.get("command"):
        problems.append("a command (the image's entrypoint is /pf-status-relay)")
    env = {e.get("name"): e.get("value") for e in container.get("env") or []}
    interfaces = str(env.get("PF_STATUS_RELAY_INTERFACES") or "")
    if not interfaces or any(not name for name in interfaces.split(",")):
        problems.append(f"PF_STATUS_RELAY_INTERFACES {interfaces!r} is not a comma-separated list")
    interval = str(env.get("PF_STATUS_RELAY_POLLING_INTERVAL") or "")
    if not interval.isdigit() or not 1000 <= int(interval) <= 3600000:
        problems.append(f"PF_STATUS_RELAY_POLLING_INTERVAL {interval!r} is not 1000..3600000")
    return problems


def installer_pod_problems(pod: dict, container: dict, operator_context: dict) -> list[str]:
    problems = []
    if pod.get("hostNetwork"):
        problems.append("hostNetwork")
    context = container.get("securityContext") or {}
    if context.get("privileged") or context.get("allowPrivilegeEscalation") is not False:
        problems.append("privileged, or privilege escalation not off")
    if context.get("readOnlyRootFilesystem") is not True or context.get("runAsUser") != 0:
        problems.append("not runAsUser 0 with a read-only root file system")
    if get(context, "capabilities") != {"drop": ["ALL"]}:
        problems.append(f"capabilities {get(context, 'capabilities')}, not drop [ALL] and nothing added")
    if container.get("args") != ["--source", "/bond", "--target", "/host/opt/cni/bin"] or container.get("command"):
        problems.append(f"args {container.get('args')} (and no command) are not the installer's")
    volumes = pod.get("volumes") or []
    mounts = container.get("volumeMounts") or []
    wanted_volume = {"path": "/opt/cni/bin", "type": "DirectoryOrCreate"}
    if len(volumes) != 1 or volumes[0].get("hostPath") != wanted_volume:
        problems.append(f"volumes {volumes}, not one hostPath {wanted_volume}")
    elif [(m.get("name"), m.get("mountPath")) for m in mounts] != [(volumes[0].get("name"), "/host/opt/cni/bin")]:
        problems.append(f"mounts {mounts}, not the host directory at /host/opt/cni/bin")
    return problems


def openshift_checks(ctx: Checker) -> None:
    objects = ctx.builds.get(OPENSHIFT_DIR) or []
    default = ctx.builds.get("config/default") or []
    if not objects:
        return
    problems = []
    sccs = find(objects, "SecurityContextConstraints")
    if [get(s, "metadata", "name") for s in sccs] != [SCC_NAME]:
        ctx.report.check(f"{OPENSHIFT_DIR}: the SCC {SCC_NAME}", f"SCCs {[describe(s) for s in sccs]}")
        return
    scc = sccs[0]
    role = next(iter(find(objects, "Role", OPERAND_ROLE)), {})
    if rule_triples(role.get("rules") or []) != {("security.openshift.io", "securitycontextconstraints",
                                                  SCC_NAME, "use")}:
        problems.append(f"the Role {OPERAND_ROLE} does not grant use of {SCC_NAME} only")
    others = [o for o in objects if o is not scc and not (o.get("kind") == "Role"
                                                          and get(o, "metadata", "name") == OPERAND_ROLE)]
    rest = [o for o in default if not (o.get("kind") == "Role" and get(o, "metadata", "name") == OPERAND_ROLE)]
    problems += differences(sorted(others, key=describe), sorted(rest, key=describe), "",
                            (OPENSHIFT_DIR, "config/default"))
    if get(scc, "metadata", "namespace"):
        problems.append("the SCC has a namespace (it is cluster-scoped)")
    ctx.report.check(f"{OPENSHIFT_DIR}: config/default plus the SCC {SCC_NAME}, with the daemon's Role "
                      "granting use of it instead of privileged", problems)

    known = {"apiVersion", "kind", "metadata", "allowHostNetwork", "allowHostPorts", "allowHostPID",
             "allowHostIPC", "allowHostDirVolumePlugin", "allowPrivilegedContainer", "allowPrivilegeEscalation",
             "defaultAllowPrivilegeEscalation", "allowedCapabilities", "defaultAddCapabilities",
             "requiredDropCapabilities", "readOnlyRootFilesystem", "runAsUser", "seLinuxContext", "fsGroup",
             "supplementalGroups", "seccompProfiles", "volumes", "priority", "users", "groups",
             "allowedFlexVolumes", "allowedUnsafeSysctls", "forbiddenSysctls", "userNamespaceLevel"}
    wanted = {"allowHostNetwork": True, "allowHostPorts": True, "allowHostPID": False, "allowHostIPC": False,
              "allowHostDirVolumePlugin": False, "allowPrivilegedContainer": False,
              "allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
              "requiredDropCapabilities": ["ALL"], "seccompProfiles": ["runtime/default"],
              "users": [], "groups": []}
    problems = [f"unknown field {k}" for k in sorted(set(scc) - known)]
    problems += [f"{k} is {scc.get(k)!r}, not {v!r}" for k, v in wanted.items() if scc.get(k) != v]
    if sorted(scc.get("allowedCapabilities") or []) != ["NET_ADMIN", "NET_RAW"]:
        problems.append(f"allowedCapabilities {scc.get('allowedCapabilities')}")
    if scc.get("defaultAddCapabilities"):
        problems.append("defaultAddCapabilities is not empty")
    if get(scc, "runAsUser", "type") != "RunAsAny" or get(scc, "seLinuxContext", "type") != "MustRunAs":
        problems.append("runAsUser is not RunAsAny or seLinuxContext not MustRunAs")
    for field in ("fsGroup", "supplementalGroups"):
        if get(scc, field, "type") not in ("MustRunAs", "RunAsAny"):
            problems.append(f"{field}.type {get(scc, field, 'type')!r}")
    if sorted(scc.get("volumes") or []) != ["configMap", "downwardAPI", "emptyDir", "projected", "secret"]:
        problems.append(f"volumes {scc.get('volumes')}")
    ctx.report.check(f"{OPENSHIFT_DIR}: the SCC {SCC_NAME} allows host network, user 0, NET_ADMIN and "
                      "NET_RAW only, nothing privileged, no host paths", problems)

    daemonset = next(iter(find(ctx.builds.get(DAEMON_DIR) or [], "DaemonSet")), None)
    if daemonset is None:
        return
    pod = copy.deepcopy(get(daemonset, "spec", "template", "spec", default={}))
    problems = [f"the daemon pod is refused: {p}" for p in scc_refusals(scc, pod)]
    for what, change in (("privileged", lambda c: c.update(privileged=True)),
                         ("SYS_ADMIN added", lambda c: c["capabilities"]["add"].append("SYS_ADMIN")),
                         ("ALL not dropped", lambda c: c["capabilities"].update(drop=["KILL"])),
                         ("privilege escalation", lambda c: c.update(allowPrivilegeEscalation=True))):
        bad = copy.deepcopy(pod)
        change(bad["containers"][0]["securityContext"])
        if not scc_refusals(scc, bad):
            problems.append(f"a daemon pod with {what} is admitted")
    hostpid = copy.deepcopy(pod)
    hostpid["hostPID"] = True
    if not scc_refusals(scc, hostpid):
        problems.append("a daemon pod with hostPID is admitted")
    # As the operator renders it with --relay-metrics-port (DaemonSetBuilder+Probes.swift).
    with_port = copy.deepcopy(pod)
    with_port["containers"][0]["ports"] = [{"name": "metrics", "containerPort": 9808, "hostPort": 9808, "protocol": "TCP"}]
    problems += [f"the daemon pod with its metrics port is refused: {p}" for p in scc_refusals(scc, with_port)]
    ctx.report.check(f"{OPENSHIFT_DIR}: the SCC admits the daemon's pod (drop ALL, add NET_ADMIN and NET_RAW) "
                      "and refuses it privileged, with SYS_ADMIN, without drop ALL, escalating or with hostPID; "
                      "it admits the daemon's metrics port (a host port, --relay-metrics-port)",
                      problems)


def scc_refusals(scc: dict, pod: dict) -> list[str]:
    """Why OpenShift's SCC admission would refuse the pod under this SCC (the rules this SCC uses)."""
    found = []
    for field, allowed in (("hostNetwork", "allowHostNetwork"), ("hostPID", "allowHostPID"),
                           ("hostIPC", "allowHostIPC")):
        if pod.get(field) and not scc.get(allowed):
            found.append(f"{field} is not allowed")
    pod_seccomp = get(pod, "securityContext", "seccompProfile", "type")
    profiles = scc.get("seccompProfiles") or []
    for volume in pod.get("volumes") or []:
        kind = next((k for k in volume if k != "name"), None)
        if kind == "hostPath" and not scc.get("allowHostDirVolumePlugin"):
            found.append("hostPath volumes are not allowed")
        elif kind not in (scc.get("volumes") or []) and "*" not in (scc.get("volumes") or []):
            found.append(f"{kind} volumes are not allowed")
    for container in (pod.get("containers") or []) + (pod.get("initContainers") or []):
        context = container.get("securityContext") or {}
        name = container.get("name")
        if not scc.get("allowHostPorts"):
            found += [f"{name}: host port {p['hostPort']} is not allowed" for p in container.get("ports") or []
                      if p.get("hostPort")]
        if context.get("privileged") and not scc.get("allowPrivilegedContainer"):
            found.append(f"{name}: privileged")
        escalation = context.get("allowPrivilegeEscalation", scc.get("defaultAllowPrivilegeEscalation", True))
        if escalation and not scc.get("allowPrivilegeEscalation", True):
            found.append(f"{name}: privilege escalation")
        if scc.get("readOnlyRootFilesystem") and context.get("readOnlyRootFilesystem") is not True:
            found.append(f"{name}: the root file system is not read-only")
        allowed = set(scc.get("allowedCapabilities") or []) | set(scc.get("defaultAddCapabilities") or [])
        capabilities = context.get("capabilities") or {}
        if "*" not in allowed:
            found += [f"{name}: capability {c} may not be added" for c in capabilities.get("add") or []
                      if c not in allowed]
            found += [f"{name}: {c} is not dropped" for c in scc.get("requiredDropCapabilities") or []
                      if c not in (capabilities.get("drop") or [])]
        if get(scc, "runAsUser", "type") != "RunAsAny" and context.get("runAsUser", 0) == 0:
            found.append(f"{name}: user 0")
        seccomp = get(context, "seccompProfile", "type") or pod_seccomp
        if profiles and "*" not in profiles and not (seccomp == "RuntimeDefault" and "runtime/default" in profiles):
            found.append(f"{name}: seccomp profile {seccomp} is not allowed")
    return found
