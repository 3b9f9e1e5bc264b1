import copy
import unittest

from manifests.loading import find, get
from manifests.security import (daemon_pod_problems, installer_pod_problems, openshift_checks, scc_refusals,
                                standalone_daemonsets)
from tests.helpers import build, checker

BUILDS = ("config/default", "config/daemon", "config/bond-cni", "config/openshift")
OPERATOR_CONTEXT = {"privileged": False, "allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                    "runAsUser": 0, "capabilities": {"add": ["NET_ADMIN", "NET_RAW"], "drop": ["ALL"]}}


def pod(directory: str) -> dict:
    return get(find(build(directory), "DaemonSet")[0], "spec", "template", "spec")


class SecurityTests(unittest.TestCase):
    def test_the_repository_daemonsets_and_scc_pass(self) -> None:
        ctx = checker(builds=BUILDS, load_bundle=False)
        standalone_daemonsets(ctx)
        openshift_checks(ctx)
        self.assertEqual(ctx.report.failures(), [])
        self.assertEqual(len(ctx.report.results), 5)

    def test_a_privileged_daemon_fails(self) -> None:
        ctx = checker(builds=BUILDS, load_bundle=False)
        daemonset = find(ctx.builds["config/daemon"], "DaemonSet")[0]
        daemonset["spec"]["template"]["spec"]["containers"][0]["securityContext"]["privileged"] = True
        standalone_daemonsets(ctx)
        openshift_checks(ctx)
        self.assertEqual(len(ctx.report.failures()), 2)
        self.assertTrue(ctx.report.failed_check("config/daemon: the DaemonSet's pod"))
        self.assertTrue(ctx.report.failed_check("config/openshift: the SCC admits the daemon's pod"))

    def test_an_scc_that_allows_privileged_fails(self) -> None:
        ctx = checker(builds=BUILDS, load_bundle=False)
        find(ctx.builds["config/openshift"], "SecurityContextConstraints")[0]["allowPrivilegedContainer"] = True
        openshift_checks(ctx)
        self.assertEqual(len(ctx.report.failures()), 2)
        self.assertTrue(ctx.report.failed_check("config/openshift: the SCC pf-status-relay allows host network"))
        self.assertTrue(ctx.report.failed_check("refuses it privileged"))

    def test_scc_refusals(self) -> None:
        scc = find(build("config/openshift"), "SecurityContextConstraints")[0]
        daemon = pod("config/daemon")
        self.assertEqual(scc_refusals(scc, daemon), [])
        worse = copy.deepcopy(daemon)
        worse["hostPID"] = True
        worse["containers"][0]["securityContext"]["capabilities"]["add"].append("SYS_ADMIN")
        name = worse["containers"][0]["name"]
        self.assertEqual(scc_refusals(scc, worse),
                         ["hostPID is not allowed", f"{name}: capability SYS_ADMIN may not be added"])
        with_port = copy.deepcopy(daemon)
        with_port["containers"][0]["ports"] = [{"name": "metrics", "containerPort": 9808, "hostPort": 9808}]
        self.assertEqual(scc_refusals(scc, with_port), [])
        self.assertEqual(scc_refusals({**scc, "allowHostPorts": False}, with_port),
                         [f"{name}: host port 9808 is not allowed"])

    def test_pod_problems(self) -> None:
        daemon, installer = pod("config/daemon"), pod("config/bond-cni")
        self.assertEqual(daemon_pod_problems(daemon, daemon["containers"][0], OPERATOR_CONTEXT), [])
        self.assertEqual(installer_pod_problems(installer, installer["containers"][0], OPERATOR_CONTEXT), [])
        installer["hostNetwork"] = True
        installer["containers"][0]["args"] = []
        self.assertEqual(installer_pod_problems(installer, installer["containers"][0], OPERATOR_CONTEXT), [
            "hostNetwork", "args [] (and no command) are not the installer's"])
        daemon["containers"][0]["env"] = []
        self.assertEqual(daemon_pod_problems(daemon, daemon["containers"][0], OPERATOR_CONTEXT), [
            "PF_STATUS_RELAY_INTERFACES '' is not a comma-separated list",
            "PF_STATUS_RELAY_POLLING_INTERVAL '' is not 1000..3600000"])


if __name__ == "__main__":
    unittest.main()
