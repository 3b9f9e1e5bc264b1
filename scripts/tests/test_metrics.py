import unittest

from manifests.loading import find
from manifests.metrics import metrics_bundle, metrics_wiring
from tests.helpers import checker


def container(objects: list[dict]) -> dict:
    deployment = find(objects, "Deployment", "pf-status-relay-operator")[0]
    return deployment["spec"]["template"]["spec"]["containers"][0]


class MetricsTests(unittest.TestCase):
    def test_config_and_bundle_pass(self) -> None:
        ctx = checker(builds=("config/default", "config/certmanager"))
        metrics_wiring(ctx)
        metrics_bundle(ctx)
        self.assertEqual(ctx.report.failures(), [])
        self.assertEqual(len(ctx.report.results), 4)

    def test_insecure_metrics_fail(self) -> None:
        ctx = checker(builds=("config/default",), load_bundle=False)
        container(ctx.builds["config/default"])["args"].append("--metrics-insecure")
        metrics_wiring(ctx)
        self.assertTrue(ctx.report.failed_check("config/manager: /metrics is HTTPS on 8443"))

    def test_a_certificate_not_mounted_fails(self) -> None:
        ctx = checker(builds=("config/default",), load_bundle=False)
        manager = container(ctx.builds["config/default"])
        manager["volumeMounts"] = [m for m in manager["volumeMounts"] if m["name"] != "metrics-cert"]
        metrics_wiring(ctx)
        self.assertEqual(len(ctx.report.failures()), 1)
        self.assertTrue(ctx.report.failed_check("mounted read-only at --metrics-cert-dir"))

    def test_a_bound_reader_role_or_missing_review_rights_fail(self) -> None:
        ctx = checker(builds=("config/default",), load_bundle=False)
        objects = ctx.builds["config/default"]
        binding = find(objects, "ClusterRoleBinding", "pf-status-relay-operator-metrics-auth")[0]
        binding["roleRef"]["name"] = "pf-status-relay-operator-metrics-reader"
        metrics_wiring(ctx)
        failures = ctx.report.failures()
        self.assertEqual(len(failures), 1)
        self.assertIn("TokenReviews and SubjectAccessReviews", failures[0])

    def test_a_bundle_without_the_reader_role_fails(self) -> None:
        ctx = checker(builds=("config/default",))
        ctx.bundle = [(path, obj) for path, obj in ctx.bundle if obj.get("kind") != "ClusterRole"]
        metrics_bundle(ctx)
        self.assertTrue(ctx.report.failed_check("bundle/manifests: the metrics Service and the metrics-reader"))


if __name__ == "__main__":
    unittest.main()
