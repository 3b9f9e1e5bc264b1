import contextlib
import io
import unittest

from manifests.report import Report


class ReportTests(unittest.TestCase):
    def run_check(self, report: Report, problems) -> tuple[bool, str]:
        with contextlib.redirect_stdout(io.StringIO()) as out:
            result = report.check("a check", problems)
        return result, out.getvalue()

    def test_no_problems_pass(self) -> None:
        report = Report()
        for problems in (None, [], "", True, ["", None]):
            result, out = self.run_check(report, problems)
            self.assertTrue(result)
            self.assertEqual(out, "ok   a check\n")
        self.assertEqual((report.passed, report.failed, report.skipped), (5, 0, 0))

    def test_problems_fail_and_are_listed(self) -> None:
        report = Report()
        result, out = self.run_check(report, ["one", "two"])
        self.assertFalse(result)
        self.assertEqual(out, "FAIL a check\n       one\n       two\n")
        self.assertFalse(self.run_check(report, "text")[0])
        self.assertFalse(self.run_check(report, False)[0])
        self.assertEqual((report.passed, report.failed), (0, 3))

    def test_skip_counts_apart(self) -> None:
        report = Report()
        with contextlib.redirect_stdout(io.StringIO()) as out:
            report.skip("a check", "why")
        self.assertEqual(out.getvalue(), "skip a check: why\n")
        self.assertEqual((report.passed, report.failed, report.skipped), (0, 0, 1))


if __name__ == "__main__":
    unittest.main()
