"""One catalogue of the errors redline reports to users, each with a code."""

from __future__ import annotations


class RedlineError(Exception):
    """Base class: a problem the user can act on, shown as one line."""

    code = "E000"

    def __init__(self, message: str, *, source: str | None = None):
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"{where}{self.message} [{self.code}]"


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


class StoreError(RedlineError):
    code = "E200"


class NotFound(RedlineError):
    code = "E201"


class ModelInputError(RedlineError):
    """A model input that cannot be read or a what-if that names nothing known."""

    code = "E400"


class ClusterError(RedlineError):
    """A Dask cluster that cannot be reached or used."""

    code = "E500"



class SignalError(RedlineError):
    """A watch list (signals YAML) that cannot be read, or a rule in it that is incomplete."""

    code = "E600"


class DeliveryError(RedlineError):
    """An alert that could not be appended to its file or posted to its webhook."""

    code = "E610"
