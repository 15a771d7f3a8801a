"""Deliver alerts: append them to a JSON Lines file and POST them to a webhook.

Alerts wait in the store until delivered (an outbox): a watch killed after storing an alert delivers it on
its next pass. The JSON Lines file is read before appending, so an alert is never in it twice; a webhook
gets each alert once, unless the process dies between the POST and marking it sent.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

from redline.errors import DeliveryError
from redline.ingest.fetch import USER_AGENT

TIMEOUT = 10.0


def public(alert: dict) -> dict:
    """An alert as it is printed, appended and posted."""
    return {"key": alert["key"], "rule": alert["rule"], "kind": alert["kind"], "fired_at": alert["fired_at"],
            "day": alert.get("day"), "summary": alert["summary"], "evidence": alert["evidence"],
            "data": alert["data"]}


def keys_in(path: Path) -> set[str]:
    """Keys of the alerts a JSON Lines file already holds (a torn last line from a kill is ignored)."""
    if not path.exists():
        return set()
    keys = set()
    with path.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            try:
                keys.add(json.loads(line)["key"])
            except (ValueError, KeyError, TypeError):
                continue
    return keys


def append_jsonl(path: Path, alert: dict, known: set[str]) -> None:
    if alert["key"] in known:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(public(alert), ensure_ascii=False) + "\n")
            out.flush()
    except OSError as exc:
        raise DeliveryError(f"cannot append an alert ({exc.strerror or exc})", source=str(path)) from None
    known.add(alert["key"])


def post(url: str, alert: dict) -> None:
    """POST one alert as JSON; anything but a 2xx answer is an error."""
    if not url.startswith(("http://", "https://")):
        raise DeliveryError("a webhook is an http:// or https:// URL", source=url)
    body = json.dumps(public(alert), ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json", "User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (scheme checked)
            response.read(1024)
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"webhook answered HTTP {exc.code} {exc.reason}", source=url) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise DeliveryError(f"webhook unreachable ({getattr(exc, 'reason', exc)})", source=url) from None
