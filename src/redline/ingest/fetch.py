"""Fetch a web page for `redline ingest --url`; only when the user asks, never by default."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

from redline.config import MAX_INPUT_BYTES
from redline.errors import FetchFailed
from redline.ingest.sources import Source, too_large

USER_AGENT = "redline/0.1 (+https://example.invalid/redline)"


def _read_until(response, max_bytes: int, deadline: float) -> bytes:
    """At most `max_bytes` + 1 bytes, read in pieces; a server that drips them slower than the deadline fails."""
    chunks, size = [], 0
    while size <= max_bytes:
        if time.monotonic() > deadline:
            raise TimeoutError("the page took too long to arrive")
        chunk = response.read1(min(65536, max_bytes + 1 - size))  # what has arrived, not a full buffer
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def fetch(url: str, *, timeout: float = 20.0, max_bytes: int = MAX_INPUT_BYTES, total: float = 120.0) -> Source:
    """Download one URL into a Source, or a Source carrying the one-line reason it failed; each read waits at
    most `timeout` seconds and the whole page at most `total`."""
    src = Source(location=url, name=url.rstrip("/").rsplit("/", 1)[-1] or url)
    if not url.startswith(("http://", "https://")):
        src.error = FetchFailed("only http:// and https:// URLs can be fetched", source=url)
        return src
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked)
            data = _read_until(response, max_bytes, time.monotonic() + total)
    except urllib.error.HTTPError as exc:
        src.error = FetchFailed(f"HTTP {exc.code} {exc.reason}", source=url)
        return src
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        src.error = FetchFailed(f"cannot fetch ({reason})", source=url)
        return src
    if len(data) > max_bytes:
        src.error = too_large(len(data), max_bytes, url)
        return src
    src.data = data
    return src
