"""5c. The CSV against config/: the bundle CRD, version, install modes, owned CRD, Deployment, RBAC, webhook."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from .constants import (BUNDLE_CRD_FILE, CONTAINER, CRD_FILE, DAEMON_IMAGE_ENV, DEPLOYMENT, OLM_BUNDLE_KINDS,
                        OPERAND_ACCOUNT, OPERAND_ROLE, OPERATOR_NAMESPACE, PACKAGE)
from .crd_schema import schema_at
from .loading import describe, differences, find, get
from .rbac import bound_rules, rule_difference

if TYPE_CHECKING:
    from .context import Checker


def csv_checks(ctx: Checker) -> None:
    csv = ctx.csv
    if not csv or not ctx.crd:
        return
    config_crd = (ctx.root / CRD_FILE).read_bytes()
    bundle_crd_path = ctx.root / BUNDLE_CRD_FILE
    ctx.report.check(f"{BUNDLE_CRD_FILE} is byte-identical to {CRD_FILE}",
                      [] if bundle_crd_path.is_file() and bundle_crd_path.read_bytes() == config_crd
                      else ["they differ (cp the config one over the bundle one)"])
    spec = csv.get("spec") or {}
    metadata = csv.get("metadata") or {}
    annotations = metadata.get("annotations") or {}
    problems = []
    version = str(spec.get("version", ""))
    if not re.fullmatch(r"\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?", version):
        problems.append(f"version {version!r} is not semver")
    if metadata.get("name") != f"{PACKAGE}.v{version}":
        problems.append(f"name {metadata.get('name')!r} is not {PACKAGE}.v{version}")
    if spec.get("minKubeVersion") != "1.25.0":
        problems.append(f"minKubeVersion {spec.get('minKubeVersion')!r}")
    for field in ("displayName", "description", "keywords", "maintainers", "provider", "links", "maturity"):
        if not spec.get(field):
            problems.append(f"no spec.{field}")
    if get(spec, "install", "strategy") != "deployment":
        problems.append("install strategy is not deployment")
    ctx.report.check("CSV: name, version, minKubeVersion 1.25.0, descriptive fields, deployment strategy",
                      problems)
    modes = {m.get("type"): m.get("supported") for m in spec.get("installModes") or []}
    wanted = {"OwnNamespace": True, "SingleNamespace": False, "MultiNamespace": False, "AllNamespaces": False}
    ctx.report.check("CSV: install mode OwnNamespace only (the operator watches its own namespace; "
                      "AllNamespaces false)",
                      differences(modes, wanted, "installModes", ("the CSV", "the expected modes")))
    suggested = {k: annotations.get(k) for k in ("operatorframework.io/suggested-namespace",
                                                  "operators.operatorframework.io/suggested-namespace")}
    problems = [f"{k} is {v!r}" for k, v in suggested.items() if v != "openshift-pf-status-relay-operator"]
    template = annotations.get("operatorframework.io/suggested-namespace-template")
    if template:
        try:
            namespace = json.loads(template)
            if get(namespace, "metadata", "name") != "openshift-pf-status-relay-operator":
                problems.append("the suggested-namespace-template names another namespace")
            if get(namespace, "metadata", "annotations", "workload.openshift.io/allowed") != "management":
                problems.append("the suggested-namespace-template lacks workload.openshift.io/allowed: management")
        except json.JSONDecodeError as error:
            problems.append(f"suggested-namespace-template: {error}")
    ctx.report.check("CSV: suggested namespace openshift-pf-status-relay-operator", problems)

    crd_spec = ctx.crd.get("spec") or {}
    owned = get(spec, "customresourcedefinitions", "owned", default=[]) or []
    problems = []
    if len(owned) != 1:
        problems.append(f"{len(owned)} owned CRDs, not 1")
    for entry in owned:
        storage = next((v.get("name") for v in crd_spec.get("versions") or [] if v.get("storage")), None)
        wanted = {"name": get(ctx.crd, "metadata", "name"), "kind": get(crd_spec, "names", "kind"),
                  "version": storage}
        problems += differences({k: entry.get(k) for k in wanted}, wanted, "owned", ("the CSV", "the CRD"))
        for field in ("displayName", "description"):
            if not entry.get(field):
                problems.append(f"no {field}")
        schema = ctx.crd_schema()
        for kind in ("specDescriptors", "statusDescriptors"):
            root = "spec" if kind == "specDescriptors" else "status"
            for descriptor in entry.get(kind) or []:
                if schema_at(schema, f"{root}.{descriptor.get('path', '')}") is None:
                    problems.append(f"{kind} path {descriptor.get('path')} is not a field of .{root}")
    examples, _ = ctx.alm_examples()
    owned_kinds = {(f"{crd_spec.get('group')}/{e.get('version')}", e.get("kind")) for e in owned}
    problems += [f"alm-examples has a {e.get('kind')} the CSV does not own" for e in examples
                 if (e.get("apiVersion"), e.get("kind")) not in owned_kinds]
    ctx.report.check("CSV: owns the CRD of the CRD file, its descriptors name real fields, its examples are "
                      "of owned kinds", problems)

    csv_deployment(ctx, spec, annotations)
    csv_permissions(ctx, spec)
    csv_webhook(ctx, spec)
    bundle_kinds = sorted(describe(o) for _, o in ctx.bundle)
    wanted_kinds = sorted(["ClusterServiceVersion placeholder/" + str(get(csv, "metadata", "name")),
                           "CustomResourceDefinition " + str(get(ctx.crd, "metadata", "name")),
                           f"ServiceAccount {OPERAND_ACCOUNT}", f"Role {OPERAND_ROLE}",
                           f"RoleBinding {OPERAND_ROLE}", f"Service {DEPLOYMENT}-metrics-service",
                           f"ClusterRole {DEPLOYMENT}-metrics-reader"])
    problems = [] if bundle_kinds == wanted_kinds else [f"found {bundle_kinds}, wanted {wanted_kinds}"]
    problems += [f"{describe(o)} is a kind OLM does not install from a bundle" for _, o in ctx.bundle
                 if o.get("kind") not in OLM_BUNDLE_KINDS]
    ctx.report.check("bundle/manifests: the CSV, the CRD, the operand's ServiceAccount, Role and "
                      "RoleBinding, the metrics Service and metrics-reader ClusterRole, all kinds OLM installs "
                      "(OLM makes the webhook's Service, webhook and certificate)",
                      problems)


def csv_deployment(ctx: Checker, spec: dict, annotations: dict) -> None:
    objects = ctx.builds.get("config/default") or []
    deployments = get(spec, "install", "spec", "deployments", default=[]) or []
    config = find(objects, "Deployment", DEPLOYMENT)
    if len(deployments) != 1 or not config:
        ctx.report.check("CSV: one deployment, as in config/manager",
                          f"{len(deployments)} CSV deployments, {len(config)} in config/default")
        return
    deployment, config_deployment = deployments[0], config[0]
    config_spec = config_deployment.get("spec")

    def container(deployment_spec: dict) -> dict:
        return next((c for c in get(deployment_spec, "template", "spec", "containers", default=[]) or []
                     if c.get("name") == CONTAINER), {})

    csv_container, config_container = container(deployment.get("spec") or {}), container(config_spec)
    for field in ("image", "command", "args", "env", "ports"):
        ctx.report.check(f"CSV deployment: container {field} equals config/manager's",
                          differences(csv_container.get(field), config_container.get(field), field,
                                      ("the CSV", "config/manager")))
    problems = differences(deployment.get("spec"), config_spec, "spec", ("the CSV", "config/manager"))
    if deployment.get("name") != get(config_deployment, "metadata", "name"):
        problems.append(f"name {deployment.get('name')!r}")
    problems += differences(deployment.get("label") or {}, get(config_deployment, "metadata", "labels") or {},
                            "labels", ("the CSV", "config/manager"))
    ctx.report.check("CSV deployment: the whole Deployment spec, name and labels equal config/manager's",
                      problems)
    image = csv_container.get("image")
    daemon_image = next((e.get("value") for e in csv_container.get("env") or []
                         if e.get("name") == DAEMON_IMAGE_ENV), None)
    related = {r.get("image") for r in spec.get("relatedImages") or []}
    problems = []
    if annotations.get("containerImage") != image:
        problems.append(f"containerImage {annotations.get('containerImage')!r} is not the deployment's {image!r}")
    problems += [f"relatedImages lacks {i}" for i in (image, daemon_image) if i not in related]
    if not daemon_image:
        problems.append(f"no {DAEMON_IMAGE_ENV} in the container's env")
    ctx.report.check("CSV: containerImage and relatedImages name the operator and daemon images", problems)


def csv_permissions(ctx: Checker, spec: dict) -> None:
    objects = ctx.builds.get("config/default") or []
    install = get(spec, "install", "spec", default={})
    deployments = install.get("deployments") or []
    account = get(deployments, 0, "spec", "template", "spec", "serviceAccountName")
    for field, binding_kind, role in (("clusterPermissions", "ClusterRoleBinding", "ClusterRole"),
                                      ("permissions", "RoleBinding", "Role")):
        entries = install.get(field) or []
        problems = []
        if [e.get("serviceAccountName") for e in entries] != [account]:
            problems.append(f"{field} is for {[e.get('serviceAccountName') for e in entries]}, "
                            f"not the deployment's {account!r}")
        csv_rules = [r for e in entries for r in e.get("rules") or []]
        config_rules, more = bound_rules(objects, binding_kind, DEPLOYMENT, OPERATOR_NAMESPACE)
        problems += more
        problems += rule_difference(csv_rules, config_rules, f"the CSV's {field}", f"config/rbac's {role}")
        ctx.report.check(f"CSV {field}: the same rules as config/rbac's {role} for the operator", problems)


def csv_webhook(ctx: Checker, spec: dict) -> None:
    objects = ctx.builds.get("config/default") or []
    definitions = spec.get("webhookdefinitions") or []
    configurations = find(objects, "ValidatingWebhookConfiguration")
    hooks = get(configurations, 0, "webhooks", default=[]) or []
    if len(definitions) != 1 or len(hooks) != 1:
        ctx.report.check("CSV webhookdefinitions: one, like config/webhook",
                          f"{len(definitions)} in the CSV, {len(hooks)} in config/webhook")
        return
    definition, hook = definitions[0], hooks[0]
    deployment = next((d for d in get(spec, "install", "spec", "deployments", default=[]) or []
                       if d.get("name") == definition.get("deploymentName")), None)
    container_ports = [p.get("containerPort") for c in
                       get(deployment, "spec", "template", "spec", "containers", default=[]) or []
                       for p in c.get("ports") or []]
    problems = []
    if definition.get("type") != "ValidatingAdmissionWebhook":
        problems.append(f"type {definition.get('type')!r}")
    if deployment is None:
        problems.append(f"deploymentName {definition.get('deploymentName')!r} is not a CSV deployment")
    if definition.get("containerPort") not in container_ports:
        problems.append(f"containerPort {definition.get('containerPort')} is not a port of the deployment")
    if str(definition.get("targetPort")) != str(definition.get("containerPort")):
        problems.append("targetPort differs from containerPort")
    compared = {"generateName": hook.get("name"), "webhookPath": get(hook, "clientConfig", "service", "path")}
    for field in ("rules", "failurePolicy", "sideEffects", "admissionReviewVersions", "timeoutSeconds",
                  "matchPolicy", "objectSelector"):
        compared[field] = hook.get(field)
    problems += differences({k: definition.get(k) for k in compared}, compared, "",
                            ("the CSV", "config/webhook"))
    ctx.report.check("CSV webhookdefinitions: the config/webhook webhook, served by the deployment's "
                      "webhook port", problems)
