"""The guard that keeps executed outputs from going stale when data or code change."""

from __future__ import annotations

import shutil

import pytest

from callreport.book import execute
from callreport.dataset import paths


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the inputs and an empty build folder, with the module pointed at them."""
    for name in execute.INPUTS:
        source = paths.ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    build = tmp_path / "_build"
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    monkeypatch.setattr(paths, "BUILD", build)
    monkeypatch.setattr(execute, "CACHE", build / ".jupyter_cache")
    monkeypatch.setattr(execute, "FINGERPRINT", build / ".inputs.sha256")
    monkeypatch.setattr(execute, "EXECUTED", build / ".executed.json")
    return tmp_path


def outputs(project):
    for folder in (".jupyter_cache", ".doctrees", "jupyter_execute"):
        (project / "_build" / folder).mkdir(parents=True, exist_ok=True)
        (project / "_build" / folder / "kept").write_text("an executed output")
    (project / "_build" / ".executed.json").write_text("{}")


def test_unchanged_inputs_keep_the_outputs(project):
    assert execute.drop_stale_outputs() is True  # the first build has no fingerprint yet
    outputs(project)
    assert execute.drop_stale_outputs() is False
    assert (project / "_build" / ".jupyter_cache" / "kept").exists()


@pytest.mark.parametrize("changed", ["data/quotes.csv", "callreport/derive.py", "_config.yml", "requirements.txt"])
def test_a_changed_input_drops_outputs_and_parsed_pages(project, changed):
    execute.drop_stale_outputs()
    outputs(project)
    with (project / changed).open("a", encoding="utf-8") as handle:
        handle.write("\n")
    assert execute.drop_stale_outputs() is True
    for folder in (".jupyter_cache", ".doctrees", "jupyter_execute"):
        assert not (project / "_build" / folder).exists(), folder
    assert not (project / "_build" / ".executed.json").exists()


def test_styles_and_scripts_are_not_inputs(project):
    execute.drop_stale_outputs()
    outputs(project)
    with (project / "callreport" / "book" / "static" / "report.css").open("a") as handle:
        handle.write("\n")
    assert execute.drop_stale_outputs() is False
