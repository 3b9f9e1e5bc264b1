import unittest

from manifests.loading import find
from manifests.wiring import config_wiring
from tests.helpers import checker


class WiringTests(unittest.TestCase):
    def test_config_default_and_certmanager_pass(self) -> None:
        ctx = checker(builds=("config/default", "config/certmanager"), load_bundle=False)
        config_wiring(ctx)
        self.assertEqual(ctx.report.failures(), [])
        self.assertEqual(len(ctx.report.results), 11)

    def test_a_service_on_the_wrong_port_fails(self) -> None:
        ctx = checker(builds=("config/default",), load_bundle=False)
        find(ctx.builds["config/default"], "Service", "pf-status-relay-operator-webhook-service")[0]["spec"]["ports"][0]["targetPort"] = 8443
        config_wiring(ctx)
        self.assertEqual(len(ctx.report.failures()), 1)
        self.assertTrue(ctx.report.failed_check("config/webhook: the Service reaches the operator's webhook port"))

    def test_a_cluster_wide_write_fails(self) -> None:
        ctx = checker(builds=("config/default",), load_bundle=False)
        reader = find(ctx.builds["config/default"], "ClusterRole", "pf-status-relay-operator-node-reader")[0]
        reader["rules"].append({"apiGroups": ["apps"], "resources": ["daemonsets"], "verbs": ["create"]})
        config_wiring(ctx)
        self.assertEqual(ctx.report.failures(),
                         ["config/rbac: cluster-wide, the operator only reads and reviews tokens and access"])

    def test_a_missing_deployment_stops_the_checks(self) -> None:
        ctx = checker(builds=("config/default",), load_bundle=False)
        ctx.builds["config/default"] = [o for o in ctx.builds["config/default"] if o.get("kind") != "Deployment"]
        config_wiring(ctx)
        self.assertEqual(ctx.report.failures(),
                         ["config/default: the Deployment, Service, webhook and ServiceAccount are there"])


if __name__ == "__main__":
    unittest.main()
