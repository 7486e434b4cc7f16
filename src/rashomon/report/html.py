"""The views: every section of the self-contained report, also served one by one by the web app.

Each `render_*` function takes an `Index` (the export with look-ups) and `Links` (anchors in the one-page
report, or the web app's URLs) and returns an HTML fragment. Every string that comes from a document or the
export goes through `esc` (html.escape with quote=True); inline JSON goes through `json_for_script`.
"""
from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from importlib import resources

from ..export.tables import finding_between, finding_sides
from ..quotes import sentence_bounds
from .index import Index
from .rows import RowData
from .timeline import render_timeline
from .util import REPORT_LINKS, Links, css_token, esc, fmt_value, json_for_script, safe_url, utf16_offsets

METHOD = (
    "How they were found: each document was read with spaCy to extract the dates, figures, places and actors it "
    "states, and whom it says they come from; names were resolved into canonical entities across documents "
    "(entity resolution); statements about the same happening were aligned into shared events (event alignment); "
    "for each event the dates and figures the documents give were compared as intervals, taking qualifiers such as "
    "“by”, “about”, “over” and “at least” into account, so that only values that cannot both be true count as "
    "conflicts (interval comparison); and near-copies were detected with MinHash, so that a text republished "
    "elsewhere is shown as “same text, republished” rather than as independent agreement (copy detection)."
)


# ---------------------------------------------------------------------------------------------- assets
@lru_cache(maxsize=None)
def asset(name: str) -> str:
    """A static asset shipped in the package (report.css, report.js), to be inlined into the page."""
    return resources.files("rashomon.report").joinpath(name).read_text("utf-8")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def content_security_policy(connect: str = "'none'") -> str:
    """Only the page's own inline script and style may run; nothing is fetched (the web app allows 'self')."""
    return (f"default-src 'none'; script-src '{_sha256(asset('report.js'))}'; "
            f"style-src '{_sha256(asset('report.css'))}'; img-src data:; connect-src {connect}; "
            f"form-action 'self'; base-uri 'none'")


# ---------------------------------------------------------------------------------------------- small parts
def quote_bounds(text: str, start: int, end: int, limit: int = 320) -> tuple[int, int, bool, bool]:
    """The sentence around a span: see `rashomon.quotes.sentence_bounds`."""
    return sentence_bounds(text, start, end, limit)


def quote_html(ix: Index, m: dict) -> str:
    """The sentence around a mention, the mention itself marked."""
    text = (ix.docs.get(m["doc"]) or {}).get("text") or ""
    s, e = max(0, min(m.get("start") or 0, len(text))), max(0, min(m.get("end") or 0, len(text)))
    if e < s:
        s, e = e, s
    a, b, cut_a, cut_b = quote_bounds(text, s, e)
    return (f"{'…' if cut_a else ''}{esc(text[a:s])}<mark class=\"q k-{css_token(m.get('kind'))}\">{esc(text[s:e])}</mark>"
            f"{esc(text[e:b].rstrip())}{'…' if cut_b else ''}")


def _num(x) -> float:
    """A number from the export, 0 when it is missing or not a number."""
    try:
        return float(x or 0)
    except (TypeError, ValueError):
        return 0.0


def party_html(party: str | None) -> str:
    if party:
        return f'<span class="party">according to <b>{esc(party)}</b></span>'
    return '<span class="party self">the document itself</span>'


def doc_ref(ix: Index, doc_id: str, links: Links) -> str:
    d = ix.docs.get(doc_id) or {}
    bits = [f'<a class="doc-ref" href="{esc(links.doc(doc_id))}">{esc(ix.doc_label(doc_id))}</a>']
    meta = [x for x in (d.get("outlet"), d.get("published")) if x]
    if meta:
        bits.append(f'<span class="meta">{esc(" · ".join(meta))}</span>')
    return " ".join(bits)


def _severity(f: dict) -> str:
    sev = f.get("severity")
    return f'<span class="badge sev-{css_token(sev)}">{esc(sev)}</span>' if sev else '<span class="muted">—</span>'


def _evidence_card(ix: Index, f: dict, i: int, mid: str, links: Links) -> str:
    m = ix.mentions.get(mid)
    if not m:
        return f'<div class="ev missing">mention {esc(mid)} is not in the export</div>'
    qual = m.get("qualifier")
    extra = []
    if m.get("predicate"):
        extra.append(f'<span class="pred" title="what the statement says happened">{esc(m["predicate"])}</span>')
    others = {(ix.mentions.get(o) or {}).get("doc") for o in f.get("mentions") or [] if o != mid}
    copied = any(frozenset((m["doc"], o)) in ix.copy_pairs for o in others if o and o != m["doc"])
    if copied:
        extra.append('<span class="badge copy">same text, republished</span>')
    return (
        f'<div class="ev k-{css_token(m.get("kind"))}" data-m="{esc(mid)}">'
        f'<div class="ev-src">{doc_ref(ix, m["doc"], links)}</div>'
        f'<div class="ev-val">{f"<span class=qual>{esc(qual)}</span> " if qual else ""}'
        f'<b class="val">{esc(fmt_value(m))}</b> {" ".join(extra)}</div>'
        f'<div class="ev-party">{party_html(ix.party(f, i))}</div>'
        f'<blockquote class="ev-quote">{quote_html(ix, m)}</blockquote>'
        f'<a class="ev-link" href="{esc(links.mention(m))}">show in document ›</a>'
        f'</div>'
    )


def _event_cell(ix: Index, f: dict, links: Links) -> str:
    v = ix.events.get(f.get("event") or "")
    if v:
        ev = (f'<a class="event-ref" href="{esc(links.event(v["id"]))}">{esc(v.get("label") or v["id"])}</a>'
              + (f' <span class="meta">{esc(v["date"])}</span>' if v.get("date") else ""))
    else:
        ev = '<span class="muted">no aligned event</span>'
    sid = ix.story_of(f)
    story = (f'<div class="story-ref">story: <a href="{esc(links.story(sid))}">{esc(ix.story_label(sid))}</a></div>'
             if sid and ix.stories else "")
    reasons = "".join(f"<li>{esc(r)}</li>" for r in f.get("reasons") or [])
    why = ""
    if reasons:
        why = (f'<div class="why">aligned because:<ul class="reasons">{reasons}</ul>'
               f'<span class="meta">confidence {_num(f.get("confidence", 1)):.2f}</span></div>')
    return (f'<div>{ev}</div><div class="what">{esc(f.get("what"))}</div>{story}'
            f'<div class="expl">{esc(f.get("explanation"))}</div>{why}')


