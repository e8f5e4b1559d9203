"""The command line: ``python -m callreport validate [DATA_DIR]`` (``make validate``).

It only dispatches; the work is done in the wing that owns it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from callreport.dataset import load, paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m callreport")
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser(
        "validate", help="check every file of the data package; print 'ok' with counts, or the one error"
    )
    command.add_argument("data_dir", nargs="?", type=Path, default=paths.DATA, help="default: the repository's data/")
    args = parser.parse_args(argv)
    return load.main(args.data_dir)


if __name__ == "__main__":
    sys.exit(main())
