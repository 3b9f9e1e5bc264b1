import unittest

from manifests.bundle_files import bundle_metadata, console_checks, operand_bundle_checks
from tests.helpers import checker


class BundleFilesTests(unittest.TestCase):
    def test_the_repository_bundle_passes(self) -> None:
        ctx = checker(builds=("config/default",))
        ctx.source_url = ctx.generator.read_env(ctx.root)["SOURCE_URL"]
        bundle_metadata(ctx)
        console_checks(ctx)
        operand_bundle_checks(ctx)
        self.assertEqual(ctx.report.failures(), [])
        self.assertEqual(len(ctx.report.results), 6)

    def test_another_channel_fails(self) -> None:
        ctx = checker()
        ctx.annotations["annotations"]["operators.operatorframework.io.bundle.channels.v1"] = "alpha"
        bundle_metadata(ctx)
        self.assertEqual(len(ctx.report.failures()), 2)
        self.assertTrue(ctx.report.failed_check("bundle/metadata/annotations.yaml: registry+v1"))
        self.assertTrue(ctx.report.failed_check("bundle.Dockerfile: labels equal"))

    def test_created_at_fails(self) -> None:
        ctx = checker()
        ctx.csv["metadata"]["annotations"]["createdAt"] = "2025-01-01T00:00:00Z"
        console_checks(ctx)
        self.assertEqual(len(ctx.report.failures()), 1)
        self.assertTrue(ctx.report.failed_check("no createdAt"))

    def test_an_operand_role_with_more_rights_fails(self) -> None:
        ctx = checker(builds=("config/default",))
        role = next(o for _, o in ctx.bundle if o.get("kind") == "Role")
        role["rules"][0]["verbs"].append("delete")
        operand_bundle_checks(ctx)
        self.assertEqual(len(ctx.report.failures()), 1)
        self.assertTrue(ctx.report.failed_check("bundle/manifests: ServiceAccount pf-status-relay"))


if __name__ == "__main__":
    unittest.main()
