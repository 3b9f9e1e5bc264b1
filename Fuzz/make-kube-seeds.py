#!/usr/bin/env python3
"""Writes the seed corpus of Fuzz/KubeModelFuzz.swift to Fuzz/corpus-kube/.

Input format of the target: one mode byte, then the body. The mode is
`byte % 8`, so the seeds use the ASCII digits; two-part modes split the body at
its first newline:

  '0' JSON document                 '4' document \\n JSON patch
  '1' label selector string         '5' document \\n strategic merge patch
  '2' field selector string         '6' original \\n modified
  '3' document \\n merge patch       '7' selector string \\n labels object

Documents are written as compact JSON (no raw newline), except where a seed is
about the raw text. Standard library only; run `python3 Fuzz/make-kube-seeds.py`
(or give another output directory as the argument).
"""

import json
import os
import sys

JSON, LABELS, FIELDS, MERGE, JSON_PATCH, STRATEGIC, DIFF, MATCH = "01234567"


def compact(value):
    return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)


def seed(mode, *parts):
    """The mode digit, then the parts (JSON values are written compact) joined by newlines."""
    texts = [p if isinstance(p, (str, bytes)) else compact(p) for p in parts]
    body = b"\n".join(t if isinstance(t, bytes) else t.encode() for t in texts)
    return mode.encode() + body


def daemonset():
    """A DaemonSet as the API server stores it (trimmed)."""
    return {
        "apiVersion": "apps/v1",
        "kind": "DaemonSet",
        "metadata": {
            "name": "pf-status-relay", "namespace": "kube-system",
            "labels": {"app": "pf-status-relay"},
            "finalizers": ["example.com/cleanup"],
            "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}"},
        },
        "spec": {
            "selector": {
                "matchLabels": {"app": "pf-status-relay"},
                "matchExpressions": [{"key": "tier", "operator": "In", "values": ["node", "edge"]}],
            },
            "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1}},
            "template": {
                "metadata": {"labels": {"app": "pf-status-relay"}},
                "spec": {
                    "hostNetwork": True,
                    "tolerations": [{"operator": "Exists"}],
                    "containers": [
                        {
                            "name": "relay", "image": "relay:1.0",
                            "args": ["--interfaces", "ens1f0,ens1f1"],
                            "env": [{"name": "LOG_LEVEL", "value": "info"}, {"name": "POLL", "value": "1s"}],
                            "ports": [{"containerPort": 9090, "name": "metrics"}],
                            "volumeMounts": [{"mountPath": "/run", "name": "run"}],
                            "resources": {"limits": {"cpu": "100m", "memory": 67108864}},
                        },
                        {"name": "sidecar", "image": "busybox:1.36", "command": ["sleep", "infinity"]},
                    ],
                    "volumes": [{"name": "run", "hostPath": {"path": "/run"}}],
                },
            },
        },
        "status": {"numberReady": 3, "conditions": [{"type": "Ready", "status": "True"}]},
    }


def apply_patch():
    """What kubectl apply sends after the containers were edited in the manifest."""
    return {
        "metadata": {
            "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{\"kind\":\"DaemonSet\"}"},
            "$deleteFromPrimitiveList/finalizers": ["example.com/cleanup"],
        },
        "spec": {
            "template": {
                "spec": {
                    "$setElementOrder/containers": [{"name": "init"}, {"name": "relay"}, {"name": "sidecar"}],
                    "containers": [
                        {"name": "init", "image": "busybox:1.36"},
                        {
                            "name": "relay", "image": "relay:1.1",
                            "$setElementOrder/env": [{"name": "POLL"}, {"name": "LOG_LEVEL"}],
                            "env": [{"name": "LOG_LEVEL", "value": "debug"}],
                            "resources": {"limits": {"memory": None}},
                        },
                    ],
                    "volumes": [{"name": "run", "$patch": "delete"}],
                }
            },
            "updateStrategy": {"$retainKeys": ["type"], "type": "OnDelete"},
        },
    }


