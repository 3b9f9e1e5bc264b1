"""5a. The wiring inside config/: namespaces, bindings, ports, probes, certificates, the webhook's Service."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .constants import CONTAINER, DEPLOYMENT, OPERATOR_NAMESPACE
from .loading import describe, differences, find, get, one
from .rbac import bound_rules, rule_triples

if TYPE_CHECKING:
    from .context import Checker


def config_wiring(ctx: Checker) -> None:
    objects = ctx.builds.get("config/default")
    if not objects:
        return
    cluster_scoped = {"Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding",
                      "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"}
    problems = []
    for obj in objects:
        namespace = get(obj, "metadata", "namespace")
        if obj.get("kind") in cluster_scoped and namespace:
            problems.append(f"{describe(obj)} is cluster-scoped but has a namespace")
        if obj.get("kind") not in cluster_scoped and namespace != OPERATOR_NAMESPACE:
            problems.append(f"{describe(obj)} is not in {OPERATOR_NAMESPACE}")
    ctx.report.check(f"config/default: namespaced objects are in {OPERATOR_NAMESPACE}, "
                      "cluster-scoped ones have no namespace", problems)
    try:
        deployment = one(objects, "Deployment", DEPLOYMENT)
        service = one(objects, "Service", f"{DEPLOYMENT}-webhook-service")
        webhook_configuration = one(objects, "ValidatingWebhookConfiguration")
        one(objects, "ServiceAccount", DEPLOYMENT)
    except LookupError as error:
        ctx.report.check("config/default: the Deployment, Service, webhook and ServiceAccount are there",
                          str(error))
        return
    pod = get(deployment, "spec", "template", "spec", default={})
    container = next((c for c in pod.get("containers") or [] if c.get("name") == CONTAINER), {})
    service_account = pod.get("serviceAccountName")
    problems = []
    if service_account != DEPLOYMENT:
        problems.append(f"serviceAccountName {service_account!r}")
    if get(deployment, "spec", "replicas") != 1:
        problems.append("replicas is not 1")
    if not container:
        problems.append(f"no container {CONTAINER}")
    ctx.report.check("config/default: the Deployment runs container manager, once, as the "
                      "operator's ServiceAccount", problems)

    cluster_rules, problems = bound_rules(objects, "ClusterRoleBinding", DEPLOYMENT, OPERATOR_NAMESPACE)
    namespace_rules, more = bound_rules(objects, "RoleBinding", DEPLOYMENT, OPERATOR_NAMESPACE)
    problems += more
    if not cluster_rules:
        problems.append("no ClusterRole is bound to the operator's ServiceAccount")
    if not namespace_rules:
        problems.append("no Role is bound to the operator's ServiceAccount")
    ctx.report.check("config/default: bindings give the operator's ServiceAccount a ClusterRole and "
                      "a leader-election Role that exist", problems)
    wildcards = [f"{describe(r)}: {t}" for r in find(objects, "ClusterRole") + find(objects, "Role")
                 for t in sorted(rule_triples(r.get("rules") or [])) if "*" in t]
    secrets = [f"{t[0] or 'core'}/{t[1]} {t[3]}" for t in sorted(rule_triples(cluster_rules + namespace_rules))
               if t[1] in ("secrets", "configmaps", "pods/exec", "clusterroles", "clusterrolebindings",
                           "roles", "rolebindings")]
    ctx.report.check("config/rbac: no wildcard, and the operator cannot read secrets or grant roles",
                      wildcards + [f"operator may {s}" for s in secrets])
    # Cluster-wide the operator only reads, and asks the API server to review
    # tokens and access (its metrics endpoint); what it changes is namespaced.
    reviews = {("authentication.k8s.io", "tokenreviews", "create"),
               ("authorization.k8s.io", "subjectaccessreviews", "create")}
    writes = [f"{t[0] or 'core'}/{t[1]} {t[3]}" for t in sorted(rule_triples(cluster_rules))
              if t[3] not in ("get", "list", "watch") and (t[0], t[1], t[3]) not in reviews]
    ctx.report.check("config/rbac: cluster-wide, the operator only reads and reviews tokens and access",
                      [f"operator may {w} in every namespace" for w in writes])
    editor = find(objects, "ClusterRole", f"{DEPLOYMENT}-pflacpmonitor-editor")
    viewer = find(objects, "ClusterRole", f"{DEPLOYMENT}-pflacpmonitor-viewer")
    problems = []
    if not editor or get(editor[0], "metadata", "labels", "rbac.authorization.k8s.io/aggregate-to-edit") != "true":
        problems.append("the editor role does not aggregate to edit")
    if not viewer or get(viewer[0], "metadata", "labels", "rbac.authorization.k8s.io/aggregate-to-view") != "true":
        problems.append("the viewer role does not aggregate to view")
    if viewer and any(t[3] not in ("get", "list", "watch") for t in rule_triples(viewer[0].get("rules"))):
        problems.append("the viewer role can change things")
    ctx.report.check("config/rbac: user roles aggregate to edit and view; the viewer only reads", problems)

    args = container.get("args") or []

    def flag(name: str) -> str | None:
        return next((a.split("=", 1)[1] for a in args if a.startswith(f"--{name}=")), None)

    ports = {p.get("name"): p.get("containerPort") for p in container.get("ports") or []}
    mounts = {m.get("name"): m for m in container.get("volumeMounts") or []}
    volumes = {v.get("name"): v for v in pod.get("volumes") or []}
    webhook_port = flag("webhook-port")
    cert_dir = flag("webhook-cert-dir")
    health_port = (flag("health-probe-bind-address") or "").rpartition(":")[2]
    metrics_port = (flag("metrics-bind-address") or "").rpartition(":")[2]
    problems = []
    if str(ports.get("webhook")) != str(webhook_port):
        problems.append(f"port webhook {ports.get('webhook')} but --webhook-port={webhook_port}")
    if str(ports.get("health")) != health_port:
        problems.append(f"port health {ports.get('health')} but probes bind {health_port}")
    if str(ports.get("metrics")) != metrics_port:
        problems.append(f"port metrics {ports.get('metrics')} but --metrics-bind-address :{metrics_port}")
    for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
        http = get(container, probe, "httpGet", default={})
        if http.get("path") != path or str(http.get("port")) not in (health_port, "health"):
            problems.append(f"{probe} is not GET {path} on the health port")
    cert_mount = next((m for m in mounts.values() if m.get("mountPath") == cert_dir), None)
    if not cert_mount or not cert_mount.get("readOnly"):
        problems.append(f"nothing mounted read-only at --webhook-cert-dir={cert_dir}")
    elif cert_mount.get("name") != "webhook-cert":
        problems.append("the certificate volume is not named webhook-cert (the name OLM replaces)")
    secret_name = get(volumes, get(cert_mount, "name"), "secret", "secretName")
    annotation = get(service, "metadata", "annotations", "service.beta.openshift.io/serving-cert-secret-name")
    if not secret_name or secret_name != annotation:
        problems.append(f"the certificate volume's secret {secret_name!r} is not the one the Service asks "
                        f"OpenShift to write ({annotation!r})")
    ctx.report.check("config/manager: ports match the flags, probes use the health port, the certificate "
                      "secret is mounted read-only at --webhook-cert-dir", problems)

    context = get(container, "securityContext", default={})
    pod_context = pod.get("securityContext") or {}
    problems = []
    if not (context.get("runAsNonRoot") or pod_context.get("runAsNonRoot")):
        problems.append("runAsNonRoot is not set")
    if context.get("allowPrivilegeEscalation") is not False:
        problems.append("allowPrivilegeEscalation is not false")
    if context.get("readOnlyRootFilesystem") is not True:
        problems.append("readOnlyRootFilesystem is not true")
    if get(context, "capabilities", "drop") != ["ALL"] or get(context, "capabilities", "add"):
        problems.append("capabilities are not drop [ALL]")
    if (get(context, "seccompProfile", "type") or get(pod_context, "seccompProfile", "type")) != "RuntimeDefault":
        problems.append("seccompProfile is not RuntimeDefault")
    if pod.get("hostNetwork") or pod.get("hostPID") or context.get("privileged"):
        problems.append("host namespaces or privileged")
    ctx.report.check("config/manager: the operator pod meets the restricted Pod Security Standard", problems)

    pod_labels = get(deployment, "spec", "template", "metadata", "labels", default={})
    selector = get(service, "spec", "selector", default={})
    service_port = next(iter(get(service, "spec", "ports", default=[]) or []), {})
    problems = []
    if not selector or any(pod_labels.get(k) != v for k, v in selector.items()):
        problems.append(f"the Service selector {selector} does not select the operator pod {pod_labels}")
    if service_port.get("port") != 443 or str(service_port.get("targetPort")) not in (str(webhook_port), "webhook"):
        problems.append(f"the Service maps {service_port.get('port')} to {service_port.get('targetPort')}, "
                        f"not 443 to {webhook_port}")
    webhooks = webhook_configuration.get("webhooks") or []
    if len(webhooks) != 1:
        problems.append(f"{len(webhooks)} webhooks, not 1")
    for hook in webhooks:
        target = get(hook, "clientConfig", "service", default={})
        if (target.get("name"), target.get("namespace")) != (
                get(service, "metadata", "name"), get(service, "metadata", "namespace")):
            problems.append(f"webhook {hook.get('name')} calls {target.get('namespace')}/{target.get('name')}")
        if target.get("port", 443) != service_port.get("port"):
            problems.append(f"webhook {hook.get('name')} calls port {target.get('port')}")
    if get(webhook_configuration, "metadata", "annotations", "service.beta.openshift.io/inject-cabundle") != "true":
        problems.append("the webhook configuration lacks service.beta.openshift.io/inject-cabundle: \"true\"")
    ctx.report.check("config/webhook: the Service reaches the operator's webhook port and the webhook "
                      "calls the Service, with its CA bundle injected on OpenShift", problems)
    hook = webhooks[0] if webhooks else {}
    expected = {"name": "vpflacpmonitor.pfstatusrelay.openshift.io",
                "path": "/validate-pfstatusrelay-openshift-io-v1alpha1-pflacpmonitor",
                "failurePolicy": "Fail", "sideEffects": "None", "admissionReviewVersions": ["v1"]}
    actual = {"name": hook.get("name"), "path": get(hook, "clientConfig", "service", "path"),
              "failurePolicy": hook.get("failurePolicy"), "sideEffects": hook.get("sideEffects"),
              "admissionReviewVersions": hook.get("admissionReviewVersions")}
    problems = differences(actual, expected, "", ("config/webhook", "the expected webhook"))
    rules = hook.get("rules") or []
    covered = {(g, v, r, o) for rule in rules for g in rule.get("apiGroups") or []
               for v in rule.get("apiVersions") or [] for r in rule.get("resources") or []
               for o in rule.get("operations") or []}
    wanted = {("pfstatusrelay.openshift.io", "v1alpha1", "pflacpmonitors", op) for op in ("CREATE", "UPDATE")}
    if covered != wanted:
        problems.append(f"rules cover {sorted(covered)}, not CREATE and UPDATE of pflacpmonitors")
    ctx.report.check("config/webhook: vpflacpmonitor validates CREATE and UPDATE of pflacpmonitors, "
                      "failing closed", problems)
    certmanager = ctx.builds.get("config/certmanager", [])
    if certmanager:
        problems = []
        # The webhook's; the metrics endpoint's is checked in metrics.py.
        certificates = [c for c in find(certmanager, "Certificate") if get(c, "spec", "secretName") == secret_name]
        hook_configuration = next(iter(find(certmanager, "ValidatingWebhookConfiguration")), {})
        injected = get(hook_configuration, "metadata", "annotations", "cert-manager.io/inject-ca-from")
        if len(certificates) != 1:
            problems.append(f"{len(certificates)} Certificates write {secret_name}, not 1")
        else:
            certificate = certificates[0]
            if get(certificate, "spec", "secretName") != secret_name:
                problems.append(f"the Certificate writes {get(certificate, 'spec', 'secretName')}, "
                                f"not {secret_name}")
            host = f"{get(service, 'metadata', 'name')}.{get(service, 'metadata', 'namespace')}.svc"
            if host not in (get(certificate, "spec", "dnsNames") or []):
                problems.append(f"the Certificate is not for {host}")
            if injected != f"{get(certificate, 'metadata', 'namespace')}/{get(certificate, 'metadata', 'name')}":
                problems.append(f"the webhook's inject-ca-from is {injected!r}")
            issuer = get(certificate, "spec", "issuerRef", "name")
            if not find(certmanager, get(certificate, "spec", "issuerRef", "kind") or "Issuer", issuer):
                problems.append(f"the issuer {issuer} is not in the build")
        ctx.report.check("config/certmanager: the Certificate writes the mounted secret for the webhook "
                          "Service, and cert-manager injects its CA", problems)
