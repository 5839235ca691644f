"""Reading the configuration folder under limits, as a document is read.

A ``--config-dir`` is user input too: a registry replaced by a FIFO hung every command, one
linked to ``/dev/zero`` grew until the system stopped it, and a 3 GB file left in the folder
was read whole to hash the pipeline's version.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from isecg_extract.errors import ConfigError

CONFIG_MAX_BYTES = 64 * 2**20
"""The most a file of the configuration folder may hold. The largest registry of the project
is a few kB; a million-row one would still fit. A bigger file (a sparse 3 GB file left in
``--config-dir``) is refused before it is read or hashed, not read into memory."""


def check_config_file(path: Path) -> int:
    """The guard every configuration file passes before it is read or hashed: a regular file
    (a FIFO would hang, a link to ``/dev/zero`` never end) of at most CONFIG_MAX_BYTES; its
    size."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise ConfigError(str(path), exc.strerror or str(exc)) from None
    if not stat.S_ISREG(st.st_mode):
        raise ConfigError(str(path), "not a regular file (a FIFO, device, socket or folder)")
    if st.st_size > CONFIG_MAX_BYTES:
        raise ConfigError(
            str(path),
            f"{st.st_size} bytes; a configuration file may have {CONFIG_MAX_BYTES} at most",
        )
    return st.st_size


def read_config_text(path: Path, encoding: str = "utf-8") -> str:
    """A configuration file's text, read under ``check_config_file``'s limits; a file that is
    not in ``encoding`` is a configuration error naming it (status 13), not a traceback."""
    size = check_config_file(path)
    try:
        with path.open("rb") as f:
            # The size read, not the limit: read(n) allocates n bytes up front, which under a
            # tight --max-memory once starved the rest of the document's work.
            data = f.read(size + 1)
    except OSError as exc:
        raise ConfigError(str(path), exc.strerror or str(exc)) from None
    if len(data) > size:
        raise ConfigError(str(path), "it grew while it was being read")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ConfigError(
            str(path), f"not {encoding.upper()} text: {exc.reason} at byte {exc.start}"
        ) from None
