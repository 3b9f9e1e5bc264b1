"""8. Observability (config/prometheus, config/grafana): the overlay's objects point at what they scrape, the
alert rules pass `promtool check rules` and their unit tests (`promtool test rules`), each alert is tested firing
and not firing and is documented in the README, the dashboard's queries are valid PromQL, and every rule and
dashboard query names only metrics the README's metric tables list."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import yaml

from .constants import (DAEMON_DIR, DASHBOARD_FILE, DEPLOYMENT, OPERATOR_NAMES_FILE, OPERATOR_NAMESPACE,
                        PROMETHEUS_DIR, PROMETHEUS_TESTS_DIR, README, RULES_FILE_NAME)
from .loading import get, find, one
from .report import Report

if TYPE_CHECKING:
    from .context import Checker

README_SECTION = "## Metrics and alerts"
METRICS_SERVICE = f"{DEPLOYMENT}-metrics-service"
METRICS_SECRET = f"{DEPLOYMENT}-metrics-cert"
METRICS_READER_ROLE = f"{DEPLOYMENT}-metrics-reader"
# Series Prometheus makes itself for every target, which no README table lists.
SCRAPE_SERIES = {"up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling",
                 "scrape_series_added"}
HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")
# PromQL words that are neither metrics nor followed by "(" (functions and aggregations are).
KEYWORDS = {"and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool",
            "inf", "nan", "atan2", "start", "end"}
PROMTOOL_MISSING = ("promtool not found (Debian: apt-get install prometheus; or set PROMTOOL to its path); "
                    "the alert rules and their unit tests cannot be checked without it")

# ---- PromQL: the metric names an expression reads

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`')
_NAME_MATCHER = re.compile(r'__name__\s*=\s*"((?:[^"\\]|\\.)*)"')
_GROUPING = re.compile(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)")
_TOKEN = re.compile(r"(?P<number>(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)[a-zA-Z]*)"
                    r"|(?P<name>[a-zA-Z_:][a-zA-Z0-9_:]*)")


def promql_metric_names(expression: str) -> set[str]:
    """The metric names an expression selects: identifiers that are not functions, aggregations, keywords,
    label names (inside {...} or by/without/on/ignoring/group_left/group_right lists), durations or numbers.
    Grafana's variables ($node, ${node}, [$__rate_interval]) are allowed anywhere."""
    names = set(_NAME_MATCHER.findall(expression))
    text = _STRING.sub('""', expression)
    text = re.sub(r"#[^\n]*", " ", text)                           # comments
    text = re.sub(r"\{[^{}]*\}", "{}", text)                        # label matchers
    text = re.sub(r"\[[^\[\]]*\]", "[]", text)                      # ranges and subqueries
    text = _GROUPING.sub(" ", text)                                # label lists
    text = re.sub(r"\boffset\s+-?[\w$]+", " ", text)               # offsets
    text = re.sub(r"@\s*(?:start\s*\(\s*\)|end\s*\(\s*\)|[\d.]+)", " ", text)  # @ modifiers
    text = re.sub(r"\$\{[^}]*\}|\$\w+", " 1 ", text)              # Grafana variables
    for match in _TOKEN.finditer(text):
        name = match.group("name")
        if not name or name.lower() in KEYWORDS:
            continue
        if text[match.end():].lstrip().startswith("("):           # a function or an aggregation
            continue
        names.add(name)
    return names


def grafana_query_expression(query: str) -> str | None:
    """The PromQL inside a Grafana templating query of the Prometheus data source: label_values(expr, label)
    gives expr, query_result(expr) gives expr; label_values(label), label_names() and metrics(regex) give none."""
    query = query.strip()
    match = re.fullmatch(r"label_values\s*\((.*)\)", query, flags=re.DOTALL)
    if match:
        inner = match.group(1)
        depth, cut = 0, None
        for index, char in enumerate(_STRING.sub(lambda m: "_" * len(m.group(0)), inner)):
            if char in "({[":
                depth += 1
            elif char in ")}]":
                depth -= 1
            elif char == "," and depth == 0:
                cut = index
        return inner[:cut] if cut is not None else None
    match = re.fullmatch(r"query_result\s*\((.*)\)", query, flags=re.DOTALL)
    if match:
        return match.group(1)
    if re.fullmatch(r"(?:label_names|metrics)\s*\(.*\)", query, flags=re.DOTALL):
        return None
    return query


def template_queries(text: str) -> list[str]:
    """The PromQL of `query` calls in an alert's annotation template: printf's format strings, with each verb
    replaced by a quoted placeholder."""
    found = []
    for match in re.finditer(r'printf\s+"((?:[^"\\]|\\.)*)"', text):
        found.append(re.sub(r"%[qsvd]", '"x"', match.group(1).replace('\\"', '"')))
    return found


