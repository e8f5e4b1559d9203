"""A plain Jupyter Book 1 with the same pages as the report, as markdown: the benchmark's baseline.

Each page keeps the report's own markdown text (its prose, without code or outputs), so the
baseline differs only in being plain: default configuration, no notebooks, no charts.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import yaml

from callreport.dataset import paths

CONFIG = {"title": "Baseline", "author": "Baseline", "execute": {"execute_notebooks": "off"}}


def write(target: Path) -> Path:
    """Write the baseline book into target and return it."""
    if target.exists():
        shutil.rmtree(target)
    (target / "chapters").mkdir(parents=True)
    for source in sorted(paths.CHAPTERS.iterdir()):
        if source.suffix == ".ipynb":
            cells = nbformat.read(source, as_version=4).cells
            text = "\n\n".join(c.source for c in cells if c.cell_type == "markdown")
        elif source.suffix == ".md":
            text = source.read_text(encoding="utf-8")
        else:
            continue
        text = re.sub(r"\{eval\}`([^`]+)`", r"`\1`", text)  # glue needs a notebook; keep the key as text
        text = re.sub(r"```\{bibliography\}.*?```", "", text, flags=re.S)
        (target / "chapters" / f"{source.stem}.md").write_text(text, encoding="utf-8")
    (target / "_config.yml").write_text(yaml.safe_dump(CONFIG), encoding="utf-8")
    shutil.copy(paths.TOC, target / "_toc.yml")
    return target
