import os
import tempfile
import unittest
from pathlib import Path

from manifests.constants import REPOSITORY
from manifests.loading import describe, differences, find, get, kustomize, load_documents, one


class LoadingTests(unittest.TestCase):
    def test_load_documents_skips_empty_documents(self) -> None:
        documents = load_documents("a: 1\n---\n---\nb: 2\n", "test")
        self.assertEqual(documents, [{"a": 1}, {"b": 2}])

    def test_load_documents_refuses_a_list(self) -> None:
        with self.assertRaisesRegex(ValueError, "test: a YAML document is not a mapping"):
            load_documents("- a\n- b\n", "test")

    def test_get_follows_keys_and_indices(self) -> None:
        data = {"a": [{"b": 1}]}
        self.assertEqual(get(data, "a", 0, "b"), 1)
        self.assertEqual(get(data, "a", -1, "b"), 1)
        self.assertIsNone(get(data, "a", 1, "b"))
        self.assertEqual(get(data, "x", default=[]), [])

    def test_find_and_one(self) -> None:
        objects = [{"kind": "Role", "metadata": {"name": "a", "namespace": "n"}},
                   {"kind": "Role", "metadata": {"name": "b"}}]
        self.assertEqual(len(find(objects, "Role")), 2)
        self.assertEqual(describe(one(objects, "Role", "a")), "Role n/a")
        with self.assertRaisesRegex(LookupError, "expected one Role, found 2"):
            one(objects, "Role")
        with self.assertRaisesRegex(LookupError, "expected one Service x, found 0"):
            one(objects, "Service", "x")

    def test_differences(self) -> None:
        self.assertEqual(differences({"a": [1, 2]}, {"a": [1, 2]}), [])
        self.assertEqual(differences({"a": 1, "b": 1}, {"a": True, "c": 1}, "", ("L", "R")),
                         [".a: 1 in L, True in R", ".b: only in L", ".c: only in R"])
        self.assertEqual(differences([1], [1, 2], "x", ("L", "R")), ["x: 1 items in L, 2 in R"])

    def test_kustomize_builds_the_samples(self) -> None:
        objects = kustomize(REPOSITORY, "config/samples")
        self.assertEqual([o.get("kind") for o in objects], ["PFLACPMonitor"])

    def test_kustomize_fails_on_a_missing_directory(self) -> None:
        with tempfile.TemporaryDirectory() as temporary:
            with self.assertRaises(RuntimeError):
                kustomize(Path(temporary), "no-such-directory")

    def test_kustomize_needs_kubectl(self) -> None:
        saved = os.environ.get("PATH"), os.environ.get("KUBECTL")
        os.environ["PATH"] = "/nonexistent"
        os.environ.pop("KUBECTL", None)
        try:
            with self.assertRaisesRegex(RuntimeError, "kubectl not found"):
                kustomize(REPOSITORY, "config/samples")
        finally:
            os.environ["PATH"] = saved[0] or ""
            if saved[1] is not None:
                os.environ["KUBECTL"] = saved[1]


if __name__ == "__main__":
    unittest.main()
