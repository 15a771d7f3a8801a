"""A watch pass: ingest what is new in each source through the ingest queue, extract it, evaluate the
signals on what changed, store the alerts and deliver them. `watch` repeats passes every so often.

Each step is its own transaction, as in `ingest`: a pass killed at any point is finished by the next one
(files pending in the queue, documents not extracted, documents the signals have not seen, alerts not
delivered), and nothing is done twice.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from redline.errors import DeliveryError, RedlineError
from redline.session import pack_for
from redline.store import Store, work
from redline.store import alerts as aq
from redline.watch import deliver
from redline.watch.evaluate import evaluate
from redline.watch.signals import Signal, load_signals

Progress = Callable[[str], None]
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> float:
    """Seconds in a duration such as 90s, 15m, 2h or 1d (a bare number is minutes)."""
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text or "")
    if not found or float(found.group(1)) <= 0:
        raise ValueError(f"--every takes a duration such as 30s, 15m, 2h or 1d, not {text!r}")
    return float(found.group(1)) * UNITS[found.group(2) or "m"]


@dataclass
class PassReport:
    """What one pass did."""

    number: int = 1
    started_at: str = ""
    sources: int = 0
    files: int = 0
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    extracted: int = 0
    changed: int = 0
    alerts: int = 0
    seconds: float = 0.0
    signals_seconds: float = 0.0  # of which evaluating the signals
    errors: list[str] = field(default_factory=list)
    fired: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"pass": self.number, "started_at": self.started_at, "sources": self.sources, "files": self.files,
                "new": self.new, "duplicate": self.duplicate, "failed": self.failed, "extracted": self.extracted,
                "changed": self.changed, "alerts": self.alerts, "seconds": round(self.seconds, 3),
                "signals_seconds": round(self.signals_seconds, 3),
                "errors": self.errors, "fired": [deliver.public(a) for a in self.fired]}

    def line(self) -> str:
        return (f"pass {self.number} at {self.started_at}: {self.sources} sources, {self.new} new, "
                f"{self.duplicate} known, {self.failed} failed, {self.extracted} extracted, {self.changed} changed, "
                f"{self.alerts} alerts ({self.seconds:.1f} s)")


def ingest_sources(store: Store, sources: Iterable[str], report: PassReport, *, scenario: str | None,
                   on_error: Progress | None) -> None:
    """Ingest each source on its own, so that one that fails is one line and the others go on."""
    from redline import api

    def failed(message: str) -> None:
        report.errors.append(message)
        if on_error:
            on_error(message)

    for k, source in enumerate(sources):
        report.sources += 1
        is_url = "://" in source
        try:
            result = api.ingest([] if is_url else [source], urls=[source] if is_url else [], db=store,
                                extract=False, scenario=scenario, resume=k == 0, on_error=failed)
        except RedlineError as exc:
            failed(str(exc))
            report.failed += 1
            continue
        report.files += result.files
        report.new += result.new
        report.duplicate += result.duplicate
        report.failed += result.failed


def fire(store: Store, scenario, signals: list[Signal]) -> tuple[int, list[str]]:
    """Evaluate the signals on the documents changed since they last looked, in one transaction with the
    alerts they fire and the marks of what they have seen; a rule new to the store looks at everything."""
    def run(conn) -> tuple[int, list[str]]:
        when = work.stamp()
        changed = aq.changed_documents(conn)
        known = aq.known_rules(conn)
        fresh = [s for s in signals if (s.name, s.fingerprint) not in known]
        old = [s for s in signals if (s.name, s.fingerprint) in known]
        found = evaluate(conn, scenario, old, changed)
        if fresh:
            found += evaluate(conn, scenario, fresh, aq.all_documents(conn))
        for row in found:
            row["fired_at"] = when
        stored = aq.insert_alerts(conn, found)
        aq.mark_seen(conn, changed, when)
        aq.remember_rules(conn, [(s.name, s.fingerprint) for s in fresh], when)
        return len(changed), stored

    return work.retrying(store, run)


def deliver_pending(store: Store, *, jsonl: str | Path | None = None, webhook: str | None = None,
                    on_alert: Callable[[dict], None] | None = None, on_error: Progress | None = None) -> list[dict]:
    """Print, append and post every alert not yet delivered; one that fails waits for the next pass."""
    with store.engine.connect() as conn:
        pending = aq.undelivered(conn)
    path = Path(jsonl) if jsonl else None
    known = deliver.keys_in(path) if path else set()
    done: list[dict] = []

    def mark(alerts: list[dict]) -> None:
        keys = [a["key"] for a in alerts]
        work.retrying(store, lambda conn: aq.mark_delivered(conn, keys, work.stamp()))

    for alert in pending:
        try:
            if path:
                deliver.append_jsonl(path, alert, known)
            if webhook:
                deliver.post(webhook, alert)
        except DeliveryError as exc:
            if on_error:
                on_error(str(exc))
            break  # keep the order: the rest waits too
        if on_alert:
            on_alert(alert)
        if webhook:  # marked sent at once: a killed watch posts again at most this one
            mark([alert])
        done.append(alert)
    if done and not webhook:  # the file is read before appending, so a kill before this mark doubles nothing
        mark(done)
    return done


def watch_pass(sources: Iterable[str], store: Store, *, scenario: str | None = None,
               signals_file: str | Path | None = None, signals: list[Signal] | None = None,
               jsonl: str | Path | None = None, webhook: str | None = None, workers: int = 1, number: int = 1,
               on_alert: Callable[[dict], None] | None = None, on_error: Progress | None = None) -> PassReport:
    """One pass: ingest, extract, evaluate, deliver."""
    from redline import api

    began = time.perf_counter()
    pack = pack_for(store, scenario)  # the store's pack unless another is named
    rules = signals if signals is not None else load_signals(signals_file, pack)
    report = PassReport(number=number, started_at=work.stamp())
    ingest_sources(store, list(sources), report, scenario=scenario, on_error=on_error)

    def failed(message: str) -> None:
        report.errors.append(message)
        if on_error:
            on_error(message)

    report.extracted = api.run_extraction(store, scenario=scenario, workers=workers, on_error=failed)
    evaluating = time.perf_counter()
    report.changed, _stored = fire(store, pack, rules)
    report.signals_seconds = time.perf_counter() - evaluating
    report.fired = deliver_pending(store, jsonl=jsonl, webhook=webhook, on_alert=on_alert,
                                   on_error=failed)
    report.alerts = len(report.fired)
    report.seconds = time.perf_counter() - began
    return report


def watch(sources: list[str], store: Store, *, every: float | None = None, passes: int = 0,
          on_pass: Callable[[PassReport], None] | None = None, sleep: Callable[[float], None] = time.sleep,
          **options) -> list[PassReport]:
    """Passes every `every` seconds (one pass when None), `passes` of them at most (0: until stopped)."""
    pack = pack_for(store, options.get("scenario"))
    options.setdefault("signals", load_signals(options.pop("signals_file", None), pack))  # a bad file fails first
    reports = []
    number = 0
    while True:
        number += 1
        began = time.monotonic()
        report = watch_pass(sources, store, number=number, **options)
        reports.append(report)
        if on_pass:
            on_pass(report)
        if every is None or (passes and number >= passes):
            return reports
        sleep(max(0.0, every - (time.monotonic() - began)))
