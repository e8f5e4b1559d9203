"""Read the data package descriptor, the project's codebook, and present it.

Nothing here restates a definition: every name, type, constraint and allowed
value comes from data/datapackage.json.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from callreport.dataset import paths
from callreport.dataset.errors import DataError
from callreport.dataset.files import read_text

NOT_STATED = "not stated"
_KINDS = {dict: "an object", list: "a list", str: "a string"}


def read_descriptor(path: Path = paths.DATAPACKAGE) -> dict:
    """The descriptor, or one DataError when it is missing, unreadable, not JSON or not the shape the code reads."""
    name = f"data/{path.name}"
    text = read_text(path, name)
    try:
        descriptor = json.loads(text, object_pairs_hook=lambda pairs: _unique_keys(name, pairs))
    except json.JSONDecodeError as error:
        # a string left open also means the text stops before the document does
        if error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string"):
            line, column = text.count("\n") + 1, len(text) - text.rfind("\n")
            found = f"the text ending early, at line {line}, column {column}"
        else:
            found = f"{error.msg.lower()} at line {error.lineno}, column {error.colno}"
        raise DataError(name, None, None, "a complete JSON document", found) from None
    check_descriptor(descriptor, name)
    return descriptor


def _unique_keys(name: str, pairs: list[tuple[str, object]]) -> dict:
    keys = [key for key, _ in pairs]
    for key in keys:
        if keys.count(key) > 1:
            raise DataError(name, None, None, "each key once in an object", f"{key!r} twice")
    return dict(pairs)


def _require(name: str, container: dict, key: str, kind: type, where: str):
    """container[key], which must be of `kind`; `where` names the container in errors."""
    value = container.get(key)
    if not isinstance(value, kind):
        found = "no such key" if key not in container else f"{_json_kind(value)}"
        raise DataError(name, None, None, f"{where}{key} to be {_KINDS[kind]}", found)
    return value


def _json_kind(value) -> str:
    for kind, label in _KINDS.items():
        if isinstance(value, kind):
            return label
    return "null" if value is None else f"{type(value).__name__} {json.dumps(value)}"


def check_descriptor(descriptor, name: str = "data/datapackage.json") -> None:
    """The parts of the descriptor the code reads exist and have the right kind; paths stay inside data/."""
    if not isinstance(descriptor, dict):
        raise DataError(name, None, None, "a JSON object", _json_kind(descriptor))
    article = _require(name, descriptor, "article", dict, "")
    _require(name, article, "sha256", str, "article.")
    resources = _require(name, descriptor, "resources", list, "")
    seen = set()
    for index, resource in enumerate(resources):
        where = f"resources[{index}]"
        if not isinstance(resource, dict):
            raise DataError(name, None, None, f"{where} to be an object", _json_kind(resource))
        resource_name = _require(name, resource, "name", str, f"{where}.")
        if resource_name in seen:
            raise DataError(name, None, None, f"{where}.name to be unique", repr(resource_name))
        seen.add(resource_name)
        path = PurePosixPath(_require(name, resource, "path", str, f"{where}."))
        if path.is_absolute() or ".." in path.parts or "\\" in str(path) or not path.parts:
            raise DataError(name, None, None, f"{where}.path to be a relative path inside data/", repr(str(path)))
        if resource.get("format") == "csv":
            _check_schema(name, resource, f"{where}.")


def _check_derived(name: str, field: dict, at: str) -> None:
    """A field's derived fields (``derived``: name -> {description, values: value -> derived value})
    give each of its allowed values exactly one derived value, a non-empty string."""
    derived = field.get("derived", {})
    if not isinstance(derived, dict):
        raise DataError(name, None, None, f"{at}.derived to be an object", _json_kind(derived))
    allowed = field.get("constraints", {}).get("enum", [])
    for derived_name, spec in derived.items():
        where = f"{at}.derived.{derived_name}"
        _require(name, spec if isinstance(spec, dict) else {}, "description", str, f"{where}.")
        values = _require(name, spec, "values", dict, f"{where}.")
        if sorted(values) != sorted(allowed):
            raise DataError(name, None, None, f"{where}.values to map each of {allowed}", f"keys {sorted(values)}")
        for value, result in values.items():
            if not isinstance(result, str) or not result:
                raise DataError(
                    name, None, None, f"{where}.values.{value} to be a non-empty string", _json_kind(result)
                )


def derived(descriptor: dict, resource_name: str, field_name: str, derived_name: str) -> dict[str, str]:
    """What a derived field is for each allowed value of the field it is derived from (the codebook's word)."""
    field = next(f for f in fields(descriptor, resource_name) if f["name"] == field_name)
    return dict(field["derived"][derived_name]["values"])


def _check_schema(name: str, resource: dict, where: str) -> None:
    schema = _require(name, resource, "schema", dict, where)
    columns = []
    for index, field in enumerate(_require(name, schema, "fields", list, f"{where}schema.")):
        at = f"{where}schema.fields[{index}]"
        if not isinstance(field, dict):
            raise DataError(name, None, None, f"{at} to be an object", _json_kind(field))
        columns.append(_require(name, field, "name", str, f"{at}."))
        _require(name, field, "type", str, f"{at}.")
        _check_derived(name, field, at)
    spans = _require(name, schema, "spans", list, f"{where}schema.") if "spans" in schema else []
    for index, span in enumerate(spans):
        at = f"{where}schema.spans[{index}]"
        if not isinstance(span, dict):
            raise DataError(name, None, None, f"{at} to be an object", _json_kind(span))
        for key in ("start", "end", "text"):
            if key == "text" and key not in span:
                continue
            if _require(name, span, key, str, f"{at}.") not in columns:
                raise DataError(name, None, None, f"{at}.{key} to name a field of the resource", repr(span[key]))


def resource(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def fields(descriptor: dict, name: str) -> list[dict]:
    return resource(descriptor, name)["schema"]["fields"]


def field_names(descriptor: dict, name: str) -> list[str]:
    return [field["name"] for field in fields(descriptor, name)]


def table_resources(descriptor: dict) -> list[dict]:
    return [r for r in descriptor["resources"] if r.get("format") == "csv"]


def zip_name(descriptor: dict) -> str:
    """The file name of the whole package as one zip, as the book publishes it."""
    return f"{descriptor['name']}-{descriptor['version']}.zip"


def values(descriptor: dict, resource_name: str, field_name: str) -> list[str]:
    """The values an enumerated field may take, as the codebook lists them ('not stated' included where
    the field is optional)."""
    field = next(f for f in fields(descriptor, resource_name) if f["name"] == field_name)
    allowed = allowed_values(field)
    if allowed is None:
        raise KeyError(f"{resource_name}.{field_name} is not an enumerated field")
    return allowed


def allowed_values(field: dict) -> list[str] | None:
    """The field's allowed values, with 'not stated' where an optional field may hold it."""
    enum = field.get("constraints", {}).get("enum")
    if enum is None:
        return None
    optional = not field.get("constraints", {}).get("required", False)
    return list(enum) + ([NOT_STATED] if optional else [])


def fields_table(descriptor: dict, name: str):
    """One row per field of a resource: name, type, whether required, constraints and meaning."""
    import pandas as pd  # the book's extension reads the descriptor without pandas

    rows = []
    for field in fields(descriptor, name):
        constraints = dict(field.get("constraints", {}))
        required = constraints.pop("required", False)
        enum = constraints.pop("enum", None)
        rules = [f"{key}: {value}" for key, value in constraints.items()]
        if enum:
            rules.append(f"one of {len(enum)} values (below)")
        rows.append(
            {
                "field": field["name"],
                "type": field["type"],
                "required": "yes" if required else "no",
                "constraints": "; ".join(rules) or "none",
                "description": field["description"],
            }
        )
    return pd.DataFrame(rows)


def values_table(descriptor: dict, name: str):
    """One row per allowed value of each categorical field of a resource, with its definition."""
    import pandas as pd

    rows = []
    for field in fields(descriptor, name):
        for value, meaning in field.get("enumDefinitions", {}).items():
            rows.append({"field": field["name"], "value": value, "definition": meaning})
    return pd.DataFrame(rows, columns=["field", "value", "definition"])
