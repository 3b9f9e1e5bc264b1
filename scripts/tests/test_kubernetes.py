import unittest

from manifests.kubernetes import csv_embedded_objects, kubernetes_schemas, validate_builtin
from tests.helpers import RecordingReport, checker

CONFIG_MAP = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "b"}}


class KubernetesTests(unittest.TestCase):
    def test_a_valid_object_passes(self) -> None:
        report = RecordingReport()
        validate_builtin(report, CONFIG_MAP, "test")
        self.assertEqual(report.results, [("ok", "test: ConfigMap c is valid Kubernetes 1.32.0 (strict)")])

    def test_an_unknown_field_fails(self) -> None:
        report = RecordingReport()
        validate_builtin(report, dict(CONFIG_MAP, extra=1), "test")
        validate_builtin(report, dict(CONFIG_MAP, kind="ConfigMapp"), "test")
        self.assertEqual(report.failures(), ["test: ConfigMap c is valid Kubernetes 1.32.0 (strict)",
                                             "test: ConfigMapp c is valid Kubernetes 1.32.0 (strict)"])

    def test_a_custom_kind_is_skipped(self) -> None:
        report = RecordingReport()
        validate_builtin(report, {"apiVersion": "cert-manager.io/v1", "kind": "Issuer",
                                  "metadata": {"name": "i"}}, "test")
        self.assertEqual(report.results, [("skip", "test: Issuer i against the Kubernetes schemas")])

    def test_the_csv_embeds_a_deployment_roles_a_webhook_and_a_namespace(self) -> None:
        kinds = sorted(o["kind"] for _, o in csv_embedded_objects(checker()))
        self.assertEqual(kinds, ["ClusterRole", "Deployment", "Namespace", "Role", "ValidatingWebhookConfiguration"])

    def test_the_repository_passes_and_a_bad_csv_deployment_fails(self) -> None:
        ctx = checker(builds=("config/samples",))
        kubernetes_schemas(ctx)
        self.assertEqual(ctx.report.failures(), [])
        ctx = checker(builds=("config/samples",))
        ctx.csv["spec"]["install"]["spec"]["deployments"][0]["spec"]["replicas"] = "one"
        kubernetes_schemas(ctx)
        self.assertEqual(ctx.report.failures(),
                         ["bundle/manifests/pf-status-relay-operator.clusterserviceversion.yaml deployments: "
                          "Deployment pf-status-relay-operator is valid Kubernetes 1.32.0 (strict)"])


if __name__ == "__main__":
    unittest.main()
