import copy
import unittest

import jsonschema

from manifests.crd_schema import (list_map_errors, printer_column_problems, pruned_fields, schema_at,
                                  schema_errors, structural_problems, to_json_schema)
from tests.helpers import checker

SCHEMA = {"type": "object", "description": "x", "properties": {
    "spec": {"type": "object", "description": "x", "required": ["interfaces"], "properties": {
        "interfaces": {"type": "array", "description": "x", "x-kubernetes-list-type": "set", "minItems": 1,
                       "items": {"type": "string"}},
        "port": {"x-kubernetes-int-or-string": True, "description": "x"},
        "count": {"type": "integer", "format": "int32", "minimum": 1, "default": 2, "description": "x"}}}}}


class CrdSchemaTests(unittest.TestCase):
    def test_to_json_schema_keeps_what_changes_validity(self) -> None:
        converted = to_json_schema(SCHEMA)
        spec = converted["properties"]["spec"]["properties"]
        self.assertTrue(spec["interfaces"]["uniqueItems"])
        self.assertNotIn("x-kubernetes-list-type", spec["interfaces"])
        self.assertEqual(spec["port"]["anyOf"], [{"type": "integer"}, {"type": "string"}])
        self.assertNotIn("format", spec["count"])
        jsonschema.Draft4Validator.check_schema(converted)

    def test_schema_errors_accept_a_valid_resource(self) -> None:
        self.assertEqual(schema_errors(SCHEMA, {"spec": {"interfaces": ["a"], "port": "http", "count": 3}}), [])

    def test_schema_errors_reject_an_invalid_resource(self) -> None:
        errors = schema_errors(SCHEMA, {"spec": {"interfaces": ["a", "a"], "port": 1.5, "count": 0}})
        self.assertEqual(sorted(e.validator for e in errors), ["anyOf", "minimum", "uniqueItems"])

    def test_the_repository_crd_is_structural(self) -> None:
        self.assertEqual(structural_problems(checker().crd_schema()), [])

    def test_structural_problems_found(self) -> None:
        schema = copy.deepcopy(SCHEMA)
        spec = schema["properties"]["spec"]
        del spec["properties"]["count"]["description"]
        spec["properties"]["count"]["default"] = 0
        spec["properties"]["list"] = {"type": "array", "description": "x"}
        spec["required"].append("missing")
        self.assertEqual(structural_problems(schema), [
            ".spec.count: no description",
            ".spec.count: default 0: (top): 0 is less than the minimum of 1 (minimum)",
            ".spec.list: an array without an items schema",
            ".spec: required field missing is not a property"])

    def test_pruned_fields(self) -> None:
        self.assertEqual(pruned_fields(SCHEMA, {"spec": {"interfaces": ["a"]}}), [])
        self.assertEqual(pruned_fields(SCHEMA, {"spec": {"interfaces": ["a"], "extra": 1}, "other": {}}),
                         [".spec.extra", ".other"])

    def test_list_map_errors(self) -> None:
        schema = {"type": "object", "properties": {"conditions": {
            "type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["type"],
            "items": {"type": "object"}}}}
        self.assertEqual(list_map_errors(schema, {"conditions": [{"type": "A"}, {"type": "B"}]}), [])
        self.assertEqual(list_map_errors(schema, {"conditions": [{"type": "A"}, {"type": "A"}]}),
                         [".conditions: two items with the same type"])

    def test_printer_columns(self) -> None:
        self.assertIsNotNone(schema_at(SCHEMA, ".spec.count"))
        version = {"schema": {"openAPIV3Schema": SCHEMA}, "additionalPrinterColumns": [
            {"name": "Count", "jsonPath": ".spec.count", "type": "integer"},
            {"name": "Age", "jsonPath": ".metadata.creationTimestamp", "type": "date"}]}
        self.assertEqual(printer_column_problems(version), [])
        version["additionalPrinterColumns"] = [
            {"name": "Count", "jsonPath": ".spec.count", "type": "boolean"},
            {"name": "Nothing", "jsonPath": ".spec.nothing", "type": "string"},
            {"name": "Age", "jsonPath": ".metadata.creationTimestamp", "type": "string"}]
        self.assertEqual(printer_column_problems(version), [
            "Count: column type boolean for a field of type integer",
            "Nothing: .spec.nothing is not a field of the schema",
            "Age: creationTimestamp should be a date column"])


if __name__ == "__main__":
    unittest.main()
