"""RBAC rules compared as sets of (apiGroup, resource, resourceName, verb)."""

from __future__ import annotations

from .loading import describe, find, get


def rule_triples(rules: list[dict]) -> set[tuple]:
    """Rules as (apiGroup, resource, resourceName or '', verb) tuples, order-free."""
    triples = set()
    for rule in rules or []:
        names = rule.get("resourceNames") or [""]
        for group in rule.get("apiGroups") or [""]:
            for resource in rule.get("resources") or []:
                for verb in rule.get("verbs") or []:
                    for name in names:
                        triples.add((group, resource, name, verb))
        for url in rule.get("nonResourceURLs") or []:
            for verb in rule.get("verbs") or []:
                triples.add(("nonResourceURL", url, "", verb))
    return triples


def rule_difference(first: list[dict], second: list[dict], first_name: str, second_name: str) -> list[str]:
    a, b = rule_triples(first), rule_triples(second)
    found = [f"only in {first_name}: {t[0] or 'core'}/{t[1]}{'/' + t[2] if t[2] else ''} {t[3]}"
             for t in sorted(a - b)]
    found += [f"only in {second_name}: {t[0] or 'core'}/{t[1]}{'/' + t[2] if t[2] else ''} {t[3]}"
              for t in sorted(b - a)]
    return found


def bound_rules(objects: list[dict], binding_kind: str, service_account: str,
                namespace: str) -> tuple[list[dict], list[str]]:
    """The rules of the roles bound to a service account by bindings of one kind."""
    rules: list[dict] = []
    problems: list[str] = []
    for binding in find(objects, binding_kind):
        subjects = binding.get("subjects") or []
        if not any(s.get("kind") == "ServiceAccount" and s.get("name") == service_account
                   and s.get("namespace") == namespace for s in subjects):
            continue
        ref = binding.get("roleRef") or {}
        role_namespace = get(binding, "metadata", "namespace")
        roles = [r for r in find(objects, ref.get("kind"), ref.get("name"))
                 if ref.get("kind") == "ClusterRole" or get(r, "metadata", "namespace") == role_namespace]
        if len(roles) != 1:
            problems.append(f"{describe(binding)} refers to {ref.get('kind')} {ref.get('name')}, "
                            f"which is not in the build")
            continue
        rules.extend(roles[0].get("rules") or [])
    return rules, problems
