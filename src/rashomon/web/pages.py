"""The web app's page per entity, per story and per finding (/entities/{id}, /stories/{id}, /findings/{id}),
and the links that lead to them from the listings. Every string from a document or the export goes through
`esc` (or the report's renderers, which escape)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import quote

from ..export.tables import finding_between, finding_sides
from ..report import html as views
from ..report.index import Index
from ..report.util import Links, css_token, esc, fmt_value

PAGE_OF_TYPE = {"conflict": "conflicts", "agreement": "agreements", "inconsistency": "inconsistencies"}


@dataclass(frozen=True)
class WebLinks(Links):
    """The report's links, with entities, stories and findings going to their own pages."""

    def entity(self, eid: str) -> str:
        return f"{self.base}/entities/{quote(eid, safe='')}"

    def story(self, sid: str) -> str:
        return f"{self.base}/stories/{quote(sid, safe='')}"

    def finding(self, f: dict) -> str:
        return f"{self.base}/findings/{quote(f['id'], safe='')}"

    def in_listing(self, f: dict) -> str:
        """The finding's row on its type's listing page."""
        fid = quote(f["id"], safe="")
        return f"{self.base}/{PAGE_OF_TYPE.get(f.get('type'), 'inconsistencies')}?id={fid}#f-{fid}"


LINKS = WebLinks(one_page=False)


# ---------------------------------------------------------------------------------------------- listings' rows
def _link_heads(html: str, opening: str, url) -> str:
    """Wrap the <b>…</b> name right after each `opening` tag (a regex with one group, the escaped id) in a
    link to `url(id)`."""
    rx = re.compile(f"({opening})(<b>[^<]*</b>)")
    return rx.sub(lambda m: f'{m.group(1)}<a class="page-link" href="{esc(url(unescape(m.group(2))))}">'
                            f"{m.group(3)}</a>", html)


def link_entities(html: str) -> str:
    """The entities listing (the report's dossiers) with each entity's name linked to its page."""
    return _link_heads(html, r'<details class="dossier" id="e-([^"]*)"><summary>', LINKS.entity)


def link_stories(html: str) -> str:
    """The stories listing with each story's label linked to its page."""
    return _link_heads(html, r'<li class="story" id="story-([^"]*)">', LINKS.story)


# ---------------------------------------------------------------------------------------------- shared parts
def _facts(rows: list[tuple[str, str]]) -> str:
    """A two-column table of label → HTML (labels are ours; values already escaped)."""
    body = "".join(f'<tr><th scope="row">{esc(k)}</th><td>{v}</td></tr>' for k, v in rows if v)
    return f'<table class="facts"><tbody>{body}</tbody></table>'


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _none(what: str = "none") -> str:
    return f'<p class="empty">{esc(what)}</p>'


def _event_link(ix: Index, vid: str) -> str:
    v = ix.events.get(vid) or {}
    return (f'<a href="{esc(LINKS.event(vid))}">{esc(v.get("label") or vid)}</a>'
            + (f' <span class="meta">{esc(v["date"])}</span>' if v.get("date") else ""))


def _entity_link(ix: Index, eid: str) -> str:
    return f'<a href="{esc(LINKS.entity(eid))}">{esc((ix.entities.get(eid) or {}).get("canonical") or eid)}</a>'


