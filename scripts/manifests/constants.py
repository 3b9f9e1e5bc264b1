"""Names, files and kinds the checks agree on (no logic)."""

from __future__ import annotations

from pathlib import Path

# scripts/, the repository it is in (checked by default), the entry point and the bundle generator.
SCRIPTS = Path(__file__).resolve().parent.parent
REPOSITORY = SCRIPTS.parent
ENTRY_SCRIPT = SCRIPTS / "validate-manifests.py"
GENERATOR = SCRIPTS / "bundle.py"


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
    ("monitoring.coreos.com/v1", "ServiceMonitor"): "the observability checks",
    ("monitoring.coreos.com/v1", "PodMonitor"): "the observability checks",
    ("monitoring.coreos.com/v1", "PrometheusRule"): "the observability checks (promtool)",
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

# Observability: the optional Prometheus Operator overlay, its alerts' promtool unit tests (not applied), the
# file name the rules are written to for them, the Grafana dashboard, and where its metrics are listed.
PROMETHEUS_DIR = "config/prometheus"
PROMETHEUS_TESTS_DIR = "config/prometheus/tests"
RULES_FILE_NAME = "pf-status-relay-rules.yaml"
DASHBOARD_FILE = "config/grafana/pf-status-relay.json"
README = "README.md"
# Where the operator names the label its DaemonSets give relay pods (nameLabel = daemonName).
OPERATOR_NAMES_FILE = "Sources/OperatorCore/Names.swift"

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
                      "scripts", "Sources/BuildInfo/BuildInfo.swift")