def _sides(ix: Index, f: dict, links: Links) -> str:
    """The evidence side by side by group: each side's value, then each of its mentions' card (document,
    party, quote). Without groups, each mention is its own side (one card each)."""
    mids = f.get("mentions") or []
    pos = {mid: i for i, mid in enumerate(mids)}
    if not f.get("groups"):
        return f'<div class="evs">{"".join(_evidence_card(ix, f, i, mid, links) for i, mid in enumerate(mids))}</div>'
    out = []
    for n, side in enumerate(finding_sides(f), 1):
        first = ix.mentions.get(side[0]) or {}
        qual = first.get("qualifier")
        docs = {(ix.mentions.get(mid) or {}).get("doc") for mid in side} - {None}
        cards = "".join(_evidence_card(ix, f, pos.get(mid, len(mids)), mid, links) for mid in side)
        out.append(f'<div class="side" data-side="{n}"><div class="side-head">side {n}: '
                   f'{f"<span class=qual>{esc(qual)}</span> " if qual else ""}<b class="val">{esc(fmt_value(first))}</b>'
                   f' <span class="meta">{len(docs)} document{"s" if len(docs) != 1 else ""}</span></div>'
                   f'<div class="evs">{cards}</div></div>')
    between = finding_between(f)
    if between:
        cards = "".join(_evidence_card(ix, f, pos.get(mid, len(mids)), mid, links) for mid in between)
        out.append(f'<div class="side between" data-side="between"><div class="side-head">compatible with more '
                   f'than one side</div><div class="evs">{cards}</div></div>')
    return f'<div class="sides">{"".join(out)}</div>'


def render_findings_by_story(ix: Index, findings: list[dict], links: Links = REPORT_LINKS, *,
                             kind: str = "conflict", table_id: str | None = None, data: RowData | None = None) -> str:
    """`render_findings`, one table per story (under the story's label) when the corpus holds several."""
    if ix.story_total <= 1 or not findings:
        return render_findings(ix, findings, links, kind=kind, table_id=table_id, data=data)
    by_story: dict[str | None, list[dict]] = {}
    for f in findings:
        by_story.setdefault(ix.story_of(f), []).append(f)
    order = [sid for sid in ix.stories if sid in by_story] + [sid for sid in by_story if sid not in ix.stories]
    parts = []
    if len(order) == 1:   # all of one story: one table, under its label
        sid = order[0]
        head = (f'<a href="{esc(links.story(sid))}">{esc(ix.story_label(sid))}</a>' if sid in ix.stories
                else "no story")
        return (f'<h3 class="story-head">{head}</h3>'
                + render_findings(ix, findings, links, kind=kind, table_id=table_id, data=data))
    for sid in order:
        head = (f'<a href="{esc(links.story(sid))}">{esc(ix.story_label(sid))}</a>' if sid in ix.stories
                else "no story")
        parts.append(f'<h3 class="story-head">{head} <span class="meta">{len(by_story[sid])}</span></h3>'
                     + render_findings(ix, by_story[sid], links, kind=kind,
                                       table_id=f"{table_id or 't-' + kind}-{css_token(sid or 'none')}", data=data))
    return "".join(parts)


def render_stories(ix: Index, links: Links = REPORT_LINKS, n_of: dict[tuple, int] | None = None,
                   docs_shown: int | None = None, *, data: RowData | None = None) -> str:
    """Each story: its label, distinguishing terms, documents (the first `docs_shown`), and how many findings
    it holds (`n_of`: (story, type) -> count, when `ix` holds only some of the findings). With `data` (the
    one-page report), the list is left empty and the stories go into `data`."""
    if not ix.stories:
        return '<p class="empty">No stories.</p>'
    if n_of is None:
        n_of = {}
        for f in ix.findings:
            key = (ix.story_of(f), f.get("type"))
            n_of[key] = n_of.get(key, 0) + 1
    items = []
    if data is not None:
        data.add("stories-list", "stories", [
            [data.story(sid), data.s(st.get("label") or sid), [data.s(t) for t in st.get("terms") or []],
             [data.doc(d) for d in st.get("documents") or []],
             [n_of.get((sid, "conflict"), 0), n_of.get((sid, "agreement"), 0)]] for sid, st in ix.stories.items()])
        return (f'<p class="note">Documents clustered by what they are about (shared names, years and words); '
                f'statements of different stories are never compared.</p>{NO_SCRIPT}<ol class="stories" id="stories-list" '
                'data-rows></ol>')
    for sid, st in ix.stories.items():
        terms = " ".join(f'<span class="chip">{esc(t)}</span>' for t in st.get("terms") or [])
        all_docs = st.get("documents") or []
        docs = "".join(f"<li>{doc_ref(ix, d, links)}</li>" for d in all_docs[:docs_shown])
        if docs_shown is not None and len(all_docs) > docs_shown:
            docs += f'<li class="meta">and {len(all_docs) - docs_shown:,} more</li>'

        counts_html = " · ".join(f"{n_of.get((sid, t), 0)} {t}{'s' if n_of.get((sid, t), 0) != 1 else ''}"
                                 for t in ("conflict", "agreement"))
        items.append(f'<li class="story" id="story-{esc(sid)}"><b>{esc(st.get("label") or sid)}</b> '
                     f'<span class="meta">{esc(sid)} · {len(st.get("documents") or [])} documents · {counts_html}</span>'
                     f'{f"<div class=words>{terms}</div>" if terms else ""}<ul class="story-docs">{docs}</ul></li>')
    return (f'<p class="note">Documents clustered by what they are about (shared names, years and words); '
            f'statements of different stories are never compared.</p><ol class="stories">{"".join(items)}</ol>')


