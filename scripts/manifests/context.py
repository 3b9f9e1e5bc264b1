"""The state the checks share (builds, bundle, CRD, CSV) and the order they run in."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from . import (bundle_files, catalog, copies, crd, csv_checks, images, kubernetes, metrics, observability,
               security, wiring)
from .constants import (ANNOTATIONS_FILE, BOND_CNI_DIR, CRD_FILE, DAEMON_DIR, DEPLOYMENT, GENERATOR,
                        OPENSHIFT_DIR, OPERAND_ACCOUNT, OPERAND_ROLE, OPERATOR_NAMESPACE, PROMETHEUS_DIR)
from .loading import differences, get, kustomize, load_documents
from .report import Report


def load_bundle_module() -> Any:
    """scripts/bundle.py (the generator), imported from next to this package."""
    spec = importlib.util.spec_from_file_location("pf_status_relay_bundle", GENERATOR)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {GENERATOR}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


class Checker:
    """What the checks share: the repository, the report, the kustomize builds, the bundle, the CRD and
    the CSV as loaded, and what the image checks learned from images.env. The checks themselves are
    functions of the other modules that take it as ctx."""

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
        # Set by the image checks when images.env is valid.
        self.version: str | None = None
        self.source_url: str | None = None

    def run(self) -> None:
        if self.only_images:
            self.build(("config/default", DAEMON_DIR, BOND_CNI_DIR))
            self.load_bundle()
            images.image_checks(self)
            return
        self.build()
        self.load_bundle()
        images.image_checks(self)
        copies.changed_copies(self)
        kubernetes.kubernetes_schemas(self)
        crd.crd_checks(self)
        crd.sample_checks(self)
        wiring.config_wiring(self)
        metrics.metrics_wiring(self)
        bundle_files.bundle_metadata(self)
        csv_checks.csv_checks(self)
        bundle_files.console_checks(self)
        bundle_files.operand_bundle_checks(self)
        metrics.metrics_bundle(self)
        catalog.catalog_checks(self)
        security.standalone_daemonsets(self)
        security.openshift_checks(self)
        observability.observability_checks(self)

    # ---- 1. builds and files

    def build(self, directories: tuple[str, ...] = ("config/default", "config", "config/certmanager",
                                                   "config/samples", DAEMON_DIR, BOND_CNI_DIR,
                                                   OPENSHIFT_DIR, PROMETHEUS_DIR)) -> None:
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
                  ("Role", DEPLOYMENT), ("RoleBinding", DEPLOYMENT),
                  ("ClusterRole", f"{DEPLOYMENT}-node-reader"), ("ClusterRoleBinding", f"{DEPLOYMENT}-node-reader"),
                  ("Role", f"{DEPLOYMENT}-leader-election"), ("RoleBinding", f"{DEPLOYMENT}-leader-election"),
                  ("ClusterRole", f"{DEPLOYMENT}-pflacpmonitor-editor"),
                  ("ClusterRole", f"{DEPLOYMENT}-pflacpmonitor-viewer"),
                  ("ClusterRole", f"{DEPLOYMENT}-metrics-auth"), ("ClusterRoleBinding", f"{DEPLOYMENT}-metrics-auth"),
                  ("ClusterRole", f"{DEPLOYMENT}-metrics-reader"), ("Service", f"{DEPLOYMENT}-metrics-service"),
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

    # ---- the CRD's schema and the CSV's examples, as several checks read them

    def crd_schema(self) -> dict:
        versions = get(self.crd, "spec", "versions", default=[]) or []
        version = next((v for v in versions if v.get("name") == "v1alpha1"), {})
        return get(version, "schema", "openAPIV3Schema") or {}

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