def seeds():
    s = {}

    # 0: JSON documents, scalars at the edges of Int64 and Double, escapes, and broken text.
    s["json-empty-object"] = seed(JSON, "{}")
    s["json-scalars-array"] = seed(JSON, '[null,true,false,0,-0,1.0,-1.5e-3,"",[],{}]')
    s["json-int64-edges"] = seed(JSON, "[9223372036854775807,-9223372036854775808,9223372036854775808,-9223372036854775809]")
    s["json-doubles"] = seed(JSON, "[0.1,1e18,1E+300,5e-324,1.7976931348623157e308,2.5,-0.0,9007199254740993]")
    s["json-string-escapes"] = seed(JSON, r'"a\"b\\c\/d\b\f\n\r\t\u0000\u00e9\ud83d\ude00 é"')
    s["json-pretty-object"] = seed(JSON, '{\n  "a" : [ 1 , 2 ],\n  "b" : { "c" : null }\n}\n')
    s["json-duplicate-keys"] = seed(JSON, '{"a":1,"a":2,"\\u00e9":3,"e\\u0301":4}')
    s["json-nested"] = seed(JSON, "[" * 40 + "{}" + "]" * 40)
    s["json-bad-truncated"] = seed(JSON, '{"a":[1,2')
    s["json-bad-trailing-comma"] = seed(JSON, '{"a":1,}')
    s["json-bad-lone-surrogate"] = seed(JSON, '"\\ud800"')
    s["json-bad-utf8"] = seed(JSON, b'"\xff\xfe"')
    s["json-label-selector-object"] = seed(JSON, {
        "matchLabels": {"app": "web", "example.com/tier": "front"},
        "matchExpressions": [
            {"key": "env", "operator": "NotIn", "values": ["dev", "test"]},
            {"key": "canary", "operator": "DoesNotExist"},
            {"key": "zone", "operator": "Exists"},
        ],
    })
    s["json-daemonset"] = seed(JSON, daemonset())

    # 1: label selectors (the labelSelector query parameter).
    for name, text in [
        ("typical", "a=b,c in (x,y),!d"),
        ("everything", ""),
        ("operators", "app==web,tier!=db,size>5,age<10,example.com/role"),
        ("set-empty-values", "x notin (a,,b),k in (),y in (,)"),
        ("keywords-as-names", "in in (in,notin),notin=in,!notin"),
        ("whitespace", "  a = b ,\tc\nin ( x , y ) "),
        ("bad-trailing-comma", "a=b,"),
        ("bad-no-parenthesis", "a in x"),
        ("bad-gt-not-integer", "a>b"),
        ("bad-key", "-a=b,example..com/x=y"),
        ("bad-double-negation", "!!a"),
        ("bad-combining-mark", "app=web,\u0301tier in (a\u0301)"),
    ]:
        s["label-" + name] = seed(LABELS, text)

    # 2: field selectors (the fieldSelector query parameter).
    for name, text in [
        ("typical", "metadata.name=x,status.phase!=Running"),
        ("double-equals-spaces", " spec.nodeName == node-1 , metadata.namespace=default"),
        ("escapes", r"metadata.name=a\,b\=c\\d"),
        ("empty-value", "spec.nodeName=,a!="),
        ("bad-unescaped-equals", "a=b=c"),
        ("bad-escape", r"a=b\x"),
        ("bad-no-field", "=b"),
        # Found by the fuzzer: a combining mark after ',' hid the separator.
        ("combining-mark-after-comma", "a=b,\u0301c=d"),
        ("combining-mark-printed", "a=,\u030f\u000bc=w"),
        ("bad-combining-mark-after-equals", "a=b=\u0301"),
    ]:
        s["field-" + name] = seed(FIELDS, text)

    # 3: merge patches (RFC 7386 appendix A and friends).
    s["merge-replace"] = seed(MERGE, {"a": "b"}, {"a": "c"})
    s["merge-nested-null"] = seed(MERGE, {"a": {"b": "c"}}, {"a": {"b": "d", "c": None}})
    s["merge-array-replaces"] = seed(MERGE, {"a": [{"b": "c"}]}, {"a": [1, None, {"d": None}]})
    s["merge-into-non-object"] = seed(MERGE, [1, 2], {"a": "b", "c": None})
    s["merge-daemonset-scale"] = seed(MERGE, daemonset(), {"metadata": {"labels": {"app": None, "v": "2"}}, "status": None})

    # 4: JSON patches (RFC 6902 section 4 and appendix A).
    doc = {"foo": ["bar", "baz"], "a/b": 1, "m~n": 2, "": 0, "obj": {"x": 1}}
    s["jsonpatch-all-ops"] = seed(JSON_PATCH, doc, [
        {"op": "add", "path": "/foo/1", "value": "qux"},
        {"op": "add", "path": "/foo/-", "value": {"k": None}},
        {"op": "remove", "path": "/a~1b"},
        {"op": "replace", "path": "/m~0n", "value": 3.5},
        {"op": "move", "from": "/obj/x", "path": "/moved"},
        {"op": "copy", "from": "/foo", "path": "/obj/foo"},
        {"op": "test", "path": "/moved", "value": 1.0},
        {"op": "test", "path": "/", "value": 0},
    ])
    s["jsonpatch-replace-root"] = seed(JSON_PATCH, doc, [{"op": "replace", "path": "", "value": [None]}])
    s["jsonpatch-failing-test"] = seed(JSON_PATCH, doc, [
        {"op": "add", "path": "/new", "value": 1}, {"op": "test", "path": "/new", "value": "1"}])
    s["jsonpatch-move-into-child"] = seed(JSON_PATCH, doc, [{"op": "move", "from": "/obj", "path": "/obj/x/y"}])
    s["jsonpatch-bad-index"] = seed(JSON_PATCH, doc, [
        {"op": "add", "path": "/foo/01", "value": 1}, {"op": "remove", "path": "/foo/9"}])
    s["jsonpatch-bad-pointer"] = seed(JSON_PATCH, doc, [{"op": "copy", "from": "foo", "path": "/x~2"}])
    s["jsonpatch-daemonset-image"] = seed(JSON_PATCH, daemonset(), [
        {"op": "test", "path": "/spec/template/spec/containers/0/name", "value": "relay"},
        {"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "relay:1.1"},
        {"op": "add", "path": "/spec/template/spec/containers/0/env/0", "value": {"name": "A", "value": "1"}},
        {"op": "remove", "path": "/metadata/finalizers/0"},
    ])

    # 5: strategic merge patches on a DaemonSet.
    ds = daemonset()
    s["strategic-kubectl-apply"] = seed(STRATEGIC, ds, apply_patch())
    s["strategic-replace-list"] = seed(STRATEGIC, ds, {"spec": {"template": {"spec": {
        "containers": [{"$patch": "replace"}, {"name": "only", "image": "x"}],
        "tolerations": [{"key": "a", "operator": "Equal", "value": None}]}}}})
    s["strategic-delete-map"] = seed(STRATEGIC, ds, {"spec": {"updateStrategy": {"$patch": "delete"}},
                                                    "status": {"$patch": "replace", "numberReady": 0}})
    s["strategic-add-port-and-finalizer"] = seed(STRATEGIC, ds, {
        "metadata": {"finalizers": ["example.com/other", "example.com/cleanup"]},
        "status": {"conditions": [{"type": "Progressing", "status": "False"}]},
        "spec": {"template": {"spec": {"containers": [
            {"name": "relay", "ports": [{"containerPort": 8080}], "volumeMounts": [{"mountPath": "/run", "$patch": "delete"}]},
        ]}}},
    })
    s["strategic-bad-order"] = seed(STRATEGIC, ds, {"spec": {"template": {"spec": {
        "$setElementOrder/containers": [{"name": "sidecar"}, {"name": "relay"}],
        "containers": [{"name": "relay"}, {"name": "sidecar"}]}}}})
    s["strategic-bad-missing-key"] = seed(STRATEGIC, ds, {"spec": {"template": {"spec": {"containers": [{"image": "x"}]}}}})
    s["strategic-no-directives"] = seed(STRATEGIC, {"a": {"b": [1, 2]}, "c": 1}, {"a": {"b": [{"d": 1}], "e": None}, "c": {"f": 2}})

    # 6: merge patch generation (original, modified).
    s["diff-daemonset"] = seed(DIFF, ds, apply_patch())
    s["diff-nested"] = seed(DIFF, {"a": {"b": 1, "c": [1, None]}, "d": 2}, {"a": {"b": 2, "c": [1, None], "e": {}}, "f": "x"})
    s["diff-kind-change"] = seed(DIFF, {"a": [1]}, {"a": {"b": True}})
    s["diff-with-null"] = seed(DIFF, {"a": 1}, {"a": None, "b": {"c": None}})

    # 7: selectors against labels.
    s["match-selector-labels"] = seed(MATCH, "app=web,tier in (a,b),!canary,n>3", {"app": "web", "tier": "b", "n": "4"})
    s["match-field-style"] = seed(MATCH, "metadata.name=web,n<3", {"metadata.name": "web", "n": "-1"})
    return s


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "corpus-kube")
    os.makedirs(out, exist_ok=True)
    made = seeds()
    names = {name + ".kube" for name in made}
    for stale in sorted(os.listdir(out)):
        if stale.endswith(".kube") and stale not in names:
            os.remove(os.path.join(out, stale))
    total = 0
    for name, data in sorted(made.items()):
        with open(os.path.join(out, name + ".kube"), "wb") as f:
            f.write(data)
        total += len(data)
    print(f"make-kube-seeds: {len(made)} seeds, {total} bytes in {out}")


if __name__ == "__main__":
    main()
