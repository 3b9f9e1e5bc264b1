"""3 and 4. The CRD itself, and the samples, alm-examples and invalid monitors against its schema."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Callable

import jsonschema

from .crd_schema import (format_error, list_map_errors, printer_column_problems, pruned_fields,
                         schema_errors, structural_problems, to_json_schema)
from .loading import describe, differences, find, get

if TYPE_CHECKING:
    from .context import Checker


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


def crd_checks(ctx: Checker) -> None:
    crd = ctx.crd
    if not crd:
        ctx.report.check("the CRD is there", "cannot read it")
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
    ctx.report.check("CRD names, group, scope and versions", problems)
    version = next((v for v in versions if v.get("name") == "v1alpha1"), {})
    ctx.report.check("CRD v1alpha1 is served with a status subresource",
                      [] if version.get("served") and get(version, "subresources", "status") == {}
                      else ["served must be true and subresources.status {}"])
    schema = get(version, "schema", "openAPIV3Schema") or {}
    ctx.report.check("CRD schema is structural, its defaults are valid, every field has a description",
                      structural_problems(schema))
    ctx.report.check("CRD printer columns point at fields of the right type",
                      printer_column_problems(version))
    columns = [(c.get("name"), c.get("jsonPath"), c.get("type"))
               for c in version.get("additionalPrinterColumns") or []]
    wanted_columns = [("Interfaces", ".spec.interfaces", "string"),
                      ("Ready nodes", ".status.nodes.ready", "integer"),
                      ("Degraded", ".status.degraded", "boolean"),
                      ("Age", ".metadata.creationTimestamp", "date")]
    ctx.report.check("CRD printer columns are Interfaces, Ready nodes, Degraded, Age",
                      [] if columns == wanted_columns else [f"columns {columns}"])
    problem = None
    try:
        jsonschema.Draft4Validator.check_schema(to_json_schema(schema))
    except jsonschema.SchemaError as error:
        problem = f"{error.message} (the checks against it are left out)"
    ctx.schema_ok = problem is None
    ctx.report.check("CRD openAPIV3Schema converts to a valid JSON Schema", problem)
    if not ctx.schema_ok:
        return
    resource = {"apiVersion": "pfstatusrelay.openshift.io/v1alpha1", "kind": "PFLACPMonitor",
                "metadata": {"name": "status-example"}, "spec": {"interfaces": ["ens5f0"]},
                "status": EXAMPLE_STATUS}
    ctx.report.check("CRD accepts a status as the operator writes it",
                      [format_error(e) for e in schema_errors(schema, resource)]
                      + list_map_errors(schema, resource) + pruned_fields(schema, resource))
    duplicate = copy.deepcopy(resource)
    duplicate["status"]["conditions"][1]["type"] = "Available"
    ctx.report.check("CRD rejects two status conditions of the same type (list-type map)",
                      [] if list_map_errors(schema, duplicate) else ["accepted"])


def resource_problems(ctx: Checker, resource: dict) -> list[str]:
    schema = ctx.crd_schema()
    problems = []
    group = get(ctx.crd, "spec", "group")
    if resource.get("apiVersion") != f"{group}/v1alpha1":
        problems.append(f"apiVersion {resource.get('apiVersion')!r}")
    if resource.get("kind") != get(ctx.crd, "spec", "names", "kind"):
        problems.append(f"kind {resource.get('kind')!r}")
    if not get(resource, "metadata", "name"):
        problems.append("no metadata.name")
    problems += [format_error(e) for e in schema_errors(schema, resource)]
    problems += list_map_errors(schema, resource)
    return problems


def sample_checks(ctx: Checker) -> None:
    if not ctx.crd or not ctx.schema_ok:
        return
    samples = ctx.builds.get("config/samples", [])
    ctx.report.check("config/samples has at least one PFLACPMonitor",
                      [] if find(samples, "PFLACPMonitor") else ["none"])
    resources = [("config/samples", s) for s in samples]
    examples, problem = ctx.alm_examples() if ctx.csv else ([], "no CSV")
    ctx.report.check("the CSV's alm-examples is a JSON array of objects", problem)
    resources += [(f"alm-examples[{i}]", e) for i, e in enumerate(examples)]
    schema = ctx.crd_schema()
    for source, resource in resources:
        ctx.report.check(f"{source}: {describe(resource)} is valid against the CRD schema",
                          resource_problems(ctx, resource))
        ctx.report.check(f"{source}: {describe(resource)} has no field the API server would prune",
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
        ctx.report.check(f"the CRD schema rejects a PFLACPMonitor with {what}",
                          [] if errors and not missing else
                          ["accepted" if not errors else
                           f"rejected by {sorted(rejected_by)}, not by {sorted(missing)}"])
    for what, change in VALID_SPECS:
        good = copy.deepcopy(sample)
        change(good["spec"])
        ctx.report.check(f"the CRD schema accepts a PFLACPMonitor with {what}",
                          [format_error(e) for e in schema_errors(schema, good)])
    if examples:
        expected = copy.deepcopy(sample)
        expected.get("metadata", {}).pop("namespace", None)
        ctx.report.check("alm-examples[0] is the config/samples PFLACPMonitor (without its namespace)",
                          differences(examples[0], expected, "", ("alm-examples", "config/samples")))
