"""Look-ups over one export dict, built once and shared by the report and the web app's views."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from .dates import interval, stated_interval

FINDING_TYPES = ("conflict", "agreement", "inconsistency")


class Index:
    """The export (CONTRACT.md plus extras) with the maps every view needs.

    Tolerates exports that lack the extras (no `parties`, `independent`, `copies`, `framing`, `timex`).
    """

    def __init__(self, export: dict):
        self.data = export
        self.stale = bool((export.get("analysis") or {}).get("stale"))   # findings older than the documents
        docs = export.get("documents") or []
        self.docs: dict[str, dict] = {d["id"]: d for d in docs}
        self.doc_ids: list[str] = [d["id"] for d in docs]
        self.doc_pos: dict[str, int] = {d: i for i, d in enumerate(self.doc_ids)}
        self.mentions: dict[str, dict] = {m["id"]: m for m in export.get("mentions") or []}
        self.by_doc: dict[str, list[dict]] = defaultdict(list)
        for m in self.mentions.values():
            self.by_doc[m["doc"]].append(m)
        for ms in self.by_doc.values():
            ms.sort(key=lambda m: (m.get("start", 0), -m.get("end", 0)))
        self.entities: dict[str, dict] = {e["id"]: e for e in export.get("entities") or []}
        self.events: dict[str, dict] = {v["id"]: v for v in export.get("events") or []}
        self.event_order: dict[str, int] = {v: i for i, v in enumerate(self.events)}
        self.findings: list[dict] = list(export.get("findings") or [])
        self.finding_by_id: dict[str, dict] = {f["id"]: f for f in self.findings}
        self.by_type: dict[str, list[dict]] = {t: [] for t in FINDING_TYPES}
        self.findings_of_mention: dict[str, list[dict]] = defaultdict(list)
        self.findings_of_doc: dict[str, list[dict]] = defaultdict(list)
        for f in self.findings:
            self.by_type.setdefault(f.get("type", ""), []).append(f)
            seen_docs = set()
            for mid in f.get("mentions") or []:
                self.findings_of_mention[mid].append(f)
                m = self.mentions.get(mid)
                if m and m["doc"] not in seen_docs:
                    seen_docs.add(m["doc"])
                    self.findings_of_doc[m["doc"]].append(f)
        # date intervals per mention: from the timex list when it has first/last, else from the value
        self.timex: dict[str, dict] = {}
        by_span = {(m["doc"], m.get("start"), m.get("end")): m["id"] for m in self.mentions.values()
                   if m.get("kind") == "date"}
        for t in export.get("timex") or []:
            mid = t.get("mention") or by_span.get((t.get("doc"), t.get("start"), t.get("end")))
            if mid:
                self.timex[mid] = t
        self.stories: dict[str, dict] = {s["id"]: s for s in export.get("stories") or []}
        self.story_total = len(self.stories)    # stories in the corpus (more when the export is one page of it)
        self.copies: list[dict] = list(export.get("copies") or [])
        self.copy_pairs: set[frozenset] = {frozenset((c["doc_a"], c["doc_b"])) for c in self.copies}
        fr = export.get("framing") or {}
        self.framing = {"groups": fr.get("groups") or [], "labels": fr.get("labels") or [],
                        "distinctive": fr.get("distinctive") or [], "predicates": fr.get("predicates") or []}
        self.mentions_of_entity: dict[str, list[dict]] = defaultdict(list)
        for m in self.mentions.values():
            if m.get("entity"):
                self.mentions_of_entity[m["entity"]].append(m)
        self.entity_by_name: dict[str, str] = {}
        for e in self.entities.values():
            for name in [e.get("canonical"), *(e.get("aliases") or [])]:
                if isinstance(name, str):
                    self.entity_by_name.setdefault(name.casefold(), e["id"])
        self._interval_cache: dict[str, tuple[date, date] | None] = {}
        self._parties_cache: dict[str, list[str]] = {}
        self._all_parties: list[str] | None = None
        self._copies_of: dict[str, list[str]] | None = None

    @property
    def copies_of(self) -> dict[str, list[str]]:
        """Each document's near-copies (the other document of each copy pair it is in, once each, in order)."""
        if self._copies_of is None:
            out: dict[str, dict[str, None]] = {}
            for c in self.copies:
                out.setdefault(c["doc_a"], {})[c["doc_b"]] = None
                out.setdefault(c["doc_b"], {})[c["doc_a"]] = None
            self._copies_of = {d: list(o) for d, o in out.items()}
        return self._copies_of

    # ------------------------------------------------------------------ small helpers
    def doc_label(self, doc_id: str) -> str:
        d = self.docs.get(doc_id) or {}
        return d.get("title") or d.get("file") or d.get("outlet") or doc_id

    def doc_source(self, doc_id: str) -> str:
        """The outlet when known, else the file or the id: how a source is named in lanes and tables."""
        d = self.docs.get(doc_id) or {}
        return d.get("outlet") or d.get("file") or d.get("title") or doc_id

    def story_of(self, f: dict) -> str | None:
        """The story a finding belongs to: its evidence's documents' story (one story; the first found)."""
        for mid in f.get("mentions") or []:
            sid = (self.docs.get((self.mentions.get(mid) or {}).get("doc")) or {}).get("story")
            if sid:
                return sid
        return None

    def story_label(self, sid: str | None) -> str:
        return (self.stories.get(sid) or {}).get("label") or sid or ""

    def party(self, f: dict, i: int) -> str | None:
        """The attributed party of a finding's i-th evidence mention (None = the document itself)."""
        parties = f.get("parties") or []
        if i < len(parties):
            return parties[i]
        mids = f.get("mentions") or []
        m = self.mentions.get(mids[i]) if 0 <= i < len(mids) else None
        return m.get("attributed_to") if m else None

    def party_name(self, party: str | None, doc_id: str | None) -> str:
        """A lane/filter name for a party: the party itself, or the document's source when it speaks itself."""
        if party:
            return party
        return f"{self.doc_source(doc_id)} (itself)" if doc_id else "(the document itself)"

    def mention_interval(self, mid: str) -> tuple[date, date] | None:
        if mid in self._interval_cache:
            return self._interval_cache[mid]
        m = self.mentions.get(mid)
        iv = None
        if m and m.get("kind") == "date":
            t = self.timex.get(mid) or {}
            iv = stated_interval(t.get("first"), t.get("last"),
                                 m.get("value") if isinstance(m.get("value"), str) else t.get("value"))
        self._interval_cache[mid] = iv
        return iv

    def finding_intervals(self, f: dict) -> list[tuple[date, date]]:
        """The dates a finding is about: its date evidence, else its event's date."""
        out = [iv for mid in f.get("mentions") or [] if (iv := self.mention_interval(mid))]
        if not out:
            v = self.events.get(f.get("event") or "")
            if v and (iv := interval(v.get("date"))):
                out.append(iv)
        return out

    def parties_of(self, f: dict) -> list[str]:
        """Party names of a finding's evidence, the document itself named by its source."""
        key = f.get("id")
        if key in self._parties_cache:
            return self._parties_cache[key]
        out = []
        for i, mid in enumerate(f.get("mentions") or []):
            m = self.mentions.get(mid)
            out.append(self.party_name(self.party(f, i), m["doc"] if m else None))
        self._parties_cache[key] = out
        return out

    def all_parties(self) -> list[str]:
        if self._all_parties is None:
            names = {p for f in self.findings for p in self.parties_of(f)}
            self._all_parties = sorted(names, key=str.casefold)
        return self._all_parties

    def entity_events(self, eid: str) -> list[str]:
        evs = [v["id"] for v in self.events.values() if eid in (v.get("entities") or [])]
        for m in self.mentions_of_entity.get(eid, []):
            if m.get("event") and m["event"] not in evs:
                evs.append(m["event"])
        return evs

    def resolve_doc(self, ref: str) -> str | None:
        """A document id from an id, a file name, an outlet or a title (case-insensitive)."""
        if ref in self.docs:
            return ref
        r = ref.casefold()
        for d in self.docs.values():
            if r in ((d.get("file") or "").casefold(), (d.get("title") or "").casefold()):
                return d["id"]
        return None

    def resolve_entity(self, ref: str) -> str | None:
        if ref in self.entities:
            return ref
        return self.entity_by_name.get(ref.casefold())

    # ------------------------------------------------------------------ filtering
    def filter_findings(self, *, type: str | None = None, doc: str | None = None, party: str | None = None,
                        entity: str | None = None, date_from: date | None = None,
                        date_to: date | None = None) -> list[dict]:
        """Findings of a type, with evidence in a document (id/file/title, or every document of an outlet),
        from a party, about an entity (in the event, evidence or as the party), overlapping a date range."""
        found = self.by_type.get(type, []) if type else self.findings
        if doc:
            one = self.resolve_doc(doc)
            docs = {one} if one else {d["id"] for d in self.docs.values()
                                      if (d.get("outlet") or "").casefold() == doc.casefold()}
            found = [f for f in found if any((self.mentions.get(mid) or {}).get("doc") in docs
                                             for mid in f.get("mentions") or [])]
        if party:
            p = party.casefold()
            found = [f for f in found if any(p == name.casefold() or (name.endswith(" (itself)") and
                                                                     p == name[:-9].casefold())
                                             for name in self.parties_of(f))]
        if entity:
            eid = self.resolve_entity(entity)
            if eid is None:
                return []
            names = {n.casefold() for n in [self.entities[eid].get("canonical"), *self.entities[eid].get("aliases", [])]
                     if isinstance(n, str)}

            def about(f: dict) -> bool:
                v = self.events.get(f.get("event") or "")
                if v and eid in (v.get("entities") or []):
                    return True
                for i, mid in enumerate(f.get("mentions") or []):
                    m = self.mentions.get(mid) or {}
                    if m.get("entity") == eid or (self.party(f, i) or "").casefold() in names:
                        return True
                return False

            found = [f for f in found if about(f)]
        if date_from or date_to:
            lo, hi = date_from or date.min, date_to or date.max
            found = [f for f in found if any(a <= hi and b >= lo for a, b in self.finding_intervals(f))]
        return found
