"""`?format=csv` for the JSON listings: flat rows written with the csv module, each cell safe to open in a
spreadsheet (a cell that starts like a formula gets a leading apostrophe: documents are untrusted)."""
from __future__ import annotations

import csv
import io
import json

from fastapi import Query
from fastapi.responses import Response

FORMATS = ("json", "csv")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: the `format` query parameter, as the OpenAPI docs show it
FormatQuery = Query("json", alias="format",
                    description="json (the default) or csv: one row per item, lists joined with '; '")


class UnknownFormat(ValueError):
    """A `format` that is neither json nor csv."""


def wants_csv(fmt: str | None) -> bool:
    """True for `csv`, False for `json` or nothing; UnknownFormat for anything else."""
    f = (fmt or "json").strip().lower()
    if f not in FORMATS:
        raise UnknownFormat(f"unknown format {fmt!r}: use json or csv")
    return f == "csv"


def cell(value) -> str:
    """One value as a CSV cell: lists joined with '; ' (a list inside a list with ', '), dicts as JSON,
    None as empty, booleans as true/false; text that could start a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (list, tuple)):
        text = "; ".join(", ".join(_plain(x) for x in v) if isinstance(v, (list, tuple)) else _plain(v)
                         for v in value)
    elif isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _plain(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return str(v)


def to_csv(rows: list[dict], columns: list[str]) -> str:
    """A header row of `columns`, then one row per dict (missing keys empty)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([cell(r.get(c)) for c in columns])
    return out.getvalue()


def csv_response(rows: list[dict], columns: list[str], name: str) -> Response:
    """The rows as a text/csv download named `rashomon-<name>.csv`."""
    return Response(to_csv(rows, columns), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="rashomon-{name}.csv"'})


# ---------------------------------------------------------------------------------------------- the listings' columns
COLUMNS = {
    "documents": ["id", "file", "title", "outlet", "published", "author", "url", "group", "story", "length",
                  "mentions", "findings"],
    "findings": ["id", "type", "what", "event", "event_label", "story", "story_label", "severity", "independent",
                 "confidence", "explanation", "parties", "mentions", "groups", "documents", "values", "qualifiers",
                 "quotes", "reasons"],
    "stories": ["id", "label", "documents", "terms"],
    "entities": ["id", "canonical", "type", "aliases", "mentions", "documents", "events"],
    "events": ["id", "label", "date", "predicate", "entities", "mentions", "documents", "findings"],
    "search": ["id", "title", "snippet"],
}


def finding_row(f: dict) -> dict:
    """A finding as the API gives it (with `evidence`), flattened: each evidence's document, value,
    qualifier and quote in the order of `mentions`."""
    ev = f.get("evidence") or []
    return {**f, "documents": [e.get("doc") for e in ev], "values": [e.get("value") for e in ev],
            "qualifiers": [e.get("qualifier") for e in ev], "quotes": [e.get("quote") for e in ev]}
