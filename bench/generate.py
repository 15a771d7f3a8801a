"""Generate a synthetic corpus of news-like documents (text and news-please JSON) for load benchmarks."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "russia_ukraine"
PLACES = ["Geneva", "Miami", "Moscow", "Istanbul", "Abu Dhabi", "Brussels", "Kyiv", "Paris", "Berlin", "Riyadh"]
PEOPLE = ["Rubio", "Witkoff", "Kushner", "Umerov", "Ushakov", "Peskov", "Zelensky", "Putin", "Costa", "Macron"]
MONTHS = ["October", "November", "December"]


def sentence_pool() -> list[str]:
    pool = []
    for path in sorted(EXAMPLES.iterdir()):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            text = json.loads(text)["maintext"]
        text = re.sub(r"<[^>]+>", " ", text)
        pool += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if 40 < len(s.strip()) < 400]
    return pool


def make_document(rng: random.Random, pool: list[str], i: int) -> tuple[str, str]:
    """Return (file name, content) for document number i."""
    n = rng.randint(8, 20)
    sentences = [rng.choice(pool) for _ in range(n)]
    lead = (
        f"{rng.choice(PLACES).upper()}, {rng.choice(MONTHS)} {rng.randint(1, 28)}, 2025 — "
        f"{rng.choice(PEOPLE)} met {rng.choice(PEOPLE)} in {rng.choice(PLACES)} for talks number {i} "
        f"that lasted {rng.randint(1, 9)} hours."
    )
    paragraphs = [lead] + [" ".join(sentences[k : k + 3]) for k in range(0, n, 3)]
    body = "\n\n".join(paragraphs)
    title = f"Talks round {i}: {rng.choice(PEOPLE)} and {rng.choice(PEOPLE)} in {rng.choice(PLACES)}"
    if i % 2:
        return f"doc{i:06d}.txt", f"{title}\n\n{body}\n"
    record = {
        "title": title,
        "maintext": body,
        "date_publish": f"2025-{rng.randint(10, 12)}-{rng.randint(1, 28):02d} 12:00:00",
        "url": f"https://outlet{i % 37}.example/news/{i}",
        "source_domain": f"outlet{i % 37}.example",
        "language": "en",
        "authors": [],
    }
    return f"doc{i:06d}.json", json.dumps(record, ensure_ascii=False)


def generate(folder: Path, count: int, *, seed: int = 7, start: int = 0) -> int:
    """Write COUNT documents into FOLDER; return the bytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed + start)
    pool = sentence_pool()
    total = 0
    for i in range(start, start + count):
        name, content = make_document(rng, pool, i)
        data = content.encode("utf-8")
        (folder / name).write_bytes(data)
        total += len(data)
    return total
