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


class StoreDamaged(StoreError):
    """The store file is not an SQLite database, or is damaged."""

    code = "E202"


class StoreReadOnly(StoreError):
    """The store, or the folder it is in, cannot be written."""

    code = "E203"


class DiskFull(StoreError):
    code = "E204"


class OutputError(RedlineError):
    """A file or folder a command writes (export, brief) cannot be written there."""

    code = "E210"


def from_os_error(exc: OSError, path: object, *, output: bool = True) -> RedlineError:
    """One line for a file-system error on PATH, by its errno."""
    import errno

    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        return DiskFull(f"no space left on the device ({reason})", source=str(path))
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        cls = OutputError if output else StoreReadOnly
        return cls(f"cannot write here ({reason})", source=str(path))
    if exc.errno == errno.EEXIST or exc.errno == errno.ENOTDIR:
        return OutputError("exists and is not a folder: give a new or an existing folder", source=str(path))
    if exc.errno == errno.EISDIR:
        return OutputError("is a folder where a file is to be written", source=str(path))
    return (OutputError if output else StoreError)(f"cannot write ({reason})", source=str(path))


class NotFound(RedlineError):
    code = "E201"


class ScenarioError(RedlineError):
    """A scenario pack that cannot be used: a missing folder or file, or a field `redline scenario check` rejects."""

    code = "E300"


class ModelMissing(RedlineError):
    """No English spaCy model installed."""

    code = "E301"


class PackMismatch(RedlineError):
    """An extraction asked for another pack than the store's without saying that it replaces it."""

    code = "E302"


class ExtractionFailed(RedlineError):
    """A document the extractors could not read (kept on the document, shown by `redline status`)."""

    code = "E902"


class ModelInputError(RedlineError):
    """A model input that cannot be read or a what-if that names nothing known."""

    code = "E400"


class ClusterError(RedlineError):
    """A Dask cluster that cannot be reached or used."""

    code = "E500"


class MissingExtra(RedlineError):
    """An optional extra (pandas, datasette) that a feature needs is not installed."""

    code = "E600"


class SignalError(RedlineError):
    """A watch list (signals YAML) that cannot be read, or a rule in it that is incomplete."""

    code = "E620"


class DeliveryError(RedlineError):
    """An alert that could not be appended to its file or posted to its webhook."""

    code = "E610"


class InternalError(RedlineError):
    """A bug met on one file: reported on that file in one line, the batch goes on."""

    code = "E900"


def internal_error(exc: BaseException, source: str | None = None) -> InternalError:
    reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
    return InternalError(f"internal error ({reason})", source=source)
