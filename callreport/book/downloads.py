"""The data as readers download it: every file of the data package, each table as JSON,
and the whole package as one zip, written into the built book under data/.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

from callreport.dataset import paths
from callreport.dataset.codebook import read_descriptor, table_resources, zip_name

ZIP_DATE = (2026, 1, 1, 0, 0, 0)  # fixed, so the zip is byte-identical on every build


def package_files(data_dir: Path = paths.DATA) -> list[str]:
    """Every file the data package describes, descriptor first, as paths relative to data/."""
    descriptor = read_descriptor(data_dir / "datapackage.json")
    return ["datapackage.json"] + [resource["path"] for resource in descriptor["resources"]]


def table_json(path: Path) -> str:
    """A CSV table as a JSON array of records, every cell a string exactly as in the CSV."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    return json.dumps(rows, indent=1, ensure_ascii=False) + "\n"


def write(outdir: Path, data_dir: Path = paths.DATA) -> list[Path]:
    """Write data/<files>, data/<table>.json and the zip under outdir; return what was written."""
    descriptor = read_descriptor(data_dir / "datapackage.json")
    target = outdir / "data"
    written = []
    for relative in package_files(data_dir):
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes((data_dir / relative).read_bytes())
        written.append(destination)
    for resource in table_resources(descriptor):
        destination = (target / resource["path"]).with_suffix(".json")
        destination.write_text(table_json(data_dir / resource["path"]), encoding="utf-8")
        written.append(destination)
    archive = target / zip_name(descriptor)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        for relative in package_files(data_dir):
            info = zipfile.ZipInfo(f"{descriptor['name']}/{relative}", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            handle.writestr(info, (data_dir / relative).read_bytes())
    written.append(archive)
    return written
