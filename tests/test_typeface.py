"""The book's type (callreport.report.typeface): the faces every page serves itself, the charts and
cards are laid out in, and the static drawings carry; and what a drawing by vl-convert is keyed on."""

from __future__ import annotations

import base64
import io
import re
import shutil

import pytest
import vl_convert
from fontTools.ttLib import TTFont

from callreport.book import outputs
from callreport.report import figures, theme, typeface

TEXT = "Reading the call: quotes, demands and framing"
SANS_FACES = [face for face in typeface.FACES if face.family == typeface.SANS]


def advances(face: typeface.Face, text: str, size: float) -> float:
    """The width of a line set in a face, from the font file's own advance widths (fontTools)."""
    font = TTFont(typeface.FONTS / face.file)
    cmap, metrics = font.getBestCmap(), font["hmtx"]
    return sum(metrics[cmap[ord(char)]][0] for char in text) * size / font["head"].unitsPerEm


def measured(font: str, weight: int, text: str = TEXT, size: int = 1000) -> int:
    """The width vl-convert lays a Vega text mark out at."""
    typeface.use_in_vl_convert()
    mark = {"text": {"value": text}, "font": {"value": font}, "fontSize": {"value": size}}
    mark["fontWeight"] = {"value": weight}
    spec = {"autosize": "pad", "padding": 0, "width": 0, "height": 0}
    spec["marks"] = [{"type": "text", "encode": {"enter": mark}}]
    return int(re.search(r'width="(\d+)"', vl_convert.vega_to_svg(spec)).group(1))


def test_every_face_is_committed_under_its_family_weight_and_style():
    for face in typeface.FACES:
        font = TTFont(typeface.FONTS / face.file)
        assert font.flavor == "woff2", face.file
        assert font["OS/2"].usWeightClass == face.weight, face.file
        assert bool(font["head"].macStyle & 0b10) == (face.style == "italic"), face.file
    assert {face.family for face in typeface.FACES} == {typeface.SANS, typeface.SERIF}
    assert {face.weight for face in SANS_FACES} == {400, 600, 700}  # what the theme and the cards set text at


@pytest.mark.parametrize("face", SANS_FACES, ids=lambda face: str(face.weight))
def test_charts_are_measured_in_the_books_sans_face_at_each_weight(face):
    """vl-convert lays the theme's font stack out in the committed face, not in a fallback: within 1 % of
    the width the face's own advances give (kerning aside), and apart from the faces a machine falls back to."""
    expected = advances(face, TEXT, 1000)
    result = measured(theme.FONT, face.weight)
    assert abs(result - expected) / expected < 0.01, (result, expected)
    for fallback in ("DejaVu Sans", "Liberation Sans", "a face no machine has"):
        assert abs(measured(fallback, face.weight) - expected) / expected > 0.03, fallback


def test_a_family_name_with_a_digit_is_what_vl_convert_cannot_find():
    """Why the families go by the book's own names: "Source Sans 3" sets nothing in Source Sans 3."""
    assert measured("'Source Sans 3'", 400) == measured("a face no machine has", 400)
    assert measured(f"'{typeface.SANS}'", 400) != measured("a face no machine has", 400)


def test_the_stylesheet_declares_each_face_once_with_swap_and_serves_it_from_the_book():
    css = typeface.font_face_css("fonts/")
    rules = re.findall(r"@font-face \{([^}]*)\}", css)
    assert len(rules) == len(typeface.FACES)
    for face, rule in zip(typeface.FACES, rules, strict=True):
        assert f"font-family: '{face.family}'" in rule and f"font-weight: {face.weight};" in rule
        assert f"font-style: {face.style};" in rule and "font-display: swap" in rule
        assert f"src: url(fonts/{face.file}) format('woff2')" in rule
    assert not re.search(r"https?:|//", css)
    assert f"--report-sans: {typeface.SANS_STACK};" in css and f"--report-serif: {typeface.SERIF_STACK};" in css
    assert any(face.preload for face in typeface.FACES)


def embedded(svg: str) -> dict[int, TTFont]:
    """The faces a drawing carries, by weight."""
    found = {}
    for weight, data in re.findall(r"font-weight:(\d+);src:url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\)", svg):
        found[int(weight)] = TTFont(io.BytesIO(base64.b64decode(data)))
    return found


def test_a_drawing_carries_each_weight_it_uses_subset_to_its_own_characters():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60">'
        '<text font-family="x" font-weight="600">Title &amp; “more”</text>'
        '<text font-family="x">axis 12</text><text font-weight="bold">Zz</text></svg>'
    )
    faces = embedded(typeface.embed_in_svg(svg))
    assert sorted(faces) == [400, 600, 700]
    expected = {600: set("Title & “more”"), 400: set("axis 12"), 700: set("Zz")}
    for weight, font in faces.items():
        assert set(map(chr, font.getBestCmap())) == expected[weight], weight
    root = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60">'
    assert typeface.embed_in_svg(svg).startswith(f"{root}<defs><style>@font-face")


def test_a_drawing_at_a_weight_the_book_does_not_ship_is_refused():
    with pytest.raises(ValueError, match=r"weight \[500\]"):
        typeface.embed_in_svg('<svg xmlns="http://www.w3.org/2000/svg"><text font-weight="500">a</text></svg>')


def test_every_static_drawing_carries_the_faces_of_its_text():
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.4.0.json",
        "title": {"text": "A title"},
        "data": {"values": [{"x": 1, "y": "one"}, {"x": 2, "y": "two"}]},
        "mark": "bar",
        "encoding": {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "nominal"}},
        "usermeta": {"figure": {"id": "fig-test"}},
        "config": theme.report_theme()["config"],
    }
    svg = figures.to_svg(spec)
    faces = embedded(svg)
    assert faces, "the drawing carries no face"
    drawn = set("".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg)))
    assert drawn <= set().union(*(set(map(chr, font.getBestCmap())) for font in faces.values()))


def test_the_fingerprint_changes_with_the_machines_fonts_and_the_books(tmp_path, monkeypatch):
    system = tmp_path / "system"
    system.mkdir()
    monkeypatch.setattr(typeface, "SYSTEM_FONT_FOLDERS", (system,))
    before = typeface.fingerprint()
    assert typeface.fingerprint() == before
    (system / "LiberationSans-Regular.ttf").write_bytes(b"a font installed since")
    installed = typeface.fingerprint()
    assert installed != before
    assert typeface.fingerprint(system=False) == typeface.fingerprint(system=False)
    copy = tmp_path / "fonts"
    shutil.copytree(typeface.FONTS, copy)
    face = copy / typeface.FACES[0].file
    face.write_bytes(face.read_bytes() + b"\0")
    monkeypatch.setattr(typeface, "FONTS", copy)
    assert typeface.fingerprint() != installed


def test_a_changed_face_stales_every_notebook(tmp_path):
    """The static drawings are laid out in the faces and carry them: a new face must redraw them."""
    root = tmp_path / "repo"
    for name in ("data", "callreport", "chapters"):
        shutil.copytree(outputs.paths.ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("requirements.lock", "_config.yml", "_toc.yml"):
        shutil.copy(outputs.paths.ROOT / name, root / name)
    assert outputs.stale(root) == {}
    face = root / typeface.FONTS.relative_to(outputs.paths.ROOT) / typeface.FACES[-1].file
    face.write_bytes(face.read_bytes() + b"\0")
    stale = outputs.stale(root)
    assert sorted(stale) == sorted((root / "chapters").glob("*.ipynb"))
    assert all("type" in reasons for reasons in stale.values())
