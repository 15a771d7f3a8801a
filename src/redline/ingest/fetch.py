"""Fetch a web page for `redline ingest --url`; only when the user asks, never by default."""

from __future__ import annotations

import urllib.error
import urllib.request

from redline.config import MAX_INPUT_BYTES
from redline.errors import FetchFailed, TooLarge
from redline.ingest.sources import Source

USER_AGENT = "redline/0.1 (+https://example.invalid/redline)"


def fetch(url: str, *, timeout: float = 20.0, max_bytes: int = MAX_INPUT_BYTES) -> Source:
    """Download one URL into a Source, or a Source carrying the one-line reason it failed."""
    src = Source(location=url, name=url.rstrip("/").rsplit("/", 1)[-1] or url)
    if not url.startswith(("http://", "https://")):
        src.error = FetchFailed("only http:// and https:// URLs can be fetched", source=url)
        return src
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked)
            data = response.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        src.error = FetchFailed(f"HTTP {exc.code} {exc.reason}", source=url)
        return src
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        src.error = FetchFailed(f"cannot fetch ({reason})", source=url)
        return src
    if len(data) > max_bytes:
        src.error = TooLarge(f"page is over the {max_bytes / 1e6:.0f} MB limit", source=url)
        return src
    src.data = data
    return src