def findings_table(ix: Index, findings: list[dict], table_id: str) -> str:
    """One row per finding, linked to its page: kind, attribute, event, explanation, severity."""
    if not findings:
        return _none("No findings.")
    rows = []
    for f in findings:
        v = f.get("event")
        status = (("same text, republished" if f.get("independent") is False else "independent")
                  if f.get("type") == "agreement" else f.get("severity") or "")
        rows.append(f'<tr id="{esc(table_id)}-{esc(f["id"])}">'
                    f'<td><a href="{esc(LINKS.finding(f))}">{esc(f["id"])}</a></td>'
                    f'<td><span class="badge {css_token(f.get("type"))}">{esc(f.get("type"))}</span></td>'
                    f'<td>{esc(f.get("what"))}</td><td>{_event_link(ix, v) if v else ""}</td>'
                    f'<td>{esc(f.get("explanation"))}</td><td>{esc(status)}</td></tr>')
    return (f'<table id="{esc(table_id)}" class="finding-list"><thead><tr><th>#</th><th>Kind</th><th>Attribute</th>'
            f'<th>Event</th><th>Explanation</th><th>Severity</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _docs_table(ix: Index, doc_ids: list[str], table_id: str, extra: dict[str, str] | None = None,
                extra_head: str = "") -> str:
    if not doc_ids:
        return _none("No documents.")
    rows = "".join(
        f'<tr><td>{esc(d)}</td><td>{views.doc_ref(ix, d, LINKS)}</td><td>{esc((ix.docs.get(d) or {}).get("file"))}</td>'
        + (f"<td>{extra.get(d, '')}</td>" if extra is not None else "")
        + f'<td class="num">{len(ix.findings_of_doc.get(d, []))}</td></tr>' for d in doc_ids)
    head = f"<th>{esc(extra_head)}</th>" if extra is not None else ""
    return (f'<table id="{esc(table_id)}"><thead><tr><th>id</th><th>Document</th><th>File</th>{head}'
            f'<th>Findings</th></tr></thead><tbody>{rows}</tbody></table>')


# ---------------------------------------------------------------------------------------------- listings
SHOWN = 20      # documents and events a row of the entities listing names (then "and N more")


def _more(shown: int, total: int) -> str:
    return f' <span class="meta">and {total - shown:,} more</span>' if total > shown else ""


def entity_dossiers(rows: list[dict], names: dict, called: dict[str, list[dict]]) -> str:
    """The entities listing from `reads.Reader.entity_rows` (one page, most mentioned first), in the
    markup of the report's dossiers (`views.render_entities`), each naming its first SHOWN documents
    and events."""
    if not rows:
        return _none("No entities.")
    doc_name, event_name = names["docs"], names["events"]
    parts = []
    for e in rows:
        aliases = [a for a in e["aliases"] if a != e.get("canonical")]
        docs_html = ", ".join(f'<a href="{esc(LINKS.doc(d))}">{esc(doc_name.get(d, d))}</a> '
                              f'<span class="meta">×{n}</span>' for d, n in e["docs"][:SHOWN])
        docs_html += _more(min(SHOWN, len(e["docs"])), e["n_docs"])
        evs_html = ", ".join(f'<a href="{esc(LINKS.event(v))}">{esc((event_name.get(v) or (v,))[0] or v)}</a>'
                             for v in e["events"][:SHOWN]) + _more(min(SHOWN, len(e["events"])), e["n_events"])
        labs = called.get(e["id"], [])
        labs_html = "".join(f'<li>{esc(doc_name.get(lab.get("doc"), lab.get("doc")))}: “{esc(lab.get("label"))}”</li>'
                            for lab in labs[:SHOWN])
        parts.append(
            f'<details class="dossier" id="e-{esc(e["id"])}"><summary><b>{esc(e.get("canonical"))}</b> '
            f'<span class="badge type">{esc(e.get("type"))}</span> <span class="meta">{e["n"]:,} mentions in '
            f'{e["n_docs"]:,} documents · {e["n_events"]:,} events</span></summary><dl>'
            f'<dt>aliases</dt><dd>{esc(", ".join(aliases)) or "<span class=muted>none</span>"}</dd>'
            f'<dt>documents</dt><dd>{docs_html or "<span class=muted>none</span>"}</dd>'
            f'<dt>events</dt><dd>{evs_html or "<span class=muted>none</span>"}</dd>'
            + (f'<dt>called</dt><dd><ul>{labs_html}</ul>{_more(min(SHOWN, len(labs)), len(labs))}</dd>' if labs else "")
            + '</dl></details>')
    return ('<input type="search" class="list-filter" data-list="dossiers" placeholder="filter this page…" '
            f'aria-label="filter entities"><div id="dossiers">{"".join(parts)}</div>')


