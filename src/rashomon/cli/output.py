"""How listings print: a compact Rich table on a terminal (one line a row), tab-separated lines with a
header when stdout is piped (like gh and ripgrep), or JSON, JSON lines or CSV on request."""
from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text


# A short field (id, value, party) is never narrowed below this many characters on a terminal.
_KEEP_WIDTH = 28
# A long field (a quote, a title) cut to the terminal keeps at least this many characters.
_MIN_CUT = 12


@dataclass(frozen=True)
class Column:
    """One column of a listing: the record's key, its header, and whether a terminal table may cut it
    short (long text: quotes, titles) rather than wrap it."""

    key: str
    header: str | None = None
    cut: bool = False


def choose(as_json: bool, nl: bool, as_csv: bool) -> str:
    """The format the user asked for: json, nl, csv, or auto (a table on a terminal, TSV when piped)."""
    if sum((as_json, nl, as_csv)) > 1:
        raise typer.BadParameter("choose one of --json, --nl, --csv")
    return "json" if as_json else "nl" if nl else "csv" if as_csv else "auto"


def is_terminal() -> bool:
    return sys.stdout.isatty()


def cell(value) -> str:
    """A value as one line of text: lists joined by ", ", None empty, tabs and line breaks as spaces."""
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    return " ".join(("" if value is None else str(value)).split())


def _widths(columns: list[Column], rows: list[list[str]], room: int) -> list[int]:
    """Each column's width on a terminal `room` wide: a short field its longest value (up to
    _KEEP_WIDTH), the long ones (`cut`) share what is left, never less than _MIN_CUT."""
    need = [max([len(c.header or c.key), *(len(r[k]) for r in rows)]) for k, c in enumerate(columns)]
    fixed = [0 if c.cut else min(_KEEP_WIDTH, n) for c, n in zip(columns, need)]
    cut = [k for k, c in enumerate(columns) if c.cut]
    left = room - sum(fixed) - 2 * (len(columns) - 1)            # one space of padding each side
    share = max(_MIN_CUT, left // len(cut)) if cut else 0
    return [min(need[k], share) if k in cut else fixed[k] for k in range(len(columns))]


def emit(records: list[dict], columns: list[Column], fmt: str, console: Console, *, empty: str = "",
         group: str | None = None, blank: tuple[str, ...] = ()) -> None:
    """Print records. JSON and JSON lines hold every field; CSV every field, lists joined; TSV and the
    table the given columns (document text is never read as Rich markup). In the table the `blank` keys
    are left empty on a row of the same `group` as the row above (one finding's quotes under its id)."""
    if fmt == "json":
        print(json.dumps(records, ensure_ascii=False, indent=1))
    elif fmt == "nl":
        for r in records:
            print(json.dumps(r, ensure_ascii=False))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(records[0]) if records else [c.key for c in columns])
        writer.writeheader()
        writer.writerows({k: ", ".join(map(str, v)) if isinstance(v, list) else v for k, v in r.items()}
                         for r in records)
    elif fmt == "tsv" or (fmt == "auto" and not is_terminal()):
        print("\t".join(c.header or c.key for c in columns))
        for r in records:
            print("\t".join(cell(r.get(c.key)) for c in columns))
        if not records and empty:
            print(empty, file=sys.stderr)
    else:
        table = Table(*(c.header or c.key for c in columns), box=None, pad_edge=False, header_style="bold")
        rows = [[cell(r.get(c.key)) for c in columns] for r in records]
        for col, width in zip(table.columns, _widths(columns, rows, console.width)):
            col.width, col.no_wrap, col.overflow = width, True, "ellipsis"
        last = object()
        for r in records:
            same = group is not None and r.get(group) == last
            table.add_row(*(Text("" if same and c.key in blank else cell(r.get(c.key))) for c in columns))
            last = r.get(group) if group else last
        if records:
            console.print(table)
        elif empty:
            console.print(empty, markup=False, highlight=False)
