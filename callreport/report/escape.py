"""One escaping helper for each context a string from the data, the descriptor or the config
can land in on a page. Every piece of HTML the package writes goes through these; nothing
from outside the code is put into markup as it is.

- ``html_text``: text between tags.
- ``html_attr``: a double-quoted attribute value.
- ``script_json``: JSON inside a ``<script type="application/json">`` element.
- ``url``: a link target taken from data or config, checked, then escaped as an attribute.
- ``svg_text``: text in an SVG drawn at build time (the sharing cards), which must stay well-formed XML.

No string from data reaches a stylesheet or a ``style`` attribute, so there is no CSS helper.
"""

from __future__ import annotations

import html
import json
import re

# Inside <script>, the HTML parser looks for "</script" and for "<!--", which can make it skip
# the real end tag and swallow the rest of the page; JSON may spell these characters as \u escapes,
# which JSON.parse reads back unchanged. U+2028/U+2029 end a line in older JavaScript.
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_SAFE_SCHEMES = {"http", "https"}
# What a browser strips before it reads a URL's scheme: leading and trailing C0 controls and
# spaces, and every tab and line break (so "java\tscript:" is javascript:).
_IGNORED_EDGES = "".join(chr(c) for c in range(0x21))
_IGNORED_INSIDE = re.compile(r"[\t\n\r]")


class UnsafeURL(ValueError):
    """A link target that is neither a relative path nor an http(s) address."""


def html_text(value: object) -> str:
    """Text between tags. Quotes are escaped too, so the result is safe in an attribute as well."""
    return html.escape(str(value), quote=True)


def html_attr(value: object) -> str:
    """The value of an attribute the package always writes in double quotes."""
    return html_text(value)


def script_json(value: object) -> str:
    """Compact, key-sorted JSON that cannot end or change the <script> element it sits in."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return re.sub("[<>&\u2028\u2029]", lambda match: _SCRIPT_UNSAFE[match.group()], text)


def url(value: str) -> str:
    """A link target, escaped for an href: a relative path or an http(s) address, never
    javascript:, data: or any other scheme. Raises UnsafeURL naming the value otherwise."""
    seen = _IGNORED_INSIDE.sub("", str(value).strip(_IGNORED_EDGES))
    scheme = _SCHEME.match(seen)
    if scheme and scheme.group(1).lower() not in _SAFE_SCHEMES:
        raise UnsafeURL(f"expected a relative path or an http(s) address as a link; found {value!r}")
    return html_attr(value)


# What XML 1.0 forbids in a document: C0 controls other than tab, line feed and carriage return,
# lone surrogates, and U+FFFE/U+FFFF. An SVG parser refuses the whole drawing for one of them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_chars(value: object) -> str:
    """The text with each character XML cannot hold replaced by U+FFFD, the replacement character,
    so that it shows where it was (and no drawing engine is handed one)."""
    return _NOT_XML.sub("\ufffd", str(value))


def svg_text(value: object) -> str:
    """Text inside an SVG <text> element, or a double-quoted attribute of one: escaped as XML,
    each character XML cannot hold shown as U+FFFD in its place."""
    return html.escape(xml_chars(value), quote=True)
