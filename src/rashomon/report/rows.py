"""The report's long tables and lists as compact data, for report.js to build a page of rows at a time.

At thousands of documents the finding tables, the entity dossiers and the framing tables written out as HTML
are most of the report (each quote repeats a sentence of a document whose text the page already holds). With
`RowData` passed to their renderers (`render_findings(..., data=rows)` and so on) they write only an empty
table or list, and the rows go here: each document, event, story and mention once, indexed by position; a
quote as offsets into its document's text (the page's "rashomon-docs" block), not the sentence itself; every
other repeated string once, in `strings`. report.js builds the DOM of the rows shown (elements and
textContent only), as the server-side renderers would write them.

The JSON (`RowData.json()`):

- `strings`: every interned string; position 0 is "" (what a missing value is).
- `docs`: `[id, label, meta]` (meta: outlet · published).
- `events`: `[id, label, date]`; `stories`: `[id, label]`; `findings`: `[id, type]` (type as a CSS token).
- `mentions`: `[doc, id, kind, qualifier, value, predicate, s, length, before, after, cut]`: kind the CSS
  token of its kind; `id` the part after the document's id ("d1.t1" of "d1" is ".t1"), or `[id]` when it
  does not start with it; its quote is the document's text[s - before:s] + a mark of text[s:s + length] +
  the `after` characters that follow (UTF-16 offsets), with "…" before when `cut & 1` and after when
  `cut & 2` (no `cut`: 0).
- `lists`: list id -> `{"kind": ..., "rows": [...]}`, a row of each kind as `html.py`'s renderer writes it:
  - "findings": `[id, class, status, event, story, what, explanation, reasons, confidence, mentions, grouped,
    sides, between]`: `status` the severity (a string) or, in the agreements' table, 1 when republished;
    `event`/`story` a position or -1; `mentions` positions (or a string: an id not in the export); `sides`
    `[documents, qualifier, value, cards]` (documents -1 without groups); a card `[mention, party, copied]`
    (party 0: the document itself) or `[id]` for a mention not in the export; `between` cards or 0.
  - "dossiers": `[id, canonical, type, mentions, aliases, [[doc, n]...], [event...], [[label, [doc...]]...]]`.
  - "labels": `[entity id, name, [[label, kind, [doc...], quote]...]]`: quote a mention's position, or a
    string (the label's own quote, -1 when none).
  - "predicates": `[event label, word, [[doc, mention or -1, outlet]...]]`.
  - "groups": `[name, documents, [doc...] (the first 50), [[word, z]...]]`; "distinctive": `[group, word, z]`.
  - "stories": `[story, label, [term...], [doc...], [conflicts, agreements]]`.
  - "events": `[event, [[entity id, name]...], statements, documents, [finding...]]`.
  - "documents": `[doc, statements, [[type, n]...], [[key, value]...], story, url, [copy doc...],
    [finding...]]` (`html.document_row`; url 0 when none).

- `timeline`, `timeline_marks`: the timeline's views (see `timeline.render_timeline`).

Strings are positions in `strings` unless said otherwise (ids, labels and names of one thing are inline).
"""
from __future__ import annotations

from ..quotes import sentence_bounds
from .index import Index
from .util import css_token, fmt_value, utf16_offsets