# ---------------------------------------------------------------------------------------------- sections
def counts(ix: Index) -> dict:
    agreements = ix.by_type.get("agreement", [])
    return {"documents": len(ix.docs), "events": len(ix.events), "entities": len(ix.entities),
            "mentions": len(ix.mentions), "conflicts": len(ix.by_type.get("conflict", [])),
            "agreements": len(agreements),
            "republished": sum(1 for f in agreements if f.get("independent") is False),
            "inconsistencies": len(ix.by_type.get("inconsistency", []))}


def _n(n: int, one: str, many: str | None = None) -> str:
    return f"<b>{n:,}</b> {one if n == 1 else (many or one + 's')}"


def render_header(ix: Index, c: dict | None = None) -> str:
    """The summary: how many documents, events, conflicts and agreements, and how they were found (`c`:
    the counts, when `ix` holds only part of the store)."""
    c = c or counts(ix)
    agree = _n(c["agreements"], "agreement")
    if c["republished"]:
        agree += f" ({c['republished']:,} of them the same text, republished)"
    return (
        f'<p class="counts">{_n(c["documents"], "document")} · {_n(c["events"], "aligned event")} · '
        f'{_n(c["conflicts"], "conflict")} · {agree} · {_n(c["inconsistencies"], "inconsistency", "inconsistencies")}'
        f' · {_n(c["entities"], "entity", "entities")} · {_n(c["mentions"], "statement")} extracted</p>'
        f'<p class="method">{esc(METHOD)}</p>'
    )


NO_SCRIPT = ('<noscript><p class="note">These rows are written by the page\'s script: with JavaScript off, '
             'see the Markdown or CSV export (rashomon export).</p></noscript>')


