"""Reading a scenario pack: the full check (every field, every regular expression) and the contents, against a
baseline in the same run that only parses the files with PyYAML's pure-Python safe_load (what loading did before
the check existed)."""

from __future__ import annotations

import statistics
import time

import yaml

from redline.scenario import BUNDLED, _build, bundled_folder, read_pack_files


def _median_ms(fn, rounds: int = 15) -> float:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1e3


def load_speed() -> None:
    print("== scenario pack loading (check + contents) vs. a bare PyYAML parse")
    for name in BUNDLED:
        folder = bundled_folder(name)
        files = read_pack_files(folder)
        size = sum(len(t.encode()) for t in files.values()) / 1024
        checked = _median_ms(lambda folder=folder, files=files: _build(folder, files))
        bare = _median_ms(lambda files=files: [yaml.load(t, Loader=yaml.SafeLoader) for t in files.values()])
        print(f"{name:20} {size:6.1f} KiB  check and load {checked:7.1f} ms   bare safe_load {bare:7.1f} ms   "
              f"ratio {checked / bare:.2f}")
