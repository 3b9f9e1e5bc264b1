import copy
import json
import os
import shutil
import tempfile
import unittest
from pathlib import Path
from unittest import mock

import yaml

from manifests import observability
from manifests.constants import DASHBOARD_FILE, PROMETHEUS_TESTS_DIR, README, REPOSITORY
from manifests.loading import find
from manifests.observability import (alert_problems, alert_rules, dashboard_queries, grafana_query_expression,
                                     grafana_to_promql, metric_name_problems, names_swift_label,
                                     observability_checks, promql_metric_names, promtool_checks, readme_tables,
                                     template_queries, tested_alerts, unknown_metrics)
from tests.helpers import RecordingReport, build, checker

HAVE_PROMTOOL = observability.promtool_path() is not None


def repository_rule() -> dict:
    return find(build("config/prometheus"), "PrometheusRule")[0]


def repository_dashboard() -> dict:
    return json.loads((REPOSITORY / DASHBOARD_FILE).read_text())


def repository_readme() -> tuple[dict, set]:
    return readme_tables((REPOSITORY / README).read_text())


class PromQLParserTests(unittest.TestCase):
    def test_selectors_functions_and_label_names(self) -> None:
        self.assertEqual(promql_metric_names('pf_status_relay_lacp_up{interface="ens5f0"} == 0'),
                         {"pf_status_relay_lacp_up"})
        self.assertEqual(promql_metric_names("rate(a_total[5m])"), {"a_total"})
        self.assertEqual(promql_metric_names("a and on (namespace, pod, interface) b == 1"), {"a", "b"})
        self.assertEqual(promql_metric_names("sum by (node, le) (rate(x_bucket[5m])) / ignoring(le) group_left y"),
                         {"x_bucket", "y"})
        self.assertEqual(promql_metric_names("sum(rate(x[5m] offset 1h)) without (instance)"), {"x"})
        self.assertEqual(promql_metric_names("max_over_time(x[10m:1m]) > bool 1e3"), {"x"})
        self.assertEqual(promql_metric_names("absent(up{job=\"a\"} == 1) or vector(0)"), {"up"})
        self.assertEqual(promql_metric_names("x @ start() + y @ 1609746000"), {"x", "y"})

    def test_strings_comments_and_name_matchers(self) -> None:
        self.assertEqual(promql_metric_names('x{reason=~"no_master|unreadable", a!="b{c}"} # not_a_metric'), {"x"})
        self.assertEqual(promql_metric_names('{__name__="named_only", job="x"}'), {"named_only"})
        self.assertEqual(promql_metric_names('label_replace(x, "dst", "$1", "src", "(.*)")'), {"x"})

    def test_grafana_variables(self) -> None:
        expression = ('histogram_quantile(0.99, sum by (le) (rate(pf_status_relay_reaction_seconds_bucket'
                      '{node=~"$node",interface=~"${interface}"}[$__rate_interval])))')
        self.assertEqual(promql_metric_names(expression), {"pf_status_relay_reaction_seconds_bucket"})
        self.assertEqual(promql_metric_names("x > $threshold"), {"x"})
        self.assertEqual(grafana_to_promql('rate(x{node=~"$node"}[$__rate_interval]) > $threshold'),
                         'rate(x{node=~".*"}[5m]) > 1')

    def test_templating_queries(self) -> None:
        self.assertEqual(grafana_query_expression('label_values(m{job="a,b"}, node)'), 'm{job="a,b"}')
        self.assertEqual(grafana_query_expression("label_values(node)"), None)
        self.assertEqual(grafana_query_expression("label_names()"), None)
        self.assertEqual(grafana_query_expression("query_result(topk(3, m))"), "topk(3, m)")
        self.assertEqual(grafana_query_expression("sum(m)"), "sum(m)")

    def test_annotation_queries(self) -> None:
        text = '{{ with printf "m{pod=%q,interface=%q} == 1" $labels.pod $labels.interface | query }}{{ end }}'
        self.assertEqual(template_queries(text), ['m{pod="x",interface="x"} == 1'])


