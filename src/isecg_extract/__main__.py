"""``python -m isecg_extract``: the same command line as ``isecg-extract``."""

from isecg_extract.cli import run

run()
