"""5d. Secure metrics: the Deployment serves /metrics over HTTPS with a mounted certificate, the metrics Service
reaches it and asks OpenShift (or cert-manager) for that certificate, the operator may review tokens and access,
and the metrics-reader ClusterRole lets whoever it is bound to get /metrics only (in the bundle too)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .constants import CONTAINER, DEPLOYMENT, OPERATOR_NAMESPACE
from .loading import describe, find, get, one
from .rbac import bound_rules, rule_triples

if TYPE_CHECKING:
    from .context import Checker

METRICS_SERVICE = f"{DEPLOYMENT}-metrics-service"
METRICS_SECRET = f"{DEPLOYMENT}-metrics-cert"
METRICS_AUTH_ROLE = f"{DEPLOYMENT}-metrics-auth"
METRICS_READER_ROLE = f"{DEPLOYMENT}-metrics-reader"
REVIEW_RULES = {("authentication.k8s.io", "tokenreviews", "", "create"),
                ("authorization.k8s.io", "subjectaccessreviews", "", "create")}
READER_RULES = {("nonResourceURL", "/metrics", "", "get")}


def metrics_wiring(ctx: Checker) -> None:
    objects = ctx.builds.get("config/default")
    if not objects:
        return
    try:
        deployment = one(objects, "Deployment", DEPLOYMENT)
        service = one(objects, "Service", METRICS_SERVICE)
        reader = one(objects, "ClusterRole", METRICS_READER_ROLE)
    except LookupError as error:
        ctx.report.check("config/default: the metrics Service and metrics-reader ClusterRole are there", str(error))
        return
    pod = get(deployment, "spec", "template", "spec", default={})
    container = next((c for c in pod.get("containers") or [] if c.get("name") == CONTAINER), {})
    args = container.get("args") or []

    def flag(name: str) -> str | None:
        return next((a.split("=", 1)[1] for a in args if a.startswith(f"--{name}=")), None)

    problems = []
    if any(a == "--metrics-insecure" or a.startswith("--metrics-insecure=") for a in args):
        problems.append("--metrics-insecure is set (plain HTTP without authentication)")
    port = (flag("metrics-bind-address") or "").rpartition(":")[2]
    if port != "8443":
        problems.append(f"--metrics-bind-address port is {port!r}, not 8443")
    cert_dir = flag("metrics-cert-dir")
    mount = next((m for m in container.get("volumeMounts") or [] if m.get("mountPath") == cert_dir), None)
    volume = next((v for v in pod.get("volumes") or [] if v.get("name") == get(mount, "name")), None)
    if not cert_dir or not mount or not mount.get("readOnly"):
        problems.append(f"nothing mounted read-only at --metrics-cert-dir={cert_dir}")
    elif get(volume, "secret", "secretName") != METRICS_SECRET:
        problems.append(f"--metrics-cert-dir mounts {get(volume, 'secret', 'secretName')!r}, not {METRICS_SECRET}")
    annotation = get(service, "metadata", "annotations", "service.beta.openshift.io/serving-cert-secret-name")
    if annotation != METRICS_SECRET:
        problems.append(f"the metrics Service asks OpenShift for {annotation!r}, not {METRICS_SECRET}")
    pod_labels = get(deployment, "spec", "template", "metadata", "labels", default={})
    selector = get(service, "spec", "selector", default={})
    if not selector or any(pod_labels.get(k) != v for k, v in selector.items()):
        problems.append(f"the metrics Service selector {selector} does not select the operator pod")
    ports = {p.get("name"): p.get("containerPort") for p in container.get("ports") or []}
    service_ports = get(service, "spec", "ports", default=[]) or []
    if [(p.get("port"), str(p.get("targetPort"))) for p in service_ports] not in (
            [(8443, "metrics")], [(8443, str(ports.get("metrics")))]):
        problems.append(f"the metrics Service maps {[(p.get('port'), p.get('targetPort')) for p in service_ports]}, "
                        "not 8443 to the metrics port")
    ctx.report.check("config/manager: /metrics is HTTPS on 8443 with the secret the metrics Service asks "
                      "OpenShift for, mounted read-only at --metrics-cert-dir", problems)

    cluster_rules, problems = bound_rules(objects, "ClusterRoleBinding", DEPLOYMENT, OPERATOR_NAMESPACE)
    missing = REVIEW_RULES - rule_triples(cluster_rules)
    problems += [f"the operator may not {t[3]} {t[0]}/{t[1]}" for t in sorted(missing)]
    auth = find(objects, "ClusterRole", METRICS_AUTH_ROLE)
    if not auth or rule_triples(auth[0].get("rules")) != REVIEW_RULES:
        problems.append(f"{METRICS_AUTH_ROLE} does not grant exactly create on tokenreviews and subjectaccessreviews")
    if rule_triples(reader.get("rules")) != READER_RULES:
        problems.append(f"{METRICS_READER_ROLE} grants {sorted(rule_triples(reader.get('rules')))}, not get /metrics")
    binders = [describe(b) for b in find(objects, "ClusterRoleBinding") + find(objects, "RoleBinding")
               if get(b, "roleRef", "name") == METRICS_READER_ROLE]
    if binders:
        problems.append(f"{METRICS_READER_ROLE} is bound by default: {binders}")
    ctx.report.check(f"config/rbac: the operator may create TokenReviews and SubjectAccessReviews; "
                      f"{METRICS_READER_ROLE} grants get /metrics only and is bound to no one", problems)

    certmanager = ctx.builds.get("config/certmanager", [])
    if certmanager:
        certificates = [c for c in find(certmanager, "Certificate") if get(c, "spec", "secretName") == METRICS_SECRET]
        host = f"{METRICS_SERVICE}.{OPERATOR_NAMESPACE}.svc"
        problems = []
        if len(certificates) != 1:
            problems.append(f"{len(certificates)} Certificates write {METRICS_SECRET}, not 1")
        elif host not in (get(certificates[0], "spec", "dnsNames") or []):
            problems.append(f"the Certificate is not for {host}")
        ctx.report.check(f"config/certmanager: a Certificate writes {METRICS_SECRET} for {host}", problems)


def metrics_bundle(ctx: Checker) -> None:
    objects = [o for _, o in ctx.bundle]
    problems = []
    try:
        service = one(objects, "Service", METRICS_SERVICE)
        reader = one(objects, "ClusterRole", METRICS_READER_ROLE)
    except LookupError as error:
        ctx.report.check("bundle/manifests: the metrics Service and the metrics-reader ClusterRole", str(error))
        return
    default = ctx.builds.get("config/default") or []
    for obj in (service, reader):
        if get(obj, "metadata", "namespace"):
            problems.append(f"{describe(obj)} has a namespace (OLM puts it in the install namespace)")
        config = find(default, obj["kind"], obj["metadata"]["name"])
        if default and (not config or config[0].get("spec") != obj.get("spec")
                        or config[0].get("rules") != obj.get("rules")):
            problems.append(f"{describe(obj)} differs from config/default's (make bundle)")
    if rule_triples(reader.get("rules")) != READER_RULES:
        problems.append(f"{METRICS_READER_ROLE} grants more than get /metrics")
    ctx.report.check("bundle/manifests: the metrics Service and the metrics-reader ClusterRole, as in config/, "
                      "without a namespace", problems)