class ReadmeTablesTests(unittest.TestCase):
    def test_the_readme_lists_every_metric_of_the_contract(self) -> None:
        metrics, alerts = repository_readme()
        for name in ("pf_status_relay_build_info", "pf_status_relay_pf_not_ready", "pf_status_relay_vfs",
                     "pf_status_relay_looks_total", "pf_status_relay_resyncs_total",
                     "pf_status_relay_last_lacpdu_age_seconds", "controller_runtime_reconcile_total",
                     "workqueue_depth", "leader_election_master_status", "pf_status_relay_operator_monitors",
                     "pf_status_relay_operator_relay_pods_available"):
            self.assertIn(name, metrics)
        self.assertEqual(metrics["pf_status_relay_reaction_seconds"], "histogram")
        self.assertEqual(metrics["pf_status_relay_lacp_transitions_total"], "counter")
        self.assertEqual(len(metrics), 30)
        self.assertIn("PFStatusRelayLACPDown", alerts)

    def test_rows_outside_the_section_do_not_count(self) -> None:
        text = ("# x\n\n| `elsewhere` | gauge | | |\n\n## Metrics and alerts\n\n| metric | type |\n|---|---|\n"
                "| `a_total` | counter | x | y |\n| `h_seconds` | histogram | | |\n"
                "| `SomeAlert` | words | 5m | warning |\n\n## Layout\n\n| `after` | gauge | | |\n")
        self.assertEqual(readme_tables(text), ({"a_total": "counter", "h_seconds": "histogram"},
                                               {"SomeAlert": ["words", "5m", "warning"]}))

    def test_histogram_series_and_up(self) -> None:
        metrics = {"h_seconds": "histogram", "g": "gauge"}
        self.assertEqual(unknown_metrics(["h_seconds_bucket", "h_seconds_sum", "h_seconds_count", "up", "g"], metrics),
                         [])
        self.assertEqual(unknown_metrics(["g_bucket", "h_seconds_total", "made_up"], metrics),
                         ["g_bucket", "h_seconds_total", "made_up"])


class NameCheckTests(unittest.TestCase):
    def test_the_repository_names_only_listed_metrics(self) -> None:
        metrics, _ = repository_readme()
        self.assertEqual(metric_name_problems(repository_rule(), repository_dashboard(), metrics), [])

    def test_a_dashboard_query_naming_a_made_up_metric_is_reported(self) -> None:
        metrics, _ = repository_readme()
        dashboard = repository_dashboard()
        dashboard["panels"][1]["targets"][0]["expr"] = 'sum(pf_status_relay_made_up{node=~"$node"})'
        problems = metric_name_problems(repository_rule(), dashboard, metrics)
        self.assertEqual(len(problems), 1)
        self.assertIn("pf_status_relay_made_up", problems[0])
        self.assertIn("dashboard panel", problems[0])

    def test_nested_panels_and_variables_are_read(self) -> None:
        dashboard = {"panels": [{"type": "row", "panels": [{"title": "t", "targets": [{"refId": "A", "expr": "a"}]}]}],
                     "templating": {"list": [{"type": "query", "name": "n", "query": {"query": "label_values(b, x)"}},
                                             {"type": "custom", "name": "c", "query": "c"}]}}
        self.assertEqual(dashboard_queries(dashboard), [("panel 't' target A", "a"), ("variable n", "b")])

    def test_a_rule_or_annotation_naming_an_unlisted_metric_is_reported(self) -> None:
        metrics, _ = repository_readme()
        rule = repository_rule()
        rules = alert_rules(rule)
        rules[0]["expr"] = "pf_status_relay_lacp_down == 1"
        rules[1]["annotations"]["description"] = '{{ printf "pf_status_relay_reason{pod=%q}" $labels.pod | query }}'
        problems = metric_name_problems(rule, {}, metrics)
        self.assertEqual(len(problems), 2)
        self.assertIn("pf_status_relay_lacp_down", problems[0])
        self.assertIn("pf_status_relay_reason", problems[1])


