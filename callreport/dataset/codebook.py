"""Read the data package descriptor, the project's codebook, and present it.

Nothing here restates a definition: every name, type, constraint and allowed
value comes from data/datapackage.json.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from callreport.dataset import paths

NOT_STATED = "not stated"


@cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def read_descriptor(path: Path = paths.DATAPACKAGE) -> dict:
    return json.loads(_read(path))


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
