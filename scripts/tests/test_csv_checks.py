import unittest

from manifests.csv_checks import csv_checks
from tests.helpers import checker


def manager(ctx) -> dict:
    return ctx.csv["spec"]["install"]["spec"]["deployments"][0]["spec"]["template"]["spec"]["containers"][0]


class CsvChecksTests(unittest.TestCase):
    def test_the_repository_csv_passes(self) -> None:
        ctx = checker(builds=("config/default",))
        csv_checks(ctx)
        self.assertEqual(ctx.report.failures(), [])
        self.assertGreater(len(ctx.report.results), 10)

    def test_a_csv_argument_config_does_not_have_fails(self) -> None:
        ctx = checker(builds=("config/default",))
        manager(ctx)["args"].append("--extra")
        csv_checks(ctx)
        self.assertEqual(ctx.report.failures(), [
            "CSV deployment: container args equals config/manager's",
            "CSV deployment: the whole Deployment spec, name and labels equal config/manager's"])

    def test_an_extra_permission_fails(self) -> None:
        ctx = checker(builds=("config/default",))
        ctx.csv["spec"]["install"]["spec"]["clusterPermissions"][0]["rules"].append(
            {"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"]})
        csv_checks(ctx)
        self.assertEqual(ctx.report.failures(),
                         ["CSV clusterPermissions: the same rules as config/rbac's ClusterRole for the operator"])


if __name__ == "__main__":
    unittest.main()