class AlertDocumentationTests(unittest.TestCase):
    def test_the_repository_documents_and_tests_every_alert(self) -> None:
        _, documented = repository_readme()
        firing, silent, problems = tested_alerts(sorted((REPOSITORY / PROMETHEUS_TESTS_DIR).glob("*.yaml")))
        self.assertEqual(problems, [])
        rule = repository_rule()
        self.assertEqual(len(alert_rules(rule)), 7)
        self.assertEqual(alert_problems(rule, documented, firing, silent), [])

    def test_an_undocumented_or_untested_alert_is_reported(self) -> None:
        _, documented = repository_readme()
        firing, silent, _ = tested_alerts(sorted((REPOSITORY / PROMETHEUS_TESTS_DIR).glob("*.yaml")))
        rule = repository_rule()
        extra = copy.deepcopy(alert_rules(rule)[0])
        extra["alert"] = "PFStatusRelayNew"
        rule["spec"]["groups"][0]["rules"].append(extra)
        problems = alert_problems(rule, documented, firing, silent - {"PFStatusRelayLACPDown"})
        self.assertEqual(problems, ["PFStatusRelayLACPDown has no promtool test where it does not fire",
                                    "PFStatusRelayNew is not in the README's alert table",
                                    "PFStatusRelayNew has no promtool test where it fires",
                                    "PFStatusRelayNew has no promtool test where it does not fire"])

    def test_an_alert_without_for_or_severity_and_stale_readme_rows_are_reported(self) -> None:
        _, documented = repository_readme()
        rule = repository_rule()
        rules = alert_rules(rule)
        del rules[0]["for"]
        rules[0]["labels"] = {}
        rules[1]["for"] = "15m"
        documented["PFStatusRelayGone"] = ["words", "5m", "warning"]
        names = {r["alert"] for r in rules}
        problems = alert_problems(rule, documented, names, names)
        self.assertEqual(problems, [
            "PFStatusRelayLACPDown has no for:",
            "PFStatusRelayLACPDown has no severity label critical, warning or info",
            "PFStatusRelayLACPDown: the README says for and severity ['2m', 'warning'], the rule [None, None]",
            "PFStatusRelayPFNotReady: the README says for and severity ['10m', 'warning'], the rule "
            "['15m', 'warning']",
            "the README lists PFStatusRelayGone, which the PrometheusRule lacks"])


class WiringTests(unittest.TestCase):
    def test_the_operator_names_the_label_the_pod_monitor_selects(self) -> None:
        text = (REPOSITORY / "Sources/OperatorCore/Names.swift").read_text()
        self.assertEqual(names_swift_label(text), ("app.kubernetes.io/name", "pf-status-relay"))

    def test_a_pod_monitor_selecting_another_label_fails(self) -> None:
        ctx = checker(builds=("config/default", "config/certmanager", "config/daemon", "config/prometheus"),
                      load_bundle=False)
        monitor = find(ctx.builds["config/prometheus"], "PodMonitor")[0]
        monitor["spec"]["selector"]["matchLabels"] = {"app": "pf-status-relay"}
        observability.monitor_wiring(ctx, ctx.builds["config/prometheus"])
        self.assertEqual(len(ctx.report.failures()), 1)
        self.assertTrue(ctx.report.failed_check("the PodMonitor scrapes the relay pods"))

    def test_a_service_monitor_without_token_or_server_name_fails(self) -> None:
        ctx = checker(builds=("config/default", "config/certmanager", "config/daemon", "config/prometheus"),
                      load_bundle=False)
        endpoint = find(ctx.builds["config/prometheus"], "ServiceMonitor")[0]["spec"]["endpoints"][0]
        del endpoint["bearerTokenFile"]
        endpoint["tlsConfig"]["serverName"] = "pf-status-relay-operator-metrics-service"
        observability.monitor_wiring(ctx, ctx.builds["config/prometheus"])
        self.assertEqual(len(ctx.report.failures()), 1)
        self.assertTrue(ctx.report.failed_check("the ServiceMonitor scrapes"))