def event_table(rows: list[dict]) -> str:
    """The events listing from `reads.Reader.event_rows` (one page), in the markup of the report's."""
    if not rows:
        return _none("No aligned events.")
    out = []
    for v in rows:
        ents = ", ".join(f'<a href="{esc(LINKS.entity(e))}">{esc(name or e)}</a>' for e, name in v["entities"])
        finds = " ".join(f'<a class="badge {css_token(kind)}" href="{esc(LINKS.finding({"id": fid}))}">{esc(fid)}</a>'
                         for fid, kind in v["findings"][:SHOWN * 5]) + _more(min(SHOWN * 5, len(v["findings"])),
                                                                            len(v["findings"]))
        out.append(f'<tr id="v-{esc(v["id"])}"><td>{esc(v.get("label") or v["id"])}</td><td>{esc(v.get("date"))}</td>'
                   f'<td>{ents}</td><td class="num">{v["statements"]}</td><td class="num">{v["documents"]}</td>'
                   f'<td>{finds}</td></tr>')
    return ('<input type="search" class="table-filter" data-table="t-events" placeholder="filter this page…" '
            'aria-label="filter events"><table id="t-events" class="events"><thead><tr><th>Event</th><th>Date</th>'
            '<th>Entities</th><th>Statements</th><th>Documents</th><th>Findings</th></tr></thead>'
            f'<tbody>{"".join(out)}</tbody></table>')


# ---------------------------------------------------------------------------------------------- entity
def entity_page(ix: Index, eid: str, totals: dict | None = None) -> tuple[str, str] | None:
    """(title, body) of an entity's page: names and who uses them, its findings, events and documents.
    `totals` (mentions, documents, findings, events, findings_shown), when `ix` holds only the first of its
    documents and findings: the page says how many there are and that it shows the first."""
    e = ix.entities.get(eid)
    if e is None:
        return None
    totals = totals or {}
    ms = sorted(ix.mentions_of_entity.get(eid, []), key=lambda m: (ix.doc_pos.get(m["doc"], 0), m.get("start", 0)))
    # every name: the canonical one, the aliases, then any other spelling the documents use
    names: dict[str, dict] = {}
    for role, name in [("canonical", e.get("canonical")), *(("alias", a) for a in e.get("aliases") or [])]:
        if isinstance(name, str) and name.casefold() not in names:
            names[name.casefold()] = {"name": name, "role": role, "docs": {}}
    for m in ms:
        text = m.get("text") or ""
        entry = names.setdefault(text.casefold(), {"name": text, "role": "as written", "docs": {}})
        entry["docs"][m["doc"]] = entry["docs"].get(m["doc"], 0) + 1
    name_rows = "".join(
        f'<tr><td><b>{esc(n["name"])}</b></td><td class="meta">{esc(n["role"])}</td><td>'
        + (", ".join(f'{views.doc_ref(ix, d, LINKS)} <span class="meta">×{k}</span>' for d, k in n["docs"].items())
           or '<span class="muted">no document uses this spelling</span>') + "</td></tr>"
        for n in names.values())
    labels = [lab for lab in ix.framing["labels"] if lab.get("entity") == eid]
    label_rows = "".join(
        f'<tr><td>{views.doc_ref(ix, lab.get("doc"), LINKS) if lab.get("doc") else ""}</td>'
        f'<td><b>{esc(lab.get("label"))}</b></td><td>{esc(lab.get("kind"))}</td><td class="quote">'
        + (views.quote_html(ix, ix.mentions[lab["mention"]]) if lab.get("mention") in ix.mentions
           else esc(lab.get("quote"))) + "</td></tr>"
        for lab in labels)
    per_doc: dict[str, list[str]] = {}
    for m in ms:
        per_doc.setdefault(m["doc"], []).append(m)
    named_as = {d: ", ".join(f'<a href="{esc(LINKS.mention(m))}">{esc(m.get("text"))}</a>' for m in dm)
                for d, dm in per_doc.items()}
    findings = totals.get("findings_shown")
    if findings is None:
        findings = ix.filter_findings(entity=eid)
    events = totals.get("events", ix.entity_events(eid))
    n_docs, n_findings = totals.get("documents", len(per_doc)), totals.get("findings", len(findings))
    first_docs = (f'<p class="meta">The first {len(per_doc):,} of {n_docs:,} documents.</p>'
                  if len(per_doc) < n_docs else "")
    first_findings = (f'<p class="meta">The first {len(findings):,} of {n_findings:,}: '
                      f'<a href="/api/findings?entity={esc(quote(eid, safe=""))}">all of them</a>.</p>'
                      if len(findings) < n_findings else "")
    body = (
        f'<h1>{esc(e.get("canonical") or eid)} <span class="badge type">{esc(e.get("type"))}</span></h1>'
        f'<p class="meta">entity {esc(eid)} · {_count(totals.get("mentions", len(ms)), "mention")} in '
        f'{_count(n_docs, "document")} · {_count(n_findings, "finding")} · {_count(len(events), "event")} · '
        f'<a href="/entities#e-{esc(quote(eid, safe=""))}">all entities</a></p>'
        '<h2>Names and spellings</h2>' + first_docs
        + '<table id="t-names"><thead><tr><th>Name</th><th></th><th>Used by</th></tr>'
        f'</thead><tbody>{name_rows}</tbody></table>'
        + (f'<h2>What the documents call it</h2><table id="t-labels"><thead><tr><th>Document</th><th>Label</th>'
           f'<th>Kind</th><th>Quote</th></tr></thead><tbody>{label_rows}</tbody></table>' if labels else "")
        + f'<h2>Findings that involve it</h2>{first_findings}{findings_table(ix, findings, "t-findings")}'
        + '<h2>Events</h2>' + (f'<ul class="events">{"".join(f"<li>{_event_link(ix, v)}</li>" for v in events)}</ul>'
                               if events else _none("No events."))
        + f'<h2>Documents that name it</h2>{first_docs}'
        + _docs_table(ix, list(per_doc), "t-docs", named_as, "Named as"))
    return str(e.get("canonical") or eid), body


