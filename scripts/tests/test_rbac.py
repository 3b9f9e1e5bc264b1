import unittest

from manifests.rbac import bound_rules, rule_difference, rule_triples

BINDING = {"kind": "RoleBinding", "metadata": {"name": "b", "namespace": "ns"},
           "roleRef": {"kind": "Role", "name": "r"},
           "subjects": [{"kind": "ServiceAccount", "name": "sa", "namespace": "ns"}]}
ROLE = {"kind": "Role", "metadata": {"name": "r", "namespace": "ns"},
        "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list"]}]}


class RbacTests(unittest.TestCase):
    def test_rule_triples_expand_every_combination(self) -> None:
        rules = [{"apiGroups": ["apps", ""], "resources": ["deployments"], "verbs": ["get"],
                  "resourceNames": ["x"]},
                 {"nonResourceURLs": ["/metrics"], "verbs": ["get"]}]
        self.assertEqual(rule_triples(rules), {("apps", "deployments", "x", "get"), ("", "deployments", "x", "get"),
                                               ("nonResourceURL", "/metrics", "", "get")})

    def test_rule_difference_ignores_order(self) -> None:
        first = [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list"]}]
        second = [{"apiGroups": [""], "resources": ["pods"], "verbs": ["list"]},
                  {"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}]
        self.assertEqual(rule_difference(first, second, "A", "B"), [])

    def test_rule_difference_names_each_side(self) -> None:
        first = [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}]
        second = [{"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["get"]}]
        self.assertEqual(rule_difference(first, second, "A", "B"),
                         ["only in A: core/pods get", "only in B: apps/deployments get"])

    def test_bound_rules_follow_the_binding(self) -> None:
        rules, problems = bound_rules([BINDING, ROLE], "RoleBinding", "sa", "ns")
        self.assertEqual((rules, problems), (ROLE["rules"], []))
        self.assertEqual(bound_rules([BINDING, ROLE], "RoleBinding", "other", "ns"), ([], []))

    def test_bound_rules_report_a_missing_role(self) -> None:
        rules, problems = bound_rules([BINDING], "RoleBinding", "sa", "ns")
        self.assertEqual(rules, [])
        self.assertEqual(problems, ["RoleBinding ns/b refers to Role r, which is not in the build"])


if __name__ == "__main__":
    unittest.main()