class PromtoolTests(unittest.TestCase):
    def test_a_missing_promtool_fails_and_says_so(self) -> None:
        report = RecordingReport()
        with mock.patch.dict(os.environ, {"PROMTOOL": "/nonexistent/promtool"}):
            self.assertIsNone(observability.promtool_path())
            promtool_checks(report, observability.promtool_path(), repository_rule(),
                            REPOSITORY / PROMETHEUS_TESTS_DIR, repository_dashboard())
        self.assertEqual(report.failed, 1)
        self.assertTrue(report.failed_check("promtool checks the alert rules"))

    def test_the_whole_check_fails_without_promtool(self) -> None:
        ctx = checker(builds=("config/default", "config/certmanager", "config/daemon", "config/prometheus"),
                      load_bundle=False)
        with mock.patch.dict(os.environ, {"PROMTOOL": "/nonexistent/promtool"}):
            observability_checks(ctx)
        self.assertEqual(ctx.report.failures(),
                         ["promtool checks the alert rules, their unit tests and the dashboard's queries"])

    @unittest.skipUnless(HAVE_PROMTOOL, "promtool is not installed (make manifests-check fails without it)")
    def test_the_repository_passes(self) -> None:
        ctx = checker(builds=("config/default", "config/certmanager", "config/daemon", "config/prometheus"),
                      load_bundle=False)
        observability_checks(ctx)
        self.assertEqual(ctx.report.failures(), [])
        self.assertEqual(len(ctx.report.results), 9)

    @unittest.skipUnless(HAVE_PROMTOOL, "promtool is not installed (make manifests-check fails without it)")
    def test_a_longer_threshold_fails_the_unit_tests(self) -> None:
        rule = repository_rule()
        alert_rules(rule)[0]["for"] = "10m"
        report = RecordingReport()
        promtool_checks(report, observability.promtool_path(), rule, REPOSITORY / PROMETHEUS_TESTS_DIR, None)
        self.assertEqual(report.failures(), [report.failures()[0]])
        self.assertTrue(report.failed_check("promtool test rules"))

    @unittest.skipUnless(HAVE_PROMTOOL, "promtool is not installed (make manifests-check fails without it)")
    def test_invalid_promql_fails(self) -> None:
        rule = repository_rule()
        alert_rules(rule)[0]["expr"] = "pf_status_relay_lacp_up == == 0"
        dashboard = repository_dashboard()
        dashboard["panels"][1]["targets"][0]["expr"] = "sum by (node (pf_status_relay_lacp_up)"
        with tempfile.TemporaryDirectory() as temporary:
            report = RecordingReport()
            promtool_checks(report, observability.promtool_path(), rule, Path(temporary), dashboard)
        self.assertEqual(report.failures(), ["promtool check rules: the PrometheusRule's spec (? rules)",
                                             "promtool test rules",
                                             "promtool check rules: the dashboard's 38 queries are valid PromQL"])

    @unittest.skipUnless(HAVE_PROMTOOL, "promtool is not installed (make manifests-check fails without it)")
    def test_a_test_file_expecting_the_wrong_alert_fails(self) -> None:
        with tempfile.TemporaryDirectory() as temporary:
            tests = Path(temporary)
            for path in (REPOSITORY / PROMETHEUS_TESTS_DIR).glob("*.yaml"):
                shutil.copy2(path, tests / path.name)
            path = tests / "relay-alerts.yaml"
            document = yaml.safe_load(path.read_text())
            document["tests"][0]["alert_rule_test"][0]["exp_alerts"] = [{"exp_labels": {"severity": "warning"}}]
            path.write_text(yaml.safe_dump(document))
            report = RecordingReport()
            promtool_checks(report, observability.promtool_path(), repository_rule(), tests, None)
        self.assertEqual(len(report.failures()), 1)
        self.assertTrue(report.failed_check("promtool test rules"))


if __name__ == "__main__":
    unittest.main()
