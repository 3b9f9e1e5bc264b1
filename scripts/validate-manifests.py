#!/usr/bin/env python3
"""Checks the operator's Kubernetes manifests (config/) and OLM bundle (bundle/).

Run by `make manifests-check`. It needs kubectl (for its built-in kustomize) and
the Python packages in scripts/requirements-manifests.txt. It prints one line
per check, a closing "N passed, N failed" line, and exits 1 when a check fails.

What it checks:
  1. kustomize builds config/default, config/, config/certmanager and
     config/samples;
  2. every object of a built-in kind, including the CRD and the objects the CSV
     embeds (its Deployment spec, roles, webhook, suggested namespace), against
     the Kubernetes schemas of kubernetes-validate (strict: unknown fields fail);
  3. the CRD: names, a structural schema, defaults that satisfy their own
     schema, descriptions on every field, printer columns that point at fields
     of the right type;
  4. the samples and every alm-examples entry against the CRD's
     openAPIV3Schema (with jsonschema), for fields the API server would prune,
     and deliberately invalid PFLACPMonitors, which must be rejected, so that
     the schema check is known to be able to fail;
  5. consistency: bundle annotations and bundle.Dockerfile labels, the bundle
     CRD and config's byte for byte, the CSV's owned CRD, Deployment, permissions
     and webhook against config/, and the wiring inside config/ (bindings,
     Service, ports, certificate secret, namespaces);
  6. one source of truth: every image reference (config/manager, the CSV, the
     standalone daemon and bond CNI installer DaemonSets, the catalog) is the
     one images.env derives, the CSV and catalog name VERSION, and bundle/,
     catalog/ and those references are byte for byte what scripts/bundle.py
     generates now; a copy with one image tag edited by hand must fail, and
     `scripts/bundle.py` must refuse a wrong VERSION or REGISTRY (exit 2) and
     change no file;
  7. the operand's ServiceAccount, Role and RoleBinding in the bundle, only
     kinds OLM installs, the CSV's install modes and console fields, the
     file-based catalog (no opm here), the security contexts of the standalone
     DaemonSets and the OpenShift SCC of config/openshift.

--root DIR checks another copy of the repository (used to show that a broken
copy fails); --only images runs only the checks of 6.
"""

from __future__ import annotations

import argparse
import base64
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable

try:
    import jsonschema
    import kubernetes_validate
    import yaml
except ImportError as error:  # pragma: no cover - depends on the machine
    print(f"manifests-check: missing Python package ({error}); "
          "pip install -r scripts/requirements-manifests.txt", file=sys.stderr)
    sys.exit(2)

KUBERNETES_VERSION = "1.32.0"

CRD_FILE = "config/crd/bases/pfstatusrelay.openshift.io_pflacpmonitors.yaml"
BUNDLE_CRD_FILE = "bundle/manifests/pfstatusrelay.openshift.io_pflacpmonitors.yaml"
CSV_FILE = "bundle/manifests/pf-status-relay-operator.clusterserviceversion.yaml"
ANNOTATIONS_FILE = "bundle/metadata/annotations.yaml"
DOCKERFILE = "bundle.Dockerfile"

OPERATOR_NAMESPACE = "pf-status-relay-operator-system"
PACKAGE = "pf-status-relay-operator"
CHANNEL = "stable"
DEPLOYMENT = "pf-status-relay-operator"
CONTAINER = "manager"
DAEMON_IMAGE_ENV = "PF_STATUS_RELAY_IMAGE"

# Kinds that are not built into Kubernetes, and where they are checked instead.
CUSTOM_KINDS = {
    ("operators.coreos.com/v1alpha1", "ClusterServiceVersion"): "the CSV checks",
    ("pfstatusrelay.openshift.io/v1alpha1", "PFLACPMonitor"): "the CRD schema checks",
    ("cert-manager.io/v1", "Issuer"): "cert-manager (no schema here)",
    ("cert-manager.io/v1", "Certificate"): "cert-manager (no schema here)",
    ("security.openshift.io/v1", "SecurityContextConstraints"): "the SCC checks",
}

IMAGES_ENV = "images.env"
CATALOG_FILE = "catalog/pf-status-relay-operator/catalog.yaml"
CATALOG_DOCKERFILE = "catalog.Dockerfile"
DAEMON_DIR = "config/daemon"
BOND_CNI_DIR = "config/bond-cni"
OPENSHIFT_DIR = "config/openshift"
OPERAND_ACCOUNT = "pf-status-relay"
OPERAND_ROLE = "pf-status-relay-scc"
SCC_NAME = "pf-status-relay"
SOURCE_URL_KEY = "SOURCE_URL"

# What OLM (v0) creates from a bundle besides the CSV and CRDs; anything else
# fails the InstallPlan ("unsupported kind"), a SecurityContextConstraints included.
OLM_BUNDLE_KINDS = {
    "ClusterServiceVersion", "CustomResourceDefinition", "ServiceAccount", "Role", "RoleBinding",
    "ClusterRole", "ClusterRoleBinding", "Service", "ConfigMap", "Secret", "PrometheusRule",
    "ServiceMonitor", "PodDisruptionBudget", "PriorityClass", "VerticalPodAutoscaler", "ConsoleYAMLSample",
    "ConsoleQuickStart", "ConsoleCLIDownload", "ConsoleLink", "NetworkPolicy",
}

FEATURE_ANNOTATIONS = {
    "features.operators.openshift.io/disconnected": "true",
    "features.operators.openshift.io/fips-compliant": "false",
    "features.operators.openshift.io/proxy-aware": "false",
    "features.operators.openshift.io/tls-profiles": "false",
    "features.operators.openshift.io/token-auth-aws": "false",
    "features.operators.openshift.io/token-auth-azure": "false",
    "features.operators.openshift.io/token-auth-gcp": "false",
    "features.operators.openshift.io/cnf": "true",
    "features.operators.openshift.io/cni": "false",
    "features.operators.openshift.io/csi": "false",
}

# What scripts/validate-manifests.py copies to check a changed copy of the repository.
REPOSITORY_ENTRIES = ("images.env", "config", "bundle", "catalog", "bundle.Dockerfile", "catalog.Dockerfile",
                      "scripts")


def load_bundle_module() -> Any:
    """scripts/bundle.py (the generator), imported from next to this script."""
    import importlib.util
    path = Path(__file__).resolve().parent / "bundle.py"
    spec = importlib.util.spec_from_file_location("pf_status_relay_bundle", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def copy_repository(root: Path, destination: Path) -> None:
    destination.mkdir(parents=True, exist_ok=True)
    for entry in REPOSITORY_ENTRIES:
        source = root / entry
        if source.is_dir():
            shutil.copytree(source, destination / entry, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, destination / entry)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts}

# Invalid PFLACPMonitor specs, each with the JSON Schema keyword that must reject it.
INVALID_SPECS: list[tuple[str, Callable[[dict], None], set[str]]] = [
    ("pollingInterval 500", lambda s: s.update(pollingInterval=500), {"minimum"}),
    ("empty interfaces", lambda s: s.update(interfaces=[]), {"minItems"}),
    ("pollingInterval 500 and empty interfaces",
     lambda s: s.update(pollingInterval=500, interfaces=[]), {"minimum", "minItems"}),
    ("no interfaces", lambda s: s.pop("interfaces"), {"required"}),
    ("an empty interface name", lambda s: s.update(interfaces=["ens5f0", ""]), {"minLength"}),
    ("the same interface twice", lambda s: s.update(interfaces=["ens5f0", "ens5f0"]), {"uniqueItems"}),
    ("pollingInterval as a string", lambda s: s.update(pollingInterval="1000"), {"type"}),
    ("pollingInterval 1000.5", lambda s: s.update(pollingInterval=1000.5), {"type"}),
    ("pollingInterval over an hour", lambda s: s.update(pollingInterval=3600001), {"maximum"}),
    ("lacpduTimeout 1000", lambda s: s.update(lacpduTimeout=1000), {"minimum"}),
    ("lacpduTimeout 3000", lambda s: s.update(lacpduTimeout=3000), {"maximum"}),
    ("lacpduTimeout as a string", lambda s: s.update(lacpduTimeout="1500"), {"type"}),
    ("a nodeSelector value that is a number",
     lambda s: s.update(nodeSelector={"kubernetes.io/hostname": 0}), {"type"}),
    ("interfaces as a string", lambda s: s.update(interfaces="ens5f0"), {"type"}),
]

# Valid changes to the sample's spec (the bounds of the optional fields); the CRD must accept them.
VALID_SPECS: list[tuple[str, Callable[[dict], None]]] = [
    ("lacpduTimeout 1100", lambda s: s.update(lacpduTimeout=1100)),
    ("lacpduTimeout 1500", lambda s: s.update(lacpduTimeout=1500)),
    ("lacpduTimeout 2999", lambda s: s.update(lacpduTimeout=2999)),
]

# A status as the operator would write it; the CRD must accept it.
EXAMPLE_STATUS = {
    "observedGeneration": 3,
    "degraded": False,
    "errorMessage": "",
    "nodes": {"desired": 3, "ready": 3},
    "conditions": [
        {"type": "Available", "status": "True", "reason": "DaemonReady",
         "message": "the relay daemon is ready on 3 of 3 nodes",
         "observedGeneration": 3, "lastTransitionTime": "2025-07-24T13:35:54Z"},
        {"type": "Degraded", "status": "False", "reason": "AsExpected", "message": "",
         "observedGeneration": 3, "lastTransitionTime": "2025-07-24T13:35:54Z"},
    ],
}


