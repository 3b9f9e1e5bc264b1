"""The CRD's OpenAPI v3 schema: as a JSON Schema, structural rules, pruning, list maps, printer columns."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import jsonschema

from .loading import get


def to_json_schema(node: Any) -> Any:
    """An OpenAPI v3.0 CRD schema as a JSON Schema (draft 4 semantics).

    x-kubernetes-* extensions are dropped except two that change what is valid:
    list-type set (items unique) and int-or-string. nullable allows null.
    format is dropped (int32, int64, date-time are checked by the API server).
    """
    if isinstance(node, list):
        return [to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    result: dict[str, Any] = {}
    for key, value in node.items():
        if key.startswith("x-kubernetes-") or key in ("format", "nullable", "example", "externalDocs"):
            continue
        if key in ("properties", "patternProperties", "definitions"):
            result[key] = {name: to_json_schema(sub) for name, sub in value.items()}
        elif key in ("items", "additionalProperties", "not", "allOf", "anyOf", "oneOf"):
            result[key] = to_json_schema(value)
        else:
            result[key] = copy.deepcopy(value)
    if node.get("x-kubernetes-list-type") == "set":
        result["uniqueItems"] = True
    if node.get("x-kubernetes-int-or-string"):
        result.pop("type", None)
        result["anyOf"] = [{"type": "integer"}, {"type": "string"}]
    if node.get("nullable") and "type" in result:
        result["type"] = [result["type"], "null"]
    return result


def schema_errors(schema: dict, instance: Any) -> list[jsonschema.ValidationError]:
    converted = to_json_schema(schema)
    jsonschema.Draft4Validator.check_schema(converted)
    validator = jsonschema.Draft4Validator(converted)
    return sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))


def format_error(error: jsonschema.ValidationError) -> str:
    where = ".".join(str(p) for p in error.absolute_path) or "(top)"
    return f"{where}: {error.message} ({error.validator})"


def list_map_errors(schema: dict, instance: Any, path: str = "") -> list[str]:
    """x-kubernetes-list-type: map requires the key fields to be unique."""
    found: list[str] = []
    if isinstance(instance, dict):
        for name, value in instance.items():
            sub = get(schema, "properties", name) or get(schema, "additionalProperties")
            if isinstance(sub, dict):
                found.extend(list_map_errors(sub, value, f"{path}.{name}"))
    elif isinstance(instance, list):
        if schema.get("x-kubernetes-list-type") == "map":
            keys = schema.get("x-kubernetes-list-map-keys") or []
            seen = set()
            for item in instance:
                key = tuple(json.dumps(get(item, k), sort_keys=True) for k in keys)
                if key in seen:
                    found.append(f"{path}: two items with the same {', '.join(keys)}")
                seen.add(key)
        item_schema = schema.get("items")
        if isinstance(item_schema, dict):
            for index, item in enumerate(instance):
                found.extend(list_map_errors(item_schema, item, f"{path}[{index}]"))
    return found


def pruned_fields(schema: dict, instance: Any, path: str = "") -> list[str]:
    """Fields the API server would drop (and kubectl's strict validation reject)."""
    if schema.get("x-kubernetes-preserve-unknown-fields"):
        return []
    found: list[str] = []
    if isinstance(instance, dict) and schema.get("type") == "object":
        properties = schema.get("properties")
        extra = schema.get("additionalProperties")
        for name, value in instance.items():
            if properties is not None and name in properties:
                found.extend(pruned_fields(properties[name], value, f"{path}.{name}"))
            elif isinstance(extra, dict):
                found.extend(pruned_fields(extra, value, f"{path}.{name}"))
            elif properties is not None or extra is False:
                found.append(f"{path}.{name}")
    elif isinstance(instance, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(instance):
            found.extend(pruned_fields(schema["items"], item, f"{path}[{index}]"))
    return found


def structural_problems(schema: dict, path: str = "") -> list[str]:
    """The rules of a structural schema that this CRD can break, plus field descriptions."""
    found: list[str] = []
    here = path or "(root)"
    if "type" not in schema and not (schema.get("x-kubernetes-int-or-string")
                                     or schema.get("x-kubernetes-preserve-unknown-fields")):
        found.append(f"{here}: no type")
    if "type" in schema and schema["type"] not in ("object", "array", "string", "integer", "number", "boolean"):
        found.append(f"{here}: type {schema['type']!r} is not an OpenAPI type")
    if schema.get("type") == "array" and not isinstance(schema.get("items"), dict):
        found.append(f"{here}: an array without an items schema")
    if "default" in schema:
        try:
            errors = schema_errors(schema, schema["default"])
            found.extend(f"{here}: default {schema['default']!r}: {format_error(e)}" for e in errors)
        except jsonschema.SchemaError as error:
            found.append(f"{here}: cannot check the default: {error.message}")
    list_type = schema.get("x-kubernetes-list-type")
    if list_type == "set" and get(schema, "items", "type") not in ("string", "integer", "number", "boolean"):
        found.append(f"{here}: list-type set needs scalar items")
    if list_type == "map":
        keys = schema.get("x-kubernetes-list-map-keys") or []
        required = get(schema, "items", "required", default=[])
        if not keys:
            found.append(f"{here}: list-type map without list-map-keys")
        found.extend(f"{here}: map key {k} is not a required field of the items"
                     for k in keys if k not in required)
    for name, sub in (schema.get("properties") or {}).items():
        where = f"{path}.{name}"
        if where not in (".metadata",) and not sub.get("description"):
            found.append(f"{where}: no description")
        found.extend(structural_problems(sub, where))
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            found.extend(structural_problems(schema[key], f"{path}[{key}]"))
    for name in schema.get("required") or []:
        if name not in (schema.get("properties") or {}):
            found.append(f"{here}: required field {name} is not a property")
    return found


def schema_at(schema: dict, dotted: str) -> dict | None:
    node: Any = schema
    for part in [p for p in dotted.split(".") if p]:
        node = get(node, "properties", part)
        if node is None:
            return None
    return node


def printer_column_problems(version: dict) -> list[str]:
    schema = get(version, "schema", "openAPIV3Schema") or {}
    found = []
    expected_types = {"integer": {"integer"}, "boolean": {"boolean"}, "number": {"number", "integer"}}
    for column in version.get("additionalPrinterColumns") or []:
        path = column.get("jsonPath", "")
        if path == ".metadata.creationTimestamp":
            if column.get("type") != "date":
                found.append(f"{column.get('name')}: creationTimestamp should be a date column")
            continue
        if not re.fullmatch(r"(\.[A-Za-z0-9_]+)+", path):
            found.append(f"{column.get('name')}: jsonPath {path!r} is not a simple field path")
            continue
        target = schema_at(schema, path)
        if target is None:
            found.append(f"{column.get('name')}: {path} is not a field of the schema")
            continue
        wanted = expected_types.get(column.get("type"))
        if wanted and target.get("type") not in wanted:
            found.append(f"{column.get('name')}: column type {column.get('type')} "
                         f"for a field of type {target.get('type')}")
    return found
