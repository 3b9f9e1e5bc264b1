import unittest

from manifests.crd import crd_checks, resource_problems, sample_checks
from tests.helpers import checker


class CrdTests(unittest.TestCase):
    def test_the_repository_crd_passes(self) -> None:
        ctx = checker()
        crd_checks(ctx)
        self.assertEqual(ctx.report.failures(), [])
        self.assertTrue(ctx.schema_ok)
        self.assertEqual(len(ctx.report.results), 8)

    def test_a_renamed_short_name_fails(self) -> None:
        ctx = checker()
        ctx.crd["spec"]["names"]["shortNames"] = ["pf"]
        crd_checks(ctx)
        self.assertEqual(ctx.report.failures(), ["CRD names, group, scope and versions"])

    def test_a_missing_crd_fails(self) -> None:
        ctx = checker()
        ctx.crd = None
        crd_checks(ctx)
        self.assertEqual(ctx.report.failures(), ["the CRD is there"])

    def test_resource_problems(self) -> None:
        ctx = checker()
        good = {"apiVersion": "pfstatusrelay.openshift.io/v1alpha1", "kind": "PFLACPMonitor",
                "metadata": {"name": "m"}, "spec": {"interfaces": ["ens5f0"]}}
        self.assertEqual(resource_problems(ctx, good), [])
        bad = dict(good, kind="Monitor", metadata={})
        self.assertEqual(resource_problems(ctx, bad), ["kind 'Monitor'", "no metadata.name"])

    def test_the_repository_samples_pass(self) -> None:
        ctx = checker(builds=("config/samples",))
        ctx.schema_ok = True
        sample_checks(ctx)
        self.assertEqual(ctx.report.failures(), [])
        self.assertGreater(len(ctx.report.results), 20)

    def test_a_schema_without_a_minimum_fails_the_invalid_samples(self) -> None:
        ctx = checker(builds=("config/samples",))
        ctx.schema_ok = True
        spec = ctx.crd_schema()["properties"]["spec"]["properties"]
        del spec["pollingInterval"]["minimum"]
        sample_checks(ctx)
        self.assertEqual(ctx.report.failures(), [
            "the CRD schema rejects a PFLACPMonitor with pollingInterval 500",
            "the CRD schema rejects a PFLACPMonitor with pollingInterval 500 and empty interfaces"])


if __name__ == "__main__":
    unittest.main()
