"""Dates on the seeds' gold timex: rashomon's extract_dates vs dateparser.search.search_dates, side by side.

A gold item is found when a system date span overlaps its quote, and right when (for non-vague items, as
the scorer grades) the value equals the gold value; dateparser's datetime is formatted at the gold
item's precision (day, month, year, decade, season) before comparing. dateparser gets RELATIVE_BASE =
the document's publication date or 1988-01-01, and PREFER_DATES_FROM='past'.
Run: `python -m benchmarks.bench_timex` (or `python -m benchmarks bench_timex`) from the project root.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEFAULT_BASE = dt.datetime(1988, 1, 1)


def _locate(text: str, quote: str) -> tuple[int, int] | None:
    i = text.find(quote)
    if i >= 0:
        return i, i + len(quote)
    words = quote.split()
    m = re.search(r"\s+".join(map(re.escape, words)), text) if words else None
    return (m.start(), m.end()) if m else None


def _at_precision(d: dt.datetime, gold_value: str) -> str:
    """d written at the precision of the gold value."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", gold_value):
        return d.strftime("%Y-%m-%d")
    if re.fullmatch(r"\d{4}-\d{2}", gold_value):
        return d.strftime("%Y-%m")
    if re.fullmatch(r"\d{4}", gold_value):
        return f"{d.year:04d}"
    if re.fullmatch(r"\d{3}", gold_value):
        return f"{d.year // 10:03d}"
    if re.fullmatch(r"\d{4}-(SP|SU|FA|WI)", gold_value):
        code = {3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU", 9: "FA", 10: "FA", 11: "FA"}.get(d.month, "WI")
        year = d.year - 1 if d.month <= 2 else d.year
        return f"{year:04d}-{code}"
    return d.isoformat()


def _dateparser_spans(text: str, base: dt.datetime) -> list[tuple[int, int, dt.datetime]]:
    from dateparser.search import search_dates

    found = search_dates(text, languages=["en"],
                         settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}) or []
    out, cursor = [], 0
    for s, d in found:
        i = text.find(s, cursor)
        if i < 0:
            i = text.find(s)
        if i < 0:
            continue
        out.append((i, i + len(s), d))
        cursor = i + len(s)
    return out


def _grade(items: list[dict], text: str, spans: list[tuple[int, int, object]], value_of) -> tuple[int, int, int]:
    """(found, checked, right) over the gold items, graded like the scorer."""
    found = checked = right = 0
    for g in items:
        span = _locate(text, g["quote"])
        if span is None:
            continue
        hit = [x for x in spans if x[0] < span[1] and span[0] < x[1]]
        if not hit:
            continue
        found += 1
        if not g.get("vague"):
            checked += 1
            right += any(value_of(x, g["value"]) == g["value"] for x in hit)
    return found, checked, right


def run() -> list[dict]:
    """Per seed document: gold count and, for each system, found/checked/right and milliseconds."""
    from rashomon.extract.nlp import load_nlp
    from rashomon.extract.timex import extract_dates
    from rashomon.models import Document

    gold = json.loads((SHARED / "gold" / "seeds.json").read_text(encoding="utf-8"))
    nlp = load_nlp()
    nlp("warm up the pipeline.")
    _dateparser_spans("warm up on June 7, 1986.", DEFAULT_BASE)
    published = {d["file"]: d.get("published") for d in gold.get("documents", []) if isinstance(d, dict)}
    rows = []
    for f in sorted((SHARED / "seeds").glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        items = [g for g in gold["timex"] if g["file"] == f.name]
        pub = published.get(f.name)
        t0 = time.perf_counter()
        sdoc = nlp(text)
        t1 = time.perf_counter()
        ms = extract_dates(Document(text=text, id="d1", published=pub), sdoc)
        t2 = time.perf_counter()
        base = dt.datetime.fromisoformat(pub) if pub else DEFAULT_BASE
        dp = _dateparser_spans(text, base)
        t3 = time.perf_counter()
        r = _grade(items, text, [(m.start, m.end, m.value) for m in ms], lambda x, _: str(x[2]))
        d = _grade(items, text, dp, lambda x, gv: _at_precision(x[2], gv))
        rows.append(dict(doc=f.name[:3], gold=len(items), rashomon=r, dateparser=d,
                         ms_parse=(t1 - t0) * 1000, ms_rashomon=(t2 - t1) * 1000, ms_dateparser=(t3 - t2) * 1000))
    return rows


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "  -  "


def main() -> None:
    rows = run()
    head = (f"{'doc':>5} {'gold':>4} | {'rashomon R':>10} {'acc':>6} {'ms':>7} {'(+spaCy)':>9} | "
            f"{'dateparser R':>12} {'acc':>6} {'ms':>7}")
    print(head)
    print("-" * len(head))
    tot = dict(gold=0, r=[0, 0, 0], d=[0, 0, 0], ms_r=0.0, ms_p=0.0, ms_d=0.0)
    for row in rows:
        (rf, rc, rr), (df, dc, dr) = row["rashomon"], row["dateparser"]
        print(f"{row['doc']:>5} {row['gold']:>4} | {_ratio(rf, row['gold']):>10} {_ratio(rr, rc):>6} "
              f"{row['ms_rashomon']:>7.1f} {row['ms_rashomon'] + row['ms_parse']:>9.1f} | "
              f"{_ratio(df, row['gold']):>12} {_ratio(dr, dc):>6} {row['ms_dateparser']:>7.1f}")
        tot["gold"] += row["gold"]
        for k, key in (("r", "rashomon"), ("d", "dateparser")):
            tot[k] = [a + b for a, b in zip(tot[k], row[key])]
        tot["ms_r"] += row["ms_rashomon"]
        tot["ms_p"] += row["ms_parse"]
        tot["ms_d"] += row["ms_dateparser"]
    n = max(len(rows), 1)
    (rf, rc, rr), (df, dc, dr) = tot["r"], tot["d"]
    print("-" * len(head))
    print(f"{'all':>5} {tot['gold']:>4} | {_ratio(rf, tot['gold']):>10} {_ratio(rr, rc):>6} {tot['ms_r'] / n:>7.1f} "
          f"{(tot['ms_r'] + tot['ms_p']) / n:>9.1f} | {_ratio(df, tot['gold']):>12} {_ratio(dr, dc):>6} "
          f"{tot['ms_d'] / n:>7.1f}")
    print("R = timex recall (span overlaps the gold quote); acc = value accuracy on non-vague items; "
          "ms = per document (rashomon: extract_dates alone, then with the spaCy parse)")


if __name__ == "__main__":
    main()
