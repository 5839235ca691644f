"""How every command reports an error: one line, ``isecg-extract: <file or URL>: <reason>``.

Kept apart from the main CLI module so that the command modules registered by it (batch,
diff, timeline, load) can use it at import time without importing the main CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import click


class InputError(click.ClickException):
    """A library error shown as ``isecg-extract: <file>: <reason>`` with its exit status."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        click.echo(f"isecg-extract: {self.format_message()}", err=True)


def library_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Every command's errors as one line, ``isecg-extract: <file or URL>: <reason>``, with the
    exit status of the README's table; an unexpected exception is status 14, never a traceback.
    """

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from isecg_extract.errors import ExtractError
        from isecg_extract.lifetime import Stop, stop_signals_raise
        from isecg_extract.load.errors import LoadError

        try:
            with stop_signals_raise():  # SIGTERM cleans up as Ctrl-C does
                return func(*args, **kwargs)
        except Stop as exc:
            message = f"{_first_input(kwargs)}: interrupted ({exc.name})"
            raise InputError(message, exc.exit_code) from None
        except ExtractError as exc:
            raise InputError(exc.one_line(), exc.exit_code) from exc
        except LoadError as exc:
            raise InputError(str(exc), exc.exit_code) from exc
        except KeyboardInterrupt:  # Ctrl-C: one line and 130, as batch says it
            raise InputError(f"{_first_input(kwargs)}: interrupted", 130) from None
        except (click.ClickException, click.Abort):
            raise
        except Exception as exc:  # a bug must still be one line, never a traceback
            from isecg_extract.errors import StageError

            detail = f"{exc.__class__.__name__}: {exc}"[:300]
            err = StageError(_named_inputs(kwargs), detail)
            raise InputError(err.one_line(), err.exit_code) from exc

    return wrapper


_INPUTS = (("input_path",), ("pdf",), ("old", "new"), ("out",))
"""The arguments that name what a command works on, in the order to look for them: the first
group a command has is what its messages name (``load``'s ``out`` is several folders)."""

SHOWN = 3
"""How many of a command's inputs a message names before "and N more"."""


def _named_inputs(kwargs: dict[str, Any]) -> str:
    """What the command was given, as a user wrote it: ``out/a, out/b``, not the repr of a
    tuple of paths (``(PosixPath('out/a'), ...)``); empty when it was given nothing."""
    for group in _INPUTS:
        paths: list[str] = []
        for name in group:
            value = kwargs.get(name)
            values = value if isinstance(value, (tuple, list)) else [value]
            paths += [str(v) for v in values if v is not None and str(v) != ""]
        if paths:
            more = len(paths) - SHOWN
            shown = ", ".join(paths[:SHOWN])
            return shown + (f" and {more} more" if more > 0 else "")
    return ""


def _first_input(kwargs: dict[str, Any]) -> str:
    return _named_inputs(kwargs) or "isecg-extract"