def render_findings(ix: Index, findings: list[dict], links: Links = REPORT_LINKS, *, kind: str = "conflict",
                    table_id: str | None = None, data: RowData | None = None) -> str:
    """A table of findings: event and attribute, each source's value, qualifier, party and quote side by side,
    then severity (or, for agreements, whether the sources are independent). With `data` (the one-page
    report), the table is left empty and its rows go into `data`, for report.js to build a page at a time."""
    if not findings:
        return f'<p class="empty">No {esc(kind)}s.</p>'
    last = "Sources" if kind == "agreement" else "Severity"
    tid = esc(table_id or f"t-{kind}")
    if data is not None:
        data.add(table_id or f"t-{kind}", "findings", data.finding_rows(findings, kind))
        return (f'<input type="search" class="table-filter" data-table="{tid}" placeholder="filter these rows…" '
                f'aria-label="filter {esc(kind)}s">{NO_SCRIPT}'
                f'<table id="{tid}" class="findings {css_token(kind)}" data-rows><thead><tr><th>#</th>'
                f'<th>Event · attribute</th><th>Each source: value, qualifier, party, quote</th><th>{last}</th></tr>'
                f'</thead><tbody></tbody></table>')
    rows = []
    for f in findings:
        mids = f.get("mentions") or []
        first = ix.mentions.get(mids[0]) if mids else None
        if kind == "agreement":
            status = ('<span class="badge copy">same text, republished</span>' if f.get("independent") is False
                      else '<span class="badge indep">independent</span>')
        else:
            status = _severity(f)
        href = f' data-href="{esc(links.mention(first))}"' if first and not links.one_page else ""
        rows.append(
            f'<tr id="f-{esc(f["id"])}" class="finding {css_token(f.get("type"))} sev-{css_token(f.get("severity"))}"'
            f' data-mentions="{esc(" ".join(mids))}"{href} tabindex="0">'
            f'<td class="fid"><a href="{esc(links.finding(f))}">{esc(f["id"])}</a></td>'
            f'<td class="fevent">{_event_cell(ix, f, links)}</td>'
            f'<td class="fev">{_sides(ix, f, links)}</td>'
            f'<td class="fsev">{status}</td></tr>')
    return (f'<input type="search" class="table-filter" data-table="{tid}" placeholder="filter these rows…" '
            f'aria-label="filter {esc(kind)}s">'
            f'<table id="{tid}" class="findings {css_token(kind)}" data-paged><thead><tr><th>#</th><th>Event · attribute</th>'
            f'<th>Each source: value, qualifier, party, quote</th><th>{last}</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def render_copies(ix: Index, links: Links = REPORT_LINKS) -> str:
    if not ix.copies:
        return ""
    items = "".join(
        f'<li>{doc_ref(ix, c["doc_a"], links)} ⇄ {doc_ref(ix, c["doc_b"], links)} '
        f'<span class="meta">similarity {_num(c.get("similarity")):.2f}</span></li>'
        for c in sorted(ix.copies, key=lambda c: -_num(c.get("similarity"))))
    return (f'<h3>Same text, republished</h3><p class="note">These documents are near-copies (MinHash); '
            f'their agreement is not independent.</p><ul class="copies">{items}</ul>')


def render_events(ix: Index, links: Links = REPORT_LINKS, *, data: RowData | None = None) -> str:
    """The aligned events: label, date, entities, how many statements and documents, findings. With `data` (the
    one-page report), the table is left empty and its rows go into `data`."""
    if not ix.events:
        return '<p class="empty">No aligned events.</p>'
    docs_of: dict[str, set] = {}
    n_of: dict[str, int] = {}
    for m in ix.mentions.values():
        if m.get("event"):
            docs_of.setdefault(m["event"], set()).add(m["doc"])
            n_of[m["event"]] = n_of.get(m["event"], 0) + 1
    fs: dict[str, list[dict]] = {}
    for f in ix.findings:
        if f.get("event"):
            fs.setdefault(f["event"], []).append(f)
    rows = []
    if data is not None:
        data.add("t-events", "events", [
            [data.event(v["id"]), [[str(e), str((ix.entities.get(e) or {}).get("canonical") or e)]
                                   for e in v.get("entities") or []],
             n_of.get(v["id"], 0), len(docs_of.get(v["id"], ())), [data.finding(f) for f in fs.get(v["id"], [])]]
            for v in ix.events.values()])
        return ('<input type="search" class="table-filter" data-table="t-events" placeholder="filter events…" '
                f'aria-label="filter events">{NO_SCRIPT}<table id="t-events" class="events" data-rows><thead><tr>'
                '<th>Event</th><th>Date</th><th>Entities</th><th>Statements</th><th>Documents</th><th>Findings</th>'
                '</tr></thead><tbody></tbody></table>')
    for v in ix.events.values():
        ents = ", ".join(f'<a href="{esc(links.entity(e))}">{esc((ix.entities.get(e) or {}).get("canonical") or e)}</a>'
                         for e in v.get("entities") or [])
        finds = " ".join(f'<a class="badge {css_token(f.get("type"))}" href="{esc(links.finding(f))}">{esc(f["id"])}</a>'
                         for f in fs.get(v["id"], []))
        rows.append(f'<tr id="v-{esc(v["id"])}"><td>{esc(v.get("label") or v["id"])}</td><td>{esc(v.get("date"))}</td>'
                    f'<td>{ents}</td><td class="num">{n_of.get(v["id"], 0)}</td>'
                    f'<td class="num">{len(docs_of.get(v["id"], ()))}</td><td>{finds}</td></tr>')
    return ('<input type="search" class="table-filter" data-table="t-events" placeholder="filter events…" '
            'aria-label="filter events"><table id="t-events" class="events" data-paged><thead><tr><th>Event</th><th>Date</th>'
            '<th>Entities</th><th>Statements</th><th>Documents</th><th>Findings</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _mark_attrs(ix: Index, m: dict) -> tuple[str, str]:
    """A mention's mark: its classes (kind, whether it is evidence of findings, of which types) and its
    tooltip (plain text, not escaped)."""
    fs = ix.findings_of_mention.get(m["id"], [])
    tip = [m.get("kind") or ""]
    val = fmt_value(m)
    if val and val != m.get("text"):
        tip.append(f"= {(m.get('qualifier') + ' ') if m.get('qualifier') else ''}{val}")
    if m.get("attributed_to"):
        tip.append(f"according to {m['attributed_to']}")
    if m.get("entity") in ix.entities:
        tip.append(f"entity: {ix.entities[m['entity']].get('canonical')}")
    if m.get("event") in ix.events:
        tip.append(f"event: {ix.events[m['event']].get('label')}")
    if fs:
        tip.append("findings: " + ", ".join(f"{f['id']} ({f.get('type')})" for f in fs))
    cls = f"k-{css_token(m.get('kind'))}" + (" has-f" if fs else "") + \
        ("".join(f" f-{css_token(t)}" for t in sorted({f.get('type') for f in fs})) if fs else "")
    return cls, " · ".join(tip)


def _mark_open(ix: Index, m: dict) -> str:
    cls, tip = _mark_attrs(ix, m)
    return f'<mark id="m-{esc(m["id"])}" class="{cls}" data-m="{esc(m["id"])}" title="{esc(tip)}">'


def _mark_order(m: dict):
    return (m.get("start", 0), -m.get("end", 0), m["id"])


def highlight(ix: Index, text: str, mentions: list[dict]) -> str:
    """A document's text with each mention wrapped in <mark id="m-..."> (nested when spans nest; a span that
    crosses another is cut at its end, so the markup stays well formed)."""
    out: list[str] = []
    pos = 0
    stack: list[int] = []
    n = len(text)
    for m in sorted(mentions, key=_mark_order):
        s = max(0, min(int(m.get("start") or 0), n))
        e = max(s, min(int(m.get("end") or 0), n))
        while stack and stack[-1] <= s:
            out.append(esc(text[pos:stack[-1]]))
            pos = stack.pop()
            out.append("</mark>")
        if s < pos:                   # starts inside text already written (crossing spans): anchor only
            out.append(_mark_open(ix, m) + "</mark>")
            continue
        if stack:
            e = min(e, stack[-1])
        out.append(esc(text[pos:s]))
        pos = s
        out.append(_mark_open(ix, m))
        stack.append(e)
    while stack:
        end = stack.pop()
        out.append(esc(text[pos:end]))
        pos = max(pos, end)
        out.append("</mark>")
    out.append(esc(text[pos:]))
    return "".join(out)


def documents_data(ix: Index, doc_ids: list[str] | None = None) -> dict:
    """Every document's text and marks as data, for report.js to mark up a document when it is opened
    (`render_documents(..., lazy=True)`), instead of all of them in the page's HTML.

    `text` maps a document to its text; `marks` maps it to its mentions in the order `highlight` writes
    them, each `[id, start, end, class, tip]`: offsets in UTF-16 units, clamped as `highlight` clamps them;
    an id that starts with "." is the document's id followed by it (unless the row has a sixth item); class and tip are positions in
    `classes` and `tips` (each distinct string once)."""
    classes: dict[str, int] = {}
    tips: dict[str, int] = {}
    texts: dict[str, str] = {}
    marks: dict[str, list] = {}
    for doc_id in ix.doc_ids if doc_ids is None else doc_ids:
        text = (ix.docs.get(doc_id) or {}).get("text") or ""
        texts[doc_id] = text
        n = len(text)
        u16 = utf16_offsets(text)
        rows = []
        for m in sorted(ix.by_doc.get(doc_id, []), key=_mark_order):
            s = max(0, min(int(m.get("start") or 0), n))
            e = max(s, min(int(m.get("end") or 0), n))
            if u16:
                s, e = u16[s], u16[e]
            cls, tip = _mark_attrs(ix, m)
            mid = m["id"]
            row = [mid, s, e, classes.setdefault(cls, len(classes)), tips.setdefault(tip, len(tips))]
            if mid.startswith(doc_id + "."):
                row[0] = mid[len(doc_id):]
            elif mid.startswith("."):
                row.append(1)                # an id of its own that happens to start with "."
            rows.append(row)
        if rows:
            marks[doc_id] = rows
    return {"classes": list(classes), "tips": list(tips), "text": texts, "marks": marks}


def render_document(ix: Index, doc_id: str, links: Links = REPORT_LINKS, *, open: bool = False,
                    lazy: bool = False) -> str:
    """One document, collapsed in <details>, its mentions highlighted and its findings listed. `lazy` leaves
    its text out: report.js writes it, marked, from `documents_data` when the document is opened."""
    d = ix.docs.get(doc_id) or {"id": doc_id, "text": ""}
    mentions = ix.by_doc.get(doc_id, [])
    fs = ix.findings_of_doc.get(doc_id, [])
    kinds: dict[str, int] = {}
    for f in fs:
        kinds[f.get("type")] = kinds.get(f.get("type"), 0) + 1
    summary_bits = [x for x in (d.get("outlet"), d.get("published")) if x]
    badges = " ".join(f'<span class="badge {css_token(k)}">{v} {esc(k)}{"s" if v != 1 else ""}</span>'
                      for k, v in sorted(kinds.items(), key=lambda kv: str(kv[0])))
    meta = []
    for key in ("file", "author", "group"):
        if d.get(key):
            meta.append(f'<span><i>{key}</i> {esc(d[key])}</span>')
    if d.get("story") and ix.stories:
        meta.append(f'<span><i>story</i> <a href="{esc(links.story(d["story"]))}">{esc(ix.story_label(d["story"]))}</a></span>')
    if url := safe_url(d.get("url")):
        meta.append(f'<span><i>url</i> <a href="{esc(url)}" rel="noopener noreferrer nofollow">{esc(url)}</a></span>')
    copies = ix.copies_of.get(doc_id, [])
    if copies:
        meta.append('<span><i>same text as</i> ' + ", ".join(doc_ref(ix, o, links) for o in copies) + "</span>")
    flinks = " ".join(f'<a class="badge {css_token(f.get("type"))}" href="{esc(links.finding(f))}">{esc(f["id"])}</a>'
                      for f in fs)
    return (
        f'<details class="doc" id="doc-{esc(doc_id)}"{" open" if open else ""}>'
        f'<summary><span class="doc-title">{esc(ix.doc_label(doc_id))}</span> '
        + (f'<span class="meta">{esc(" · ".join(summary_bits))}</span> ' if summary_bits else "")
        + f'<span class="meta">{len(mentions)} statements</span> {badges}</summary>'
        f'<div class="doc-meta">{" ".join(meta)}{(" <span><i>findings</i> " + flinks + "</span>") if flinks else ""}</div>'
        + (f'<div class="doc-text" data-doc="{esc(doc_id)}"></div>' if lazy else
           f'<div class="doc-text">{highlight(ix, d.get("text") or "", mentions)}</div>')
        + '</details>'
    )


def document_row(ix: Index, doc_id: str, data: RowData) -> list:
    """What `render_document(..., lazy=True)` writes of a document, as a row of `data`'s "documents" list:
    `[doc, statements, [[type, n]...], [[key, value]...], story, url, [copy doc...], [finding...]]`."""
    d = ix.docs.get(doc_id) or {"id": doc_id, "text": ""}
    fs = ix.findings_of_doc.get(doc_id, [])
    kinds: dict[str, int] = {}
    for f in fs:
        kinds[f.get("type")] = kinds.get(f.get("type"), 0) + 1
    story = data.story(d["story"]) if d.get("story") and ix.stories else -1
    return [data.doc(doc_id), len(ix.by_doc.get(doc_id, [])),
            [[data.s(k), v] for k, v in sorted(kinds.items(), key=lambda kv: str(kv[0]))],
            [[data.s(key), data.s(d[key])] for key in ("file", "author", "group") if d.get(key)],
            story, safe_url(d.get("url")) or 0, [data.doc(o) for o in ix.copies_of.get(doc_id, [])],
            [data.finding(f) for f in fs]]


def render_documents(ix: Index, links: Links = REPORT_LINKS, doc_ids: list[str] | None = None, *,
                     lazy: bool = False, data: RowData | None = None) -> str:
    """Every document (or those of `doc_ids`), collapsed. `lazy`: their texts are left to report.js, which
    marks one up from the page's `documents_data` block when it is opened (the report at thousands of
    documents); the list is paged by report.js and filtered by title, outlet and date. `data` (with `lazy`):
    the list itself is left to report.js too, built a page at a time from `data`."""
    ids = ix.doc_ids if doc_ids is None else doc_ids
    if not ids:
        return '<p class="empty">No documents.</p>'
    legend = ('<p class="legend kinds">highlighted: <mark class="k-date">date</mark> <mark class="k-quantity">figure</mark> '
              '<mark class="k-place">place</mark> <mark class="k-actor">actor</mark> <mark class="k-other">other</mark> '
              '<mark class="k-state">whether it happened</mark> <mark class="k-time">time of day</mark> '
              '· <mark class="k-other has-f f-conflict">underlined</mark> statements are evidence of a finding</p>')
    if not lazy:
        return legend + "".join(render_document(ix, d, links) for d in ids)
    if data is not None:
        data.add("doclist", "documents", [document_row(ix, d, data) for d in ids])
        return (legend + NO_SCRIPT + '<input type="search" class="list-filter" data-list="doclist" '
                'placeholder="filter documents…" aria-label="filter documents"><div id="doclist" data-rows></div>')
    return (legend + '<noscript><p class="note">The texts of the documents are written by the page\'s script: '
            'with JavaScript off, only their titles and findings show.</p></noscript>'
            '<input type="search" class="list-filter" data-list="doclist" placeholder="filter documents…" '
            'aria-label="filter documents"><div id="doclist" data-paged>'
            + "".join(render_document(ix, d, links, lazy=True) for d in ids) + "</div>")


def render_entities(ix: Index, links: Links = REPORT_LINKS, *, data: RowData | None = None) -> str:
    """Entity dossiers: canonical name, aliases, the documents that name it, the events it takes part in.
    With `data` (the one-page report), the list is left empty and the dossiers go into `data`."""
    if not ix.entities:
        return '<p class="empty">No entities.</p>'
    labels_of: dict[str, list[dict]] = {}
    for lab in ix.framing["labels"]:
        labels_of.setdefault(lab.get("entity"), []).append(lab)
    parts = []
    ents = sorted(ix.entities.values(), key=lambda e: (-len(ix.mentions_of_entity.get(e["id"], [])),
                                                         str(e.get("canonical")).casefold()))
    events_of: dict[str, list[str]] = {}      # each entity's events, in the order of Index.entity_events
    for v in ix.events.values():
        for eid in v.get("entities") or []:
            if v["id"] not in events_of.setdefault(eid, []):
                events_of[eid].append(v["id"])
    rows = []
    for e in ents:
        ms = ix.mentions_of_entity.get(e["id"], [])
        per_doc: dict[str, int] = {}
        for m in ms:
            per_doc[m["doc"]] = per_doc.get(m["doc"], 0) + 1
        aliases = [a for a in e.get("aliases") or [] if a != e.get("canonical")]
        evs = list(events_of.get(e["id"], []))
        for m in ms:
            if m.get("event") and m["event"] not in evs:
                evs.append(m["event"])
        if data is not None:
            docs_of_label: dict[str, list] = {}
            for lab in labels_of.get(e["id"], []):
                docs_of_label.setdefault(str(lab.get("label") or ""), []).append(lab.get("doc"))
            rows.append([str(e["id"]), str(e.get("canonical") or ""), data.s(e.get("type")), len(ms),
                         ", ".join(map(str, aliases)), [[data.doc(d), n] for d, n in per_doc.items()],
                         [data.event(v) if v in ix.events else str(v) for v in evs],
                         [[data.s(label), [data.doc(d) for d in dict.fromkeys(ds) if d]]
                          for label, ds in docs_of_label.items()]])
            continue
        docs_html = ", ".join(f'{doc_ref(ix, d, links)} <span class="meta">×{n}</span>' for d, n in per_doc.items())
        evs_html = ", ".join(f'<a href="{esc(links.event(v))}">{esc((ix.events.get(v) or {}).get("label") or v)}</a>'
                             for v in evs)
        docs_of_label: dict[str, list] = {}       # each name it is called by, with the documents using it
        for lab in labels_of.get(e["id"], []):
            docs_of_label.setdefault(str(lab.get("label") or ""), []).append(lab.get("doc"))
        labs = "".join(f'<li>“{esc(label)}”: {", ".join(doc_ref(ix, d, links) for d in dict.fromkeys(ds) if d)}</li>'
                       for label, ds in docs_of_label.items())
        parts.append(
            f'<details class="dossier" id="e-{esc(e["id"])}"><summary><b>{esc(e.get("canonical"))}</b> '
            f'<span class="badge type">{esc(e.get("type"))}</span> <span class="meta">{len(ms)} mentions in '
            f'{len(per_doc)} documents · {len(evs)} events</span></summary><dl>'
            f'<dt>aliases</dt><dd>{esc(", ".join(aliases)) or "<span class=muted>none</span>"}</dd>'
            f'<dt>documents</dt><dd>{docs_html or "<span class=muted>none</span>"}</dd>'
            f'<dt>events</dt><dd>{evs_html or "<span class=muted>none</span>"}</dd>'
            + (f'<dt>called</dt><dd><ul>{labs}</ul></dd>' if labs else "")
            + '</dl></details>')
    if data is not None:
        data.add("dossiers", "dossiers", rows)
        return ('<input type="search" class="list-filter" data-list="dossiers" placeholder="filter entities…" '
                f'aria-label="filter entities">{NO_SCRIPT}<div id="dossiers" data-rows></div>')
    return ('<input type="search" class="list-filter" data-list="dossiers" placeholder="filter entities…" '
            f'aria-label="filter entities"><div id="dossiers" data-paged>{"".join(parts)}</div>')


def has_framing(ix: Index) -> bool:
    fr = ix.framing
    return bool(fr["groups"] or fr["labels"] or fr["distinctive"])


def group_names(ix: Index) -> list[str]:
    """Each framing group's name: the source group the user gave its documents (`rashomon group`,
    `ingest --group`), "no group" for the rest; "Group N" for groups found by the framing itself."""
    groups = ix.framing["groups"]
    given = [{(ix.docs.get(d) or {}).get("group") for d in g} for g in groups]
    if given and all(len(s) == 1 for s in given) and any(s != {None} for s in given):
        return [next(iter(s)) or "no group" for s in given]
    return [f"Group {i + 1}" for i in range(len(groups))]


def _group_name(names: list[str], index) -> str:
    i = int(_num(index))
    return names[i] if 0 <= i < len(names) else f"Group {i + 1}"


def differing_labels(ix: Index) -> list[tuple[str, list[tuple[str, str, list[dict]]]]]:
    """The entities the documents name differently, each with its labels (as first written, kind, and the
    label records using it), the entity with the most distinct labels first, then the most documents."""
    by_entity: dict[str, dict[tuple[str, str], list[dict]]] = {}
    for lab in ix.framing["labels"]:
        key = (" ".join(str(lab.get("label") or "").split()).casefold(), str(lab.get("kind") or ""))
        if key[0]:
            by_entity.setdefault(lab.get("entity"), {}).setdefault(key, []).append(lab)
    out = []
    for ent, labels in by_entity.items():
        if len({label for label, _ in labels}) < 2:
            continue
        rows = sorted(((labs[0].get("label"), kind, labs) for (_, kind), labs in labels.items()),
                      key=lambda r: (-len({lab.get("doc") for lab in r[2]}), str(r[0]).casefold()))
        out.append((ent, rows))
    docs_of = lambda rows: len({lab.get("doc") for _, _, labs in rows for lab in labs})  # noqa: E731
    name_of = lambda ent: str((ix.entities.get(ent) or {}).get("canonical") or ent).casefold()  # noqa: E731
    return sorted(out, key=lambda e: (-len({r[0].casefold() for r in e[1]}), -docs_of(e[1]), name_of(e[0])))


def render_framing(ix: Index, links: Links = REPORT_LINKS, *, data: RowData | None = None) -> str:
    """Which documents frame alike, what each calls each entity (with quotes), and each group's words. With
    `data` (the one-page report), the tables of names and of words for events are left empty and their rows
    go into `data`."""
    fr = ix.framing
    if not has_framing(ix):
        return '<p class="empty">No framing analysis.</p>'
    out = []
    if fr["groups"]:
        words: dict = {}
        for w in fr["distinctive"]:
            words.setdefault(w.get("group"), []).append(w)
        items = []
        names = group_names(ix)
        for gi, group in enumerate(fr["groups"]):
            ws = sorted(words.get(gi, []), key=lambda w: -_num(w.get("z")))
            if data is not None:
                items.append([data.s(names[gi]), len(group), [data.doc(d) for d in group[:50]],
                              [[data.s(w.get("word")), data.s(f'{_num(w.get("z")):.1f}')] for w in ws[:15]]])
                continue
            chips = " ".join(f'<span class="chip">{esc(w.get("word"))} <i>z {_num(w.get("z")):.1f}</i></span>'
                             for w in ws[:15])
            docs = ", ".join(doc_ref(ix, d, links) for d in group[:50])
            more = f' <span class="meta">and {len(group) - 50} more</span>' if len(group) > 50 else ""
            items.append(f'<li><b>{esc(names[gi])}</b> <span class="meta">{len(group)} document{"s" if len(group) != 1 else ""}</span>'
                         f'<div>{docs}{more}</div>{f"<div class=words>distinctive words: {chips}</div>" if chips else ""}</li>')
        if data is not None:
            data.add("groups", "groups", items)
            out.append(f'<h3>Groups of documents that frame alike</h3>{NO_SCRIPT}'
                       '<ol class="groups" id="groups" data-rows></ol>')
        else:
            out.append(f'<h3>Groups of documents that frame alike</h3><ol class="groups">{"".join(items)}</ol>')
    differing = differing_labels(ix)
    if differing and data is not None:
        items = []
        for ent, labels in differing:
            lrows = []
            for label, kind, labs in labels:
                first = labs[0]
                m = ix.mentions.get(first.get("mention") or "")
                quote = data.mention(m["id"]) if m else (str(first.get("quote")) if first.get("quote") else -1)
                lrows.append([data.s(label), data.s(kind),
                              [data.doc(d) for d in dict.fromkeys(lab.get("doc") for lab in labs) if d], quote])
            items.append([str(ent), str((ix.entities.get(ent) or {}).get("canonical") or ent), lrows])
        data.add("t-labels", "labels", items)
        out.append('<h3>What the documents call each entity</h3><p class="meta">Only entities the documents name '
                   'differently, those named most differently first.</p>'
                   '<input type="search" class="table-filter" data-table="t-labels" placeholder="filter labels…" '
                   f'aria-label="filter labels">{NO_SCRIPT}<table id="t-labels" class="labels" data-rows><thead><tr>'
                   '<th>Entity</th><th>Label</th><th>Kind</th><th>Documents</th><th>First quote</th></tr></thead>'
                   '</table>')
    elif differing:
        rows = []
        for ent, labels in differing:
            for k, (label, kind, labs) in enumerate(labels):
                first = labs[0]
                m = ix.mentions.get(first.get("mention") or "")
                quote = quote_html(ix, m) if m else esc(first.get("quote"))
                if m:
                    quote += f' <a class="ev-link" href="{esc(links.mention(m))}">›</a>'
                elif first.get("quote"):
                    quote = f"“{quote}”"
                docs = ", ".join(doc_ref(ix, d, links) for d in dict.fromkeys(lab.get("doc") for lab in labs) if d)
                name = esc((ix.entities.get(ent) or {}).get("canonical") or ent)
                head = (f'<td rowspan="{len(labels)}"><a href="{esc(links.entity(ent))}">{name}</a>'
                        f'<div class="meta">{len(labels)} names</div></td>') if k == 0 else ""
                rows.append(f'<tr>{head}<td><b>{esc(label)}</b></td><td>{esc(kind)}</td><td>{docs}</td>'
                            f'<td class="quote">{quote}</td></tr>')
        out.append('<h3>What the documents call each entity</h3><p class="meta">Only entities the documents name '
                   'differently, those named most differently first.</p>'
                   '<input type="search" class="table-filter" data-table="t-labels" placeholder="filter labels…" '
                   'aria-label="filter labels"><table id="t-labels" class="labels"><thead><tr><th>Entity</th>'
                   '<th>Label</th><th>Kind</th><th>Documents</th><th>First quote</th></tr></thead>'
                   f'<tbody>{"".join(rows)}</tbody></table>')
    if fr["distinctive"] and data is not None:
        names = group_names(ix)
        data.add("t-distinctive", "distinctive", [
            [data.s(_group_name(names, w.get("group"))), data.s(w.get("word")), data.s(f'{_num(w.get("z")):.2f}')]
            for w in sorted(fr["distinctive"], key=lambda w: (_num(w.get("group")), -_num(w.get("z"))))])
        out.append(f'<h3>Distinctive words</h3>{NO_SCRIPT}<table id="t-distinctive" class="distinctive" data-rows>'
                   '<thead><tr><th>Group</th><th>Word</th><th>z</th></tr></thead><tbody></tbody></table>')
    elif fr["distinctive"]:
        names = group_names(ix)
        rows = "".join(f'<tr><td>{esc(_group_name(names, w.get("group")))}</td><td>{esc(w.get("word"))}</td>'
                       f'<td class="num">{_num(w.get("z")):.2f}</td></tr>'
                       for w in sorted(fr["distinctive"], key=lambda w: (_num(w.get("group")), -_num(w.get("z")))))
        out.append('<h3>Distinctive words</h3><table class="distinctive"><thead><tr><th>Group</th><th>Word</th>'
                   f'<th>z</th></tr></thead><tbody>{rows}</tbody></table>')
    if fr["predicates"]:
        by_word: dict[tuple, list[dict]] = {}          # one row per event and word: the documents using it
        for p in fr["predicates"]:
            by_word.setdefault((p.get("event"), str(p.get("word") or "")), []).append(p)
        def users(ps: list[dict]) -> list[tuple[str, dict | None, str | None]]:
            """(document, the mention, its outlet when the label does not already say it) per use of a word."""
            out_ = []
            for p in ps:
                if p.get("doc"):
                    d = ix.docs.get(p["doc"]) or {}
                    outlet = d.get("outlet") if d.get("outlet") != ix.doc_label(p["doc"]) else None
                    out_.append((p["doc"], ix.mentions.get(p.get("mention") or ""), outlet))
            return out_

        if data is not None:
            items = []
            for (vid, word), ps in by_word.items():
                v = ix.events.get(vid or "") or {}
                docs = [[data.doc(doc), data.mention(m["id"]) if m else -1, data.s(outlet)]
                        for doc, m, outlet in users(ps)]
                items.append([data.s(v.get("label") or vid), data.s(word), docs])
            data.add("t-predicates", "predicates", items)
            out.append('<h3>How each document says it happened</h3><p class="meta">Each event, each word the '
                       'documents use for it, and the documents using that word (each linked to its sentence).</p>'
                       '<input type="search" class="table-filter" data-table="t-predicates" placeholder="filter '
                       f'words…" aria-label="filter words">{NO_SCRIPT}<table id="t-predicates" class="predicates" '
                       'data-rows><thead><tr><th>Event</th><th>Word</th><th>Documents</th></tr></thead>'
                       '<tbody></tbody></table>')
            return "".join(out)
        rows = []
        for (vid, word), ps in by_word.items():
            v = ix.events.get(vid or "") or {}
            docs = [f'<a class="doc-ref" href="{esc(links.mention(m) if m else links.doc(doc))}">'
                    f'{esc(ix.doc_label(doc))}</a>' + (f' <span class="meta">{esc(outlet)}</span>' if outlet else "")
                    for doc, m, outlet in users(ps)]
            rows.append(f'<tr><td>{esc(v.get("label") or vid)}</td><td>{esc(word)}</td><td>{", ".join(docs)}</td></tr>')
        out.append('<h3>How each document says it happened</h3><p class="meta">Each event, each word the documents '
                   'use for it, and the documents using that word (each linked to its sentence).</p>'
                   '<table class="predicates"><thead><tr><th>Event</th><th>Word</th><th>Documents</th></tr></thead>'
                   f'<tbody>{"".join(rows)}</tbody></table>')
    return "".join(out)


# ---------------------------------------------------------------------------------------------- the page
STALE_NOTICE = ("Analysis out of date: documents were added, removed or regrouped, or an analysis was cut short, "
                "since these findings were computed. Run rashomon analyze.")


def page(title: str, body: str, *, nav: list[tuple[str, str]], connect: str = "'none'",
         data: dict | None = None, current: str | None = None, stale: bool = False,
         documents: dict | None = None, rows: dict | None = None) -> str:
    """A complete HTML page with the stylesheet and script inlined (no external resource of any kind);
    `stale` puts the out-of-date notice above its content; `documents` (from `documents_data`) is put in a
    JSON block of its own, which report.js reads only when a document is opened; `rows` (from
    `RowData.json`) in another, from which report.js builds the data-built tables and lists (both in the
    head: at tens of megabytes, parsed after the content they take several times longer)."""
    nav_html = "".join(f'<a href="{esc(href)}"{" aria-current=page" if href == current else ""}>{esc(label)}</a>'
                       for label, href in nav)
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(content_security_policy(connect))}">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{esc(title)}</title><style>{asset('report.css')}</style>"
        # the big data blocks before any content: parsed whole, not a piece between each layout of the page
        + (f'<script type="application/json" id="rashomon-docs">{json_for_script(documents)}</script>'
           if documents is not None else "")
        + (f'<script type="application/json" id="rashomon-rows">{json_for_script(rows)}</script>'
           if rows is not None else "")
        + "</head>"
        f'<body><header class="top"><span class="brand">rashomon</span><nav>{nav_html}</nav></header>'
        f'<main>{f"<p class=stale role=alert>{esc(STALE_NOTICE)}</p>" if stale else ""}{body}</main>'
        '<div id="evbar" hidden><span id="evbar-text"></span> <button type="button" data-ev="prev">‹ previous quote</button>'
        '<button type="button" data-ev="next">next quote ›</button><button type="button" data-ev="back">back to the finding</button>'
        '<button type="button" data-ev="close" aria-label="close">×</button></div>'
        f'<script type="application/json" id="rashomon-data">{json_for_script(data or {})}</script>'
        f"<script>{asset('report.js')}</script></body></html>\n"
    )


