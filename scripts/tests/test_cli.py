import contextlib
import io
import tempfile
import unittest

from manifests.cli import main


class CliTests(unittest.TestCase):
    def run_main(self, *arguments: str) -> tuple[int, list[str]]:
        with contextlib.redirect_stdout(io.StringIO()) as out:
            code = main(list(arguments))
        return code, out.getvalue().splitlines()

    def test_the_image_checks_of_the_repository_pass(self) -> None:
        code, lines = self.run_main("--only", "images")
        self.assertEqual(code, 0, "\n".join(lines))
        self.assertRegex(lines[-1], r"^manifests-check: \d+ passed, 0 failed$")

    def test_an_empty_repository_fails(self) -> None:
        with tempfile.TemporaryDirectory() as temporary:
            code, lines = self.run_main("--root", temporary, "--only", "images")
        self.assertEqual(code, 1)
        self.assertRegex(lines[-1], r"^manifests-check: 0 passed, \d+ failed$")
        self.assertIn("FAIL kubectl kustomize config/default builds", lines)


if __name__ == "__main__":
    unittest.main()
