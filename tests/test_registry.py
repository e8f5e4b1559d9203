"""The findings registry: one documented definition behind every key, found by definition(key),
and a registry that refuses what would make a definition ambiguous or missing."""

from __future__ import annotations

import re
from types import SimpleNamespace

import nbformat
import pytest

from callreport.dataset import paths
from callreport.dataset.load import load
from callreport.report import findings

NOTEBOOKS = sorted(paths.CHAPTERS.glob("*.ipynb"))


def cited_in(path) -> list[str]:
    """The keys a notebook's markdown cites, read here with a pattern of this test's own."""
    cells = nbformat.read(path, as_version=4).cells
    text = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    return list(dict.fromkeys(re.findall(r"\{eval\}`(?:format\()?(\w+)", text)))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_key_the_prose_cites_has_the_definition_of_the_function_that_gives_it(path, tables):
    """For each cited key: exactly one of the chapter's registered findings gives it, that finding has a
    docstring, and definition(key), which resolves the key by its name alone, returns that docstring."""
    given_by = {}
    for f in findings.REGISTRY.of(path.stem):
        for key in f.values(tables):
            given_by.setdefault(key, []).append(f)
    for key in cited_in(path):
        assert len(given_by.get(key, [])) == 1, f"{key} is given by {given_by.get(key)}"
        (giver,) = given_by[key]
        assert len(giver.definition.split()) >= 4, f"{giver.function.__name__}'s docstring says too little"
        assert findings.definition(key) == giver.definition, key


SECOND_ARTICLE = paths.ROOT / "tests" / "fixtures" / "second_article" / "data"


@pytest.mark.parametrize("data", [paths.DATA, SECOND_ARTICLE], ids=["seed", "second article"])
def test_every_key_any_chapter_gives_resolves_to_the_finding_that_gave_it(data):
    """Not only the cited ones, and for another article too: no key of a family is mistaken for another
    family or a single finding, read against that article's codebook."""
    t = load(data)
    for f in findings.REGISTRY.findings.values():
        for key in f.values(t):
            assert findings.REGISTRY.giver(key, t.descriptor) is f, key


def test_a_key_two_families_fit_goes_to_the_one_the_codebook_confirms():
    """n_status_not_stated fits n_status_<status> (a status the codebook allows) and n_<actor>_stated
    (an actor "status_not", which the codebook cannot check): the checked form wins."""
    status, actor = findings.REGISTRY.findings["n_status_<status>"], findings.REGISTRY.findings["n_<actor>_stated"]
    assert status.matches("n_status_not_stated") and actor.matches("n_status_not_stated")
    assert findings.REGISTRY.giver("n_status_not_stated") is status
    assert findings.REGISTRY.giver("n_ukraine_stated") is actor
    assert findings.REGISTRY.giver("n_direct").key == "n_<kind>"
    assert findings.REGISTRY.giver("n_analysis").key == "n_<voice>"
    assert findings.REGISTRY.giver("n_quotes_by_trump").key == "n_quotes_by_<speaker>"
    with pytest.raises(findings.UnknownFinding):
        findings.definition("n_putin_unicorn")  # of n_putin_<kind>'s form, but no kind the codebook allows


def test_a_definition_is_the_docstring_in_one_paragraph():
    assert findings.definition("n_unattributed") == "Quoted spans whose speaker is not stated."
    assert "\n" not in findings.definition("n_russian_substantive_words")


def test_an_unknown_key_raises_a_clear_error():
    with pytest.raises(LookupError) as caught:
        findings.definition("n_unicorns")
    message = str(caught.value)
    assert message.startswith("No finding is called 'n_unicorns': no function of callreport.report.findings")
    assert "first_paragraph_<speaker>" in message and "agree_<table>_<field>" in message
    assert isinstance(caught.value, findings.UnknownFinding)


def test_a_misspelt_key_is_told_the_nearest_names():
    with pytest.raises(findings.UnknownFinding, match=r"Did you mean n_russian_substantive_words or"):
        findings.definition("n_russian_substantive_word")


