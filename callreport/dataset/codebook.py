"""Read the data package descriptor, the project's codebook, and present it.

Nothing here restates a definition: every name, type, constraint and allowed
value comes from data/datapackage.json.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from callreport.dataset import paths
from callreport.dataset.errors import DataError
from callreport.dataset.files import read_text

NOT_STATED = "not stated"
_KINDS = {dict: "an object", list: "a list", str: "a string"}
# What the engine says about an article is read from its descriptor, never typed in the code:
ARTICLE_FIELDS = ("author", "outlet", "date", "url")  # rows of article.metadata
ARTICLE_NAMES = ("rights_holder", "outlet_in_prose", "focus_side", "citation_note")  # article.<name>.value


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
    _check_article(name, descriptor, article)
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


def _check_article(name: str, descriptor: dict, article: dict) -> None:
    """What the engine reads about the article, each a non-empty string: its title, the metadata rows
    it shows (author, outlet, date, address), the names it uses (rights holder, outlet in prose, focus
    side and how the prose names one of its speakers), what its citation says of it, and the package's
    keywords."""
    _nonempty(name, _require(name, article, "title", dict, "article."), "value", "article.title.")
    rows = _require(name, article, "metadata", list, "article.")
    fields = []
    for index, row in enumerate(rows):
        where = f"article.metadata[{index}]"
        if not isinstance(row, dict):
            raise DataError(name, None, None, f"{where} to be an object", _json_kind(row))
        for key in ("field", "value", "status", "source"):
            _nonempty(name, row, key, f"{where}.")
        fields.append(row["field"])
    for field in ARTICLE_FIELDS:
        if (count := fields.count(field)) != 1:
            found = "none" if count == 0 else f"{count} rows"
            raise DataError(name, None, None, f"article.metadata to hold one row whose field is {field!r}", found)
    for key in ARTICLE_NAMES:
        entry = _require(name, article, key, dict, "article.")
        for part in ("value", "description") + (("speaker",) if key == "focus_side" else ()):
            _nonempty(name, entry, part, f"article.{key}.")
    keywords = _require(name, descriptor, "keywords", list, "")
    for index, keyword in enumerate(keywords):
        if not isinstance(keyword, str) or not keyword.strip():
            raise DataError(name, None, None, f"keywords[{index}] to be a non-empty string", _json_kind(keyword))


def _nonempty(name: str, container: dict, key: str, where: str) -> str:
    value = _require(name, container, key, str, where)
    if not value.strip():
        raise DataError(name, None, None, f"{where}{key} to be a non-empty string", repr(value))
    return value


@dataclass(frozen=True)
class Side:
    """A side of the data (a country an actor is tied to) and how the prose names one of its speakers
    ("an Italian speaker": the descriptor says it, so no grammar is guessed)."""

    name: str
    speaker: str


@dataclass(frozen=True)
class Article:
    """Everything the engine names about the article, read from its descriptor: the package wings
    and the generic report modules type none of it (a test holds this)."""

    title: str
    metadata: dict[str, dict]  # field -> its row: value, status and source
    rights_holder: str
    outlet_in_prose: str
    focus_side: Side
    citation_note: str
    keywords: tuple[str, ...]

    def value(self, field: str) -> str:
        """The value of a metadata row (author, outlet, date, url, ...)."""
        return self.metadata[field]["value"]

    @property
    def author(self) -> str:
        return self.value("author")

    @property
    def outlet(self) -> str:
        return self.value("outlet")

    @property
    def url(self) -> str:
        return self.value("url")


def article_info(descriptor: dict) -> Article:
    """The article as its (checked) descriptor describes it: the one way the code reads it."""
    entry = descriptor["article"]
    side = entry["focus_side"]
    return Article(
        title=entry["title"]["value"],
        metadata={row["field"]: dict(row) for row in entry["metadata"]},
        rights_holder=entry["rights_holder"]["value"],
        outlet_in_prose=entry["outlet_in_prose"]["value"],
        focus_side=Side(side["value"], side["speaker"]),
        citation_note=entry["citation_note"]["value"],
        keywords=tuple(descriptor["keywords"]),
    )


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
    # spans: offsets into the article; contextSpans: offsets into a context cell of the row itself
    for kind, keys in (
        ("spans", ("start", "end", "text")),
        ("contextSpans", ("context", "offset", "start", "end", "text")),
    ):
        spans = _require(name, schema, kind, list, f"{where}schema.") if kind in schema else []
        for index, span in enumerate(spans):
            at = f"{where}schema.{kind}[{index}]"
            if not isinstance(span, dict):
                raise DataError(name, None, None, f"{at} to be an object", _json_kind(span))
            for key in keys:
                if key == "text" and key not in span and kind == "spans":
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


def labels(descriptor: dict, resource_name: str, field_name: str) -> dict[str, str]:
    """A few words naming each value of an enumerated field, for tables and charts: the field's
    enumLabels, which must name every value the codebook allows, or the values themselves."""
    field = next(f for f in fields(descriptor, resource_name) if f["name"] == field_name)
    allowed = values(descriptor, resource_name, field_name)
    given = field.get("enumLabels")
    if given is None:
        return {value: value for value in allowed}
    if set(given) != set(allowed):
        raise ValueError(
            f"{resource_name}.{field_name}: enumLabels names {sorted(given)}, the codebook allows {sorted(allowed)}"
        )
    return {value: given[value] for value in allowed}


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
