"""Options shared by every command that reads report files, and the options object they make.

Kept apart from the main CLI module so that the commands of ``batch``, ``compare`` and ``load``
can use them without importing the module that registers those commands.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

MAX_SIZE = 2**60
"""The largest size ``--max-memory`` takes (1 EiB, more than any machine has): the limit is
handed to the kernel as a 64-bit ``RLIMIT_DATA`` with the caller's own memory added, so a
larger one (``inf``, ``1e30G``) would overflow there, as an internal error, not a usage one."""


class MemorySize(click.ParamType):
    """A byte count, with an optional K, M or G suffix (powers of 1024)."""

    name = "size"

    def convert(self, value: Any, param: Any, ctx: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            size = value
        else:
            text = str(value).strip().upper().removesuffix("B")
            scale = {"K": 2**10, "M": 2**20, "G": 2**30}.get(text[-1:], 1)
            try:
                # "inf" and "1e400" parse as a float but overflow as an integer.
                size = int(float(text[:-1] if scale > 1 else text) * scale)
            except (ValueError, OverflowError):
                self.fail(f"{value!r} is not a size such as 1G, 512M or 1000000", param, ctx)
        if size <= 0:
            self.fail("must be positive", param, ctx)
        if size > MAX_SIZE:
            self.fail(f"{value!r} is more than {MAX_SIZE} bytes (1 EiB)", param, ctx)
        return size


def ingest_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that reads report files."""
    func = click.option("--password", default=None, help="Password of an encrypted PDF.")(func)
    func = click.option(
        "--timeout",
        type=click.FloatRange(min=0, min_open=True),
        default=None,
        help="Give up on a document after this many seconds.",
    )(func)
    func = click.option(
        "--max-pages",
        default=2000,
        show_default=True,
        type=click.IntRange(1),
        help="Refuse inputs with more pages.",
    )(func)
    func = click.option(
        "--max-bytes",
        default=200 * 1024 * 1024,
        show_default=True,
        type=click.IntRange(1),
        help="Refuse inputs larger than this many bytes.",
    )(func)
    func = click.option(
        "--max-memory",
        default="1G",
        show_default=True,
        type=MemorySize(),
        help="Memory the process extracting a document may use (bytes, or 512M, 2G).",
    )(func)
    func = click.option(
        "--engine",
        type=click.Choice(["pdfplumber", "pdfium"]),
        default="pdfplumber",
        show_default=True,
        help="PDF backend.",
    )(func)
    func = click.option(
        "--model",
        default=None,
        help="Installed spaCy model to use (default: blank English, no download).",
    )(func)
    func = click.option(
        "--config-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Use another pipeline/ folder (registries, patterns, settings).",
    )(func)
    return func


def make_options(
    config_dir,
    model,
    engine,
    max_bytes,
    max_pages,
    password,
    keep_intermediate=None,
    timeout=None,
    jobs=None,
    max_memory=None,
):
    from isecg_extract.ingest import IngestOptions
    from isecg_extract.pipeline import ExtractOptions

    return ExtractOptions(
        config_dir=str(config_dir) if config_dir else None,
        model=model,
        keep_intermediate=keep_intermediate,
        timeout=timeout,
        ingest=IngestOptions(
            max_bytes=max_bytes,
            max_pages=max_pages,
            password=password,
            engine=engine,
            jobs=jobs,
            max_memory=max_memory,
        ),
    )


def add_reading_options(command: click.Command) -> None:
    """Add the main CLI's reading options (--password, --max-pages, --engine, --model, ...)
    that the command does not define itself (batch has its own --timeout: a worker limit)."""

    def probe() -> None:
        pass

    ingest_options(probe)
    have = {p.name for p in command.params}
    for param in reversed(getattr(probe, "__click_params__", [])):
        if param.name not in have:
            command.params.append(param)