def _section(sid: str, title: str, body: str, note: str = "") -> str:
    return (f'<section id="{sid}"><h2>{esc(title)}</h2>'
            f'{f"<p class=note>{note}</p>" if note else ""}{body}</section>')


def render_html(export: dict, *, built: bool = True) -> str:
    """The whole report as one self-contained HTML page (opens offline; no network, fonts or scripts loaded).

    Its long tables and lists (findings, documents, entities, framing) and the timeline are data (`RowData`,
    in the JSON block "rashomon-rows") that report.js builds a page at a time; `built=False` writes them out
    as HTML instead, as the web app's views do (what report.js builds is held equal to it by the tests)."""
    ix = export if isinstance(export, Index) else Index(export)
    links = REPORT_LINKS
    rows = RowData(ix) if built else None
    sections = [
        f'<section id="summary"><h1>Where the accounts agree and where they conflict</h1>{render_header(ix)}</section>',
        _section("timeline", "Timeline", render_timeline(ix, links, data=rows),
                 "Each mark is a date a document gives for an aligned event; click one to see its sentence."),
        _section("stories", "Stories", render_stories(ix, links, data=rows)),
        _section("conflicts", "Conflicts", render_findings_by_story(ix, ix.by_type.get("conflict", []), links,
                                                                    kind="conflict", data=rows),
                 "Each conflict shows its sides: values that agree are one side. Click a row to jump to each quote "
                 "in its document."),
        _section("agreements", "Agreements", render_findings_by_story(ix, ix.by_type.get("agreement", []), links,
                                                                      kind="agreement", data=rows)
                 + render_copies(ix, links)),
        _section("inconsistencies", "Inconsistencies",
                 render_findings_by_story(ix, ix.by_type.get("inconsistency", []), links, kind="inconsistency",
                                          data=rows),
                 "A document that contradicts itself or the calendar."),
        _section("events", "Events", render_events(ix, links, data=rows)),
        _section("documents", "Documents", render_documents(ix, links, lazy=True, data=rows)),
        _section("entities", "Entities", render_entities(ix, links, data=rows)),
    ]
    nav = [("Summary", "#summary"), ("Timeline", "#timeline"), ("Stories", "#stories"), ("Conflicts", "#conflicts"),
           ("Agreements", "#agreements"), ("Inconsistencies", "#inconsistencies"), ("Events", "#events"),
           ("Documents", "#documents"), ("Entities", "#entities")]
    if has_framing(ix):
        sections.append(_section("framing", "Framing", render_framing(ix, links, data=rows)))
        nav.append(("Framing", "#framing"))
    return page("rashomon report", "".join(sections), nav=nav, data={"counts": counts(ix)}, stale=ix.stale,
                documents=documents_data(ix), rows=rows.json() if rows is not None else None)