def test_the_chapters_keep_their_names():
    """chapter.setup names the chapter's function in its errors; the notebooks call CHAPTERS[name]."""
    assert {name: f.__name__ for name, f in findings.CHAPTERS.items()} == {
        "index": "index",
        "article": "article",
        "voices": "voices",
        "demands": "demands",
        "framing": "framing",
        "timeline": "timeline",
        "coverage": "coverage",
        "methodology": "methodology",
    }


def test_the_front_page_gives_the_union_of_the_chapters_it_draws_on(tables):
    index = findings.index(tables)
    union = {}
    for name in ("voices", "demands", "framing", "timeline", "coverage"):
        union |= findings.CHAPTERS[name](tables)
    assert sorted(index) == sorted(union)
    assert all(repr(index[key]) == repr(union[key]) for key in union)


def test_a_finding_is_registered_only_for_chapters_that_exist():
    chapters = set(findings.CHAPTERS) - {"index"}
    for f in findings.REGISTRY.findings.values():
        assert set(f.chapters) <= chapters, f.function.__name__


# -- The registry's rules, on a registry of this test's own ------------------------------------

NO_TABLES = SimpleNamespace(descriptor=None)  # the findings below read no table; no codebook checks a form


def test_a_single_name_wins_over_a_family_of_the_same_form():
    registry = findings.Registry()

    @registry.finding("voices")
    def n_x_total(t):
        """Every x."""
        return 3

    @registry.family("voices", key="n_x_<kind>")
    def n_x_kind(t):
        """The x of each kind."""
        yield from (("n_x_a", 1), ("n_x_b", 2))

    assert registry.chapter("voices", NO_TABLES) == {"n_x_total": 3, "n_x_a": 1, "n_x_b": 2}
    assert registry.definition("n_x_total") == "Every x."
    assert registry.definition("n_x_a") == "The x of each kind."
    with pytest.raises(findings.UnknownFinding):
        registry.definition("n_y")


def test_a_finding_without_a_docstring_is_refused():
    registry = findings.Registry()
    with pytest.raises(ValueError, match=r"findings\.n_silent has no docstring saying what it counts"):

        @registry.finding("voices")
        def n_silent(t):
            return 0


def test_a_key_defined_twice_is_refused():
    registry = findings.Registry()

    def n_twice(t):
        """Once."""
        return 1

    registry.finding("voices")(n_twice)
    with pytest.raises(ValueError, match="n_twice is defined twice"):
        registry.finding("demands")(n_twice)


def test_a_family_must_name_its_varying_part():
    with pytest.raises(ValueError, match="angle brackets"):
        findings.Registry().family("voices", key="first_paragraph")


def test_a_family_yielding_a_key_of_another_form_is_refused():
    registry = findings.Registry()

    @registry.family("voices", key="paragraph_<quote>")
    def paragraphs(t):
        """Each quote's paragraph."""
        yield "paragraph_q_01", 1
        yield "first_paragraph_trump", 2

    with pytest.raises(ValueError, match=r"findings.paragraphs gives 'first_paragraph_trump', not one new key of"):
        registry.chapter("voices", NO_TABLES)


def test_two_findings_giving_one_key_in_a_chapter_are_refused():
    registry = findings.Registry()

    @registry.finding("voices")
    def n_putin_offer(t):
        """Putin's offers."""
        return 1

    @registry.family("voices", key="n_putin_<kind>")
    def n_putin_kind(t):
        """Putin's items of each kind."""
        yield "n_putin_offer", 2

    with pytest.raises(ValueError, match="n_putin_offer is given by both n_putin_offer and n_putin_kind"):
        registry.chapter("voices", NO_TABLES)


def test_a_chapter_gives_only_the_findings_registered_for_it():
    def n_here(t):
        """Here."""
        return 1

    def n_elsewhere(t):
        """Elsewhere."""
        return 2

    registry = findings.Registry()
    registry.finding("voices")(n_here)
    registry.finding("methodology")(n_elsewhere)
    assert registry.chapter("voices", NO_TABLES) == {"n_here": 1}
    assert registry.chapter("index", NO_TABLES) == {"n_here": 1}  # the front page draws on voices, not methodology
