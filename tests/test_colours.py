"""The book's colour language (callreport.report.theme) holds for readers with a colour-vision deficiency.

Colours are compared in CAM02-UCS, where a distance (delta E) of about 10 or more reads as two
clearly different colours; each deficiency is simulated at full severity with colorspacious
(Machado et al. 2009). Colours drawn in the same chart must stay apart under every simulation;
colours of different meanings, which never share a chart, must stay apart for normal vision.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from callreport.report import theme

try:
    from colorspacious import cspace_convert
except ImportError:  # a missing dependency fails, never skips
    pytest.fail("colorspacious is missing: `make book` installs requirements.lock into .venv", pytrace=False)

DEFICIENCIES = ("deuteranomaly", "protanomaly", "tritanomaly")
APART = 10.0


def ucs(colour: str, deficiency: str | None) -> np.ndarray:
    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    if deficiency:
        simulated = cspace_convert(rgb, {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}, "sRGB1")
        rgb = np.clip(simulated, 0, 1)
    return cspace_convert(rgb, "sRGB1", "CAM02-UCS")


def closest(colours: list[str], deficiency: str | None) -> tuple[float, str, str]:
    return min(
        (float(np.linalg.norm(ucs(a, deficiency) - ucs(b, deficiency))), a, b)
        for a, b in itertools.combinations(colours, 2)
    )


def together(meanings: tuple[str, ...]) -> list[str]:
    return [c for m in meanings for c in theme.MEANINGS[m].values() if c != theme.EMPTY]


@pytest.mark.parametrize("deficiency", [None, *DEFICIENCIES])
@pytest.mark.parametrize("meanings", theme.DRAWN_TOGETHER, ids=" + ".join)
def test_colours_of_one_chart_stay_apart(meanings, deficiency):
    distance, a, b = closest(together(meanings), deficiency)
    assert distance >= APART, f"{a} and {b} are {distance:.1f} apart under {deficiency or 'normal vision'}"


def test_no_hue_serves_two_meanings():
    hues = together(tuple(theme.MEANINGS))
    assert len(hues) == len(set(hues))
    distance, a, b = closest(hues, None)
    assert distance >= APART, f"{a} and {b}, of different meanings, are only {distance:.1f} apart"


def test_a_simulation_can_fail():
    """The check is not vacuous: red and green, told apart by normal vision, merge under deuteranopia."""
    assert closest(["#d62728", "#2ca02c"], None)[0] >= APART
    assert closest(["#d62728", "#2ca02c"], "deuteranomaly")[0] < APART
