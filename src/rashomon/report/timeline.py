"""The timeline of aligned events as inline SVG: one lane per document (or per party), a mark per dated
statement, ranges for vague dates, and a conflict marker joining dates that contradict each other."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from .index import Index
from .util import REPORT_LINKS, Links, esc

W = 1000          # viewBox width
GUTTER = 190      # lane labels
RIGHT = 16
AXIS_H = 34
ROW_H = 16
LANE_PAD = 6
PALETTE = 8       # event colour classes ev-c0 .. ev-c7


def _marks(ix: Index) -> list[dict]:
    """Dated statements to draw: date mentions tied to an event or used as evidence by a finding."""
    evidence = {mid for f in ix.findings for mid in f.get("mentions") or []}
    out = []
    for m in ix.mentions.values():
        if m.get("kind") != "date" or not (m.get("event") or m["id"] in evidence):
            continue
        iv = ix.mention_interval(m["id"])
        if iv:
            out.append({"m": m, "a": iv[0], "b": iv[1]})
    return out


def _ticks(t0: date, t1: date) -> list[tuple[date, str]]:
    """Axis ticks at decades, years, months or days, about 4 to 12 of them."""
    span = (t1 - t0).days
    out: list[tuple[date, str]] = []
    if span > 365 * 3:
        years = span / 365.25
        step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500) if years / s <= 12)
        y = (t0.year // step + 1) * step if t0 != date(t0.year, 1, 1) else t0.year
        while y <= t1.year:
            out.append((date(y, 1, 1), str(y)))
            y += step
    elif span > 62:
        months = span / 30.4
        step = next(s for s in (1, 2, 3, 6) if months / s <= 12)
        y, mo = t0.year, t0.month
        d = date(y, mo, 1)
        if d < t0:
            y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
        while True:
            d = date(y, mo, 1)
            if d > t1:
                break
            if (mo - 1) % step == 0:
                out.append((d, d.strftime("%b %Y") if mo == 1 or not out else d.strftime("%b")))
            y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    else:
        step = next(s for s in (1, 2, 7, 14) if span / s <= 12)
        d = t0
        while d <= t1:
            out.append((d, d.strftime("%d %b %Y") if not out else d.strftime("%d %b")))
            d += timedelta(days=step)
    return out


def _lanes(ix: Index, marks: list[dict], mode: str) -> list[tuple[str, str, list[dict]]]:
    """(key, label, marks) per lane, in document order."""
    lanes: dict[str, list[dict]] = defaultdict(list)
    labels: dict[str, str] = {}
    order: dict[str, tuple] = {}
    doc_pos = ix.doc_pos
    for mk in marks:
        m = mk["m"]
        if mode == "party":
            key = ix.party_name(m.get("attributed_to"), m["doc"])
            labels[key] = key
        else:
            key = m["doc"]
            labels[key] = f"{ix.doc_source(key)} · {ix.doc_label(key)}" if ix.docs.get(key, {}).get("outlet") \
                else ix.doc_label(key)
        lanes[key].append(mk)
        order[key] = min(order.get(key, (10**9,)), (doc_pos.get(m["doc"], 10**9),))
    keys = sorted(lanes, key=lambda k: (order[k], k.casefold()))
    return [(k, labels[k], lanes[k]) for k in keys]


def _short(s: str, n: int = 26) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _layout(ix: Index, marks: list[dict], mode: str, t0: date, t1: date) -> dict:
    """Where everything of one view goes: lanes (y, height, label, placed marks), ticks, marks (with their
    class and tooltip), conflict markers; `render_svg` writes it as SVG, `timeline_data` as data."""
    days = max((t1 - t0).days, 1)

    def x(d: date) -> float:
        return GUTTER + (d - t0).days / days * (W - GUTTER - RIGHT)

    lanes = _lanes(ix, marks, mode)
    y = AXIS_H
    lane_rows = []
    for li, (key, label, lane_marks) in enumerate(lanes):
        # place marks in rows so that none overlap (conflicting dates stay visibly apart)
        rows_end: list[float] = []
        placed = []
        for mk in sorted(lane_marks, key=lambda k: (k["a"], k["b"], k["m"]["id"])):
            x0, x1 = x(mk["a"]), x(mk["b"] + timedelta(days=1)) if mk["b"] > mk["a"] else x(mk["a"])
            lo, hi = (x0 - 5, x0 + 5) if mk["a"] == mk["b"] else (x0 - 1, max(x1, x0 + 3) + 1)
            row = next((r for r, end in enumerate(rows_end) if end + 2 < lo), None)
            if row is None:
                rows_end.append(hi)
                row = len(rows_end) - 1
            else:
                rows_end[row] = hi
            placed.append((mk, row, x0, x1))
        n_rows = max(len(rows_end), 1)
        h = n_rows * ROW_H + 2 * LANE_PAD
        lane_rows.append((li, key, label, y, h, placed))
        y += h
    height = y + 8
    ticks = [(x(d), lab) for d, lab in _ticks(t0, t1) if GUTTER - 0.5 <= x(d) <= W - RIGHT + 0.5]
    conflict_mentions = {mid for f in ix.by_type.get("conflict", []) for mid in f.get("mentions") or []}
    centre: dict[str, tuple[float, float]] = {}
    drawn = []
    for li, key, label, ly, h, placed in lane_rows:
        for mk, row, x0, x1 in placed:
            m = mk["m"]
            cy = ly + LANE_PAD + row * ROW_H + ROW_H / 2
            ev = m.get("event")
            colour = f"ev-c{ix.event_order[ev] % PALETTE}" if ev in ix.event_order else "ev-none"
            cls = f"mark {colour}" + (" in-conflict" if m["id"] in conflict_mentions else "")
            event_label = (ix.events.get(ev) or {}).get("label") or "no aligned event"
            when = mk["a"].isoformat() if mk["a"] == mk["b"] else f"{mk['a'].isoformat()} – {mk['b'].isoformat()}"
            tip = (f"{m.get('text', '')} ({when}) · {event_label} · {ix.doc_label(m['doc'])}"
                   f" · {ix.party_name(m.get('attributed_to'), m['doc'])}")
            point = mk["a"] == mk["b"]
            w = 0.0 if point else max(x1 - x0, 3)
            centre[m["id"]] = (x0, cy) if point else (x0 + w / 2, cy)
            drawn.append({"m": m, "cls": cls, "tip": tip, "x": x0, "cy": cy, "w": w, "point": point,
                          "parts": (str(m.get("text", "")), when, str(event_label),
                                    ix.party_name(m.get("attributed_to"), m["doc"]))})
    # conflict markers: an elbow bracket in a dashed red stroke joining the contradicting dates
    conflicts = []
    for f in ix.by_type.get("conflict", []):
        pts = [centre[mid] for mid in f.get("mentions") or [] if mid in centre]
        if len(pts) < 2:
            continue
        pts.sort(key=lambda p: (p[1], p[0]))
        segs = []
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            if abs(ay - by) < 0.5:
                ym = ay - ROW_H * 0.7
                segs.append(f"M{ax:.1f} {ay - 5:.1f} L{ax:.1f} {ym:.1f} L{bx:.1f} {ym:.1f} L{bx:.1f} {by - 5:.1f}")
            else:
                ym = (ay + by) / 2
                segs.append(f"M{ax:.1f} {ay + 5:.1f} L{ax:.1f} {ym:.1f} L{bx:.1f} {ym:.1f} L{bx:.1f} {by - 5:.1f}")
        mx = sum(p[0] for p in pts) / len(pts)
        my = (pts[0][1] + pts[1][1]) / 2 if abs(pts[0][1] - pts[1][1]) >= 0.5 else pts[0][1] - ROW_H * 0.7
        conflicts.append({"f": f, "d": " ".join(segs), "mx": mx, "my": my,
                          "tip": f"conflict: {f.get('what', '')} — {f.get('explanation', '')}"})
    return {"mode": mode, "height": height, "lanes": lane_rows, "ticks": ticks, "marks": drawn,
            "conflicts": conflicts}


def render_svg(ix: Index, marks: list[dict], mode: str, links: Links, t0: date, t1: date) -> tuple[str, int]:
    """One SVG of the lanes; returns (svg, number of marks drawn)."""
    lay = _layout(ix, marks, mode, t0, t1)
    height = lay["height"]
    parts: list[str] = [
        f'<svg class="timeline" viewBox="0 0 {W} {height}" width="{W}" height="{height}" '
        f'role="img" aria-label="timeline of dated statements, one lane per {"party" if mode == "party" else "document"}" '
        f'data-mode="{mode}" xmlns="http://www.w3.org/2000/svg">']
    # lanes (backgrounds and labels)
    for li, key, label, ly, h, _ in lay["lanes"]:
        parts.append(f'<rect class="lane-bg lane-{li % 2}" x="0" y="{ly}" width="{W}" height="{h}"/>')
        href = links.doc(key) if mode == "doc" else None
        text = f'<text class="lane-label" x="6" y="{ly + h / 2 + 4:.1f}">{esc(_short(label))}<title>{esc(label)}</title></text>'
        parts.append(f'<a href="{esc(href)}">{text}</a>' if href else text)
    # axis and grid
    for tx, lab in lay["ticks"]:
        parts.append(f'<line class="grid" x1="{tx:.1f}" y1="{AXIS_H - 6}" x2="{tx:.1f}" y2="{height - 8}"/>'
                     f'<text class="tick" x="{tx:.1f}" y="{AXIS_H - 12}">{esc(lab)}</text>')
    parts.append(f'<line class="axis" x1="{GUTTER}" y1="{AXIS_H - 6}" x2="{W - RIGHT}" y2="{AXIS_H - 6}"/>')
    # marks
    for mk in lay["marks"]:
        m = mk["m"]
        title = f"<title>{esc(mk['tip'])}</title>"
        if mk["point"]:
            shape = (f'<circle class="{mk["cls"]} mark-point" cx="{mk["x"]:.1f}" cy="{mk["cy"]:.1f}" r="4.5" '
                     f'data-m="{esc(m["id"])}">{title}</circle>')
        else:
            shape = (f'<rect class="{mk["cls"]} mark-range" x="{mk["x"]:.1f}" y="{mk["cy"] - 5:.1f}" '
                     f'width="{mk["w"]:.1f}" height="10" rx="3" data-m="{esc(m["id"])}">{title}</rect>')
        parts.append(f'<a class="mark-link" href="{esc(links.mention(m))}">{shape}</a>')
    for c in lay["conflicts"]:
        mx, my = c["mx"], c["my"]
        parts.append(f'<a class="conflict-link" href="{esc(links.finding(c["f"]))}" data-f="{esc(c["f"]["id"])}">'
                     f'<path class="conflict-marker" d="{c["d"]}"/>'
                     f'<rect class="conflict-knot" x="{mx - 4:.1f}" y="{my - 4:.1f}" width="8" height="8" '
                     f'transform="rotate(45 {mx:.1f} {my:.1f})"/><title>{esc(c["tip"])}</title></a>')
    parts.append("</svg>")
    return "".join(parts), len(lay["marks"])


def _view_data(lay: dict, data, mark_of: dict) -> dict:
    """One view of the timeline as data (see `timeline_data`)."""
    lanes = []
    for li, key, label, ly, h, placed in lay["lanes"]:
        short = _short(label)
        lanes.append([ly, h, data.s(label), data.s(short) if short != label else 0,
                      data.doc(key) if lay["mode"] == "doc" else -1, len(placed)])
    marks = []
    for mk in lay["marks"]:
        m = mk["m"]
        key = m["id"]
        if key not in mark_of:
            text, when, event_label, party = mk["parts"]
            mark_of[key] = len(data.timeline_marks)
            data.timeline_marks.append([data.mention(key), data.s(mk["cls"]), data.s(text), data.s(when),
                                        data.s(event_label), data.s(party)])
        marks.append([mark_of[key], round(mk["x"], 1), round(mk["cy"], 1), round(mk["w"], 1) if not mk["point"] else -1])
    return {"h": lay["height"], "label": "party" if lay["mode"] == "party" else "document",
            "lanes": lanes, "ticks": [[round(tx, 1), data.s(lab)] for tx, lab in lay["ticks"]], "marks": marks,
            "conflicts": [[data.finding(c["f"]), c["d"], round(c["mx"], 1), round(c["my"], 1), data.s(c["tip"])]
                          for c in lay["conflicts"]]}


def date_range(marks: list[dict]) -> tuple[date, date]:
    t0 = min(mk["a"] for mk in marks)
    t1 = max(mk["b"] for mk in marks)
    pad = max(timedelta(days=int((t1 - t0).days * 0.03)), timedelta(days=10))
    return t0 - pad, t1 + pad


def render_timeline(ix: Index, links: Links = REPORT_LINKS, *, data=None) -> str:
    """The timeline section body: a per-document / per-party toggle, both SVGs, and a legend. With `data` (a
    `rows.RowData`: the one-page report) the SVGs are left to report.js, which draws a view when it is shown
    from `data.timeline`: `{"geometry": [W, GUTTER, RIGHT, AXIS_H], "views": {mode: {"h": height, "label",
    "lanes": [[y, height, label, short label or 0, doc or -1, marks]], "ticks": [[x, label]], "marks": [[mark, x, cy,
    width or -1 for a point]], "conflicts": [[finding, path, x, y, tip]]}}}`, and `data.timeline_marks`:
    `[mention, class, text, when, event label, party]` (its tooltip: text (when) · event · document · party).
    A view's marks are in the order of its lanes (`marks`: how many are the lane's), so that report.js draws
    only the lanes scrolled to (a view of 10,000 documents is 10,000 lanes)."""
    marks = _marks(ix)
    if not marks:
        return '<p class="empty">No dated statements tied to an aligned event to place on a timeline.</p>'
    t0, t1 = date_range(marks)
    if data is not None:
        mark_of: dict[str, int] = {}
        views = {mode: _view_data(_layout(ix, marks, mode, t0, t1), data, mark_of) for mode in ("doc", "party")}
        data.timeline = {"geometry": [W, GUTTER, RIGHT, AXIS_H], "views": views}
        n = len(views["doc"]["marks"])
        by_doc = by_party = ""
    else:
        by_doc, n = render_svg(ix, marks, "doc", links, t0, t1)
        by_party, _ = render_svg(ix, marks, "party", links, t0, t1)
    legend = []
    used = {mk["m"].get("event") for mk in marks}
    for v in ix.events.values():
        if v["id"] in used:
            c = ix.event_order[v["id"]] % PALETTE
            legend.append(f'<li><svg class="swatch" viewBox="0 0 10 10" width="10" height="10">'
                          f'<rect class="ev-c{c}" width="10" height="10" rx="2"/></svg> '
                          f'<a href="{esc(links.event(v["id"]))}">{esc(v.get("label") or v["id"])}</a>'
                          f'{" · " + esc(v["date"]) if v.get("date") else ""}</li>')
    return (
        '<div class="tl-toolbar"><span>lanes:</span>'
        '<button type="button" class="tl-mode" data-mode="doc" aria-pressed="true">per document</button>'
        '<button type="button" class="tl-mode" data-mode="party" aria-pressed="false">per party</button>'
        f'<span class="tl-note">{n} dated statements · <svg class="swatch" viewBox="0 0 12 10" width="12" height="10">'
        '<circle class="mark ev-none" cx="5" cy="5" r="4"/></svg> a stated day · '
        '<svg class="swatch" viewBox="0 0 16 10" width="16" height="10"><rect class="mark ev-none" x="1" y="2" '
        'width="14" height="6" rx="2"/></svg> a vague date (its possible range) · '
        '<svg class="swatch" viewBox="0 0 24 10" width="24" height="10"><path class="conflict-marker" '
        'd="M2 9 L2 2 L22 2 L22 9"/></svg> dates in conflict</span></div>'
        + ('<noscript><p class="note">The timeline is drawn by the page\'s script.</p></noscript>' if data is not None
           else "")
        + f'<div class="tl-scroll"><div class="tl-view" data-mode="doc"{" data-tl" if data is not None else ""}>'
        f'{by_doc}</div><div class="tl-view" data-mode="party" hidden{" data-tl" if data is not None else ""}>'
        f'{by_party}</div></div>'
        + (f'<ul class="legend">{"".join(legend)}</ul>' if legend else "")
    )
