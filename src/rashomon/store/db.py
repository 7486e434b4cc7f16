"""The embedded SQLite store: a documented schema (WAL, FTS5) with a version number and forward migrations.

A user can open the file with any SQLite tool; `docs/ARCHITECTURE.md` and the README describe the tables.
"""
from __future__ import annotations

import json
import sqlite3
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..models import CopyRelation, Document, Entity, Event, Finding, Framing, Mention, ResultPart, Sentence, Story

# Each entry migrates the schema from version i to i + 1. Never edit a released entry: append one.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE documents (
        rowid INTEGER PRIMARY KEY,
        id TEXT UNIQUE,
        file TEXT, path TEXT, title TEXT, outlet TEXT, author TEXT, url TEXT, published TEXT,
        grp TEXT,
        content_hash TEXT NOT NULL UNIQUE,
        text TEXT NOT NULL,
        ingested_at TEXT DEFAULT CURRENT_TIMESTAMP,
        analyzed INTEGER NOT NULL DEFAULT 0,
        parse BLOB
    );
    CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='rowid');
    CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    END;
    CREATE TABLE sentences (doc TEXT NOT NULL, idx INTEGER NOT NULL, start INTEGER, "end" INTEGER,
                            PRIMARY KEY (doc, idx));
    CREATE TABLE mentions (
        id TEXT PRIMARY KEY, doc TEXT NOT NULL, start INTEGER, "end" INTEGER, text TEXT,
        kind TEXT, label TEXT, sentence INTEGER, value TEXT, qualifier TEXT, counted TEXT,
        predicate TEXT, party TEXT, attributed_to TEXT, entity TEXT, event TEXT
    );
    CREATE INDEX mentions_doc ON mentions(doc);
    CREATE TABLE timex (
        mention TEXT PRIMARY KEY, doc TEXT NOT NULL, value TEXT, first TEXT, last TEXT,
        qualifier TEXT, anchor TEXT, type TEXT, weekday TEXT
    );
    CREATE TABLE entities (id TEXT PRIMARY KEY, canonical TEXT, type TEXT, aliases TEXT, mentions TEXT);
    CREATE TABLE events (id TEXT PRIMARY KEY, label TEXT, date TEXT, entities TEXT, predicate TEXT,
                         mentions TEXT);
    CREATE TABLE findings (id TEXT PRIMARY KEY, type TEXT, event TEXT, what TEXT, mentions TEXT,
                           severity TEXT, explanation TEXT, parties TEXT, independent INTEGER,
                           confidence REAL);
    CREATE TABLE copies (doc_a TEXT, doc_b TEXT, similarity REAL, start_a INTEGER, end_a INTEGER,
                         start_b INTEGER, end_b INTEGER);
    CREATE TABLE framing (id INTEGER PRIMARY KEY CHECK (id = 1), data TEXT);
    """,
    # 2: one finding per dispute (its sides and the reasons it was aligned); stories
    """
    ALTER TABLE findings ADD COLUMN groups TEXT;
    ALTER TABLE findings ADD COLUMN reasons TEXT;
    ALTER TABLE documents ADD COLUMN story TEXT;
    CREATE TABLE stories (id TEXT PRIMARY KEY, label TEXT, documents TEXT, terms TEXT);
    """,
    # 3: the encoding a document was read in; why a document could not be analysed; the store's
    # generations (documents changed / corpus results computed) to tell stale results
    """
    ALTER TABLE documents ADD COLUMN encoding TEXT;
    ALTER TABLE documents ADD COLUMN failed TEXT;
    CREATE TABLE state (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
    INSERT INTO state VALUES ('documents_generation', 0), ('corpus_generation', 0);
    """,
    # 4: each story's corpus-stage results, under the key of what they were computed from, so an analysis
    # computes again only the stories whose documents changed (story_stages.py)
    """
    CREATE TABLE story_results (key TEXT PRIMARY KEY, data TEXT NOT NULL);
    """,
    # 5: lists held as JSON text become tables, so any SQLite tool can join them: which findings quote a
    # mention, which events a document's statements joined, every alias of an entity
    """
    CREATE TABLE finding_mentions (finding TEXT NOT NULL, position INTEGER NOT NULL, mention TEXT NOT NULL,
                                   party TEXT, PRIMARY KEY (finding, position));
    CREATE INDEX finding_mentions_mention ON finding_mentions(mention);
    CREATE TABLE finding_sides (finding TEXT NOT NULL, side INTEGER NOT NULL, position INTEGER NOT NULL,
                                mention TEXT NOT NULL, PRIMARY KEY (finding, side, position));
    CREATE TABLE finding_reasons (finding TEXT NOT NULL, position INTEGER NOT NULL, reason TEXT NOT NULL,
                                  PRIMARY KEY (finding, position));
    CREATE TABLE event_mentions (event TEXT NOT NULL, position INTEGER NOT NULL, mention TEXT NOT NULL,
                                 PRIMARY KEY (event, position));
    CREATE INDEX event_mentions_mention ON event_mentions(mention);
    CREATE TABLE event_entities (event TEXT NOT NULL, position INTEGER NOT NULL, entity TEXT NOT NULL,
                                 PRIMARY KEY (event, position));
    CREATE TABLE entity_aliases (entity TEXT NOT NULL, position INTEGER NOT NULL, alias TEXT NOT NULL,
                                 PRIMARY KEY (entity, position));
    CREATE TABLE entity_mentions (entity TEXT NOT NULL, position INTEGER NOT NULL, mention TEXT NOT NULL,
                                  PRIMARY KEY (entity, position));
    CREATE TABLE story_documents (story TEXT NOT NULL, position INTEGER NOT NULL, doc TEXT NOT NULL,
                                  PRIMARY KEY (story, position));
    CREATE TABLE story_terms (story TEXT NOT NULL, position INTEGER NOT NULL, term TEXT NOT NULL,
                              PRIMARY KEY (story, position));
    INSERT INTO finding_mentions SELECT f.id, m.key, m.value, p.value
        FROM findings f, json_each(f.mentions) m LEFT JOIN json_each(f.parties) p ON p.key = m.key;
    INSERT INTO finding_sides SELECT f.id, g.key, m.key, m.value
        FROM findings f, json_each(coalesce(f.groups, '[]')) g, json_each(g.value) m;
    INSERT INTO finding_reasons SELECT f.id, r.key, r.value FROM findings f, json_each(coalesce(f.reasons, '[]')) r;
    INSERT INTO event_mentions SELECT v.id, m.key, m.value FROM events v, json_each(v.mentions) m;
    INSERT INTO event_entities SELECT v.id, e.key, e.value FROM events v, json_each(v.entities) e;
    INSERT INTO entity_aliases SELECT e.id, a.key, a.value FROM entities e, json_each(e.aliases) a;
    INSERT INTO entity_mentions SELECT e.id, m.key, m.value FROM entities e, json_each(e.mentions) m;
    INSERT INTO story_documents SELECT s.id, d.key, d.value FROM stories s, json_each(s.documents) d;
    INSERT INTO story_terms SELECT s.id, t.key, t.value FROM stories s, json_each(s.terms) t;
    ALTER TABLE findings DROP COLUMN mentions;
    ALTER TABLE findings DROP COLUMN parties;
    ALTER TABLE findings DROP COLUMN groups;
    ALTER TABLE findings DROP COLUMN reasons;
    ALTER TABLE events DROP COLUMN mentions;
    ALTER TABLE events DROP COLUMN entities;
    ALTER TABLE entities DROP COLUMN aliases;
    ALTER TABLE entities DROP COLUMN mentions;
    ALTER TABLE stories DROP COLUMN documents;
    ALTER TABLE stories DROP COLUMN terms;
    """,
    # 6: a mention's kind and value as extracted, apart from those resolution sets (as `party` is apart from
    # `attributed_to`), so the next analysis starts from what extraction found (older stores: the resolved
    # ones, all that is left); for reading one page at a time (the web app's SQL per request): each finding's story (that of the
    # first of its statements' documents that has one), and indexes: findings in their number order within
    # a type, the findings quoting a party, the statements of an entity or an event
    """
    ALTER TABLE mentions ADD COLUMN extracted_kind TEXT;
    ALTER TABLE mentions ADD COLUMN extracted_value TEXT;
    UPDATE mentions SET extracted_kind = kind, extracted_value = value;
    ALTER TABLE findings ADD COLUMN story TEXT;
    UPDATE findings SET story = (SELECT d.story FROM finding_mentions fm JOIN mentions m ON m.id = fm.mention
        JOIN documents d ON d.id = m.doc WHERE fm.finding = findings.id AND d.story IS NOT NULL
        ORDER BY fm.position LIMIT 1);
    CREATE INDEX findings_story ON findings(story, type);
    CREATE INDEX findings_type_number ON findings(type, CAST(substr(id, 2) AS INTEGER));
    CREATE INDEX findings_number ON findings(CAST(substr(id, 2) AS INTEGER));
    CREATE INDEX findings_event ON findings(event);
    CREATE INDEX finding_mentions_party ON finding_mentions(party);
    CREATE INDEX mentions_entity ON mentions(entity, doc, start, event);
    CREATE INDEX mentions_event ON mentions(event, doc);
    CREATE INDEX event_entities_entity ON event_entities(entity);
    CREATE INDEX entity_aliases_alias ON entity_aliases(alias);
    CREATE INDEX story_documents_doc ON story_documents(doc);
    CREATE INDEX documents_story ON documents(story);
    """,
    # 7: the terms each document is clustered into stories on (align/stories.py `document_terms`), kept
    # under the fingerprint of the code that computed them: a document's text and extracted mentions never
    # change once extracted, so adding a document computes only its own terms (re-extracting or removing a
    # document drops its row)
    """
    CREATE TABLE document_terms (doc TEXT PRIMARY KEY, code TEXT NOT NULL, terms TEXT NOT NULL);
    """,
    # 8: the corpus results kept story by story (models.ResultPart): which part each entity, event and
    # finding came from, under a digest of what the part's rows are made from, so an analysis rewrites
    # only the stories that changed; each part's framing labels and predicates (the groups and their
    # distinctive words stay in `framing`); a story's results apart from their detail
    # (story_stages.DETAIL: read only for the stories written again; NULL: `data` holds everything)
    """
    CREATE TABLE result_parts (family TEXT NOT NULL, part TEXT NOT NULL, id TEXT);   -- id NULL: a part with none
    CREATE INDEX result_parts_part ON result_parts(family, part);
    CREATE TABLE framing_parts (part TEXT PRIMARY KEY, story TEXT NOT NULL, labels BLOB NOT NULL,
                                predicates BLOB NOT NULL);
    ALTER TABLE story_results ADD COLUMN detail BLOB;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


class Store:
    """A rashomon database file. Use as a context manager or call `close()`."""

    def __init__(self, path: str | Path = "rashomon.db"):
        self.path = str(path)
        self.db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.migrate()

    # ------------------------------------------------------------------ lifecycle
    def migrate(self) -> None:
        """Apply the migrations this file has not seen yet, each in its own transaction."""
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise RuntimeError(f"{self.path}: schema version {version} is newer than this rashomon ({SCHEMA_VERSION})")
        for i in range(version, SCHEMA_VERSION):
            with self.transaction():
                self.db.executescript("BEGIN;" + MIGRATIONS[i] + f";PRAGMA user_version={i + 1};COMMIT;")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All-or-nothing writes: a failure leaves what was stored before untouched."""
        try:
            yield self.db
            if self.db.in_transaction:
                self.db.commit()
        except BaseException:
            if self.db.in_transaction:
                self.db.rollback()
            raise

    # ------------------------------------------------------------------ documents
    def add_document(self, doc: Document) -> str | None:
        """Store a document; returns its new id, or None when identical content is already stored."""
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM documents WHERE content_hash = ?", (doc.content_hash,)).fetchone():
                return None
            cur = db.execute(
                "INSERT INTO documents (file, path, title, outlet, author, url, published, grp, content_hash, text,"
                " encoding) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (doc.file, doc.path, doc.title, doc.outlet, doc.author, doc.url, doc.published, doc.group,
                 doc.content_hash, doc.text, doc.encoding),
            )
            doc_id = f"d{cur.lastrowid}"
            db.execute("UPDATE documents SET id = ? WHERE rowid = ?", (doc_id, cur.lastrowid))
            _changed(db)
        doc.id = doc_id
        return doc_id

    def documents(self, *, analyzed: bool | None = None, pending: bool = False,
                  ids: list[str] | None = None, text: bool = True) -> list[Document]:
        """Every document, or those analysed (or not); `pending`: not analysed and not failed before;
        `ids`: only these; `text=False`: without their text (an empty string), for listings."""
        sql, args = ("SELECT *" if text else f"SELECT {_NO_TEXT}") + " FROM documents", ()
        if pending:
            sql += " WHERE analyzed = 0 AND failed IS NULL"
        elif analyzed is not None:
            sql += f" WHERE analyzed = {int(analyzed)}"
        elif ids is not None:
            sql, args = sql + f" WHERE {_IN % 'id'}", (json.dumps(list(ids)),)
        return [_document(r) for r in self.db.execute(sql + " ORDER BY rowid", args)]

    def mark_failed(self, doc_id: str, reason: str) -> None:
        """Record why a document could not be analysed; later analyses skip it (remove it, or fix and
        ingest it again)."""
        with self.transaction() as db:
            db.execute("UPDATE documents SET failed = ? WHERE id = ?", (reason, doc_id))
            _changed(db)

    def remove_documents(self, doc_ids: list[str]) -> list[str]:
        """Remove documents and everything extracted from them, in one transaction; returns the ids that
        were stored. The corpus results are out of date until the next analyze."""
        with self.transaction() as db:
            found = [d for d in doc_ids if db.execute("SELECT 1 FROM documents WHERE id = ?", (d,)).fetchone()]
            for table, key in (("sentences", "doc"), ("mentions", "doc"), ("timex", "doc"), ("document_terms", "doc"),
                               ("documents", "id")):
                db.executemany(f"DELETE FROM {table} WHERE {key} = ?", [(d,) for d in found])
            if found:
                _changed(db)
        return found

    def stale(self) -> bool:
        """Whether the corpus results are older than the documents (added, removed, analysed or regrouped
        since, or an analysis was cut short)."""
        gen = dict(self.db.execute("SELECT key, value FROM state"))
        return gen["documents_generation"] != gen["corpus_generation"]

    def generation(self) -> int:
        """The documents' generation: it changes whenever a document is added, removed, analysed or regrouped."""
        return self.db.execute("SELECT value FROM state WHERE key = 'documents_generation'").fetchone()[0]

    def document(self, doc_id: str) -> Document | None:
        r = self.db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return _document(r) if r else None

    def set_group(self, doc_id: str, group: str | None) -> None:
        with self.transaction() as db:
            db.execute("UPDATE documents SET grp = ? WHERE id = ?", (group, doc_id))
            _changed(db)

    def parses(self, doc_ids: list[str] | None = None) -> dict[str, bytes]:
        """Stored parses by document id: all of them, or those of `doc_ids`."""
        if doc_ids is None:
            return {r["id"]: r["parse"] for r in self.db.execute("SELECT id, parse FROM documents WHERE parse IS NOT NULL")}
        out: dict[str, bytes] = {}
        for i in range(0, len(doc_ids), 500):
            part = doc_ids[i:i + 500]
            out.update({r["id"]: r["parse"] for r in self.db.execute(
                f"SELECT id, parse FROM documents WHERE parse IS NOT NULL AND id IN ({','.join('?' * len(part))})", part)})
        return out

    def story_results(self, keys: list[str]) -> dict[str, str]:
        """The stored results (JSON, without their detail) of the stories with these keys, where there are any."""
        return {k: _unpacked(v) for k, v in self.db.execute(
            f"SELECT key, data FROM story_results WHERE {_IN % 'key'}", (json.dumps(keys),))}

    def story_details(self, keys: list[str]) -> dict[str, str]:
        """The detail JSON (story_stages.DETAIL) of the stories with these keys, where stored apart."""
        return {k: _unpacked(v) for k, v in self.db.execute(
            f"SELECT key, detail FROM story_results WHERE detail IS NOT NULL AND {_IN % 'key'}", (json.dumps(keys),))}

    def result_digests(self) -> set[str]:
        """The digests of the result parts the store holds (models.ResultPart)."""
        return {r[0] for r in self.db.execute("SELECT DISTINCT part FROM result_parts")}

    def document_terms(self, code: str) -> dict[str, list[str]]:
        """Each document's stored story terms (doc -> terms) computed by the code of fingerprint `code`."""
        loads = json.loads
        return {r[0]: loads(_unpacked(r[1])) for r in
                self.db.execute("SELECT doc, terms FROM document_terms WHERE code = ?", (code,))}

    def save_document_terms(self, code: str, terms: dict[str, list[str]]) -> None:
        """Keep documents' story terms, computed by the code of fingerprint `code` (rows of other code go)."""
        with self.transaction() as db:
            db.execute("DELETE FROM document_terms WHERE code != ?", (code,))
            db.executemany("INSERT OR REPLACE INTO document_terms VALUES (?,?,?)",
                           [(d, code, _packed(json.dumps(t))) for d, t in terms.items()])

    def save_extraction(self, doc_id: str, parse: bytes, sentences: list[Sentence], mentions: list[Mention]) -> None:
        """Replace one document's sentences and mentions and mark it analysed, in one transaction."""
        with self.transaction() as db:
            db.execute("DELETE FROM sentences WHERE doc = ?", (doc_id,))
            db.execute("DELETE FROM mentions WHERE doc = ?", (doc_id,))
            db.execute("DELETE FROM timex WHERE doc = ?", (doc_id,))
            db.execute("DELETE FROM document_terms WHERE doc = ?", (doc_id,))
            db.executemany("INSERT INTO sentences VALUES (?,?,?,?)",
                           [(s.doc, s.index, s.start, s.end) for s in sentences])
            db.executemany(
                "INSERT INTO mentions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(m.id, m.doc, m.start, m.end, m.text, m.kind, m.label, m.sentence, json.dumps(m.value),
                  m.qualifier, m.counted, m.predicate, m.attributed_to, m.attributed_to, m.entity, m.event,
                  m.kind, json.dumps(m.value))
                 for m in mentions])
            db.executemany(
                "INSERT INTO timex VALUES (?,?,?,?,?,?,?,?,?)",
                [(m.id, m.doc, m.value, m.first, m.last, m.qualifier, m.anchor, m.timex_type, m.weekday)
                 for m in mentions if m.kind in ("date", "time")])   # a time of day keeps its day here
            db.execute("UPDATE documents SET analyzed = 1, failed = NULL, parse = ? WHERE id = ?", (parse, doc_id))
            _changed(db)

    # ------------------------------------------------------------------ mentions
    def sentences(self, doc_id: str | None = None) -> list[Sentence]:
        sql, args = "SELECT * FROM sentences", ()
        if doc_id:
            sql, args = sql + " WHERE doc = ?", (doc_id,)
        return [Sentence(r["doc"], r["idx"], r["start"], r["end"]) for r in self.db.execute(sql + " ORDER BY doc, idx", args)]

    def mentions(self, doc_id: str | None = None, *, extracted: bool = False, ids: list[str] | None = None,
                 docs: list[str] | None = None) -> list[Mention]:
        """Mentions (of one document, of `docs`, or these `ids`), with their kind, value and `attributed_to`
        as resolution set them, and their entity and event (or as extraction found them, with no entity or
        event, when `extracted`: what an analysis starts from)."""
        # the columns in the order of Mention's fields, read as plain tuples (a corpus has many mentions)
        kind, value, party = ("extracted_kind", "extracted_value", "party") if extracted else ("kind", "value",
                                                                                             "attributed_to")
        sql = (f"SELECT m.id, m.doc, m.start, m.\"end\", m.text, m.{kind}, m.label, m.sentence, m.{value}, m.qualifier,"
               f" m.counted, m.predicate, m.{party}, {'NULL, NULL' if extracted else 'm.entity, m.event'},"
               " t.first, t.last, t.anchor, t.type, t.weekday FROM mentions m LEFT JOIN timex t ON t.mention = m.id")
        args: tuple = ()
        if doc_id:
            sql, args = sql + " WHERE m.doc = ?", (doc_id,)
        elif ids is not None or docs is not None:
            sql += f" WHERE {_IN % 'm.id'} OR {_IN % 'm.doc'}"
            args = (json.dumps(list(ids or [])), json.dumps(list(docs or [])))
        cur = self.db.cursor()
        cur.row_factory = None
        loads = json.loads
        out = [Mention(*r[:8], loads(r[8]) if r[8] else None, *r[9:])
               for r in cur.execute(sql + " ORDER BY m.doc, m.start, m.id", args)]
        return sorted(out, key=lambda m: (int(m.doc[1:]) if m.doc[1:].isdigit() else 0, m.start, m.id))

    # ------------------------------------------------------------------ corpus-level results
    def save_corpus_results(self, mentions: list[Mention], entities: list[Entity], events: list[Event],
                            findings: list[Finding], copies: list[CopyRelation], framing: Framing | None,
                            stories: list[Story] | None = None, generation: int | None = None,
                            story_results: dict[str, tuple[str, str] | None] | None = None,
                            parts: list[ResultPart] | None = None) -> None:
        """Replace every corpus-level result at once (they are recomputed on each analyze). Stories, when
        given, replace the stored ones and set each document's story. `generation`: the documents'
        generation the results were computed from (read before the corpus stages began). `story_results`:
        key -> the results of every story (`story_stages.stored_form`; None: stored already); they replace
        the stored ones (new keys are written, the keys of stories no longer there are dropped). `parts`:
        the results story by story (`story_stages.assemble`); then `mentions`, `entities`, `events`,
        `findings` and the framing's labels and predicates are theirs, and only the parts whose digests
        are not stored are written. Only the mention rows whose results differ from those stored are
        written."""
        if parts is None:       # one part holding everything, always written
            parts = [ResultPart("", entities, events, findings,
                                {m.id: (m.kind, m.value, m.entity, m.event, m.attributed_to) for m in mentions},
                                framing.labels if framing else [], framing.predicates if framing else [])]
        for p in parts:
            for f in p.findings:
                if f.parties and len(f.parties) != len(f.mentions):
                    raise ValueError(f"finding {f.id}: {len(f.parties)} parties for {len(f.mentions)} mentions")
        with self.transaction() as db:
            if story_results is not None:
                db.execute("CREATE TEMP TABLE IF NOT EXISTS used_keys (key TEXT PRIMARY KEY)")
                db.execute("DELETE FROM used_keys")
                db.executemany("INSERT OR IGNORE INTO used_keys VALUES (?)", [(k,) for k in story_results])
                db.execute("DELETE FROM story_results WHERE key NOT IN (SELECT key FROM used_keys)")
                have = {r[0] for r in db.execute("SELECT key FROM story_results")}
                db.executemany("INSERT INTO story_results VALUES (?, ?, ?)",
                               [(k, _packed(v[0]), _packed(v[1])) for k, v in story_results.items()
                                if k not in have and v is not None])
            db.execute("UPDATE state SET value = ? WHERE key = 'corpus_generation'",
                       (self.generation() if generation is None else generation,))
            db.execute("INSERT INTO state VALUES ('results_saved', 1) "
                       "ON CONFLICT (key) DO UPDATE SET value = value + 1")     # readers' caches see new results
            if stories is not None:
                _sync(db, "stories", ("id", "label"), [(s.id, s.label) for s in stories])
                _sync(db, "story_documents", ("story", "position", "doc"),
                      [(s.id, i, d) for s in stories for i, d in enumerate(s.documents)])
                _sync(db, "story_terms", ("story", "position", "term"),
                      [(s.id, i, t) for s in stories for i, t in enumerate(s.terms)])
                # a document's row holds its text and parse: only those whose story changed are written
                story_of = {d: s.id for s in stories for d in s.documents}
                moved = [d for d, was in db.execute("SELECT id, story FROM documents") if story_of.get(d) != was]
                db.executemany("UPDATE documents SET story = ? WHERE id = ?", [(story_of.get(d), d) for d in moved])
            written = _write_parts(db, parts)
            _write_mention_results(db, [p.mentions for p in written["event"]])
            db.executemany("INSERT INTO framing_parts VALUES (?, ?, ?, ?)",
                           [(p.event_digest or "", p.story, _packed(json.dumps(p.labels)),
                             _packed(json.dumps(p.predicates))) for p in written["event"]])
            # a part's story id is not in its digests (the stories after one merged or split are renumbered,
            # not changed): the story of its framing part and of its findings are set here
            story_of_part = {p.event_digest: p.story for p in parts if p.event_digest is not None}
            db.executemany("UPDATE framing_parts SET story = ? WHERE part = ?",
                           [(story_of_part[part], part) for part, was in db.execute(
                               "SELECT part, story FROM framing_parts") if story_of_part.get(part, was) != was])
            if stories is None or any(p.finding_digest is None for p in parts):
                db.execute(f"UPDATE findings SET story = ({_STORY_OF_FINDING}) WHERE story IS NOT ({_STORY_OF_FINDING})")
            else:   # the new findings, and those quoting a document whose story changed
                db.execute(f"UPDATE findings SET story = ({_STORY_OF_FINDING}) WHERE {_IN % 'id'} OR id IN "
                           f"(SELECT fm.finding FROM finding_mentions fm JOIN mentions m ON m.id = fm.mention "
                           f"WHERE {_IN % 'm.doc'})",
                           (json.dumps([f.id for p in written["finding"] for f in p.findings]), json.dumps(moved)))
            # copies are read in the order they are written (a small table): written again whole
            db.execute("DELETE FROM copies")
            db.executemany("INSERT INTO copies VALUES (?,?,?,?,?,?,?)",
                           [(c.doc_a, c.doc_b, c.similarity, c.start_a, c.end_a, c.start_b, c.end_b) for c in copies])
            db.execute("DELETE FROM framing")
            if framing is not None:
                db.execute("INSERT INTO framing VALUES (1, ?)", (_packed(json.dumps(
                    {"groups": framing.groups, "distinctive": framing.distinctive})),))

    def _lists(self, table: str, key: str, column: str, *extra: str, where: str = "", args: tuple = ()) -> dict:
        """key -> the rows of a list table in position order (one value, or a tuple with `extra` columns)."""
        cols = ", ".join((key, column) + extra)
        out: dict = {}
        for r in self.db.execute(f"SELECT {cols} FROM {table} {where} ORDER BY {key}, position", args):
            out.setdefault(r[0], []).append(r[1] if not extra else tuple(r[1:]))
        return out

    def entities(self, ids: list[str] | None = None, with_mentions: bool = True) -> list[Entity]:
        """Every entity, or only these; without the list of their mentions when `with_mentions` is False."""
        where, args = _only("entity", ids)
        aliases = self._lists("entity_aliases", "entity", "alias", where=where, args=args)
        mentions = self._lists("entity_mentions", "entity", "mention", where=where, args=args) if with_mentions else {}
        where, args = _only("id", ids)
        return [Entity(r["id"], r["canonical"], r["type"], aliases.get(r["id"], []), mentions.get(r["id"], []))
                for r in self.db.execute(f"SELECT * FROM entities {where} ORDER BY CAST(substr(id, 2) AS INTEGER)",
                                         args)]

    def events(self, ids: list[str] | None = None, with_mentions: bool = True) -> list[Event]:
        """Every event, or only these; without the list of their mentions when `with_mentions` is False."""
        where, args = _only("event", ids)
        entities = self._lists("event_entities", "event", "entity", where=where, args=args)
        mentions = self._lists("event_mentions", "event", "mention", where=where, args=args) if with_mentions else {}
        where, args = _only("id", ids)
        return [Event(r["id"], r["label"], r["date"], entities.get(r["id"], []), r["predicate"], mentions.get(r["id"], []))
                for r in self.db.execute(f"SELECT * FROM events {where} ORDER BY CAST(substr(id, 2) AS INTEGER)",
                                         args)]

    def findings(self, type: str | None = None, ids: list[str] | None = None) -> list[Finding]:
        """Every finding (of a type), or only these `ids`, in their number order."""
        sql, args, where = "SELECT * FROM findings", (), ""
        if ids is not None:
            sql, args = sql + f" WHERE {_IN % 'id'}", (json.dumps(list(ids)),)
            where = f"WHERE {_IN % 'finding'}"
        elif type:
            sql, args = sql + " WHERE type = ?", (type,)
            where = "WHERE finding IN (SELECT id FROM findings WHERE type = ?)"
        quoted = self._lists("finding_mentions", "finding", "mention", "party", where=where, args=args)
        reasons = self._lists("finding_reasons", "finding", "reason", where=where, args=args)
        sides: dict[str, list[list[str]]] = {}
        for r in self.db.execute(f"SELECT finding, side, mention FROM finding_sides {where} "
                                 "ORDER BY finding, side, position", args):
            groups = sides.setdefault(r[0], [])
            while len(groups) <= r[1]:
                groups.append([])
            groups[r[1]].append(r[2])
        out = []
        for r in self.db.execute(sql + " ORDER BY CAST(substr(id, 2) AS INTEGER)", args):
            rows = quoted.get(r["id"], [])
            out.append(Finding(id=r["id"], type=r["type"], what=r["what"], mentions=[m for m, _ in rows],
                               explanation=r["explanation"], event=r["event"], severity=r["severity"],
                               parties=[p for _, p in rows], independent=bool(r["independent"]),
                               confidence=r["confidence"], groups=sides.get(r["id"], []),
                               reasons=reasons.get(r["id"], [])))
        return out

    def stories(self, ids: list[str] | None = None) -> list[Story]:
        """Every story, or only these."""
        where, args = _only("story", ids)
        documents = self._lists("story_documents", "story", "doc", where=where, args=args)
        terms = self._lists("story_terms", "story", "term", where=where, args=args)
        where, args = _only("id", ids)
        return [Story(r["id"], r["label"], documents.get(r["id"], []), terms.get(r["id"], []))
                for r in self.db.execute(f"SELECT * FROM stories {where} ORDER BY CAST(substr(id, 2) AS INTEGER)",
                                         args)]

    def copies(self, docs: list[str] | None = None) -> list[CopyRelation]:
        """Every copy relation, or those of these documents."""
        sql, args = "SELECT * FROM copies", ()
        if docs is not None:
            sql, args = sql + f" WHERE {_IN % 'doc_a'} OR {_IN % 'doc_b'}", (json.dumps(list(docs)),) * 2
        return [CopyRelation(r["doc_a"], r["doc_b"], r["similarity"], r["start_a"], r["end_a"], r["start_b"], r["end_b"])
                for r in self.db.execute(sql, args)]

    def framing(self) -> Framing | None:
        """The framing: its groups and their distinctive words, with every part's labels and predicates
        (labels in the order they are shown, `frame.sort_labels`; predicates of events before those of
        entities, story by story). A whole save's labels and predicates keep the order they were given."""
        from ..frame import sort_labels

        row = self.db.execute("SELECT data FROM framing WHERE id = 1").fetchone()
        if row is None:
            return None
        d = json.loads(_unpacked(row["data"]))
        labels, predicates, of_entities, by_story = d.get("labels", []), d.get("predicates", []), [], False
        for story, lab, pred in self.db.execute("SELECT story, labels, predicates FROM framing_parts "
                                                "ORDER BY CAST(substr(story, 2) AS INTEGER), story"):
            labels += json.loads(_unpacked(lab))
            if not story:
                predicates += json.loads(_unpacked(pred))
                continue
            by_story = True
            for p in json.loads(_unpacked(pred)):
                (predicates if p.get("event") else of_entities).append(p)
        if by_story:
            entity_ids = [r[0] for r in self.db.execute("SELECT id FROM entities ORDER BY CAST(substr(id, 2) AS INTEGER)")]
            sort_labels(labels, entity_ids, [r[0] for r in self.db.execute("SELECT id FROM documents ORDER BY rowid")])
        return Framing(groups=d["groups"], labels=labels, distinctive=d["distinctive"], predicates=predicates + of_entities)

    # ------------------------------------------------------------------ search
    def search(self, query: str, limit: int = 50) -> list[dict]:
        """Full-text search over documents (FTS5 syntax). Raises ValueError on a malformed query."""
        try:
            rows = self.db.execute(
                "SELECT d.id, d.title, snippet(documents_fts, 1, '[', ']', ' … ', 12) AS snippet"
                " FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid"
                " WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?", (query, limit)).fetchall()
        except sqlite3.OperationalError as e:
            raise ValueError(f"malformed search query {query!r}: {e}") from None
        return [dict(r) for r in rows]

    def counts(self) -> dict[str, int]:
        tables = ("documents", "mentions", "entities", "events", "findings")
        return {t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


_STORY_OF_FINDING = ("SELECT d.story FROM finding_mentions fm JOIN mentions m ON m.id = fm.mention JOIN documents d "
                     "ON d.id = m.doc WHERE fm.finding = findings.id AND d.story IS NOT NULL ORDER BY fm.position LIMIT 1")
_NO_TEXT = ("rowid, id, file, path, title, outlet, author, url, published, grp, content_hash, '' AS text, "
            "story, encoding, failed")
_IN = "%s IN (SELECT value FROM json_each(?))"     # one parameter, a JSON array, for any number of ids


def _sync(db: sqlite3.Connection, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Make `table` hold exactly `rows` (values of `columns`): delete the stored rows that are not among
    them and insert those not stored, leaving the rest (and their index entries) untouched."""
    cols = ", ".join(columns)
    cur = db.cursor()
    cur.row_factory = None
    stored: dict[tuple, list[int]] = {}
    for rowid, *values in cur.execute(f"SELECT rowid, {cols} FROM {table}"):
        stored.setdefault(tuple(values), []).append(rowid)
    wanted = Counter(rows)
    gone = [(rowid,) for values, rowids in stored.items() for rowid in rowids[wanted.get(values, 0):]]
    db.executemany(f"DELETE FROM {table} WHERE rowid = ?", gone)
    db.executemany(f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(columns))})",
                   [values for values, n in wanted.items() for _ in range(n - len(stored.get(values, ())))])


# The result tables of each family of a ResultPart, with the column naming the entity, event or finding
_FAMILY_TABLES = {
    "entity": (("entities", "id"), ("entity_aliases", "entity"), ("entity_mentions", "entity")),
    "event": (("events", "id"), ("event_mentions", "event"), ("event_entities", "event")),
    "finding": (("findings", "id"), ("finding_mentions", "finding"), ("finding_sides", "finding"),
                ("finding_reasons", "finding")),
}


def _write_parts(db: sqlite3.Connection, parts: list[ResultPart]) -> dict[str, list[ResultPart]]:
    """Make the result tables hold exactly the rows of `parts`: for each family, the rows of stored parts
    whose digest is not among the new ones are deleted (with their framing part), and those of new parts
    whose digest is not stored (or None) inserted; the rest stay. Returns the parts written, by family."""
    stored: dict[str, set[str]] = {family: set() for family in _FAMILY_TABLES}
    for family, part in db.execute("SELECT DISTINCT family, part FROM result_parts"):
        stored[family].add(part)
    if not any(stored.values()):    # results written before they were kept by part belong to none
        for tables in _FAMILY_TABLES.values():
            for table, _ in tables:
                db.execute(f"DELETE FROM {table}")
        db.execute("DELETE FROM framing_parts")
    written: dict[str, list[ResultPart]] = {}
    for family, tables in _FAMILY_TABLES.items():
        digests = [getattr(p, f"{family}_digest") for p in parts]
        gone = json.dumps(sorted(stored[family] - set(digests)))
        for table, column in tables:
            db.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT id FROM result_parts WHERE family = ? "
                       f"AND {_IN % 'part'})", (family, gone))
        if family == "event":
            db.execute(f"DELETE FROM framing_parts WHERE {_IN % 'part'}", (gone,))
        db.execute(f"DELETE FROM result_parts WHERE family = ? AND {_IN % 'part'}", (family, gone))
        new = [(p, d) for p, d in zip(parts, digests) if d is None or d not in stored[family]]
        for table, rows in _family_rows(family, [p for p, _ in new]).items():
            if rows:
                db.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)
        db.executemany("INSERT INTO result_parts VALUES (?, ?, ?)",
                       [(family, d or "", x) for p, d in new for x in _ids(family, p)])
        written[family] = [p for p, _ in new]
    return written


def _ids(family: str, part: ResultPart) -> list[str | None]:
    """The ids of a part's entities, events or findings; [None] when it has none (the part is still noted)."""
    items = part.entities if family == "entity" else part.events if family == "event" else part.findings
    return [x.id for x in items] or [None]


def _family_rows(family: str, parts: list[ResultPart]) -> dict[str, list[tuple]]:
    """The rows of one family's tables for these parts, in each table's column order."""
    if family == "entity":
        es = [e for p in parts for e in p.entities]
        return {"entities": [(e.id, e.canonical, e.type) for e in es],
                "entity_aliases": [(e.id, i, a) for e in es for i, a in enumerate(e.aliases)],
                "entity_mentions": [(e.id, i, m) for e in es for i, m in enumerate(e.mentions)]}
    if family == "event":
        vs = [v for p in parts for v in p.events]
        return {"events": [(v.id, v.label, v.date, v.predicate) for v in vs],
                "event_mentions": [(v.id, i, m) for v in vs for i, m in enumerate(v.mentions)],
                "event_entities": [(v.id, i, e) for v in vs for i, e in enumerate(v.entities)]}
    fs = [f for p in parts for f in p.findings]
    return {"findings": [(f.id, f.type, f.event, f.what, f.severity, f.explanation, int(f.independent), f.confidence,
                          None) for f in fs],
            "finding_mentions": [(f.id, i, m, f.parties[i] if f.parties else None)
                                 for f in fs for i, m in enumerate(f.mentions)],
            "finding_sides": [(f.id, g, i, m) for f in fs for g, side in enumerate(f.groups) for i, m in enumerate(side)],
            "finding_reasons": [(f.id, i, r) for f in fs for i, r in enumerate(f.reasons)]}


def _write_mention_results(db: sqlite3.Connection, rows: list[dict[str, tuple]]) -> None:
    """Set the mentions' results (mention id -> (kind, value, entity, event, party)), writing only the
    rows whose stored results differ."""
    dumps = json.dumps
    new = {mid: (entity, event, party, kind, dumps(value))
           for part in rows for mid, (kind, value, entity, event, party) in part.items()}
    if not new:
        return
    cur = db.cursor()
    cur.row_factory = None
    changed = [mid for mid, *row in cur.execute(
        f"SELECT id, entity, event, attributed_to, kind, value FROM mentions WHERE {_IN % 'id'}",
        (json.dumps(list(new)),)) if new[mid] != tuple(row)]
    db.executemany("UPDATE mentions SET entity = ?, event = ?, attributed_to = ?, kind = ?, value = ? WHERE id = ?",
                   [(*new[mid], mid) for mid in changed])


def _only(column: str, ids: list[str] | None) -> tuple[str, tuple]:
    """A WHERE clause keeping the rows whose `column` is one of `ids` (none when ids is None)."""
    return ("", ()) if ids is None else (f"WHERE {_IN % column}", (json.dumps(list(ids)),))


def _packed(text: str) -> bytes:
    """JSON kept in a column as zlib-compressed UTF-8 (framing and story results: 4-8 KB a document as
    text, about a sixth compressed)."""
    return zlib.compress(text.encode("utf-8"), 6)


def _unpacked(value: str | bytes) -> str:
    """A `_packed` value read back; text as older stores wrote it stays text."""
    return zlib.decompress(value).decode("utf-8") if isinstance(value, bytes) else value


def _changed(db: sqlite3.Connection) -> None:
    """Note, inside the caller's transaction, that the documents changed (the corpus results are stale)."""
    db.execute("UPDATE state SET value = value + 1 WHERE key = 'documents_generation'")


def _document(r: sqlite3.Row) -> Document:
    return Document(text=r["text"], file=r["file"], path=r["path"], title=r["title"], outlet=r["outlet"],
                    author=r["author"], url=r["url"], published=r["published"], content_hash=r["content_hash"],
                    group=r["grp"], id=r["id"], story=r["story"], encoding=r["encoding"], failed=r["failed"])




