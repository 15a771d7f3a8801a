"""One catalogue of the errors redline reports to users, each with a code."""

from __future__ import annotations

import re

# C0 and C1 control characters (newlines, ESC of terminal escape codes, DEL) and Unicode line separators
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def terminal_safe(text: object) -> str:
    """One printable line: every control character (a newline, a terminal escape code's ESC) shown as an
    escape such as \\n or \\x1b, so that a file name cannot forge or recolour a line."""
    return CONTROL.sub(lambda m: repr(m.group(0))[1:-1] if m.group(0) in "\n\r\t" else f"\\x{ord(m.group(0)):02x}"
                       if ord(m.group(0)) < 256 else f"\\u{ord(m.group(0)):04x}", str(text))


class RedlineError(Exception):
    """Base class: a problem the user can act on, shown as one line."""

    code = "E000"

    def __init__(self, message: str, *, source: str | None = None):
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return terminal_safe(f"{where}{self.message} [{self.code}]")


class InputError(RedlineError):
    """A file or page that cannot be read as an article."""

    code = "E100"


class EmptyInput(InputError):
    code = "E101"


class BinaryInput(InputError):
    code = "E102"


class TooLarge(InputError):
    code = "E103"


class Unreadable(InputError):
    code = "E104"


class BadJSON(InputError):
    code = "E105"


class BadHTML(InputError):
    code = "E106"


class BadEncoding(InputError):
    code = "E107"


class NoArticle(InputError):
    code = "E108"


class BadFeed(InputError):
    code = "E109"


class FetchFailed(InputError):
    code = "E110"


class NotRegular(InputError):
    """A FIFO, socket or device in an input folder: never opened, so it cannot block or never end."""

    code = "E111"


class StoreError(RedlineError):
    code = "E200"


class NotFound(RedlineError):
    code = "E201"


class ExtractionFailed(RedlineError):
    """A document the extractors could not read (kept on the document, shown by `redline status`)."""

    code = "E902"


class ModelInputError(RedlineError):
    """A model input that cannot be read or a what-if that names nothing known."""

    code = "E400"


class ClusterError(RedlineError):
    """A Dask cluster that cannot be reached or used."""

    code = "E500"

