"""The watch pass over a large store: one pass with 20 signals against the same pass with none (the
ratio), the signals' share of it, and a pass when nothing is new (signals look at what changed only)."""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path

from bench.generate import generate
from bench.replicate import replicate
from redline import api
from redline.scenario import load_scenario
from redline.store import open_store
from redline.watch.poll import deliver_pending, fire, watch_pass
from redline.watch.signals import load_signals, parse_signals

ROOT = Path(__file__).resolve().parents[1]
MORE = """
signals:
  - {name: bench-attacks, kind: event, types: [ASSAULT, THREATEN]}
  - {name: bench-plan-words, kind: statement, words: [plan, proposal]}
  - {name: bench-army-size, kind: threshold, issue: military_cap, unit: people, above: 900000}
  - {name: bench-kyiv-quiet, kind: silence, party: Ukraine, issue: territory, days: 10}
"""


def _copy(source: str, target: str) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def on_one_day(folder: Path, day: str) -> None:
    """Date the generated documents to one day: what a pass finds is the news since the last one."""
    month = ("January February March April May June July August September October November December".split()
             [int(day[5:7]) - 1])
    for path in folder.iterdir():
        content = path.read_text(encoding="utf-8")
        content = re.sub(r"\b(?:October|November|December) \d{1,2}, 2025", f"{month} {int(day[8:])}, 2025", content)
        content = re.sub(r'"date_publish": "[^"]*"', f'"date_publish": "{day} 12:00:00"', content)
        path.write_text(content, encoding="utf-8")


def watch_speed(work: Path, n_docs: int = 10_000, n_new: int = 20) -> None:
    print(f"== watch pass over a store of {n_docs:,} documents, {n_new} new, 20 signals against none")
    base = str(work / "watch-base.db")
    report = api.ingest([ROOT / "examples" / "russia_ukraine", ROOT / "examples" / "russia_ukraine_watch"], db=base)
    assert report.ok, report.errors
    pack = load_scenario()
    rules = load_signals(None, pack) + parse_signals(MORE, "bench", pack)
    assert len(rules) == 20, len(rules)
    big = str(work / "watch-big.db")
    total = replicate(base, big, n_docs)
    store = open_store(big)
    t0 = time.perf_counter()
    _changed, stored = fire(store, pack, rules)
    deliver_pending(store)
    first = time.perf_counter() - t0
    print(f"store: {total:,} documents (copies of the bundled examples); a new watch list of 20 rules looks at all "
          f"of them once: {first:.2f} s, {len(stored):,} alerts")
    bare = str(work / "watch-bare.db")
    _copy(big, bare)
    folder = work / "watch-new"
    generate(folder, n_new, seed=5, start=9_000_000)
    on_one_day(folder, "2025-11-21")
    with_signals = watch_pass([str(folder)], store, signals=rules)
    without = watch_pass([str(folder)], open_store(bare), signals=[])
    assert with_signals.new == without.new == n_new, (with_signals.errors, without.errors)
    print(f"pass with 20 signals: {with_signals.seconds:6.2f} s ({with_signals.extracted} extracted, "
          f"{with_signals.changed} changed, {with_signals.alerts} alerts; signals {with_signals.signals_seconds:.2f} s)")
    print(f"pass with no signals: {without.seconds:6.2f} s -> ratio {with_signals.seconds / without.seconds:.2f}")
    idle = watch_pass([str(folder)], store, signals=rules)
    print(f"pass with nothing new (same folder, 20 signals): {idle.seconds:.3f} s, signals {idle.signals_seconds:.3f} s "
          f"({idle.changed} changed, {idle.alerts} alerts) = {idle.seconds / with_signals.seconds:.3f} of the pass "
          f"with new documents")
    quiet = watch_pass([], store, signals=rules)
    print(f"pass with no sources and nothing new: {quiet.seconds:.3f} s")