# ---- the README: its metric and alert tables

def readme_section(text: str) -> str:
    start = text.find(f"\n{README_SECTION}\n")
    if start < 0:
        return ""
    end = text.find("\n## ", start + 1)
    return text[start:end if end >= 0 else len(text)]


def readme_tables(text: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    """From the README's "Metrics and alerts" section: {metric: type} of the rows
    | `metric_name` | type | labels | meaning |, and {alert: the cells after its name} of the rows
    | `AlertName` | fires when | for | severity |."""
    metrics: dict[str, str] = {}
    alerts: dict[str, list[str]] = {}
    for line in readme_section(text).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if len(cells) < 2:
            continue
        match = re.fullmatch(r"`([A-Za-z_:][A-Za-z0-9_:]*)`", cells[0])
        if not match:
            continue
        name = match.group(1)
        if name[0].isupper():
            alerts[name] = cells[1:]
        else:
            metrics[name] = cells[1].lower()
    return metrics, alerts


def unknown_metrics(names: Iterable[str], metrics: dict[str, str]) -> list[str]:
    """The names that are neither a listed metric, a histogram's _bucket/_sum/_count series, nor a series
    Prometheus makes for each target (up)."""
    unknown = []
    for name in sorted(set(names)):
        if name in metrics or name in SCRAPE_SERIES:
            continue
        base = next((name[:-len(s)] for s in HISTOGRAM_SUFFIXES if name.endswith(s)), None)
        if base and metrics.get(base) in ("histogram", "summary") and not (name.endswith("_bucket")
                                                                          and metrics[base] == "summary"):
            continue
        unknown.append(name)
    return unknown


# ---- the dashboard

def dashboard_queries(dashboard: dict) -> list[tuple[str, str]]:
    """(where, PromQL) of every panel target (rows' nested panels included) and templating query."""
    found: list[tuple[str, str]] = []

    def panels(items: list[dict]) -> None:
        for panel in items or []:
            for target in panel.get("targets") or []:
                if isinstance(target, dict) and isinstance(target.get("expr"), str) and target["expr"].strip():
                    found.append((f"panel {panel.get('title')!r} target {target.get('refId')}", target["expr"]))
            panels(panel.get("panels") or [])

    panels(dashboard.get("panels") or [])
    for variable in get(dashboard, "templating", "list", default=[]) or []:
        if variable.get("type") != "query":
            continue
        query = variable.get("query")
        query = query.get("query") if isinstance(query, dict) else query
        expression = grafana_query_expression(query) if isinstance(query, str) else None
        if expression:
            found.append((f"variable {variable.get('name')}", expression))
    return found


def grafana_to_promql(expression: str) -> str:
    """A dashboard query as plain PromQL, for promtool: Grafana's range variables become 5m, others match all."""
    text = re.sub(r"\$\{?__(?:rate_)?(?:interval|range)(?:_ms|_s)?\}?", "5m", expression)
    text = re.sub(r'=~"\$\{?\w+(?::\w+)?\}?"', '=~".*"', text)
    return re.sub(r"\$\{?\w+(?::\w+)?\}?", "1", text)


# ---- the rules and their promtool unit tests

def alert_rules(rule: dict) -> list[dict]:
    return [r for group in get(rule, "spec", "groups", default=[]) or [] for r in group.get("rules") or []
            if "alert" in r]


def tested_alerts(test_files: Iterable[Path]) -> tuple[set[str], set[str], list[str]]:
    """The alerts the promtool unit tests expect firing (a non-empty exp_alerts) and not firing (an empty
    one) somewhere, and the problems reading the files."""
    firing: set[str] = set()
    silent: set[str] = set()
    problems = []
    for path in test_files:
        try:
            document = yaml.safe_load(path.read_text()) or {}
        except (OSError, yaml.YAMLError) as error:
            problems.append(f"{path.name}: {error}")
            continue
        for test in document.get("tests") or []:
            for case in test.get("alert_rule_test") or []:
                (firing if case.get("exp_alerts") else silent).add(case.get("alertname"))
    return firing, silent, problems


def promtool_path() -> str | None:
    configured = os.environ.get("PROMTOOL")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    return shutil.which("promtool")


def run_promtool(promtool: str, arguments: list[str], cwd: Path) -> tuple[int, str]:
    result = subprocess.run([promtool, *arguments], cwd=cwd, capture_output=True, text=True, check=False)
    return result.returncode, (result.stdout + result.stderr).strip()


def promtool_checks(report: Report, promtool: str | None, rule: dict, tests_dir: Path,
                    dashboard: dict | None) -> None:
    """promtool check rules on the PrometheusRule's spec and on the dashboard's queries (as recording rules),
    promtool test rules on the unit tests, in a temporary directory."""
    if promtool is None:
        report.check("promtool checks the alert rules, their unit tests and the dashboard's queries",
                     PROMTOOL_MISSING)
        return
    tests = sorted(tests_dir.glob("*.yaml"))
    with tempfile.TemporaryDirectory(prefix="manifests-check-prometheus-") as temporary:
        base = Path(temporary)
        (base / RULES_FILE_NAME).write_text(yaml.safe_dump(rule.get("spec") or {}, sort_keys=False))
        status, output = run_promtool(promtool, ["check", "rules", RULES_FILE_NAME], base)
        count = re.search(r"SUCCESS: (\d+) rules found", output)
        report.check(f"promtool check rules: the PrometheusRule's spec ({count.group(1) if count else '?'} rules)",
                     None if status == 0 else output.splitlines()[-20:])
        if not tests:
            report.check("promtool test rules", f"no unit tests in {tests_dir}")
        else:
            for test in tests:
                shutil.copy2(test, base / test.name)
            status, output = run_promtool(promtool, ["test", "rules", *[t.name for t in tests]], base)
            report.check(f"promtool test rules: {len(tests)} files of alert unit tests pass "
                         f"({', '.join(t.name for t in tests)})",
                         None if status == 0 else output.splitlines()[-40:])
        if dashboard is not None:
            queries = dashboard_queries(dashboard)
            rules = [{"record": f"dashboard:query_{index}", "expr": grafana_to_promql(expression)}
                     for index, (_, expression) in enumerate(queries)]
            (base / "dashboard-queries.yaml").write_text(
                yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}, sort_keys=False))
            status, output = run_promtool(promtool, ["check", "rules", "dashboard-queries.yaml"], base)
            report.check(f"promtool check rules: the dashboard's {len(queries)} queries are valid PromQL",
                         None if status == 0 else output.splitlines()[-20:])