class RowData:
    """Collects the rows of the report's data-built tables and lists (see the module's docstring)."""

    def __init__(self, ix: Index):
        self.ix = ix
        self.strings: dict[str, int] = {"": 0}
        self._docs: dict[str, int] = {}
        self.docs: list[list] = []
        self._events: dict[str, int] = {}
        self.events: list[list] = []
        self._stories: dict[str, int] = {}
        self.stories: list[list] = []
        self._mentions: dict[str, int] = {}
        self.mentions: list[list] = []
        self._findings: dict[str, int] = {}
        self.findings: list[list] = []
        self.lists: dict[str, dict] = {}
        self.timeline: dict | None = None          # see timeline.render_timeline
        self.timeline_marks: list[list] = []
        self._u16: dict[str, list[int] | None] = {}

    # ------------------------------------------------------------------ tables of things
    def s(self, value) -> int:
        """A string's position in `strings` (None and "" are 0)."""
        if value is None:
            return 0
        value = str(value)
        return self.strings.setdefault(value, len(self.strings))

    def doc(self, doc_id: str) -> int:
        if doc_id not in self._docs:
            d = self.ix.docs.get(doc_id) or {}
            self._docs[doc_id] = len(self.docs)
            self.docs.append([doc_id, self.ix.doc_label(doc_id),
                              " · ".join(x for x in (d.get("outlet"), d.get("published")) if x)])
        return self._docs[doc_id]

    def event(self, vid: str | None) -> int:
        v = self.ix.events.get(vid or "")
        if not v:
            return -1
        if vid not in self._events:
            self._events[vid] = len(self.events)
            self.events.append([v["id"], str(v.get("label") or v["id"]), str(v.get("date") or "")])
        return self._events[vid]

    def story(self, sid: str | None) -> int:
        if not sid or not self.ix.stories:
            return -1
        if sid not in self._stories:
            self._stories[sid] = len(self.stories)
            self.stories.append([sid, self.ix.story_label(sid)])
        return self._stories[sid]

    def finding(self, f: dict) -> int:
        fid = str(f["id"])
        if fid not in self._findings:
            self._findings[fid] = len(self.findings)
            self.findings.append([fid, self.s(css_token(f.get("type")))])
        return self._findings[fid]

    def mention(self, mid: str) -> int | str:
        """A mention's position (its quote's offsets with it), or its id when it is not in the export."""
        if mid in self._mentions:
            return self._mentions[mid]
        m = self.ix.mentions.get(mid)
        if not m:
            return mid
        doc_id = m["doc"]
        text = (self.ix.docs.get(doc_id) or {}).get("text") or ""
        n = len(text)
        s, e = max(0, min(m.get("start") or 0, n)), max(0, min(m.get("end") or 0, n))
        if e < s:
            s, e = e, s
        a, b, cut_a, cut_b = sentence_bounds(text, s, e, 320)
        b = e + len(text[e:b].rstrip())
        if doc_id not in self._u16:
            self._u16[doc_id] = utf16_offsets(text)
        u16 = self._u16[doc_id]
        if u16:
            a, s, e, b = u16[a], u16[s], u16[e], u16[b]
        ident = mid[len(doc_id):] if mid.startswith(doc_id + ".") else [mid]
        self._mentions[mid] = len(self.mentions)
        row = [self.doc(doc_id), ident, self.s(css_token(m.get("kind"))), self.s(m.get("qualifier")),
               self.s(fmt_value(m)), self.s(m.get("predicate")), s, e - s, s - a, b - e]
        if cut_a or cut_b:
            row.append((1 if cut_a else 0) | (2 if cut_b else 0))
        self.mentions.append(row)
        return self._mentions[mid]

    # ------------------------------------------------------------------ lists
    def add(self, list_id: str, kind: str, rows: list) -> None:
        self.lists[list_id] = {"kind": kind, "rows": rows}

    def finding_rows(self, findings: list[dict], kind: str) -> list[list]:
        ix = self.ix
        out = []
        for f in findings:
            mids = f.get("mentions") or []
            if kind == "agreement":
                status: int | str = 1 if f.get("independent") is False else 0
            else:
                status = self.s(f.get("severity"))
            cls = self.s(f"finding {css_token(f.get('type'))} sev-{css_token(f.get('severity'))}")

            def card(i: int, mid: str) -> list:
                m = ix.mentions.get(mid)
                if not m:
                    return [mid]
                others = {(ix.mentions.get(o) or {}).get("doc") for o in mids if o != mid}
                copied = any(frozenset((m["doc"], o)) in ix.copy_pairs for o in others if o and o != m["doc"])
                return [self.mention(mid), self.s(ix.party(f, i)), 1 if copied else 0]

            pos = {mid: i for i, mid in enumerate(mids)}
            grouped = bool(f.get("groups"))
            if not grouped:
                sides = [[-1, 0, 0, [card(i, mid) for i, mid in enumerate(mids)]]]
                between = 0
            else:
                from ..export.tables import finding_between, finding_sides
                sides = []
                for side in finding_sides(f):
                    first = ix.mentions.get(side[0]) or {}
                    docs = {(ix.mentions.get(mid) or {}).get("doc") for mid in side} - {None}
                    sides.append([len(docs), self.s(first.get("qualifier")), self.s(fmt_value(first)),
                                  [card(pos.get(mid, len(mids)), mid) for mid in side]])
                btw = finding_between(f)
                between = [card(pos.get(mid, len(mids)), mid) for mid in btw] if btw else 0
            reasons = [self.s(r) for r in f.get("reasons") or []]
            conf = self.s(f"{_num(f.get('confidence', 1)):.2f}") if reasons else 0
            out.append([str(f["id"]), cls, status, self.event(f.get("event")), self.story(ix.story_of(f)),
                        self.s(f.get("what")), self.s(f.get("explanation")), reasons, conf,
                        [self.mention(mid) for mid in mids], 1 if grouped else 0, sides, between])
        return out

    def json(self) -> dict:
        return {"strings": list(self.strings), "docs": self.docs, "events": self.events, "stories": self.stories,
                "mentions": self.mentions, "findings": self.findings,
                "lists": self.lists, "timeline": self.timeline, "timeline_marks": self.timeline_marks}


def _num(x) -> float:
    try:
        return float(x or 0)
    except (TypeError, ValueError):
        return 0.0
