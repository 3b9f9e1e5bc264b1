import tempfile
import unittest
from pathlib import Path

from manifests.constants import REPOSITORY, REPOSITORY_ENTRIES
from manifests.copies import copy_repository, snapshot


class CopiesTests(unittest.TestCase):
    def test_a_copy_has_the_same_files(self) -> None:
        with tempfile.TemporaryDirectory() as temporary:
            copy = Path(temporary) / "copy"
            copy_repository(REPOSITORY, copy)
            self.assertEqual(sorted(p.name for p in copy.iterdir()), sorted({e.split("/")[0] for e in REPOSITORY_ENTRIES}))
            for entry in REPOSITORY_ENTRIES:
                self.assertTrue((copy / entry).exists(), entry)
            for directory in ("bundle", "catalog", "config"):
                original = snapshot(REPOSITORY / directory)
                self.assertEqual(snapshot(copy / directory), original)
                self.assertTrue(original)

    def test_snapshot_sees_a_change_and_ignores_pycache(self) -> None:
        with tempfile.TemporaryDirectory() as temporary:
            root = Path(temporary)
            (root / "a").write_text("1")
            before = snapshot(root)
            (root / "__pycache__").mkdir()
            (root / "__pycache__" / "x.pyc").write_text("")
            self.assertEqual(snapshot(root), before)
            (root / "a").write_text("2")
            self.assertNotEqual(snapshot(root), before)
            self.assertEqual(snapshot(root), {"a": b"2"})


if __name__ == "__main__":
    unittest.main()
