"""Typed errors: each input problem has its own class, message and CLI exit status.

The CLI prints ``isecg-extract: <file>: <reason>`` on one line and exits with ``exit_code``, so a
script can tell an encrypted PDF from a scanned one without parsing text.
"""

from __future__ import annotations

from isecg_extract.names import printable_name


class ExtractError(Exception):
    """Base class of every error the library raises on purpose."""

    exit_code = 1
    reason = "extraction failed"

    def __init__(self, path: str = "", detail: str = "", stage: str = "") -> None:
        self.path = printable_name(str(path))  # shown and stored: never a lone surrogate
        self.detail = detail
        self.stage = stage
        super().__init__(self.one_line())

    def __reduce__(self) -> tuple[type, tuple[str, str, str]]:
        # Pickled as its fields, not its message, so it crosses process boundaries intact.
        return (self.__class__, (self.path, self.detail, self.stage))

    def one_line(self) -> str:
        text = self.reason + (f": {self.detail}" if self.detail else "")
        text = " ".join(text.split())
        return f"{self.path}: {text}" if self.path else text


class InputNotFound(ExtractError):
    """The input path does not exist or is not a file."""

    exit_code = 3
    reason = "no such file"


class EmptyInput(ExtractError):
    """The input has no bytes or no text at all."""

    exit_code = 4
    reason = "empty file"


class NotAReport(ExtractError):
    """The input is neither a PDF nor decodable text (e.g. an image or HTML saved as .pdf)."""

    exit_code = 5
    reason = "not a PDF or text file"


class NotAPdf(NotAReport):
    """A command that draws PDF pages (``inspect``) was given a text report."""

    reason = "inspect needs a PDF; this is a text file"


class BadArgument(ExtractError):
    """An option's value does not fit the input (a page the PDF does not have): a usage error."""

    exit_code = 2
    reason = "bad argument"


class MalformedPdf(ExtractError):
    """The PDF is truncated or malformed beyond what the parser can repair."""

    exit_code = 6
    reason = "malformed or truncated PDF"


class EncryptedPdf(ExtractError):
    """The PDF is encrypted and no (correct) password was given."""

    exit_code = 7
    reason = "encrypted PDF; give the password with --password"


class NoPages(ExtractError):
    """The PDF parses but has no pages."""

    exit_code = 8
    reason = "PDF has no pages"


class NoTextLayer(ExtractError):
    """The PDF has pages but no extractable text: a scan that needs OCR first."""

    exit_code = 9
    reason = "PDF has no text layer (scanned?); run OCR first, e.g. `ocrmypdf in.pdf out.pdf`"


class TooLarge(ExtractError):
    """The input exceeds --max-bytes or --max-pages."""

    exit_code = 10
    reason = "input over the size bound"


class UndecodableText(ExtractError):
    """A text input is in no encoding we can decode."""

    exit_code = 11
    reason = "text is not decodable as UTF-8, UTF-16 or Latin-1"


class ExtractTimeout(ExtractError):
    """The document took longer than --timeout."""

    exit_code = 12
    reason = "timed out"


class ConfigError(ExtractError):
    """A file under pipeline/ is missing or invalid."""

    exit_code = 13
    reason = "invalid pipeline configuration"


class OverMemory(ExtractError):
    """The document needs more memory than --max-memory (a decompression bomb, a huge text)."""

    exit_code = 19
    reason = "over the memory limit (--max-memory)"


class OutputUnwritable(ExtractError):
    """The output folder cannot be written (permissions, a full disk); the input is not at fault."""

    exit_code = 20
    reason = "output folder not writable"


class OutputNotAFile(OutputUnwritable):
    """The output path is a folder, a socket or a block device: nothing is written there."""

    reason = "cannot write the output there"


NOT_THE_DOCUMENTS_FAULT = frozenset({12, 14, 19, 20})
"""Exit statuses that say nothing final about the input (time, memory, a bug, the output
folder): a batch never caches them as the document's verdict."""


def memory_error(path: str, where: str = "") -> OverMemory:
    """``MemoryError`` under the memory limit, as the error the user sees."""
    return OverMemory(path, f"ran out of memory{' in ' + where if where else ''}")


class StageError(ExtractError):
    """An unexpected failure inside a stage, wrapped with the stage's name."""

    exit_code = 14
    reason = "internal error"

    def one_line(self) -> str:
        where = f" in stage {self.stage}" if self.stage else ""
        text = f"{self.reason}{where}: {self.detail}"
        return f"{self.path}: {text}" if self.path else text