# ---------------------------------------------------------------------------------------------- story
def story_findings(ix: Index, sid: str) -> list[dict]:
    return [f for f in ix.findings if ix.story_of(f) == sid]


def story_page(ix: Index, sid: str) -> tuple[str, str] | None:
    """(title, body) of a story's page: its documents, findings and events."""
    st = ix.stories.get(sid)
    if st is None:
        return None
    docs = list(st.get("documents") or [])
    findings = story_findings(ix, sid)
    n_of: dict[str, int] = {}
    for d in docs:
        for m in ix.by_doc.get(d, []):
            if m.get("event"):
                n_of[m["event"]] = n_of.get(m["event"], 0) + 1
    fs_of: dict[str, list[dict]] = {}
    for f in findings:
        if f.get("event"):
            fs_of.setdefault(f["event"], []).append(f)
    events = sorted(set(n_of) | set(fs_of), key=lambda v: ix.event_order.get(v, len(ix.event_order)))
    ev_rows = "".join(
        f'<tr><td>{_event_link(ix, v)}</td><td>'
        + ", ".join(_entity_link(ix, e) for e in (ix.events.get(v) or {}).get("entities") or []) + "</td>"
        f'<td class="num">{n_of.get(v, 0)}</td><td>'
        + " ".join(f'<a class="badge {css_token(f.get("type"))}" href="{esc(LINKS.finding(f))}">{esc(f["id"])}</a>'
                   for f in fs_of.get(v, [])) + "</td></tr>" for v in events)
    counts = " · ".join(_count(sum(f.get("type") == t for f in findings), t, many)
                        for t, many in (("conflict", None), ("agreement", None), ("inconsistency", "inconsistencies")))
    terms = " ".join(f'<span class="chip">{esc(t)}</span>' for t in st.get("terms") or [])
    statements = {d: str(len(ix.by_doc.get(d, []))) for d in docs}
    body = (
        f'<h1>{esc(st.get("label") or sid)}</h1>'
        f'<p class="meta">story {esc(sid)} · {_count(len(docs), "document")} · {counts} · '
        '<a href="/stories">all stories</a></p>'
        + (f'<div class="words">{terms}</div>' if terms else "")
        + f'<h2>Documents</h2>{_docs_table(ix, docs, "t-docs", statements, "Statements")}'
        + f'<h2>Findings</h2>{findings_table(ix, findings, "t-findings")}'
        + '<h2>Events</h2>'
        + (f'<table id="t-events"><thead><tr><th>Event</th><th>Entities</th><th>Statements</th><th>Findings</th></tr>'
           f'</thead><tbody>{ev_rows}</tbody></table>' if events else _none("No aligned events.")))
    return str(st.get("label") or sid), body


