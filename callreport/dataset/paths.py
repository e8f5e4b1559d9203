"""Every path the project uses, anchored on the repository root.

Jupyter Book runs each notebook from its own folder, so relative paths such as
``../data`` break; notebooks, tests and scripts import these constants instead.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
CHAPTERS = ROOT / "chapters"
BUILD = ROOT / "_build"
HTML = BUILD / "html"
DATAPACKAGE = DATA / "datapackage.json"
ARTICLE = DATA / "article.txt"
CONFIG = ROOT / "_config.yml"
TOC = ROOT / "_toc.yml"
