import tempfile
import unittest
from pathlib import Path

from manifests.catalog import catalog_checks
from manifests.constants import CATALOG_DOCKERFILE, CATALOG_FILE, REPOSITORY
from manifests.copies import copy_repository
from tests.helpers import checker


class CatalogTests(unittest.TestCase):
    def test_the_repository_catalog_passes(self) -> None:
        ctx = checker()
        catalog_checks(ctx)
        self.assertEqual(ctx.report.failures(), [])
        self.assertEqual(len(ctx.report.results), 2)

    def test_a_catalog_of_another_package_and_a_dockerfile_without_label_fail(self) -> None:
        with tempfile.TemporaryDirectory() as temporary:
            root = Path(temporary)
            copy_repository(REPOSITORY, root)
            catalog = root / CATALOG_FILE
            catalog.write_text(catalog.read_text().replace("defaultChannel: stable", "defaultChannel: alpha"))
            dockerfile = root / CATALOG_DOCKERFILE
            dockerfile.write_text("\n".join(line for line in dockerfile.read_text().splitlines()
                                            if not line.startswith("LABEL")))
            ctx = checker(root)
            catalog_checks(ctx)
            self.assertEqual(len(ctx.report.failures()), 2)
            self.assertTrue(ctx.report.failed_check(f"{CATALOG_FILE}: one package, default channel stable"))
            self.assertTrue(ctx.report.failed_check(f"{CATALOG_DOCKERFILE}: FROM an opm image"))


if __name__ == "__main__":
    unittest.main()