# ---------------------------------------------------------------------------------------------- finding
def _evidence_row(ix: Index, f: dict, side: str, i: int, mid: str) -> str:
    m = ix.mentions.get(mid)
    if not m:
        return (f'<tr><td>{esc(side)}</td><td colspan="4" class="muted">mention {esc(mid)} is not in the export'
                '</td></tr>')
    qual = m.get("qualifier")
    value = (f'<span class="qual">{esc(qual)}</span> ' if qual else "") + f'<b class="val">{esc(fmt_value(m))}</b>'
    return (f'<tr id="ev-{esc(mid)}" data-m="{esc(mid)}"><td>{esc(side)}</td><td>{value}</td>'
            f'<td>{views.party_html(ix.party(f, i))}</td><td>{views.doc_ref(ix, m["doc"], LINKS)}</td>'
            f'<td><blockquote class="ev-quote">{views.quote_html(ix, m)}</blockquote>'
            f'<a class="ev-link" href="{esc(LINKS.mention(m))}">show in document ›</a></td></tr>')


def _confidence(f: dict) -> str:
    try:
        return f"{float(f.get('confidence', 1.0)):.2f}"
    except (TypeError, ValueError):
        return esc(f.get("confidence"))


def finding_page(ix: Index, fid: str) -> tuple[str, str] | None:
    """(title, body) of a finding's page: everything the export holds about it, its evidence side by side."""
    f = ix.finding_by_id.get(fid)
    if f is None:
        return None
    mids = f.get("mentions") or []
    pos = {mid: i for i, mid in enumerate(mids)}
    rows = []
    for n, side in enumerate(finding_sides(f), 1):
        rows += [_evidence_row(ix, f, f"side {n}", pos.get(mid, len(mids)), mid) for mid in side]
    rows += [_evidence_row(ix, f, "fits more than one side", pos.get(mid, len(mids)), mid)
             for mid in finding_between(f)]
    kind = f.get("type") or ""
    docs = {(ix.mentions.get(m) or {}).get("doc") for m in mids} - {None}
    v, sid = f.get("event"), ix.story_of(f)
    parties = list(dict.fromkeys(ix.parties_of(f)))
    reasons = "".join(f"<li>{esc(r)}</li>" for r in f.get("reasons") or [])
    entities = ((ix.events.get(v) or {}).get("entities") or []) if v else []
    status = (("independent" if f.get("independent") is not False else "no: the same text, republished")
              if kind == "agreement" else "")
    facts = _facts([
        ("kind", f'<span class="badge {css_token(kind)}">{esc(kind)}</span>'),
        ("attribute", esc(f.get("what"))),
        ("event", _event_link(ix, v) if v else '<span class="muted">no aligned event</span>'),
        ("story", f'<a href="{esc(LINKS.story(sid))}">{esc(ix.story_label(sid))}</a>' if sid and sid in ix.stories
         else esc(sid)),
        ("severity", esc(f.get("severity"))),
        ("independent sources", esc(status)),
        ("explanation", esc(f.get("explanation"))),
        ("parties", ", ".join(f'<span class="party">{esc(p)}</span>' for p in parties)),
        ("entities", ", ".join(_entity_link(ix, e) for e in entities)),
        ("aligned because", f'<ul class="reasons">{reasons}</ul>' if reasons
         else '<span class="muted">no reasons recorded</span>'),
        ("confidence", _confidence(f)),
        ("evidence", f"{_count(len(mids), 'statement')} in {_count(len(docs), 'document')}"),
    ])
    body = (f'<h1>{esc(kind.capitalize() or "Finding")} {esc(fid)}: {esc(f.get("what"))}</h1>'
            f'<p class="meta">finding {esc(fid)} · <a href="{esc(LINKS.in_listing(f))}">among the '
            f'{esc(PAGE_OF_TYPE.get(kind, "findings"))}</a></p>'
            f'{facts}<h2>Values by side</h2>'
            + (f'<table id="t-evidence"><thead><tr><th>Side</th><th>Value</th><th>Party</th><th>Document</th>'
               f'<th>Quote</th></tr></thead><tbody>{"".join(rows)}</tbody></table>' if rows else _none("No evidence.")))
    return f"{kind} {fid}".strip(), body