def metric_name_problems(rule: dict | None, dashboard: dict | None, metrics: dict[str, str]) -> list[str]:
    problems = []
    for alert in alert_rules(rule or {}):
        where = f"alert {alert.get('alert')}"
        for name in unknown_metrics(promql_metric_names(str(alert.get("expr", ""))), metrics):
            problems.append(f"{where}: expr names {name}, which the README's metric tables do not list")
        for text in (alert.get("annotations") or {}).values():
            for query in template_queries(str(text)):
                for name in unknown_metrics(promql_metric_names(query), metrics):
                    problems.append(f"{where}: an annotation queries {name}, which the README does not list")
    for where, expression in dashboard_queries(dashboard or {}):
        for name in unknown_metrics(promql_metric_names(expression), metrics):
            problems.append(f"dashboard {where}: names {name}, which the README's metric tables do not list")
    return problems


def alert_problems(rule: dict, documented: dict[str, list[str]], firing: set[str], silent: set[str]) -> list[str]:
    """What is wrong with the alerts: missing for:, severity or annotations; not in the README's alert table,
    or with another for or severity there; not tested firing, or not firing; tests or rows of no alert."""
    problems = []
    names = [a.get("alert") for a in alert_rules(rule)]
    for alert in alert_rules(rule):
        name = alert.get("alert")
        if not alert.get("for"):
            problems.append(f"{name} has no for:")
        if get(alert, "labels", "severity") not in ("critical", "warning", "info"):
            problems.append(f"{name} has no severity label critical, warning or info")
        if not get(alert, "annotations", "summary") or not get(alert, "annotations", "description"):
            problems.append(f"{name} lacks a summary or description annotation")
        if name not in documented:
            problems.append(f"{name} is not in the README's alert table")
        elif documented[name][1:3] != [str(alert.get("for")), str(get(alert, "labels", "severity"))]:
            problems.append(f"{name}: the README says for and severity {documented[name][1:3]}, the rule "
                            f"{[alert.get('for'), get(alert, 'labels', 'severity')]}")
        if name not in firing:
            problems.append(f"{name} has no promtool test where it fires")
        if name not in silent:
            problems.append(f"{name} has no promtool test where it does not fire")
    problems += [f"{name} appears more than once" for name in sorted({n for n in names if names.count(n) > 1})]
    problems += [f"the README lists {name}, which the PrometheusRule lacks"
                 for name in sorted(set(documented) - set(names))]
    problems += [f"the promtool tests name {name}, which the PrometheusRule lacks"
                 for name in sorted((firing | silent) - set(names))]
    return problems