class Report:
    """Prints one line per check and counts them."""

    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0
        self.skipped = 0

    def check(self, name: str, problems: Iterable[str] | str | bool | None) -> bool:
        """problems: falsy or empty when the check passed; text or a list of texts otherwise."""
        if problems is True or problems is False:
            problems = [] if problems else ["failed"]
        if isinstance(problems, str):
            problems = [problems]
        problems = [p for p in (problems or []) if p]
        if problems:
            self.failed += 1
            print(f"FAIL {name}")
            for problem in problems:
                print(f"       {problem}")
            return False
        self.passed += 1
        print(f"ok   {name}")
        return True

    def skip(self, name: str, why: str) -> None:
        self.skipped += 1
        print(f"skip {name}: {why}")


# ---------------------------------------------------------------- loading


def load_documents(text: str, source: str) -> list[dict]:
    documents = [d for d in yaml.safe_load_all(text) if d is not None]
    for document in documents:
        if not isinstance(document, dict):
            raise ValueError(f"{source}: a YAML document is not a mapping")
    return documents


def kustomize(root: Path, directory: str) -> list[dict]:
    kubectl = os.environ.get("KUBECTL") or shutil.which("kubectl")
    if not kubectl:
        raise RuntimeError("kubectl not found (set KUBECTL to its path); its kustomize builds config/")
    result = subprocess.run([kubectl, "kustomize", str(root / directory)],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip() or f"kubectl kustomize exited {result.returncode}")
    return load_documents(result.stdout, directory)


def describe(obj: dict) -> str:
    metadata = obj.get("metadata") or {}
    namespace = f"{metadata['namespace']}/" if metadata.get("namespace") else ""
    return f"{obj.get('kind')} {namespace}{metadata.get('name')}"


def find(objects: list[dict], kind: str, name: str | None = None) -> list[dict]:
    return [o for o in objects if o.get("kind") == kind
            and (name is None or (o.get("metadata") or {}).get("name") == name)]


def one(objects: list[dict], kind: str, name: str | None = None) -> dict:
    found = find(objects, kind, name)
    if len(found) != 1:
        raise LookupError(f"expected one {kind}{' ' + name if name else ''}, found {len(found)}")
    return found[0]


def get(data: Any, *path: Any, default: Any = None) -> Any:
    for key in path:
        if isinstance(data, dict) and key in data:
            data = data[key]
        elif isinstance(data, list) and isinstance(key, int) and -len(data) <= key < len(data):
            data = data[key]
        else:
            return default
    return data


def differences(left: Any, right: Any, path: str = "",
                names: tuple[str, str] = ("the first", "the second")) -> list[str]:
    """Paths where two parsed YAML values differ; names say which is which."""
    if isinstance(left, dict) and isinstance(right, dict):
        found = []
        for key in sorted(set(left) | set(right), key=str):
            where = f"{path}.{key}"
            if key not in left:
                found.append(f"{where}: only in {names[1]}")
            elif key not in right:
                found.append(f"{where}: only in {names[0]}")
            else:
                found.extend(differences(left[key], right[key], where, names))
        return found
    if isinstance(left, list) and isinstance(right, list):
        if len(left) != len(right):
            return [f"{path}: {len(left)} items in {names[0]}, {len(right)} in {names[1]}"]
        found = []
        for index, (a, b) in enumerate(zip(left, right, strict=True)):
            found.extend(differences(a, b, f"{path}[{index}]", names))
        return found
    if left != right or type(left) is not type(right):
        return [f"{path}: {left!r} in {names[0]}, {right!r} in {names[1]}"]
    return []


# ---------------------------------------------------------------- Kubernetes schemas


def validate_builtin(report: Report, obj: dict, source: str) -> None:
    key = (obj.get("apiVersion"), obj.get("kind"))
    name = f"{source}: {describe(obj)} is valid Kubernetes {KUBERNETES_VERSION} (strict)"
    if key in CUSTOM_KINDS:
        report.skip(f"{source}: {describe(obj)} against the Kubernetes schemas",
                    f"not a built-in kind, see {CUSTOM_KINDS[key]}")
        return
    try:
        kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as error:
        where = ".".join(str(p) for p in error.path)
        report.check(name, f"{where or '(top)'}: {error.message}")
        return
    except kubernetes_validate.SchemaNotFoundError as error:
        report.check(name, f"{error.message} (a typo in apiVersion or kind?)")
        return
    report.check(name, None)


# ---------------------------------------------------------------- CRD schema


def to_json_schema(node: Any) -> Any:
    """An OpenAPI v3.0 CRD schema as a JSON Schema (draft 4 semantics).

    x-kubernetes-* extensions are dropped except two that change what is valid:
    list-type set (items unique) and int-or-string. nullable allows null.
    format is dropped (int32, int64, date-time are checked by the API server).
    """
    if isinstance(node, list):
        return [to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    result: dict[str, Any] = {}
    for key, value in node.items():
        if key.startswith("x-kubernetes-") or key in ("format", "nullable", "example", "externalDocs"):
            continue
        if key in ("properties", "patternProperties", "definitions"):
            result[key] = {name: to_json_schema(sub) for name, sub in value.items()}
        elif key in ("items", "additionalProperties", "not", "allOf", "anyOf", "oneOf"):
            result[key] = to_json_schema(value)
        else:
            result[key] = copy.deepcopy(value)
    if node.get("x-kubernetes-list-type") == "set":
        result["uniqueItems"] = True
    if node.get("x-kubernetes-int-or-string"):
        result.pop("type", None)
        result["anyOf"] = [{"type": "integer"}, {"type": "string"}]
    if node.get("nullable") and "type" in result:
        result["type"] = [result["type"], "null"]
    return result


def schema_errors(schema: dict, instance: Any) -> list[jsonschema.ValidationError]:
    converted = to_json_schema(schema)
    jsonschema.Draft4Validator.check_schema(converted)
    validator = jsonschema.Draft4Validator(converted)
    return sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))


def format_error(error: jsonschema.ValidationError) -> str:
    where = ".".join(str(p) for p in error.absolute_path) or "(top)"
    return f"{where}: {error.message} ({error.validator})"


def list_map_errors(schema: dict, instance: Any, path: str = "") -> list[str]:
    """x-kubernetes-list-type: map requires the key fields to be unique."""
    found: list[str] = []
    if isinstance(instance, dict):
        for name, value in instance.items():
            sub = get(schema, "properties", name) or get(schema, "additionalProperties")
            if isinstance(sub, dict):
                found.extend(list_map_errors(sub, value, f"{path}.{name}"))
    elif isinstance(instance, list):
        if schema.get("x-kubernetes-list-type") == "map":
            keys = schema.get("x-kubernetes-list-map-keys") or []
            seen = set()
            for item in instance:
                key = tuple(json.dumps(get(item, k), sort_keys=True) for k in keys)
                if key in seen:
                    found.append(f"{path}: two items with the same {', '.join(keys)}")
                seen.add(key)
        item_schema = schema.get("items")
        if isinstance(item_schema, dict):
            for index, item in enumerate(instance):
                found.extend(list_map_errors(item_schema, item, f"{path}[{index}]"))
    return found


