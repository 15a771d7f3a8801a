"""Tables, references, labels and progress bars that read well at 80 columns and at 160.

Every column keeps its words whole: label columns never wrap and end in an ellipsis when cut; text
columns wrap between words only. Evidence is a short reference (`a4ec3fbf:75`, a document id prefix
that `redline show` takes, and the offset) unless `--wide` asks for the document name and span.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from redline.scenario import Scenario

KEEP = 11  # a one-line column keeps at least this many characters (a whole ISO date, ≈ too) when it needs them


class FitTable:
    """A table whose columns never break a word: `text` columns wrap between words, the others stay on
    one line and end in '…' when the terminal is too narrow; `numeric` columns are right-aligned.
    Each one-line column keeps what its cells need up to KEEP characters; the rest of the width is shared."""

    def __init__(self, columns: Iterable[str], *, title: str | None = None, numeric: Iterable[str] = (),
                 text: Iterable[str] = (), caption: str | None = None):
        self.columns, self.title, self.caption = list(columns), title, caption
        self.numeric, self.text = set(numeric), set(text)
        self.rows: list[tuple] = []

    def add_row(self, *cells) -> None:
        self.rows.append(cells)

    def _needs(self, i: int, name: str) -> int:
        cells = (row[i] for row in self.rows)
        return max([len(name), *(Text.from_markup(c).cell_len if isinstance(c, str) else Text(str(c)).cell_len
                                 for c in cells)])

    def widths(self, total: int) -> list[int]:
        """Each column's width for a terminal TOTAL characters wide: what the cells need when it fits;
        otherwise each column's floor (its need up to KEEP, 12 for a text column) and the rest shared out
        to the columns that need more, one character at a time to the one that lacks most."""
        needs = [self._needs(i, name) for i, name in enumerate(self.columns)]
        room = max(len(needs), total - 3 * (len(needs) - 1))  # a separator and two spaces between columns
        if sum(needs) <= room:
            return needs
        widths = [min(n, 12 if name in self.text else max(KEEP, len(name))) for n, name in zip(needs, self.columns,
                                                                                                   strict=True)]
        while sum(widths) > room and max(widths) > 1:  # too narrow even for the floors: trim the widest
            widths[widths.index(max(widths))] -= 1
        for _ in range(room - sum(widths)):
            lack = [n - w for n, w in zip(needs, widths, strict=True)]
            if max(lack) <= 0:
                break
            widths[lack.index(max(lack))] += 1
        return widths

    def __rich_console__(self, console: Console, options):
        table = Table(show_edge=False, title=self.title, title_justify="left", pad_edge=False, caption=self.caption,
                      caption_justify="left")
        for name, width in zip(self.columns, self.widths(options.max_width), strict=True):
            table.add_column(name, justify="right" if name in self.numeric else "left", overflow="ellipsis",
                             no_wrap=name not in self.text, width=width)
        for row in self.rows:
            table.add_row(*row)
        yield table


def fit_table(console: Console, columns: Iterable[str], *, title: str | None = None, numeric: Iterable[str] = (),
              text: Iterable[str] = (), caption: str | None = None) -> FitTable:
    """A FitTable (see there) to print on CONSOLE."""
    return FitTable(columns, title=title, numeric=numeric, text=text, caption=caption)


def ref(evidence: dict | None, wide: bool = False) -> str:
    """Where a record's evidence is: `id8:start`, or with `wide` `doc_name:start-end`."""
    if not evidence:
        return ""
    if wide:
        return f"{evidence['doc']}:{evidence['start']}-{evidence['end']}"
    return f"{(evidence.get('id') or evidence['doc'])[:8]}:{evidence['start']}"


def refs(items: Iterable[dict], n: int, wide: bool = False) -> str:
    items = list(items)
    shown = " ".join(ref(e, wide) for e in items[:n])
    return shown + (f" +{len(items) - n}" if len(items) > n else "")


class Labels:
    """Short names of parties and issues from the pack's optional `short.yaml` (full names with `wide`)."""

    def __init__(self, pack: Scenario | None, wide: bool = False):
        self.short = {} if wide or pack is None else pack.short
        self.wide = wide

    def party(self, name: str | None) -> str:
        return (self.short.get("parties") or {}).get(name or "", name or "—")

    def issue(self, issue: str | None) -> str:
        return (self.short.get("issues") or {}).get(issue or "", issue or "—")

    def parties(self, names: Iterable[str]) -> str:
        return ", ".join(self.party(n) for n in names)


def collapse_rounds(rounds: list[dict], digits: int = 1) -> Iterator[dict]:
    """The rounds of a model run, with each run of rounds in which no position moved (as printed, to
    `digits`) folded into one item {"still": (first, last)}."""
    previous, still = None, []
    for r in rounds:
        shown = {a: round(p, digits) for a, p in r["positions"].items()}
        if previous is not None and shown == previous:
            still.append(r["round"])
            continue
        if still:
            yield {"still": (still[0], still[-1])}
            still = []
        previous = shown
        yield r
    if still:
        yield {"still": (still[0], still[-1])}


class RateColumn(ProgressColumn):
    """Items per second."""

    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f}/s" if speed else "–/s", style="progress.data.speed")


class LabelColumn(ProgressColumn):
    """What a bar counts: the task's `label` field, or the bar's label."""

    def __init__(self, label: str):
        super().__init__()
        self.label = label

    def render(self, task) -> Text:
        return Text(f"{task.fields.get('label', self.label):<7}", style="bold")


def progress_bar(label: str, console: Console, *, disable: bool = False) -> Progress:
    """A progress bar with the count, the rate and the time left; off when `disable` (quiet, JSON, not a terminal).
    A task added with `label=` shows that label instead of LABEL (one bar for files, one for extraction)."""
    return Progress(LabelColumn(label), BarColumn(bar_width=None if console.width >= 120 else 20),
                    MofNCompleteColumn(), RateColumn(), TimeRemainingColumn(), TextColumn("{task.description}"),
                    console=console, disable=disable or not console.is_terminal, expand=False)
