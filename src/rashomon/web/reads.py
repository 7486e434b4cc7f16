"""What each web page reads from the store: SQL for the rows it shows, then an `Index` over just those rows
(`export.Selection`), so the report's renderers draw them; nothing holds the whole export. A few small
things every listing needs (the party names, the findings' dates, the overview) are kept per version of
the store (its generations in the `state` table, which every write moves on) and dropped when it changes."""
from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from ..export import Selection, build_export
from ..report.dates import interval, stated_interval
from ..report.index import Index
from ..store.queries import IN_JSON, NUMBER, FindingQuery, add_functions, item_number

_DOC_NUMBER = "CAST(substr(doc, 2) AS INTEGER)"
# the events an entity's mentions were aligned to, in the order of each one's first mention
_FIRST_EVENTS = (f"SELECT event FROM (SELECT event, {_DOC_NUMBER} AS d, start, id, row_number() OVER (PARTITION BY "
                 f"event ORDER BY {_DOC_NUMBER}, start, id) AS k FROM mentions WHERE entity = ? AND event IS NOT NULL) "
                 "WHERE k = 1 ORDER BY d, start, id")


class Reader:
    """One request's reads, inside one read transaction (a consistent snapshot)."""

    def __init__(self, store, cache: dict):
        self.store, self.db, self.cache = store, store.db, cache
        self.query = FindingQuery(store.db, cache)

    # ------------------------------------------------------------------ whole-store facts, cached per version
    def cached(self, key: str, compute):
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]

    def stale(self) -> bool:
        return self.cached("stale", self.store.stale)

    def counts(self) -> dict:
        def compute():
            one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
            return {"documents": one("SELECT count(*) FROM documents"), "events": one("SELECT count(*) FROM events"),
                    "entities": one("SELECT count(*) FROM entities"), "mentions": one("SELECT count(*) FROM mentions"),
                    "conflicts": one("SELECT count(*) FROM findings WHERE type = 'conflict'"),
                    "agreements": one("SELECT count(*) FROM findings WHERE type = 'agreement'"),
                    "republished": one("SELECT count(*) FROM findings WHERE type = 'agreement' AND independent = 0"),
                    "inconsistencies": one("SELECT count(*) FROM findings WHERE type = 'inconsistency'"),
                    "stories": one("SELECT count(*) FROM stories")}
        return self.cached("counts", compute)

    def party_names(self) -> list[str]:
        """Every party name a filter accepts, sorted: the named parties and "<source> (itself)"."""
        return self.cached("parties", lambda: sorted(
            {*self.query.parties(), *(f"{s} (itself)" for s in self.query.self_sources())}, key=str.casefold))

    def spans(self) -> dict[str, list[tuple[date, date]]]:
        """Each finding's dates: its date evidence (as `Index.finding_intervals`), else its event's date."""
        def compute():
            out: dict[str, list[tuple[date, date]]] = {}
            for fid, value, first, last in self.db.execute(
                    "SELECT fm.finding, m.value, t.first, t.last FROM finding_mentions fm JOIN mentions m "
                    "ON m.id = fm.mention LEFT JOIN timex t ON t.mention = m.id WHERE m.kind = 'date' "
                    "ORDER BY fm.finding, fm.position"):
                v = json.loads(value) if value else None
                if iv := stated_interval(first, last, v if isinstance(v, str) else None):
                    out.setdefault(fid, []).append(iv)
            for fid, when in self.db.execute("SELECT f.id, v.date FROM findings f JOIN events v ON v.id = f.event"):
                if fid not in out and (iv := interval(when)):
                    out[fid] = [iv]
            return out
        return self.cached("spans", compute)

    def span_arrays(self):
        """`spans` as arrays, to test many findings at once: the place (`FindingQuery.order`) of each interval's
        finding, and each interval's first and last day (day ordinals)."""
        def compute():
            import numpy as np

            place = self.query.order().place
            spans = [(place[fid], a.toordinal(), b.toordinal()) for fid, ivs in self.spans().items() if fid in place
                     for a, b in ivs]
            return tuple(np.array([x[k] for x in spans], dtype=np.int64) for k in range(3))
        return self.cached("span-arrays", compute)

    def dated(self, places, lo: date, hi: date):
        """Those of these findings (places in `FindingQuery.order`, a numpy array) with a date (`spans`)
        overlapping lo..hi."""
        import numpy as np

        place, first, last = self.span_arrays()
        hit = np.zeros(len(self.query.order().ids), dtype=bool)
        hit[place[(first <= hi.toordinal()) & (last >= lo.toordinal())]] = True
        return places[hit[places]]

    def overview(self) -> Index:
        return self.cached("overview-index", self._overview)

    def _overview(self) -> Index:
        """The overview's rows: the first WEB_OVERVIEW_FINDINGS findings (conflicts first) and the dated
        statements of their events, for the timeline, and the most similar copies, by name."""
        from ..settings import WEB_OVERVIEW_COPIES, WEB_OVERVIEW_FINDINGS

        ids = [r[0] for r in self.db.execute(
            f"SELECT id FROM findings ORDER BY type <> 'conflict', {NUMBER} LIMIT ?", (WEB_OVERVIEW_FINDINGS,))]
        events = json.dumps(sorted({r[0] for r in self.db.execute(
            f"SELECT event FROM findings WHERE id {IN_JSON} AND event IS NOT NULL", (json.dumps(ids),))}))
        if len(ids) < WEB_OVERVIEW_FINDINGS:      # all the findings: every dated statement of an event too
            dated = "SELECT id FROM mentions WHERE kind = 'date' AND event IS NOT NULL"
            mentions = [r[0] for r in self.db.execute(dated)]
        else:
            mentions = [r[0] for r in self.db.execute(
                f"SELECT id FROM mentions WHERE kind = 'date' AND event {IN_JSON}", (events,))]
        copies = self.db.execute("SELECT doc_a, doc_b FROM copies ORDER BY similarity DESC LIMIT ?",
                                 (WEB_OVERVIEW_COPIES,)).fetchall()
        return self.index(Selection(findings=ids, mentions=mentions, named=[d for c in copies for d in c]))

    # ------------------------------------------------------------------ findings
    def findings(self, *, date_from: date | None = None, date_to: date | None = None, offset: int = 0,
                 limit: int | None = None, **filters) -> tuple[int, Index, list[dict]]:
        """(how many match, an Index over the page's findings, the page's findings in order)."""
        keep = None
        if date_from or date_to:
            lo, hi = date_from or date.min, date_to or date.max
            keep = lambda places: self.dated(places, lo, hi)  # noqa: E731
        total, ids = self.query.page(offset=offset, limit=limit, keep=keep, **filters)
        ix = self.index(Selection(findings=ids))
        return total, ix, [ix.finding_by_id[i] for i in ids if i in ix.finding_by_id]

    def index(self, select: Selection) -> Index:
        ix = Index(build_export(self.store, select))
        ix.story_total = self.counts()["stories"]
        return ix

    def finding_ids_of_docs(self, docs: list[str]) -> list[str]:
        return sorted((r[0] for r in self.db.execute(
            f"SELECT DISTINCT finding FROM finding_mentions WHERE mention IN (SELECT id FROM mentions WHERE doc {IN_JSON})",
            (json.dumps(docs),))), key=item_number)

    # ------------------------------------------------------------------ documents
    def document_rows(self, offset: int, limit: int) -> tuple[int, list[dict]]:
        """A page of documents (no text), each with its length and how many statements and findings it has."""
        total = self.db.execute("SELECT count(*) FROM documents").fetchone()[0]
        rows = [dict(r) for r in self.db.execute(
            "SELECT id, file, title, outlet, published, author, url, grp AS \"group\", story, length(text) AS length, "
            "failed FROM documents ORDER BY rowid LIMIT ? OFFSET ?", (limit, offset))]
        ids = json.dumps([r["id"] for r in rows])
        mentions = dict(self.db.execute(f"SELECT doc, count(*) FROM mentions WHERE doc {IN_JSON} GROUP BY doc", (ids,)))
        findings = dict(self.db.execute(
            f"SELECT m.doc, count(DISTINCT fm.finding) FROM mentions m JOIN finding_mentions fm ON fm.mention = m.id "
            f"WHERE m.doc {IN_JSON} GROUP BY m.doc", (ids,)))
        for r in rows:
            r["mentions"], r["findings"] = mentions.get(r["id"], 0), findings.get(r["id"], 0)
        return total, rows

    def document_options(self, most: int) -> list[tuple[str, str]] | None:
        """(id, label) of every document when there are at most `most`, else None."""
        def compute():
            if self.counts()["documents"] > most:
                return None
            return [(r[0], r[1] or r[2] or r[3] or r[0]) for r in self.db.execute(
                "SELECT id, title, file, outlet FROM documents ORDER BY rowid")]
        return self.cached(f"doc-options-{most}", compute)

    def entity_options(self, most: int) -> list[tuple[str, str]] | None:
        def compute():
            if self.counts()["entities"] > most:
                return None
            rows = [(r[0], r[1] or r[0]) for r in self.db.execute("SELECT id, canonical FROM entities")]
            return sorted(rows, key=lambda r: str(r[1]).casefold())
        return self.cached(f"entity-options-{most}", compute)

    # ------------------------------------------------------------------ stories, entities, events
    def story_page(self, offset: int, limit: int, docs_shown: int | None = None) -> tuple[int, Index, dict]:
        """A page of stories (the first `docs_shown` documents of each by name) and each one's findings by type."""
        ids = [r[0] for r in self.db.execute(f"SELECT id FROM stories ORDER BY {NUMBER} LIMIT ? OFFSET ?",
                                             (limit, offset))]
        docs = [r[0] for r in self.db.execute(
            f"SELECT doc FROM story_documents WHERE story {IN_JSON} AND position < ?",
            (json.dumps(ids), 10**9 if docs_shown is None else docs_shown))]
        ix = self.index(Selection(stories=ids, named=docs))
        n_of = {(sid, kind): n for sid, kind, n in self.db.execute(
            f"SELECT story, type, count(*) FROM findings WHERE story {IN_JSON} GROUP BY story, type", (json.dumps(ids),))}
        return self.counts()["stories"], ix, n_of

    def story(self, sid: str) -> Index | None:
        if not self.db.execute("SELECT 1 FROM stories WHERE id = ?", (sid,)).fetchone():
            return None
        docs = [r[0] for r in self.db.execute("SELECT doc FROM story_documents WHERE story = ? ORDER BY position",
                                              (sid,))]
        findings = sorted((r[0] for r in self.db.execute("SELECT id FROM findings WHERE story = ?", (sid,))),
                          key=item_number)
        return self.index(Selection(stories=[sid], documents=docs, findings=findings))

    def entity(self, eid: str, shown_docs: int, shown_findings: int) -> tuple[Index, dict] | None:
        """An Index for an entity's page: its mentions in the first `shown_docs` documents that name it, its
        first `shown_findings` findings, its events, what the documents call it; and the totals."""
        if not self.db.execute("SELECT 1 FROM entities WHERE id = ?", (eid,)).fetchone():
            return None
        n_docs = self.db.execute("SELECT count(DISTINCT doc) FROM mentions INDEXED BY mentions_entity "
                                 "WHERE entity = ?", (eid,)).fetchone()[0]
        shown = json.dumps([r[0] for r in self.db.execute(
            "SELECT DISTINCT doc FROM mentions INDEXED BY mentions_entity WHERE entity = ? "
            f"ORDER BY {_DOC_NUMBER} LIMIT ?", (eid, shown_docs))])
        mids = [r[0] for r in self.db.execute(
            f"SELECT id FROM mentions INDEXED BY mentions_entity WHERE entity = ? AND doc {IN_JSON}", (eid, shown))]
        n_mentions = self.db.execute("SELECT count(*) FROM mentions WHERE entity = ?", (eid,)).fetchone()[0]
        n_findings, fids = self.query.page(entity=eid, limit=shown_findings)
        labels = self.cached("labels-of-entity", self.labels_of_entity).get(eid, [])
        events = self.entity_events(eid)
        label_mentions = [lab["mention"] for lab in labels if lab.get("mention")]
        ix = self.index(Selection(entities=[eid], mentions=mids + label_mentions, findings=fids, events=events,
                                  texts=[lab.get("doc") for lab in labels if lab.get("doc")]))
        ix.framing["labels"] = labels
        return ix, {"mentions": n_mentions, "documents": n_docs, "findings": n_findings, "events": events,
                    "findings_shown": [ix.finding_by_id[f] for f in fids if f in ix.finding_by_id]}

    def labels_of_entity(self) -> dict[str, list[dict]]:
        """The framing's labels by entity."""
        fr = self.store.framing()
        out: dict[str, list[dict]] = {}
        for lab in (fr.labels if fr else []):
            out.setdefault(lab.get("entity"), []).append(lab)
        return out

    def entity_rows(self, offset: int, limit: int, shown: int) -> tuple[int, list[dict]]:
        """A page of entities, most mentioned first: name, type, aliases, how many mentions, documents and
        events, and the first `shown` documents (with how often each names it) and events. Kept while the
        store does not change: an entity named in every document costs a scan of its mentions."""
        return self.cached(f"entity-rows-{offset}-{limit}-{shown}", lambda: self._entity_rows(offset, limit, shown))

    def _entity_rows(self, offset: int, limit: int, shown: int) -> tuple[int, list[dict]]:
        total = self.counts()["entities"]
        rows = [dict(r) for r in self.db.execute(
            "SELECT e.id, e.canonical, e.type, (SELECT count(*) FROM mentions m WHERE m.entity = e.id) AS n "
            "FROM entities e ORDER BY n DESC, casefold(e.canonical) LIMIT ? OFFSET ?", (limit, offset))]
        for r in rows:
            r["aliases"] = [a for (a,) in self.db.execute(
                "SELECT alias FROM entity_aliases WHERE entity = ? ORDER BY position", (r["id"],))]
            r["n_docs"] = self.db.execute("SELECT count(DISTINCT doc) FROM mentions INDEXED BY mentions_entity "
                                          "WHERE entity = ?", (r["id"],)).fetchone()[0]
            r["docs"] = [tuple(x) for x in self.db.execute(
                "SELECT doc, count(*) FROM mentions INDEXED BY mentions_entity WHERE entity = ? GROUP BY doc "
                f"ORDER BY {_DOC_NUMBER} LIMIT ?", (r["id"], shown))]
            r["n_events"], r["events"] = self.entity_event_count(r["id"], shown)
        return total, rows

    def entity_events(self, eid: str) -> list[str]:
        """As `Index.entity_events`: the events it takes part in, then those its mentions were aligned to."""
        out = dict.fromkeys(sorted((x[0] for x in self.db.execute(
            "SELECT DISTINCT event FROM event_entities WHERE entity = ?", (eid,))), key=item_number))
        out.update(dict.fromkeys(x[0] for x in self.db.execute(_FIRST_EVENTS, (eid,))))
        return list(out)

    def entity_event_count(self, eid: str, first: int) -> tuple[int, list[str]]:
        """(how many events the entity takes part in or its mentions were aligned to, the first `first` of
        them in number order)."""
        out = sorted({x[0] for x in self.db.execute(
            "SELECT event FROM event_entities WHERE entity = ? UNION SELECT DISTINCT event FROM mentions "
            "INDEXED BY mentions_entity WHERE entity = ? AND event IS NOT NULL", (eid, eid))}, key=item_number)
        return len(out), out[:first]

    def entity_api(self, offset: int, limit: int) -> tuple[int, list[dict]]:
        """A page of entities in number order as the API gives them: with their documents and events."""
        ids = [x[0] for x in self.db.execute(f"SELECT id FROM entities ORDER BY {NUMBER} LIMIT ? OFFSET ?",
                                             (limit, offset))]
        out = []
        for e in build_export(self.store, Selection(entities=ids))["entities"]:
            e["mentions"] = [x[0] for x in self.db.execute(
                "SELECT mention FROM entity_mentions WHERE entity = ? ORDER BY position", (e["id"],))]
            docs = sorted((x[0] for x in self.db.execute(
                "SELECT DISTINCT doc FROM mentions INDEXED BY mentions_entity WHERE entity = ?", (e["id"],))), key=item_number)
            out.append({**e, "documents": docs, "events": self.entity_events(e["id"])})
        return self.counts()["entities"], out

    def event_api(self, offset: int, limit: int) -> tuple[int, list[dict]]:
        """A page of events in number order as the API gives them: with their documents and findings."""
        ids = [x[0] for x in self.db.execute(f"SELECT id FROM events ORDER BY {NUMBER} LIMIT ? OFFSET ?",
                                             (limit, offset))]
        out = []
        for v in build_export(self.store, Selection(events=ids))["events"]:
            if v["id"] not in ids:
                continue
            v["mentions"] = [x[0] for x in self.db.execute(
                "SELECT mention FROM event_mentions WHERE event = ? ORDER BY position", (v["id"],))]
            docs = sorted((x[0] for x in self.db.execute("SELECT DISTINCT doc FROM mentions WHERE event = ?",
                                                          (v["id"],))), key=item_number)
            fs = sorted((x[0] for x in self.db.execute("SELECT id FROM findings WHERE event = ?", (v["id"],))),
                        key=item_number)
            out.append({**v, "documents": docs, "findings": fs})
        return self.counts()["events"], out

    def labels(self, events: list[str], docs: list[str]) -> dict:
        """Names to show: {"docs": id -> label, "events": id -> (label, date)} for these ids."""
        d = {r[0]: r[1] or r[2] or r[3] or r[0] for r in self.db.execute(
            f"SELECT id, title, file, outlet FROM documents WHERE id {IN_JSON}", (json.dumps(docs),))}
        v = {r[0]: (r[1], r[2]) for r in self.db.execute(
            f"SELECT id, label, date FROM events WHERE id {IN_JSON}", (json.dumps(events),))}
        return {"docs": d, "events": v}

    def event_rows(self, offset: int, limit: int) -> tuple[int, list[dict]]:
        """A page of events in number order: label, date, entities, statements, documents, findings."""
        total = self.counts()["events"]
        rows = [dict(r) for r in self.db.execute(
            f"SELECT id, label, date, predicate FROM events ORDER BY {NUMBER} LIMIT ? OFFSET ?", (limit, offset))]
        ids = json.dumps([r["id"] for r in rows])
        entities: dict[str, list] = {}
        for v, e, name in self.db.execute(
                "SELECT ee.event, ee.entity, e.canonical FROM event_entities ee LEFT JOIN entities e ON e.id = ee.entity "
                f"WHERE ee.event {IN_JSON} ORDER BY ee.event, ee.position", (ids,)):
            entities.setdefault(v, []).append((e, name))
        counts = {v: (n, d) for v, n, d in self.db.execute(
            f"SELECT event, count(*), count(DISTINCT doc) FROM mentions WHERE event {IN_JSON} GROUP BY event", (ids,))}
        findings: dict[str, list] = {}
        for fid, kind, v in self.db.execute(f"SELECT id, type, event FROM findings WHERE event {IN_JSON}", (ids,)):
            findings.setdefault(v, []).append((fid, kind))
        for r in rows:
            r["entities"] = entities.get(r["id"], [])
            r["statements"], r["documents"] = counts.get(r["id"], (0, 0))
            r["findings"] = sorted(findings.get(r["id"], []), key=lambda x: item_number(x[0]))
        return total, rows


class Reads:
    """Read connections, one per thread (SQLite in WAL mode lets readers run side by side), and the cache
    shared by them, dropped when the store's version changes; `with reads.open() as r:` for one request."""

    def __init__(self, path: str):
        self.path = path
        self.lock = threading.Lock()          # guards the connection list and the cache's version
        self._local = threading.local()
        self._stores: list = []
        self._version = None
        self._cache: dict = {}

    def _store(self):
        store = getattr(self._local, "store", None)
        if store is None:
            from ..store import Store

            store = Store(self.path)
            add_functions(store.db)
            self._local.store = store
            with self.lock:
                self._stores.append(store)
        return store

    @contextmanager
    def open(self) -> Iterator[Reader]:
        store = self._store()
        db = store.db
        db.execute("BEGIN")
        try:
            version = tuple(tuple(r) for r in db.execute("SELECT key, value FROM state ORDER BY key"))
            with self.lock:
                if version != self._version:
                    self._version, self._cache = version, {}
                cache = self._cache
            yield Reader(store, cache)
        finally:
            db.commit()

    def close(self) -> None:
        with self.lock:
            for store in self._stores:
                store.close()
            self._stores.clear()
