"""Checks the operator's Kubernetes manifests (config/) and OLM bundle (bundle/).

Run by `make manifests-check`. It needs kubectl (for its built-in kustomize) and
the Python packages in scripts/requirements-manifests.txt. It prints one line
per check, a closing "N passed, N failed" line, and exits 1 when a check fails.

What it checks:
  1. kustomize builds config/default, config/, config/certmanager,
     config/samples, the standalone daemon and bond CNI, config/openshift and
     config/prometheus;
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
     Service, ports, certificate secret, namespaces), secure metrics included
     (HTTPS on 8443, the metrics certificate secret and Service, the operator's
     review rights, metrics-reader, and both in the bundle);
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
     DaemonSets and the OpenShift SCC of config/openshift;
  8. observability (config/prometheus, config/grafana): the ServiceMonitor
     and PodMonitor select the operator's metrics Service and the relay pods,
     `promtool check rules` on the PrometheusRule's spec and on the
     dashboard's queries, `promtool test rules` on config/prometheus/tests/,
     every alert and dashboard query names only metrics the README's tables
     list, and every alert is in the README's alert table and tested firing
     and not firing. promtool missing is a failure, never a skip.

--root DIR checks another copy of the repository (used to show that a broken
copy fails); --only images runs only the checks of 6.

Where each lives (the checks are functions that take the shared Checker, ctx):
  report.py        the Report: one line per check, the counts;
  loading.py       YAML and kustomize loading, get/find/one/describe/differences;
  constants.py     file and object names, kinds (no logic);
  context.py       the Checker: 1 (builds, bundle files) and the order of the checks;
  kubernetes.py    2;
  crd_schema.py    the CRD schema as JSON Schema, structural rules, pruning, columns;
  crd.py           3 and 4;
  rbac.py          RBAC rules as sets, and the rules bound to a ServiceAccount;
  wiring.py        5, the wiring inside config/;
  bundle_files.py  5, bundle metadata and bundle.Dockerfile; 7, console fields
                   and the operand's RBAC in the bundle;
  csv_checks.py    5, the CSV against config/;
  metrics.py       5, secure metrics in config/ and the bundle;
  images.py        6, image references, versions and generated files;
  copies.py        6, changed copies of the repository;
  catalog.py       7, the file-based catalog and catalog.Dockerfile;
  security.py      7, the standalone DaemonSets' pods and the OpenShift SCC;
  observability.py 8, the PromQL metric-name parser, the README's tables, promtool;
  cli.py           the command line (scripts/validate-manifests.py).
Their unit tests are in scripts/tests/ (make manifests-check runs them first).
"""