# ---- wiring: what the ServiceMonitor and PodMonitor select

def names_swift_label(text: str) -> tuple[str, str] | None:
    """(label, value) the operator's DaemonSet gives every relay pod besides its per-DaemonSet app label:
    OperatorNames.nameLabel = OperatorNames.daemonName, as Sources/OperatorCore/Names.swift defines them."""
    label = re.search(r'static let nameLabel\s*=\s*"([^"]+)"', text)
    value = re.search(r'static let daemonName\s*=\s*"([^"]+)"', text)
    return (label.group(1), value.group(1)) if label and value else None


def monitor_wiring(ctx: Checker, objects: list[dict]) -> None:
    default = ctx.builds.get("config/default") or []
    certmanager = ctx.builds.get("config/certmanager") or []
    problems = []
    try:
        monitor = one(objects, "ServiceMonitor")
        pod_monitor = one(objects, "PodMonitor")
        binding = one(objects, "ClusterRoleBinding")
    except LookupError as error:
        ctx.report.check(f"{PROMETHEUS_DIR}: one ServiceMonitor, PodMonitor and ClusterRoleBinding", str(error))
        return
    service = find(default, "Service", METRICS_SERVICE)
    endpoints = get(monitor, "spec", "endpoints", default=[]) or []
    if get(monitor, "metadata", "namespace") != OPERATOR_NAMESPACE:
        problems.append(f"the ServiceMonitor is not in {OPERATOR_NAMESPACE}")
    if not service:
        problems.append(f"config/default has no Service {METRICS_SERVICE}")
    else:
        labels = get(service[0], "metadata", "labels", default={}) or {}
        selector = get(monitor, "spec", "selector", "matchLabels", default={}) or {}
        if not selector or any(labels.get(k) != v for k, v in selector.items()):
            problems.append(f"the ServiceMonitor's selector {selector} does not select {METRICS_SERVICE}")
        ports = {p.get("name") for p in get(service[0], "spec", "ports", default=[]) or []}
        for endpoint in endpoints:
            if endpoint.get("port") not in ports or endpoint.get("scheme") != "https":
                problems.append(f"endpoint {endpoint.get('port')} is not an https port of {METRICS_SERVICE}")
    host = f"{METRICS_SERVICE}.{OPERATOR_NAMESPACE}.svc"
    certificates = [c for c in find(certmanager, "Certificate") if get(c, "spec", "secretName") == METRICS_SECRET]
    for endpoint in endpoints:
        tls = endpoint.get("tlsConfig") or {}
        if tls.get("serverName") != host:
            problems.append(f"tlsConfig.serverName is {tls.get('serverName')!r}, not {host}")
        if certificates and host not in (get(certificates[0], "spec", "dnsNames") or []):
            problems.append(f"the metrics Certificate is not for {host}")
        if get(tls, "ca", "secret", "name") != METRICS_SECRET and not tls.get("caFile") \
                and not tls.get("insecureSkipVerify"):
            problems.append(f"tlsConfig trusts neither {METRICS_SECRET}'s ca.crt nor a caFile")
        if not endpoint.get("bearerTokenFile") and not endpoint.get("authorization"):
            problems.append("the endpoint sends no bearer token (the operator's /metrics requires one)")
        if not endpoint.get("honorLabels"):
            problems.append("honorLabels is not true (the monitors' namespace label would become exported_namespace)")
    if get(binding, "roleRef", "name") != METRICS_READER_ROLE:
        problems.append(f"the ClusterRoleBinding binds {get(binding, 'roleRef', 'name')}, not {METRICS_READER_ROLE}")
    ctx.report.check(f"{PROMETHEUS_DIR}: the ServiceMonitor scrapes {METRICS_SERVICE} over HTTPS with a token, "
                     f"verifying {host}; Prometheus is bound to {METRICS_READER_ROLE}", problems)

    problems = []
    selector = get(pod_monitor, "spec", "selector", "matchLabels", default={}) or {}
    if get(pod_monitor, "spec", "namespaceSelector", "any") is not True:
        problems.append("the PodMonitor does not look in every namespace (PFLACPMonitors are namespaced)")
    if [e.get("port") for e in get(pod_monitor, "spec", "podMetricsEndpoints", default=[]) or []] != ["metrics"]:
        problems.append("the PodMonitor does not scrape exactly the port named metrics")
    if not selector:
        problems.append("the PodMonitor selects every pod")
    names_file = ctx.root / OPERATOR_NAMES_FILE
    operator_label = names_swift_label(names_file.read_text()) if names_file.is_file() else None
    if names_file.is_file() and operator_label is None:
        problems.append(f"{OPERATOR_NAMES_FILE}: nameLabel or daemonName not found")
    if operator_label and selector != {operator_label[0]: operator_label[1]}:
        problems.append(f"the PodMonitor selects {selector}, not the label the operator gives relay pods "
                        f"({operator_label[0]}={operator_label[1]})")
    for daemonset in find(ctx.builds.get(DAEMON_DIR) or [], "DaemonSet"):
        labels = get(daemonset, "spec", "template", "metadata", "labels", default={}) or {}
        if any(labels.get(k) != v for k, v in selector.items()):
            problems.append(f"the PodMonitor's selector does not select {DAEMON_DIR}'s pods ({labels})")
    relabelled = {r.get("targetLabel") for e in get(pod_monitor, "spec", "podMetricsEndpoints", default=[]) or []
                  for r in e.get("relabelings") or []}
    if not {"job", "node"} <= relabelled:
        problems.append(f"the PodMonitor sets {sorted(relabelled)}, not job and node (the alerts use them)")
    ctx.report.check(f"{PROMETHEUS_DIR}: the PodMonitor scrapes the relay pods' metrics port in every namespace "
                     f"(selector {selector})", problems)