def pruned_fields(schema: dict, instance: Any, path: str = "") -> list[str]:
    """Fields the API server would drop (and kubectl's strict validation reject)."""
    if schema.get("x-kubernetes-preserve-unknown-fields"):
        return []
    found: list[str] = []
    if isinstance(instance, dict) and schema.get("type") == "object":
        properties = schema.get("properties")
        extra = schema.get("additionalProperties")
        for name, value in instance.items():
            if properties is not None and name in properties:
                found.extend(pruned_fields(properties[name], value, f"{path}.{name}"))
            elif isinstance(extra, dict):
                found.extend(pruned_fields(extra, value, f"{path}.{name}"))
            elif properties is not None or extra is False:
                found.append(f"{path}.{name}")
    elif isinstance(instance, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(instance):
            found.extend(pruned_fields(schema["items"], item, f"{path}[{index}]"))
    return found


def structural_problems(schema: dict, path: str = "") -> list[str]:
    """The rules of a structural schema that this CRD can break, plus field descriptions."""
    found: list[str] = []
    here = path or "(root)"
    if "type" not in schema and not (schema.get("x-kubernetes-int-or-string")
                                     or schema.get("x-kubernetes-preserve-unknown-fields")):
        found.append(f"{here}: no type")
    if "type" in schema and schema["type"] not in ("object", "array", "string", "integer", "number", "boolean"):
        found.append(f"{here}: type {schema['type']!r} is not an OpenAPI type")
    if schema.get("type") == "array" and not isinstance(schema.get("items"), dict):
        found.append(f"{here}: an array without an items schema")
    if "default" in schema:
        try:
            errors = schema_errors(schema, schema["default"])
            found.extend(f"{here}: default {schema['default']!r}: {format_error(e)}" for e in errors)
        except jsonschema.SchemaError as error:
            found.append(f"{here}: cannot check the default: {error.message}")
    list_type = schema.get("x-kubernetes-list-type")
    if list_type == "set" and get(schema, "items", "type") not in ("string", "integer", "number", "boolean"):
        found.append(f"{here}: list-type set needs scalar items")
    if list_type == "map":
        keys = schema.get("x-kubernetes-list-map-keys") or []
        required = get(schema, "items", "required", default=[])
        if not keys:
            found.append(f"{here}: list-type map without list-map-keys")
        found.extend(f"{here}: map key {k} is not a required field of the items"
                     for k in keys if k not in required)
    for name, sub in (schema.get("properties") or {}).items():
        where = f"{path}.{name}"
        if where not in (".metadata",) and not sub.get("description"):
            found.append(f"{where}: no description")
        found.extend(structural_problems(sub, where))
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            found.extend(structural_problems(schema[key], f"{path}[{key}]"))
    for name in schema.get("required") or []:
        if name not in (schema.get("properties") or {}):
            found.append(f"{here}: required field {name} is not a property")
    return found


def schema_at(schema: dict, dotted: str) -> dict | None:
    node: Any = schema
    for part in [p for p in dotted.split(".") if p]:
        node = get(node, "properties", part)
        if node is None:
            return None
    return node


def printer_column_problems(version: dict) -> list[str]:
    schema = get(version, "schema", "openAPIV3Schema") or {}
    found = []
    expected_types = {"integer": {"integer"}, "boolean": {"boolean"}, "number": {"number", "integer"}}
    for column in version.get("additionalPrinterColumns") or []:
        path = column.get("jsonPath", "")
        if path == ".metadata.creationTimestamp":
            if column.get("type") != "date":
                found.append(f"{column.get('name')}: creationTimestamp should be a date column")
            continue
        if not re.fullmatch(r"(\.[A-Za-z0-9_]+)+", path):
            found.append(f"{column.get('name')}: jsonPath {path!r} is not a simple field path")
            continue
        target = schema_at(schema, path)
        if target is None:
            found.append(f"{column.get('name')}: {path} is not a field of the schema")
            continue
        wanted = expected_types.get(column.get("type"))
        if wanted and target.get("type") not in wanted:
            found.append(f"{column.get('name')}: column type {column.get('type')} "
                         f"for a field of type {target.get('type')}")
    return found


# ---------------------------------------------------------------- RBAC


def rule_triples(rules: list[dict]) -> set[tuple]:
    """Rules as (apiGroup, resource, resourceName or '', verb) tuples, order-free."""
    triples = set()
    for rule in rules or []:
        names = rule.get("resourceNames") or [""]
        for group in rule.get("apiGroups") or [""]:
            for resource in rule.get("resources") or []:
                for verb in rule.get("verbs") or []:
                    for name in names:
                        triples.add((group, resource, name, verb))
        for url in rule.get("nonResourceURLs") or []:
            for verb in rule.get("verbs") or []:
                triples.add(("nonResourceURL", url, "", verb))
    return triples


def rule_difference(first: list[dict], second: list[dict], first_name: str, second_name: str) -> list[str]:
    a, b = rule_triples(first), rule_triples(second)
    found = [f"only in {first_name}: {t[0] or 'core'}/{t[1]}{'/' + t[2] if t[2] else ''} {t[3]}"
             for t in sorted(a - b)]
    found += [f"only in {second_name}: {t[0] or 'core'}/{t[1]}{'/' + t[2] if t[2] else ''} {t[3]}"
              for t in sorted(b - a)]
    return found


def bound_rules(objects: list[dict], binding_kind: str, service_account: str,
                namespace: str) -> tuple[list[dict], list[str]]:
    """The rules of the roles bound to a service account by bindings of one kind."""
    rules: list[dict] = []
    problems: list[str] = []
    for binding in find(objects, binding_kind):
        subjects = binding.get("subjects") or []
        if not any(s.get("kind") == "ServiceAccount" and s.get("name") == service_account
                   and s.get("namespace") == namespace for s in subjects):
            continue
        ref = binding.get("roleRef") or {}
        role_namespace = get(binding, "metadata", "namespace")
        roles = [r for r in find(objects, ref.get("kind"), ref.get("name"))
                 if ref.get("kind") == "ClusterRole" or get(r, "metadata", "namespace") == role_namespace]
        if len(roles) != 1:
            problems.append(f"{describe(binding)} refers to {ref.get('kind')} {ref.get('name')}, "
                            f"which is not in the build")
            continue
        rules.extend(roles[0].get("rules") or [])
    return rules, problems


# ---------------------------------------------------------------- the checks


class Checker:
    def __init__(self, root: Path, report: Report, only_images: bool = False) -> None:
        self.root = root
        self.only_images = only_images
        self.generator = load_bundle_module()
        self.report = report
        self.builds: dict[str, list[dict]] = {}
        self.crd: dict | None = None
        self.csv: dict | None = None
        self.bundle: list[tuple[str, dict]] = []
        self.annotations: dict | None = None
        self.schema_ok = False

    def run(self) -> None:
        if self.only_images:
            self.build(("config/default", DAEMON_DIR, BOND_CNI_DIR))
            self.load_bundle()
            self.image_checks()
            return
        self.build()
        self.load_bundle()
        self.image_checks()
        self.changed_copies()
        self.kubernetes_schemas()
        self.crd_checks()
        self.sample_checks()
        self.config_wiring()
        self.bundle_metadata()
        self.csv_checks()
        self.console_checks()
        self.operand_bundle_checks()
        self.catalog_checks()
        self.standalone_daemonsets()
        self.openshift_checks()

    # ---- 1. builds and files

    def build(self, directories: tuple[str, ...] = ("config/default", "config", "config/certmanager",
                                                   "config/samples", DAEMON_DIR, BOND_CNI_DIR,
                                                   OPENSHIFT_DIR)) -> None:
        for directory in directories:
            try:
                self.builds[directory] = kustomize(self.root, directory)
                self.report.check(f"kubectl kustomize {directory} builds "
                                  f"({len(self.builds[directory])} objects)", None)
            except (RuntimeError, OSError, ValueError, yaml.YAMLError) as error:
                self.report.check(f"kubectl kustomize {directory} builds", str(error))
        if "config/default" in self.builds and "config" in self.builds:
            self.report.check("config/ (kubectl apply -k config/) builds the same objects as config/default",
                              differences(self.builds["config"], self.builds["config/default"], "",
                                          ("config/", "config/default")))
        default = self.builds.get("config/default", [])
        wanted = {("CustomResourceDefinition", "pflacpmonitors.pfstatusrelay.openshift.io"),
                  ("Namespace", OPERATOR_NAMESPACE), ("ServiceAccount", DEPLOYMENT),
                  ("ClusterRole", DEPLOYMENT), ("ClusterRoleBinding", DEPLOYMENT),
                  ("Role", f"{DEPLOYMENT}-leader-election"), ("RoleBinding", f"{DEPLOYMENT}-leader-election"),
                  ("ClusterRole", f"{DEPLOYMENT}-pflacpmonitor-editor"),
                  ("ClusterRole", f"{DEPLOYMENT}-pflacpmonitor-viewer"),
                  ("Deployment", DEPLOYMENT), ("Service", f"{DEPLOYMENT}-webhook-service"),
                  ("ValidatingWebhookConfiguration", f"{DEPLOYMENT}-validating-webhook"),
                  ("ServiceAccount", OPERAND_ACCOUNT), ("Role", OPERAND_ROLE), ("RoleBinding", OPERAND_ROLE)}
        present = {(o.get("kind"), get(o, "metadata", "name")) for o in default}
        self.report.check("config/default has every object the operator needs, named as written",
                          [f"missing {k} {n}" for k, n in sorted(wanted - present)])

    def load_bundle(self) -> None:
        problems = []
        manifests = self.root / "bundle" / "manifests"
        files = sorted(manifests.glob("*")) if manifests.is_dir() else []
        for path in files:
            if path.suffix not in (".yaml", ".yml", ".json"):
                problems.append(f"{path.relative_to(self.root)}: not a YAML or JSON manifest")
                continue
            try:
                for document in load_documents(path.read_text(), str(path)):
                    self.bundle.append((str(path.relative_to(self.root)), document))
            except (ValueError, yaml.YAMLError) as error:
                problems.append(f"{path.relative_to(self.root)}: {error}")
        csvs = [d for _, d in self.bundle if d.get("kind") == "ClusterServiceVersion"]
        crds = [d for _, d in self.bundle if d.get("kind") == "CustomResourceDefinition"]
        if len(csvs) != 1:
            problems.append(f"bundle/manifests has {len(csvs)} ClusterServiceVersions, not 1")
        if not crds:
            problems.append("bundle/manifests has no CustomResourceDefinition")
        self.csv = csvs[0] if len(csvs) == 1 else None
        try:
            self.annotations = load_documents((self.root / ANNOTATIONS_FILE).read_text(), ANNOTATIONS_FILE)[0]
        except (OSError, ValueError, IndexError, yaml.YAMLError) as error:
            problems.append(f"{ANNOTATIONS_FILE}: {error}")
        try:
            self.crd = load_documents((self.root / CRD_FILE).read_text(), CRD_FILE)[0]
        except (OSError, ValueError, IndexError, yaml.YAMLError) as error:
            problems.append(f"{CRD_FILE}: {error}")
        self.report.check(f"bundle/manifests ({len(files)} files), bundle/metadata and the CRD parse, "
                          "with one CSV", problems)

    # ---- 2. built-in kinds against the Kubernetes schemas

    def kubernetes_schemas(self) -> None:
        seen: set[str] = set()
        for directory in ("config/default", "config/certmanager", "config/samples", DAEMON_DIR, BOND_CNI_DIR,
                          OPENSHIFT_DIR):
            for obj in self.builds.get(directory, []):
                key = json.dumps(obj, sort_keys=True)
                if key in seen:
                    continue
                seen.add(key)
                validate_builtin(self.report, obj, directory)
        for source, obj in self.bundle:
            validate_builtin(self.report, obj, source)
        if self.csv:
            for source, obj in self.csv_embedded_objects():
                validate_builtin(self.report, obj, source)
        for directory in ("config/samples",):
            for obj in self.builds.get(directory, []):
                # A custom resource's metadata is an ObjectMeta: check it as a ConfigMap's.
                wrapper = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": obj.get("metadata")}
                try:
                    kubernetes_validate.validate(wrapper, KUBERNETES_VERSION, strict=True)
                    problem = None
                except kubernetes_validate.ValidationError as error:
                    problem = f"{'.'.join(str(p) for p in error.path)}: {error.message}"
                self.report.check(f"{directory}: {describe(obj)} has valid metadata", problem)

    def csv_embedded_objects(self) -> list[tuple[str, dict]]:
        csv = self.csv or {}
        source = CSV_FILE
        objects = []
        install = get(csv, "spec", "install", "spec", default={})
        for deployment in install.get("deployments") or []:
            objects.append((f"{source} deployments", {
                "apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": {"name": deployment.get("name"), "labels": deployment.get("label") or {}},
                "spec": deployment.get("spec")}))
        for index, permission in enumerate(install.get("clusterPermissions") or []):
            objects.append((f"{source} clusterPermissions", {
                "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
                "metadata": {"name": f"cluster-permissions-{index}"}, "rules": permission.get("rules")}))
        for index, permission in enumerate(install.get("permissions") or []):
            objects.append((f"{source} permissions", {
                "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
                "metadata": {"name": f"permissions-{index}", "namespace": "placeholder"},
                "rules": permission.get("rules")}))
        webhooks = []
        for definition in get(csv, "spec", "webhookdefinitions", default=[]) or []:
            if definition.get("type") != "ValidatingAdmissionWebhook":
                continue
            webhooks.append({
                "name": definition.get("generateName"),
                "admissionReviewVersions": definition.get("admissionReviewVersions"),
                "clientConfig": {"service": {"name": "placeholder", "namespace": "placeholder",
                                             "path": definition.get("webhookPath"),
                                             "port": definition.get("containerPort")}},
                **{k: definition[k] for k in ("rules", "failurePolicy", "sideEffects", "timeoutSeconds",
                                              "matchPolicy", "objectSelector") if k in definition}})
        if webhooks:
            objects.append((f"{source} webhookdefinitions", {
                "apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingWebhookConfiguration",
                "metadata": {"name": "webhookdefinitions"}, "webhooks": webhooks}))
        template = get(csv, "metadata", "annotations", "operatorframework.io/suggested-namespace-template")
        if template:
            try:
                objects.append((f"{source} suggested-namespace-template", json.loads(template)))
            except json.JSONDecodeError as error:
                self.report.check("the CSV's suggested-namespace-template is JSON", str(error))
        return objects

    # ---- 3. the CRD

    def crd_checks(self) -> None:
        crd = self.crd
        if not crd:
            self.report.check("the CRD is there", "cannot read it")
            return
        spec = crd.get("spec") or {}
        names = spec.get("names") or {}
        problems = []
        if get(crd, "metadata", "name") != f"{names.get('plural')}.{spec.get('group')}":
            problems.append(f"metadata.name {get(crd, 'metadata', 'name')} is not <plural>.<group>")
        expected = {"group": "pfstatusrelay.openshift.io", "scope": "Namespaced"}
        problems += [f"spec.{k} is {spec.get(k)!r}, not {v!r}" for k, v in expected.items() if spec.get(k) != v]
        expected_names = {"kind": "PFLACPMonitor", "plural": "pflacpmonitors", "singular": "pflacpmonitor",
                          "listKind": "PFLACPMonitorList", "shortNames": ["pflm"]}
        problems += [f"spec.names.{k} is {names.get(k)!r}, not {v!r}"
                     for k, v in expected_names.items() if names.get(k) != v]
        versions = spec.get("versions") or []
        storage = [v for v in versions if v.get("storage")]
        if len(storage) != 1:
            problems.append(f"{len(storage)} storage versions, not 1")
        if [v.get("name") for v in versions] != ["v1alpha1"]:
            problems.append(f"versions {[v.get('name') for v in versions]}, not ['v1alpha1']")
        self.report.check("CRD names, group, scope and versions", problems)
        version = next((v for v in versions if v.get("name") == "v1alpha1"), {})
        self.report.check("CRD v1alpha1 is served with a status subresource",
                          [] if version.get("served") and get(version, "subresources", "status") == {}
                          else ["served must be true and subresources.status {}"])
        schema = get(version, "schema", "openAPIV3Schema") or {}
        self.report.check("CRD schema is structural, its defaults are valid, every field has a description",
                          structural_problems(schema))
        self.report.check("CRD printer columns point at fields of the right type",
                          printer_column_problems(version))
        columns = [(c.get("name"), c.get("jsonPath"), c.get("type"))
                   for c in version.get("additionalPrinterColumns") or []]
        wanted_columns = [("Interfaces", ".spec.interfaces", "string"),
                          ("Ready nodes", ".status.nodes.ready", "integer"),
                          ("Degraded", ".status.degraded", "boolean"),
                          ("Age", ".metadata.creationTimestamp", "date")]
        self.report.check("CRD printer columns are Interfaces, Ready nodes, Degraded, Age",
                          [] if columns == wanted_columns else [f"columns {columns}"])
        problem = None
        try:
            jsonschema.Draft4Validator.check_schema(to_json_schema(schema))
        except jsonschema.SchemaError as error:
            problem = f"{error.message} (the checks against it are left out)"
        self.schema_ok = problem is None
        self.report.check("CRD openAPIV3Schema converts to a valid JSON Schema", problem)
        if not self.schema_ok:
            return
        resource = {"apiVersion": "pfstatusrelay.openshift.io/v1alpha1", "kind": "PFLACPMonitor",
                    "metadata": {"name": "status-example"}, "spec": {"interfaces": ["ens5f0"]},
                    "status": EXAMPLE_STATUS}
        self.report.check("CRD accepts a status as the operator writes it",
                          [format_error(e) for e in schema_errors(schema, resource)]
                          + list_map_errors(schema, resource) + pruned_fields(schema, resource))
        duplicate = copy.deepcopy(resource)
        duplicate["status"]["conditions"][1]["type"] = "Available"
        self.report.check("CRD rejects two status conditions of the same type (list-type map)",
                          [] if list_map_errors(schema, duplicate) else ["accepted"])

    # ---- 4. samples and alm-examples against the CRD schema

    def crd_schema(self) -> dict:
        versions = get(self.crd, "spec", "versions", default=[]) or []
        version = next((v for v in versions if v.get("name") == "v1alpha1"), {})
        return get(version, "schema", "openAPIV3Schema") or {}

    def resource_problems(self, resource: dict) -> list[str]:
        schema = self.crd_schema()
        problems = []
        group = get(self.crd, "spec", "group")
        if resource.get("apiVersion") != f"{group}/v1alpha1":
            problems.append(f"apiVersion {resource.get('apiVersion')!r}")
        if resource.get("kind") != get(self.crd, "spec", "names", "kind"):
            problems.append(f"kind {resource.get('kind')!r}")
        if not get(resource, "metadata", "name"):
            problems.append("no metadata.name")
        problems += [format_error(e) for e in schema_errors(schema, resource)]
        problems += list_map_errors(schema, resource)
        return problems

    def alm_examples(self) -> tuple[list[dict], str | None]:
        text = get(self.csv, "metadata", "annotations", "alm-examples")
        if not isinstance(text, str):
            return [], "no alm-examples annotation"
        try:
            examples = json.loads(text)
        except json.JSONDecodeError as error:
            return [], f"alm-examples is not JSON: {error}"
        if not isinstance(examples, list) or not all(isinstance(e, dict) for e in examples) or not examples:
            return [], "alm-examples is not a non-empty JSON array of objects"
        return examples, None

    def sample_checks(self) -> None:
        if not self.crd or not self.schema_ok:
            return
        samples = self.builds.get("config/samples", [])
        self.report.check("config/samples has at least one PFLACPMonitor",
                          [] if find(samples, "PFLACPMonitor") else ["none"])
        resources = [("config/samples", s) for s in samples]
        examples, problem = self.alm_examples() if self.csv else ([], "no CSV")
        self.report.check("the CSV's alm-examples is a JSON array of objects", problem)
        resources += [(f"alm-examples[{i}]", e) for i, e in enumerate(examples)]
        schema = self.crd_schema()
        for source, resource in resources:
            self.report.check(f"{source}: {describe(resource)} is valid against the CRD schema",
                              self.resource_problems(resource))
            self.report.check(f"{source}: {describe(resource)} has no field the API server would prune",
                              [f"unknown field {f}" for f in pruned_fields(schema, resource)])
        sample = next(iter(find(samples, "PFLACPMonitor")), None)
        if sample is None:
            return
        for what, change, keywords in INVALID_SPECS:
            bad = copy.deepcopy(sample)
            change(bad["spec"])
            errors = schema_errors(schema, bad)
            rejected_by = {e.validator for e in errors}
            missing = keywords - rejected_by
            self.report.check(f"the CRD schema rejects a PFLACPMonitor with {what}",
                              [] if errors and not missing else
                              ["accepted" if not errors else
                               f"rejected by {sorted(rejected_by)}, not by {sorted(missing)}"])
        for what, change in VALID_SPECS:
            good = copy.deepcopy(sample)
            change(good["spec"])
            self.report.check(f"the CRD schema accepts a PFLACPMonitor with {what}",
                              [format_error(e) for e in schema_errors(schema, good)])
        if examples:
            expected = copy.deepcopy(sample)
            expected.get("metadata", {}).pop("namespace", None)
            self.report.check("alm-examples[0] is the config/samples PFLACPMonitor (without its namespace)",
                              differences(examples[0], expected, "", ("alm-examples", "config/samples")))

    # ---- 5a. wiring inside config/

    def config_wiring(self) -> None:
        objects = self.builds.get("config/default")
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
        self.report.check(f"config/default: namespaced objects are in {OPERATOR_NAMESPACE}, "
                          "cluster-scoped ones have no namespace", problems)
        try:
            deployment = one(objects, "Deployment", DEPLOYMENT)
            service = one(objects, "Service", f"{DEPLOYMENT}-webhook-service")
            webhook_configuration = one(objects, "ValidatingWebhookConfiguration")
            one(objects, "ServiceAccount", DEPLOYMENT)
        except LookupError as error:
            self.report.check("config/default: the Deployment, Service, webhook and ServiceAccount are there",
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
        self.report.check("config/default: the Deployment runs container manager, once, as the "
                          "operator's ServiceAccount", problems)

        cluster_rules, problems = bound_rules(objects, "ClusterRoleBinding", DEPLOYMENT, OPERATOR_NAMESPACE)
        namespace_rules, more = bound_rules(objects, "RoleBinding", DEPLOYMENT, OPERATOR_NAMESPACE)
        problems += more
        if not cluster_rules:
            problems.append("no ClusterRole is bound to the operator's ServiceAccount")
        if not namespace_rules:
            problems.append("no Role is bound to the operator's ServiceAccount")
        self.report.check("config/default: bindings give the operator's ServiceAccount a ClusterRole and "
                          "a leader-election Role that exist", problems)
        wildcards = [f"{describe(r)}: {t}" for r in find(objects, "ClusterRole") + find(objects, "Role")
                     for t in sorted(rule_triples(r.get("rules") or [])) if "*" in t]
        secrets = [f"{t[0] or 'core'}/{t[1]} {t[3]}" for t in sorted(rule_triples(cluster_rules + namespace_rules))
                   if t[1] in ("secrets", "configmaps", "pods/exec", "clusterroles", "clusterrolebindings",
                               "roles", "rolebindings")]
        self.report.check("config/rbac: no wildcard, and the operator cannot read secrets or grant roles",
                          wildcards + [f"operator may {s}" for s in secrets])
        editor = find(objects, "ClusterRole", f"{DEPLOYMENT}-pflacpmonitor-editor")
        viewer = find(objects, "ClusterRole", f"{DEPLOYMENT}-pflacpmonitor-viewer")
        problems = []
        if not editor or get(editor[0], "metadata", "labels", "rbac.authorization.k8s.io/aggregate-to-edit") != "true":
            problems.append("the editor role does not aggregate to edit")
        if not viewer or get(viewer[0], "metadata", "labels", "rbac.authorization.k8s.io/aggregate-to-view") != "true":
            problems.append("the viewer role does not aggregate to view")
        if viewer and any(t[3] not in ("get", "list", "watch") for t in rule_triples(viewer[0].get("rules"))):
            problems.append("the viewer role can change things")
        self.report.check("config/rbac: user roles aggregate to edit and view; the viewer only reads", problems)

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
        self.report.check("config/manager: ports match the flags, probes use the health port, the certificate "
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
        self.report.check("config/manager: the operator pod meets the restricted Pod Security Standard", problems)

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
        self.report.check("config/webhook: the Service reaches the operator's webhook port and the webhook "
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
        self.report.check("config/webhook: vpflacpmonitor validates CREATE and UPDATE of pflacpmonitors, "
                          "failing closed", problems)
        certmanager = self.builds.get("config/certmanager", [])
        if certmanager:
            problems = []
            certificates = find(certmanager, "Certificate")
            hook_configuration = next(iter(find(certmanager, "ValidatingWebhookConfiguration")), {})
            injected = get(hook_configuration, "metadata", "annotations", "cert-manager.io/inject-ca-from")
            if len(certificates) != 1:
                problems.append(f"{len(certificates)} Certificates, not 1")
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
            self.report.check("config/certmanager: the Certificate writes the mounted secret for the webhook "
                              "Service, and cert-manager injects its CA", problems)

    # ---- 5b. bundle metadata and Dockerfile

    def bundle_metadata(self) -> None:
        annotations = get(self.annotations, "annotations")
        if not isinstance(annotations, dict):
            self.report.check(f"{ANNOTATIONS_FILE} has an annotations map", "missing")
            return
        prefix = "operators.operatorframework.io.bundle."
        expected = {f"{prefix}mediatype.v1": "registry+v1", f"{prefix}manifests.v1": "manifests/",
                    f"{prefix}metadata.v1": "metadata/", f"{prefix}package.v1": PACKAGE,
                    f"{prefix}channels.v1": CHANNEL, f"{prefix}channel.default.v1": CHANNEL}
        problems = [f"{k} is {annotations.get(k)!r}, not {v!r}" for k, v in expected.items()
                    if annotations.get(k) != v]
        channels = str(annotations.get(f"{prefix}channels.v1", "")).split(",")
        if annotations.get(f"{prefix}channel.default.v1") not in channels:
            problems.append("the default channel is not one of the channels")
        self.report.check(f"{ANNOTATIONS_FILE}: registry+v1, package {PACKAGE}, channel {CHANNEL} (default)",
                          problems)
        try:
            dockerfile = (self.root / DOCKERFILE).read_text()
        except OSError as error:
            self.report.check(f"{DOCKERFILE} is there", str(error))
            return
        labels: dict[str, str] = {}
        copies: list[tuple[str, str]] = []
        instructions = re.sub(r"\\\n", " ", dockerfile)
        for line in instructions.splitlines():
            line = line.strip()
            if line.upper().startswith("LABEL "):
                for key, value in re.findall(r'([^\s=]+)=("[^"]*"|\S+)', line[6:]):
                    labels[key] = value.strip('"')
            elif line.upper().startswith("COPY "):
                parts = line.split()[1:]
                if len(parts) == 2:
                    copies.append((parts[0].rstrip("/"), parts[1]))
        problems = differences({k: v for k, v in labels.items() if k.startswith(prefix)},
                               {k: v for k, v in annotations.items() if k.startswith(prefix)},
                               "", (DOCKERFILE, ANNOTATIONS_FILE))
        for directory, key in (("manifests", "manifests.v1"), ("metadata", "metadata.v1")):
            wanted = (f"bundle/{directory}", f"/{annotations.get(prefix + key, '')}")
            if wanted not in copies:
                problems.append(f"no COPY {wanted[0]} {wanted[1]}")
        if not re.search(r"^FROM\s+scratch\s*$", dockerfile, re.MULTILINE):
            problems.append("the bundle image is not FROM scratch")
        self.report.check(f"{DOCKERFILE}: labels equal {ANNOTATIONS_FILE}, COPY puts manifests/ and metadata/ "
                          "where they say", problems)

    # ---- 5c. the CSV against config/

    def csv_checks(self) -> None:
        csv = self.csv
        if not csv or not self.crd:
            return
        config_crd = (self.root / CRD_FILE).read_bytes()
        bundle_crd_path = self.root / BUNDLE_CRD_FILE
        self.report.check(f"{BUNDLE_CRD_FILE} is byte-identical to {CRD_FILE}",
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
        self.report.check("CSV: name, version, minKubeVersion 1.25.0, descriptive fields, deployment strategy",
                          problems)
        modes = {m.get("type"): m.get("supported") for m in spec.get("installModes") or []}
        wanted = {"OwnNamespace": True, "SingleNamespace": False, "MultiNamespace": False, "AllNamespaces": False}
        self.report.check("CSV: install mode OwnNamespace only (the operator watches its own namespace; "
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
        self.report.check("CSV: suggested namespace openshift-pf-status-relay-operator", problems)

        crd_spec = self.crd.get("spec") or {}
        owned = get(spec, "customresourcedefinitions", "owned", default=[]) or []
        problems = []
        if len(owned) != 1:
            problems.append(f"{len(owned)} owned CRDs, not 1")
        for entry in owned:
            storage = next((v.get("name") for v in crd_spec.get("versions") or [] if v.get("storage")), None)
            wanted = {"name": get(self.crd, "metadata", "name"), "kind": get(crd_spec, "names", "kind"),
                      "version": storage}
            problems += differences({k: entry.get(k) for k in wanted}, wanted, "owned", ("the CSV", "the CRD"))
            for field in ("displayName", "description"):
                if not entry.get(field):
                    problems.append(f"no {field}")
            schema = self.crd_schema()
            for kind in ("specDescriptors", "statusDescriptors"):
                root = "spec" if kind == "specDescriptors" else "status"
                for descriptor in entry.get(kind) or []:
                    if schema_at(schema, f"{root}.{descriptor.get('path', '')}") is None:
                        problems.append(f"{kind} path {descriptor.get('path')} is not a field of .{root}")
        examples, _ = self.alm_examples()
        owned_kinds = {(f"{crd_spec.get('group')}/{e.get('version')}", e.get("kind")) for e in owned}
        problems += [f"alm-examples has a {e.get('kind')} the CSV does not own" for e in examples
                     if (e.get("apiVersion"), e.get("kind")) not in owned_kinds]
        self.report.check("CSV: owns the CRD of the CRD file, its descriptors name real fields, its examples are "
                          "of owned kinds", problems)

        self.csv_deployment(spec, annotations)
        self.csv_permissions(spec)
        self.csv_webhook(spec)
        bundle_kinds = sorted(describe(o) for _, o in self.bundle)
        wanted_kinds = sorted(["ClusterServiceVersion placeholder/" + str(get(csv, "metadata", "name")),
                               "CustomResourceDefinition " + str(get(self.crd, "metadata", "name")),
                               f"ServiceAccount {OPERAND_ACCOUNT}", f"Role {OPERAND_ROLE}",
                               f"RoleBinding {OPERAND_ROLE}"])
        problems = [] if bundle_kinds == wanted_kinds else [f"found {bundle_kinds}, wanted {wanted_kinds}"]
        problems += [f"{describe(o)} is a kind OLM does not install from a bundle" for _, o in self.bundle
                     if o.get("kind") not in OLM_BUNDLE_KINDS]
        self.report.check("bundle/manifests: the CSV, the CRD and the operand's ServiceAccount, Role and "
                          "RoleBinding, all kinds OLM installs (OLM makes the Service, webhook and certificates)",
                          problems)

    def csv_deployment(self, spec: dict, annotations: dict) -> None:
        objects = self.builds.get("config/default") or []
        deployments = get(spec, "install", "spec", "deployments", default=[]) or []
        config = find(objects, "Deployment", DEPLOYMENT)
        if len(deployments) != 1 or not config:
            self.report.check("CSV: one deployment, as in config/manager",
                              f"{len(deployments)} CSV deployments, {len(config)} in config/default")
            return
        deployment, config_deployment = deployments[0], config[0]
        config_spec = config_deployment.get("spec")

        def container(deployment_spec: dict) -> dict:
            return next((c for c in get(deployment_spec, "template", "spec", "containers", default=[]) or []
                         if c.get("name") == CONTAINER), {})

        csv_container, config_container = container(deployment.get("spec") or {}), container(config_spec)
        for field in ("image", "command", "args", "env", "ports"):
            self.report.check(f"CSV deployment: container {field} equals config/manager's",
                              differences(csv_container.get(field), config_container.get(field), field,
                                          ("the CSV", "config/manager")))
        problems = differences(deployment.get("spec"), config_spec, "spec", ("the CSV", "config/manager"))
        if deployment.get("name") != get(config_deployment, "metadata", "name"):
            problems.append(f"name {deployment.get('name')!r}")
        problems += differences(deployment.get("label") or {}, get(config_deployment, "metadata", "labels") or {},
                                "labels", ("the CSV", "config/manager"))
        self.report.check("CSV deployment: the whole Deployment spec, name and labels equal config/manager's",
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
        self.report.check("CSV: containerImage and relatedImages name the operator and daemon images", problems)

    def csv_permissions(self, spec: dict) -> None:
        objects = self.builds.get("config/default") or []
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
            self.report.check(f"CSV {field}: the same rules as config/rbac's {role} for the operator", problems)

    def csv_webhook(self, spec: dict) -> None:
        objects = self.builds.get("config/default") or []
        definitions = spec.get("webhookdefinitions") or []
        configurations = find(objects, "ValidatingWebhookConfiguration")
        hooks = get(configurations, 0, "webhooks", default=[]) or []
        if len(definitions) != 1 or len(hooks) != 1:
            self.report.check("CSV webhookdefinitions: one, like config/webhook",
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
        self.report.check("CSV webhookdefinitions: the config/webhook webhook, served by the deployment's "
                          "webhook port", problems)

    # ---- 6. one source of truth for images and versions

    def image_checks(self) -> None:
        generator = self.generator
        try:
            env = generator.read_env(self.root)
        except (OSError, ValueError) as error:
            self.report.check(f"{IMAGES_ENV} has VERSION, REGISTRY and SOURCE_URL", str(error))
            return
        version, registry, source_url = env["VERSION"], env["REGISTRY"], env[SOURCE_URL_KEY]
        problems = [p for p in (generator.version_problem(version), generator.registry_problem(registry)) if p]
        if not re.fullmatch(r"https://\S+[^/]", source_url):
            problems.append(f"SOURCE_URL {source_url!r} is not an https URL")
        self.report.check(f"{IMAGES_ENV}: VERSION {version} is semver, REGISTRY {registry} is a registry path, "
                          "SOURCE_URL is https", problems)
        if problems:
            return
        images = generator.image_references(version, registry)
        self.version, self.source_url = version, source_url

        # config/manager, as built and as written
        deployment = next(iter(find(self.builds.get("config/default") or [], "Deployment", DEPLOYMENT)), {})
        container = next((c for c in get(deployment, "spec", "template", "spec", "containers", default=[]) or []
                          if c.get("name") == CONTAINER), {})
        env_values = {e.get("name"): e.get("value") for e in container.get("env") or []}
        problems = []
        if container.get("image") != images["operator"]:
            problems.append(f"the built Deployment's image is {container.get('image')!r}, not {images['operator']}")
        if env_values.get(DAEMON_IMAGE_ENV) != images["daemon"]:
            problems.append(f"{DAEMON_IMAGE_ENV} is {env_values.get(DAEMON_IMAGE_ENV)!r}, not {images['daemon']}")
        try:
            written = load_documents((self.root / "config/manager/manager.yaml").read_text(), "manager.yaml")[0]
            written_image = get(written, "spec", "template", "spec", "containers", 0, "image")
            if written_image != images["operator"]:
                problems.append(f"config/manager/manager.yaml names {written_image!r}")
            kustomization = load_documents((self.root / "config/manager/kustomization.yaml").read_text(),
                                           "kustomization.yaml")[0]
            repository = images["operator"].rpartition(":")[0]
            wanted = [{"name": repository, "newName": repository, "newTag": f"v{version}"}]
            problems += differences(kustomization.get("images"), wanted, "images",
                                    ("config/manager/kustomization.yaml", "images.env"))
        except (OSError, ValueError, IndexError, yaml.YAMLError) as error:
            problems.append(str(error))
        self.report.check("config/manager: the Deployment's image, PF_STATUS_RELAY_IMAGE and the kustomize "
                          "images entry are images.env's", problems)

        # the CSV
        csv = self.csv or {}
        spec = csv.get("spec") or {}
        csv_deployment = get(spec, "install", "spec", "deployments", 0, "spec", default={})
        csv_container = next((c for c in get(csv_deployment, "template", "spec", "containers", default=[]) or []
                              if c.get("name") == CONTAINER), {})
        csv_env = {e.get("name"): e.get("value") for e in csv_container.get("env") or []}
        related = sorted((r.get("name"), r.get("image")) for r in spec.get("relatedImages") or [])
        problems = []
        if get(csv, "metadata", "annotations", "containerImage") != images["operator"]:
            problems.append(f"containerImage is {get(csv, 'metadata', 'annotations', 'containerImage')!r}")
        if csv_container.get("image") != images["operator"]:
            problems.append(f"the deployment's image is {csv_container.get('image')!r}")
        if csv_env.get(DAEMON_IMAGE_ENV) != images["daemon"]:
            problems.append(f"{DAEMON_IMAGE_ENV} is {csv_env.get(DAEMON_IMAGE_ENV)!r}")
        wanted_related = sorted([("pf-status-relay-operator", images["operator"]),
                                 ("pf-status-relay", images["daemon"])])
        if related != wanted_related:
            problems.append(f"relatedImages {related}, not {wanted_related}")
        self.report.check("CSV: containerImage, relatedImages, the Deployment's image and PF_STATUS_RELAY_IMAGE "
                          "are images.env's", problems)
        problems = []
        if get(csv, "metadata", "name") != f"{PACKAGE}.v{version}":
            problems.append(f"name {get(csv, 'metadata', 'name')!r}, not {PACKAGE}.v{version}")
        if str(spec.get("version")) != version:
            problems.append(f"spec.version {spec.get('version')!r}, not {version}")
        self.report.check(f"CSV: name {PACKAGE}.v{version} and spec.version agree with VERSION", problems)

        # the standalone DaemonSets
        for directory, key in ((DAEMON_DIR, "daemon"), (BOND_CNI_DIR, "bond-cni")):
            found = [c.get("image") for d in find(self.builds.get(directory) or [], "DaemonSet")
                     for c in (get(d, "spec", "template", "spec", "containers", default=[]) or [])
                     + (get(d, "spec", "template", "spec", "initContainers", default=[]) or [])]
            self.report.check(f"{directory}: the DaemonSet's image is images.env's {key} image",
                              [] if found == [images[key]] else [f"images {found}, not [{images[key]}]"])

        # the catalog
        problems = []
        try:
            documents = load_documents((self.root / CATALOG_FILE).read_text(), CATALOG_FILE)
        except (OSError, ValueError, yaml.YAMLError) as error:
            documents = []
            problems.append(str(error))
        bundles = [d for d in documents if d.get("schema") == "olm.bundle"]
        channels = [d for d in documents if d.get("schema") == "olm.channel"]
        name = f"{PACKAGE}.v{version}"
        if [b.get("name") for b in bundles] != [name]:
            problems.append(f"bundles {[b.get('name') for b in bundles]}, not [{name}]")
        for bundle in bundles:
            if bundle.get("image") != images["bundle"]:
                problems.append(f"bundle image {bundle.get('image')!r}, not {images['bundle']}")
            package = next((p.get("value") for p in bundle.get("properties") or []
                            if p.get("type") == "olm.package"), {})
            if package != {"packageName": PACKAGE, "version": version}:
                problems.append(f"olm.package property {package}")
            catalog_related = sorted((r.get("name"), r.get("image")) for r in bundle.get("relatedImages") or [])
            wanted = sorted(wanted_related + [("", images["bundle"])])
            if catalog_related != wanted:
                problems.append(f"relatedImages {catalog_related}, not {wanted}")
        entries = [e.get("name") for c in channels for e in c.get("entries") or []]
        if entries != [name]:
            problems.append(f"channel entries {entries}, not [{name}]")
        self.report.check(f"{CATALOG_FILE}: the bundle image, relatedImages, olm.package version and channel "
                          "entry agree with images.env", problems)

        # byte for byte what make bundle writes
        try:
            files = generator.generate(self.root, version, registry)
        except Exception as error:  # noqa: BLE001 - any failure of the generator is a failed check
            self.report.check("scripts/bundle.py generates the bundle", f"{type(error).__name__}: {error}")
            return
        problems = []
        for path, content in sorted(files.items()):
            target = self.root / path
            if not target.is_file():
                problems.append(f"{path} is missing")
            elif target.read_bytes() != content:
                problems.append(f"{path} differs")
        for directory in generator.OWNED_DIRECTORIES:
            for path in sorted((self.root / directory).rglob("*")):
                relative = path.relative_to(self.root).as_posix()
                if path.is_file() and relative not in files:
                    problems.append(f"{relative} is not generated (stale?)")
        self.report.check(f"make bundle would change nothing: {len(files)} files (images.env, image references, "
                          "bundle/, catalog/, Dockerfile labels) are byte for byte what scripts/bundle.py "
                          "generates", [p + " (run make bundle)" for p in problems])

    def changed_copies(self) -> None:
        """Copies of the repository: one edited by hand must fail, make bundle must refuse bad values."""
        script = self.root / "scripts" / "bundle.py"
        with tempfile.TemporaryDirectory(prefix="manifests-check-") as temporary:
            base = Path(temporary)
            edited = base / "edited"
            copy_repository(self.root, edited)
            path = edited / DAEMON_DIR / "daemonset.yaml"
            text, count = re.subn(r"^(\s*image:\s*\S+:)v\S+$", r"\g<1>v9.9.9-by-hand", path.read_text(),
                                  flags=re.MULTILINE)
            path.write_text(text)
            result = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--root", str(edited),
                                     "--only", "images"], capture_output=True, text=True, check=False)
            failures = [line[5:] for line in result.stdout.splitlines() if line.startswith("FAIL ")]
            problems = []
            if count != 1:
                problems.append(f"{count} image lines edited, not 1")
            if result.returncode != 1 or not failures:
                problems.append(f"the edited copy passed (exit {result.returncode})")
            elif not any(DAEMON_DIR in f for f in failures) or not any("make bundle" in f for f in failures):
                problems.append(f"the failures do not name {DAEMON_DIR} and make bundle: {failures}")
            self.report.check(f"a copy with {DAEMON_DIR}'s image tag edited by hand fails the image checks "
                              f"({len(failures)} failed: {'; '.join(failures)[:160]})", problems)

            for label, arguments, word in (("VERSION=1.2", ["--version", "1.2"], "VERSION"),
                                           ("REGISTRY=Quay.io/Bad/", ["--registry", "Quay.io/Bad/"], "REGISTRY")):
                copy = base / f"refused-{word.lower()}"
                copy_repository(self.root, copy)
                before = snapshot(copy)
                result = subprocess.run([sys.executable, str(script), "--root", str(copy), *arguments],
                                        capture_output=True, text=True, check=False)
                after = snapshot(copy)
                problems = []
                if result.returncode != 2:
                    problems.append(f"exit {result.returncode}, not 2")
                lines = result.stderr.strip().splitlines()
                if len(lines) != 1 or word not in lines[0]:
                    problems.append(f"stderr is not one line naming {word}: {result.stderr.strip()!r}")
                changed = sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))
                if changed:
                    problems.append(f"files changed: {changed}")
                self.report.check(f"make bundle {label} is refused with exit 2 and one line on stderr, and no "
                                  "file changes", problems)

            copy = base / "rebundled"
            copy_repository(self.root, copy)
            before = snapshot(copy)
            same = subprocess.run([sys.executable, str(script), "--root", str(copy)],
                                  capture_output=True, text=True, check=False)
            unchanged = snapshot(copy)
            problems = []
            if same.returncode != 0 or unchanged != before:
                problems.append(f"exit {same.returncode}; changed "
                                f"{sorted(p for p in set(before) | set(unchanged) if before.get(p) != unchanged.get(p))}")
            moved = subprocess.run([sys.executable, str(script), "--root", str(copy), "--version", "0.2.0-rc.1",
                                    "--registry", "registry.example.com:5000/team"],
                                   capture_output=True, text=True, check=False)
            check = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--root", str(copy),
                                    "--only", "images"], capture_output=True, text=True, check=False)
            csv_text = (copy / CSV_FILE).read_text() if (copy / CSV_FILE).is_file() else ""
            if moved.returncode != 0:
                problems.append(f"make bundle VERSION=0.2.0-rc.1 failed: {moved.stderr.strip()}")
            if check.returncode != 0:
                problems.append("the image checks fail after it: "
                                + "; ".join(l for l in check.stdout.splitlines() if l.startswith("FAIL")))
            if "registry.example.com:5000/team/pf-status-relay:v0.2.0-rc.1" not in csv_text:
                problems.append("the CSV does not name the new daemon image")
            if (copy / ".bundle-staging").exists() or list(copy.glob(".bundle-staging-*")):
                problems.append("a staging directory was left behind")
            self.report.check("in a copy, make bundle with the current values changes nothing, and with "
                              "VERSION=0.2.0-rc.1 REGISTRY=registry.example.com:5000/team gives a copy that passes "
                              "the image checks", problems)

    # ---- 7. console fields, operand objects, catalog, standalone DaemonSets, OpenShift SCC

    def console_checks(self) -> None:
        csv = self.csv
        if not csv:
            return
        spec = csv.get("spec") or {}
        annotations = get(csv, "metadata", "annotations", default={}) or {}
        problems = []
        for key in ("capabilities", "categories", "description", "containerImage", "repository"):
            if not annotations.get(key):
                problems.append(f"no {key} annotation")
        if getattr(self, "source_url", None) and annotations.get("repository") != self.source_url:
            problems.append(f"repository {annotations.get('repository')!r} is not SOURCE_URL {self.source_url}")
        if "createdAt" in annotations:
            problems.append("createdAt is set (it changes on every make bundle)")
        problems += [f"{k} is {annotations.get(k)!r}, not {v!r}" for k, v in FEATURE_ANNOTATIONS.items()
                     if annotations.get(k) != v]
        self.report.check("CSV: capabilities, categories, description, repository (SOURCE_URL), no createdAt, "
                          "and the features.operators.openshift.io annotations", problems)
        problems = []
        icons = spec.get("icon") or []
        if len(icons) != 1 or icons[0].get("mediatype") != "image/svg+xml":
            problems.append("not one image/svg+xml icon")
        else:
            try:
                svg = base64.b64decode(icons[0].get("base64data", ""), validate=True)
                if b"<svg" not in svg[:200]:
                    problems.append("the icon is not an SVG document")
                icon_file = self.root / "config/manifests/icon.svg"
                if icon_file.is_file() and icon_file.read_bytes() != svg:
                    problems.append("the icon is not config/manifests/icon.svg")
            except ValueError as error:
                problems.append(f"the icon is not base64: {error}")
        links = {link.get("url") for link in spec.get("links") or []}
        if getattr(self, "source_url", None) and self.source_url not in links:
            problems.append("no link to SOURCE_URL")
        if not any("bond-cni" in str(url) for url in links):
            problems.append("no Bond CNI link")
        for maintainer in spec.get("maintainers") or [{}]:
            if not maintainer.get("name") or "@" not in str(maintainer.get("email", "")):
                problems.append(f"maintainer {maintainer} lacks a name or an email")
        if not get(spec, "provider", "name"):
            problems.append("no provider name")
        for field in ("displayName", "description", "keywords"):
            if not spec.get(field):
                problems.append(f"no {field}")
        self.report.check("CSV: an SVG icon, links (source, Bond CNI), maintainers with email, provider, "
                          "display name, description, keywords", problems)

    def operand_bundle_checks(self) -> None:
        objects = [o for _, o in self.bundle]
        problems = []
        try:
            account = one(objects, "ServiceAccount", OPERAND_ACCOUNT)
            role = one(objects, "Role", OPERAND_ROLE)
            binding = one(objects, "RoleBinding", OPERAND_ROLE)
        except LookupError as error:
            self.report.check("bundle/manifests: the operand's ServiceAccount, Role and RoleBinding", str(error))
            return
        for obj in (account, role, binding):
            if get(obj, "metadata", "namespace"):
                problems.append(f"{describe(obj)} has a namespace (OLM puts it in the install namespace)")
        wanted_rules = {("security.openshift.io", "securitycontextconstraints", "privileged", "use")}
        if rule_triples(role.get("rules") or []) != wanted_rules:
            problems.append(f"the Role grants {sorted(rule_triples(role.get('rules') or []))}, not use of the "
                            "privileged SCC only")
        if binding.get("roleRef") != {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": OPERAND_ROLE}:
            problems.append(f"the RoleBinding refers to {binding.get('roleRef')}")
        subjects = binding.get("subjects") or []
        if [(s.get("kind"), s.get("name"), s.get("namespace")) for s in subjects] != [
                ("ServiceAccount", OPERAND_ACCOUNT, None)]:
            problems.append(f"the RoleBinding's subjects are {subjects}, not the ServiceAccount {OPERAND_ACCOUNT} "
                            "of its own namespace")
        settings = self.root / "Sources/OperatorCore/OperatorSettings.swift"
        if settings.is_file():
            match = re.search(r'defaultServiceAccountName\s*=\s*"([^"]+)"', settings.read_text())
            if not match or match.group(1) != OPERAND_ACCOUNT:
                problems.append(f"the operator's default daemon ServiceAccount is "
                                f"{match.group(1) if match else 'unknown'}, not {OPERAND_ACCOUNT}")
        self.report.check(f"bundle/manifests: ServiceAccount {OPERAND_ACCOUNT} (the operator's daemon account), "
                          f"Role {OPERAND_ROLE} (use of SCC privileged) and the RoleBinding between them",
                          problems)
        default = self.builds.get("config/default") or []
        rules, problems = bound_rules(default, "RoleBinding", OPERAND_ACCOUNT, OPERATOR_NAMESPACE)
        if rule_triples(rules) != wanted_rules:
            problems.append(f"config/default binds {sorted(rule_triples(rules))} to {OPERAND_ACCOUNT}")
        self.report.check(f"config/default: {OPERAND_ACCOUNT} may use the privileged SCC through "
                          f"{OPERAND_ROLE}, in {OPERATOR_NAMESPACE}", problems)

    def catalog_checks(self) -> None:
        problems = []
        try:
            documents = load_documents((self.root / CATALOG_FILE).read_text(), CATALOG_FILE)
        except (OSError, ValueError, yaml.YAMLError) as error:
            self.report.check(f"{CATALOG_FILE} parses", str(error))
            return
        known = {"olm.package", "olm.channel", "olm.bundle", "olm.deprecations"}
        problems += [f"unknown schema {d.get('schema')!r}" for d in documents if d.get("schema") not in known]
        packages = [d for d in documents if d.get("schema") == "olm.package"]
        channels = [d for d in documents if d.get("schema") == "olm.channel"]
        bundles = [d for d in documents if d.get("schema") == "olm.bundle"]
        if [p.get("name") for p in packages] != [PACKAGE]:
            problems.append(f"packages {[p.get('name') for p in packages]}, not [{PACKAGE}]")
        package = packages[0] if packages else {}
        channel_names = [c.get("name") for c in channels]
        if package.get("defaultChannel") != CHANNEL or CHANNEL not in channel_names:
            problems.append(f"default channel {package.get('defaultChannel')!r} is not the channel {CHANNEL}")
        if len(set(channel_names)) != len(channel_names):
            problems.append("two channels of the same name")
        bundle_names = [b.get("name") for b in bundles]
        if len(set(bundle_names)) != len(bundle_names):
            problems.append("two bundles of the same name")
        for document in channels + bundles:
            if document.get("package") != PACKAGE:
                problems.append(f"{document.get('schema')} {document.get('name')} is in package "
                                f"{document.get('package')!r}")
        for channel in channels:
            for entry in channel.get("entries") or []:
                if entry.get("name") not in bundle_names:
                    problems.append(f"channel {channel.get('name')} lists {entry.get('name')}, which is not a bundle")
                for key in ("replaces", "skips"):
                    for other in ([entry[key]] if isinstance(entry.get(key), str) else entry.get(key) or []):
                        if other not in bundle_names:
                            problems.append(f"{entry.get('name')} {key} {other}, which is not a bundle")
        csv = self.csv or {}
        crd_spec = (self.crd or {}).get("spec") or {}
        storage = next((v.get("name") for v in crd_spec.get("versions") or [] if v.get("storage")), None)
        for bundle in bundles:
            properties = bundle.get("properties") or []
            gvks = [p.get("value") for p in properties if p.get("type") == "olm.gvk"]
            wanted_gvk = {"group": crd_spec.get("group"), "kind": get(crd_spec, "names", "kind"), "version": storage}
            if gvks != [wanted_gvk]:
                problems.append(f"olm.gvk {gvks}, not [{wanted_gvk}]")
            versions = [get(p, "value", "version") for p in properties if p.get("type") == "olm.package"]
            if versions != [get(csv, "spec", "version")]:
                problems.append(f"olm.package versions {versions}, not the CSV's {get(csv, 'spec', 'version')}")
            if bundle.get("name") != get(csv, "metadata", "name"):
                problems.append(f"bundle {bundle.get('name')} is not the CSV {get(csv, 'metadata', 'name')}")
            metadata = next((p.get("value") for p in properties if p.get("type") == "olm.csv.metadata"), None)
            if metadata is not None:
                for key in ("displayName", "description", "installModes", "keywords", "links", "maintainers",
                            "provider"):
                    if metadata.get(key) != get(csv, "spec", key):
                        problems.append(f"olm.csv.metadata {key} differs from the CSV's")
            if not re.fullmatch(r"[a-z0-9.:/_-]+:v[0-9A-Za-z.-]+", str(bundle.get("image", ""))):
                problems.append(f"bundle image {bundle.get('image')!r} is not a tagged reference")
        if package.get("icon") != (get(csv, "spec", "icon", 0) or None):
            problems.append("the package icon is not the CSV's")
        self.report.check(f"{CATALOG_FILE}: one package, default channel {CHANNEL}, channel entries are bundles, "
                          "the bundle is the CSV (name, version, GVK of the CRD, metadata, icon)", problems)
        problems = []
        try:
            dockerfile = (self.root / CATALOG_DOCKERFILE).read_text()
        except OSError as error:
            self.report.check(f"{CATALOG_DOCKERFILE} is there", str(error))
            return
        lines = [line.strip() for line in dockerfile.splitlines() if line.strip() and not line.startswith("#")]
        from_lines = [line for line in lines if line.upper().startswith("FROM ")]
        arg = re.match(r"ARG\s+(\w+)=\S+", lines[0]) if lines else None
        if not arg or from_lines != [f"FROM ${{{arg.group(1)}}}"]:
            problems.append("not FROM an opm base image given as an ARG with a default")
        if not any(re.fullmatch(r"(ADD|COPY)\s+catalog/?\s+/configs/?", line) for line in lines):
            problems.append("catalog/ is not added at /configs")
        if "LABEL operators.operatorframework.io.index.configs.v1=/configs" not in lines:
            problems.append("no operators.operatorframework.io.index.configs.v1=/configs label")
        if not any(line.startswith("ENTRYPOINT") and "opm" in line for line in lines) or \
                not any(line.startswith("CMD") and "serve" in line and "/configs" in line for line in lines):
            problems.append("the entrypoint does not serve /configs with opm")
        self.report.check(f"{CATALOG_DOCKERFILE}: FROM an opm image (ARG), catalog/ at /configs, the index "
                          "label, serves /configs", problems)

    def standalone_daemonsets(self) -> None:
        operator_context = {"privileged": False, "allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                            "runAsUser": 0, "capabilities": {"add": ["NET_ADMIN", "NET_RAW"], "drop": ["ALL"]}}
        for directory, checks in ((DAEMON_DIR, self.daemon_pod_problems),
                                  (BOND_CNI_DIR, self.installer_pod_problems)):
            objects = self.builds.get(directory) or []
            daemonsets = find(objects, "DaemonSet")
            if len(daemonsets) != 1:
                self.report.check(f"{directory}: one DaemonSet", f"{len(daemonsets)} DaemonSets")
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
            self.report.check(f"{directory}: the DaemonSet's pod (namespace Pod Security privileged, no host PID, "
                              "every Linux node, security context as documented)", problems)

    @staticmethod
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

    @staticmethod
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

    def openshift_checks(self) -> None:
        objects = self.builds.get(OPENSHIFT_DIR) or []
        default = self.builds.get("config/default") or []
        if not objects:
            return
        problems = []
        sccs = find(objects, "SecurityContextConstraints")
        if [get(s, "metadata", "name") for s in sccs] != [SCC_NAME]:
            self.report.check(f"{OPENSHIFT_DIR}: the SCC {SCC_NAME}", f"SCCs {[describe(s) for s in sccs]}")
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
        self.report.check(f"{OPENSHIFT_DIR}: config/default plus the SCC {SCC_NAME}, with the daemon's Role "
                          "granting use of it instead of privileged", problems)

        known = {"apiVersion", "kind", "metadata", "allowHostNetwork", "allowHostPorts", "allowHostPID",
                 "allowHostIPC", "allowHostDirVolumePlugin", "allowPrivilegedContainer", "allowPrivilegeEscalation",
                 "defaultAllowPrivilegeEscalation", "allowedCapabilities", "defaultAddCapabilities",
                 "requiredDropCapabilities", "readOnlyRootFilesystem", "runAsUser", "seLinuxContext", "fsGroup",
                 "supplementalGroups", "seccompProfiles", "volumes", "priority", "users", "groups",
                 "allowedFlexVolumes", "allowedUnsafeSysctls", "forbiddenSysctls", "userNamespaceLevel"}
        wanted = {"allowHostNetwork": True, "allowHostPorts": False, "allowHostPID": False, "allowHostIPC": False,
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
        self.report.check(f"{OPENSHIFT_DIR}: the SCC {SCC_NAME} allows host network, user 0, NET_ADMIN and "
                          "NET_RAW only, nothing privileged, no host paths", problems)

        daemonset = next(iter(find(self.builds.get(DAEMON_DIR) or [], "DaemonSet")), None)
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
        self.report.check(f"{OPENSHIFT_DIR}: the SCC admits the daemon's pod (drop ALL, add NET_ADMIN and NET_RAW) "
                          "and refuses it privileged, with SYS_ADMIN, without drop ALL, escalating or with hostPID",
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="the repository to check (default: this one)")
    parser.add_argument("--only", choices=["images"],
                        help="images: only the image, version and generated-files checks")
    options = parser.parse_args()
    report = Report()
    print(f"manifests-check: {options.root} against Kubernetes {KUBERNETES_VERSION} "
          f"(kubernetes-validate {kubernetes_validate.version.__version__}, jsonschema {jsonschema_version()})")
    try:
        Checker(options.root.resolve(), report, only_images=options.only == "images").run()
    except Exception as error:  # a bug or an unreadable file: fail loudly, never pass
        report.check("the checks ran to the end", f"{type(error).__name__}: {error}")
    print(f"manifests-check: {report.passed} passed, {report.failed} failed"
          + (f", {report.skipped} skipped" if report.skipped else ""))
    return 1 if report.failed else 0


def jsonschema_version() -> str:
    try:
        from importlib.metadata import version
        return version("jsonschema")
    except Exception:  # pragma: no cover
        return "?"


if __name__ == "__main__":
    sys.exit(main())
