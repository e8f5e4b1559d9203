"""The book's type: the faces its pages, charts, drawings and cards are set in, which the book serves itself.

- Source Sans 3 sets the charts, the sharing cards, headings and the interface;
- Source Serif 4 sets the prose.

Both are Adobe's, under the SIL Open Font License 1.1 (fonts/OFL-*.txt), in the Latin subsets Fontsource
publishes on npm (pinned in callreport/book/npm), committed under callreport/report/fonts/ by ``make vendor``.
A page loads them from its own address, never another host's, with ``font-display: swap``, so a phone, a
laptop and the test machine lay text out alike, and a browser that refuses downloaded fonts falls back to
the rest of the stack.

The families go by names of the book's own, ``Report Sans`` and ``Report Serif``: Vega in the browser and
vl-convert read a chart's font from a CSS font string, in which a family whose name holds a digit ("Source
Sans 3") is not found, and the chart is silently set in a fallback face instead.

vl-convert lays out the static drawings and the cards in the same faces, as TrueType files written from the
committed ones under the same names (``use_in_vl_convert``). What those drawings depend on, the faces and
the renderer, is ``fingerprint()``: a change of either redraws them. A static drawing carries the faces
it uses inside it, subset to its own characters (``embed_in_svg``): shown as an image, which loads no font,
or opened as a download, it is set in the face it was laid out in.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import io
import re
import tempfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

FONTS = Path(__file__).parent / "fonts"
SANS = "Report Sans"
SERIF = "Report Serif"
# What a reader sees while the faces load, or where they are refused: faces of the same kind.
SANS_STACK = f"'{SANS}', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
SERIF_STACK = f"'{SERIF}', Georgia, 'Times New Roman', serif"


@dataclass(frozen=True)
class Face:
    family: str
    weight: int
    style: str  # normal or italic
    package: str  # the npm package it comes from
    preload: bool = False  # the first screen needs it: fetched before the stylesheet asks for it

    @property
    def file(self) -> str:
        return f"{self.package.removeprefix('@fontsource/')}-latin-{self.weight}-{self.style}.woff2"


FACES = (
    Face(SERIF, 400, "normal", "@fontsource/source-serif-4", preload=True),
    Face(SERIF, 400, "italic", "@fontsource/source-serif-4"),
    Face(SERIF, 700, "normal", "@fontsource/source-serif-4"),
    Face(SANS, 400, "normal", "@fontsource/source-sans-3", preload=True),
    Face(SANS, 600, "normal", "@fontsource/source-sans-3", preload=True),
    Face(SANS, 700, "normal", "@fontsource/source-sans-3"),
)
# Fontsource's Latin subset: Basic Latin, Latin-1, general punctuation and a few signs.
LATIN = (
    "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, "
    "U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD"
)


def font_face_css(folder: str = "fonts/") -> str:
    """The @font-face rules, for a stylesheet beside the folder the faces are served from, and the
    stacks as the custom properties --report-sans and --report-serif."""
    rules = []
    for face in FACES:
        rules.append(
            f"@font-face {{ font-family: '{face.family}'; font-style: {face.style}; font-weight: {face.weight}; "
            f"font-display: swap; src: url({folder}{face.file}) format('woff2'); unicode-range: {LATIN}; }}"
        )
    header = "/* The book's type (callreport/report/typeface.py): Source Sans 3 and Source Serif 4, SIL OFL 1.1. */"
    stacks = f":root {{ --report-sans: {SANS_STACK}; --report-serif: {SERIF_STACK}; }}"
    return "\n".join([header, *rules, stacks]) + "\n"


@functools.cache
def _truetype_folder() -> Path:
    """The sans faces as TrueType under the book's family name, for vl-convert, which reads no WOFF2."""
    from fontTools.ttLib import TTFont

    folder = Path(tempfile.mkdtemp(prefix="report-type-"))
    for face in FACES:
        if face.family != SANS:
            continue
        font = TTFont(FONTS / face.file)
        font.flavor = None
        for record in font["name"].names:
            if record.nameID in (1, 16):  # the family, and the typographic family where there is one
                record.string = face.family
        font.save(folder / Path(face.file).with_suffix(".ttf").name)
    return folder


@functools.cache
def use_in_vl_convert() -> None:
    """Make the sans faces known to vl-convert (once a process), before it lays out a drawing."""
    import vl_convert

    vl_convert.register_font_directory(str(_truetype_folder()))


# Where vl-convert (fontdb) finds a machine's own fonts, which set any character the book's faces lack.
SYSTEM_FONT_FOLDERS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts")


def fingerprint(system: bool = True) -> str:
    """What a drawing by vl-convert depends on: its version, the book's faces and, with system, the names
    and sizes of the machine's font files (any of which could set a character the book's faces lack)."""
    digest = hashlib.sha256(f"vl-convert-python {version('vl-convert-python')}\n".encode())
    for face in FACES:
        digest.update(f"{face.file} {hashlib.sha256((FONTS / face.file).read_bytes()).hexdigest()}\n".encode())
    if system:
        for folder in SYSTEM_FONT_FOLDERS:
            for path in sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else ():
                digest.update(f"{path} {path.stat().st_size}\n".encode())
    return digest.hexdigest()[:16]


_WEIGHTS = {"normal": 400, "bold": 700}
_TEXT = re.compile(r"<text\b([^>]*)>(.*?)</text>", re.S)
_ROOT = re.compile(r"<svg\b[^>]*>")


def embed_in_svg(svg: str) -> str:
    """The drawing with each sans face its text uses inside it, as a WOFF2 subset to the characters
    set in that face, in a @font-face rule of the drawing's own."""
    from fontTools import subset

    used: dict[int, set[str]] = {}
    for attributes, text in _TEXT.findall(svg):
        found = re.search(r'font-weight="([^"]+)"', attributes)
        value = found[1] if found else "normal"
        weight = int(value) if value.isdigit() else _WEIGHTS[value]
        used.setdefault(weight, set()).update(html.unescape(re.sub(r"<[^>]+>", "", text)))
    shipped = {face.weight: face for face in FACES if face.family == SANS}
    if unshipped := sorted(set(used) - set(shipped)):
        raise ValueError(f"a drawing sets text at weight {unshipped}, which the book's sans face does not ship")
    rules = []
    for weight, face in shipped.items():
        if weight not in used:
            continue
        options = subset.Options()
        options.flavor = "woff2"
        options.name_IDs = []  # the subset needs no names: the rule below names it
        font = subset.load_font(str(FONTS / face.file), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(text="".join(sorted(used[weight])))
        subsetter.subset(font)
        buffer = io.BytesIO()
        subset.save_font(font, buffer, options)
        data = base64.b64encode(buffer.getvalue()).decode("ascii")
        rules.append(f"@font-face{{font-family:'{SANS}';font-weight:{weight};src:url(data:font/woff2;base64,{data})}}")
    if not rules:
        return svg
    root = _ROOT.search(svg)
    return f"{svg[: root.end()]}<defs><style>{''.join(rules)}</style></defs>{svg[root.end() :]}"