def load_dashboard(root: Path) -> tuple[dict | None, str | None]:
    try:
        dashboard = json.loads((root / DASHBOARD_FILE).read_text())
    except (OSError, json.JSONDecodeError) as error:
        return None, f"{DASHBOARD_FILE}: {error}"
    if not isinstance(dashboard, dict) or not dashboard.get("uid") or not dashboard.get("panels"):
        return None, f"{DASHBOARD_FILE}: not a dashboard with a uid and panels"
    return dashboard, None


def dashboard_problems(dashboard: dict, objects: list[dict]) -> list[str]:
    problems = []
    variables = {v.get("name") for v in get(dashboard, "templating", "list", default=[]) or []}
    problems += [f"no ${name} variable" for name in ("datasource", "node", "interface") if name not in variables]
    maps = [m for m in find(objects, "ConfigMap")
            if get(m, "metadata", "labels", "grafana_dashboard") == "1"]
    shipped = [json.loads(v) for m in maps for k, v in (m.get("data") or {}).items() if k.endswith(".json")]
    if shipped != [dashboard]:
        problems.append(f"{PROMETHEUS_DIR} does not ship {DASHBOARD_FILE} as the one ConfigMap labelled "
                        "grafana_dashboard=1")
    return problems


def observability_checks(ctx: Checker) -> None:
    objects = ctx.builds.get(PROMETHEUS_DIR)
    if not objects:
        return  # the build check has failed already
    monitor_wiring(ctx, objects)
    try:
        rule: dict[str, Any] = one(objects, "PrometheusRule")
    except LookupError as error:
        ctx.report.check(f"{PROMETHEUS_DIR}: one PrometheusRule", str(error))
        return
    dashboard, problem = load_dashboard(ctx.root)
    ctx.report.check(f"{DASHBOARD_FILE}: a dashboard with $datasource, $node and $interface, shipped by "
                     f"{PROMETHEUS_DIR} as a ConfigMap labelled grafana_dashboard=1",
                     problem or dashboard_problems(dashboard or {}, objects))
    promtool_checks(ctx.report, promtool_path(), rule, ctx.root / PROMETHEUS_TESTS_DIR, dashboard)

    try:
        readme = (ctx.root / README).read_text()
    except OSError as error:
        ctx.report.check("the README's metric and alert tables", str(error))
        return
    metrics, documented = readme_tables(readme)
    ctx.report.check(f"README \"{README_SECTION[3:]}\": metric tables ({len(metrics)} metrics) and an alert table "
                     f"({len(documented)} alerts)",
                     [] if metrics and documented else [f"no section {README_SECTION!r} with both tables"])
    alerts = alert_rules(rule)
    queries = dashboard_queries(dashboard or {})
    ctx.report.check(f"the {len(alerts)} alert expressions and the dashboard's {len(queries)} queries name only "
                     "metrics the README lists", metric_name_problems(rule, dashboard, metrics))
    firing, silent, problems = tested_alerts(sorted((ctx.root / PROMETHEUS_TESTS_DIR).glob("*.yaml")))
    ctx.report.check(f"each of the {len(alerts)} alerts has for:, a severity, a summary and a description, is in "
                     "the README's alert table with that for and severity, and is tested firing and not firing",
                     problems + alert_problems(rule, documented, firing, silent))
