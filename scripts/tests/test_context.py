import tempfile
import unittest
from pathlib import Path

from manifests.constants import (ANNOTATIONS_FILE, BUNDLE_CRD_FILE, CATALOG_FILE, CRD_FILE, CSV_FILE, DOCKERFILE,
                                 ENTRY_SCRIPT, GENERATOR, REPOSITORY)
from manifests.context import Checker
from tests.helpers import RecordingReport


class ContextTests(unittest.TestCase):
    def test_the_constants_name_files_of_the_repository(self) -> None:
        for path in (ANNOTATIONS_FILE, BUNDLE_CRD_FILE, CATALOG_FILE, CRD_FILE, CSV_FILE, DOCKERFILE):
            self.assertTrue((REPOSITORY / path).is_file(), path)
        self.assertTrue(ENTRY_SCRIPT.is_file())
        self.assertTrue(GENERATOR.is_file())

    def test_the_repository_builds_and_its_bundle_loads(self) -> None:
        ctx = Checker(REPOSITORY, RecordingReport())
        ctx.build(("config/default", "config", "config/samples"))
        ctx.load_bundle()
        self.assertEqual(ctx.report.failures(), [])
        self.assertEqual(len(ctx.report.results), 6)
        self.assertEqual(ctx.csv["kind"], "ClusterServiceVersion")
        self.assertEqual(ctx.crd["kind"], "CustomResourceDefinition")
        self.assertEqual(ctx.alm_examples()[1], None)
        self.assertEqual(ctx.crd_schema()["type"], "object")

    def test_an_empty_repository_fails(self) -> None:
        with tempfile.TemporaryDirectory() as temporary:
            ctx = Checker(Path(temporary), RecordingReport())
            ctx.build(("config/default",))
            ctx.load_bundle()
        self.assertEqual(len(ctx.report.failures()), 3)
        self.assertTrue(ctx.report.failed_check("kubectl kustomize config/default builds"))
        self.assertTrue(ctx.report.failed_check("config/default has every object the operator needs"))
        self.assertTrue(ctx.report.failed_check("bundle/manifests (0 files)"))
        self.assertIsNone(ctx.csv)
        self.assertEqual(ctx.alm_examples(), ([], "no alm-examples annotation"))


if __name__ == "__main__":
    unittest.main()
