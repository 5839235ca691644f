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

            err = StageError(detail=f"{exc.__class__.__name__}: {exc}"[:300])
            raise InputError(err.one_line(), err.exit_code) from exc

    return wrapper


def _first_input(kwargs: dict[str, Any]) -> str:
    for name in ("input_path", "pdf", "out"):
        if kwargs.get(name):
            return str(kwargs[name])
    return "isecg-extract"
