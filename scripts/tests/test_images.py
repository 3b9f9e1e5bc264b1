import unittest

from manifests.images import image_checks
from tests.helpers import checker

BUILDS = ("config/default", "config/daemon", "config/bond-cni")


class ImagesTests(unittest.TestCase):
    def test_the_repository_images_pass(self) -> None:
        ctx = checker(builds=BUILDS)
        image_checks(ctx)
        self.assertEqual(ctx.report.failures(), [])
        self.assertEqual(len(ctx.report.results), 8)
        self.assertEqual(ctx.source_url, ctx.generator.read_env(ctx.root)["SOURCE_URL"])

    def test_another_csv_image_fails(self) -> None:
        ctx = checker(builds=BUILDS)
        ctx.csv["metadata"]["annotations"]["containerImage"] = "quay.io/other/operator:v0.0.1"
        image_checks(ctx)
        self.assertEqual(ctx.report.failures(),
                         ["CSV: containerImage, relatedImages, the Deployment's image and PF_STATUS_RELAY_IMAGE "
                          "are images.env's"])

    def test_another_daemonset_image_fails(self) -> None:
        ctx = checker(builds=BUILDS)
        daemonset = next(o for o in ctx.builds["config/daemon"] if o.get("kind") == "DaemonSet")
        daemonset["spec"]["template"]["spec"]["containers"][0]["image"] = "quay.io/other/daemon:v0.0.1"
        image_checks(ctx)
        self.assertEqual(ctx.report.failures(), ["config/daemon: the DaemonSet's image is images.env's daemon image"])


if __name__ == "__main__":
    unittest.main()
