"""The findings one page at a time: the listings' filters (type, document, party, entity) as SQL over the
store's tables, so a view reads the rows it shows and not the whole store. The semantics are those of
`report.index.Index.filter_findings`, which filters a whole export in memory (a test holds the two equal)."""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from itertools import repeat
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import numpy as np

SOURCE = "coalesce(nullif(outlet, ''), nullif(file, ''), nullif(title, ''), id)"   # how a source is named
NUMBER = "CAST(substr(id, 2) AS INTEGER)"                                          # f12 -> 12: the findings' order
IN_JSON = "IN (SELECT value FROM json_each(?))"     # one parameter, a JSON array of ids


def item_number(item_id: str) -> int:
    """d12, f12, v12 -> 12: the order of documents, findings and events. Sorted in Python rather than by an
    ORDER BY, which would lead SQLite to walk the whole table in that order instead of using a filter's index."""
    return int(item_id[1:]) if item_id[1:].isdigit() else 0


def _casefold(s):
    return s.casefold() if isinstance(s, str) else s


def add_functions(db: sqlite3.Connection) -> None:
    """SQL `casefold(x)`: Python's str.casefold (SQLite's lower() folds ASCII only)."""
    db.create_function("casefold", 1, _casefold, deterministic=True)


class FindingQuery:
    """Finding filters over one connection (call `add_functions` on it first). `cache`: a dict kept while
    the store does not change, for the party names and the documents' sources every party filter reads."""

    def __init__(self, db: sqlite3.Connection, cache: dict | None = None):
        self.db = db
        self.cache = {} if cache is None else cache

    # ------------------------------------------------------------------ resolving the filter values
    def documents_of(self, ref: str) -> list[str]:
        """The documents a `doc` filter names: an id, else the first document with that file name or title,
        else every document of that outlet (case-insensitive)."""
        if self.db.execute("SELECT 1 FROM documents WHERE id = ?", (ref,)).fetchone():
            return [ref]
        if "query:names" not in self.cache:
            named: dict[str, str] = {}
            outlets: dict[str, list[str]] = {}
            for doc, file, title, outlet in self.db.execute("SELECT id, file, title, outlet FROM documents "
                                                            "ORDER BY rowid"):
                for name in (file, title):
                    named.setdefault((name or "").casefold(), doc)
                outlets.setdefault((outlet or "").casefold(), []).append(doc)
            self.cache["query:names"] = named, outlets
        named, outlets = self.cache["query:names"]
        r = ref.casefold()
        return [named[r]] if r in named else list(outlets.get(r, []))

    def entity_of(self, ref: str) -> str | None:
        """An entity id from an id or any of its names (the first entity, in number order, that has it)."""
        if self.db.execute("SELECT 1 FROM entities WHERE id = ?", (ref,)).fetchone():
            return ref
        r = ref.casefold()
        row = self.db.execute(
            f"SELECT id FROM entities WHERE casefold(canonical) = ? OR id IN (SELECT entity FROM entity_aliases "
            f"WHERE casefold(alias) = ?) ORDER BY {NUMBER} LIMIT 1", (r, r)).fetchone()
        return row[0] if row else None

    def entity_names(self, eid: str) -> set[str]:
        rows = self.db.execute("SELECT canonical FROM entities WHERE id = ? UNION ALL "
                               "SELECT alias FROM entity_aliases WHERE entity = ?", (eid, eid))
        return {r[0].casefold() for r in rows if isinstance(r[0], str)}

    def parties(self) -> list[str]:
        """Every party a finding quotes by name (those quoting the document itself are named by its source)."""
        if "query:parties" not in self.cache:
            self.cache["query:parties"] = [r[0] for r in self.db.execute(
                "SELECT DISTINCT party FROM finding_mentions WHERE party IS NOT NULL AND party <> ''")]
        return self.cache["query:parties"]

    def documents_of_source(self, p: str) -> list[str]:
        """The documents whose source, casefolded, is `p` or `p` without " (itself)"."""
        if "query:sources" not in self.cache:
            by: dict[str, list[str]] = {}
            for doc, source in self.db.execute(f"SELECT id, {SOURCE} FROM documents"):
                by.setdefault(source.casefold(), []).append(doc)
            self.cache["query:sources"] = by
        by = self.cache["query:sources"]
        out = list(by.get(p, []))
        if p.endswith(" (itself)"):
            out += by.get(p[:-9], [])
        return out

    def self_sources(self) -> list[str]:
        """The sources of the documents some finding quotes as speaking for itself."""
        return [r[0] for r in self.db.execute(
            f"SELECT DISTINCT {SOURCE} FROM documents WHERE id IN (SELECT m.doc FROM finding_mentions fm "
            "JOIN mentions m ON m.id = fm.mention WHERE fm.party IS NULL OR fm.party = '')")]

    def order(self) -> Order:
        """Every finding in number order (`item_number`, then id), with its place in it and its type: a filter's
        matches are found as places, sorted, counted and cut to a page in arrays, and only the page's ids are
        read back (kept while the store does not change)."""
        if "query:order" not in self.cache:
            import numpy as np

            cur = self.db.cursor()
            cur.row_factory = None
            rows = sorted((item_number(i), i, t) for i, t in cur.execute("SELECT id, type FROM findings"))
            ids = [r[1] for r in rows]
            codes: dict = {}
            types = np.fromiter((codes.setdefault(r[2], len(codes)) for r in rows), dtype=np.int64, count=len(rows))
            self.cache["query:order"] = Order(ids, {fid: k for k, fid in enumerate(ids)}, types, codes)
        return self.cache["query:order"]

    # ------------------------------------------------------------------ the query
    def _matching(self, *, doc=None, party=None, entity=None) -> list[tuple[str, list]] | None:
        """A query for each of these filters, of the findings it matches (a finding matches them all when it is
        in each query's rows, which may repeat); None when a filter names nothing (no finding can match)."""
        out = []
        if doc:
            docs = self.documents_of(doc)
            out.append((f"SELECT finding FROM finding_mentions WHERE mention IN (SELECT id FROM mentions WHERE doc "
                        f"{IN_JSON})", [json.dumps(docs)]))
        if party:
            p = party.casefold()
            named = [q for q in self.parties()
                     if p == q.casefold() or (q.endswith(" (itself)") and p == q[:-9].casefold())]
            own = self.documents_of_source(p)
            # only the branches that can match: the second walks every statement quoting no one
            branches = [(f"SELECT finding FROM finding_mentions WHERE party {IN_JSON}", named),
                        ("SELECT finding FROM finding_mentions WHERE (party IS NULL OR party = '') AND mention IN "
                         f"(SELECT id FROM mentions WHERE doc {IN_JSON})", own)]
            branches = [(sql, values) for sql, values in branches if values]
            if not branches:
                return None
            out.append((" UNION ALL ".join(sql for sql, _ in branches), [json.dumps(v) for _, v in branches]))
        if entity:
            eid = self.entity_of(entity)
            if eid is None:
                return None
            names = self.entity_names(eid)
            named = [q for q in self.parties() if q.casefold() in names]
            out.append(("SELECT id FROM findings WHERE event IN (SELECT event FROM event_entities WHERE entity = ?) "
                        "UNION ALL SELECT finding FROM finding_mentions WHERE mention IN (SELECT id FROM mentions "
                        f"WHERE entity = ?) UNION ALL SELECT finding FROM finding_mentions WHERE party {IN_JSON}",
                        [eid, eid, json.dumps(named)]))
        return out

    def page(self, *, offset: int = 0, limit: int | None = None, keep: Callable | None = None, type=None,
             finding=None, **filters) -> tuple[int, list[str]]:
        """(how many findings match, the ids of those from `offset`, at most `limit`), in number order.
        `keep`: a further filter, given the places (in `order`) of every match as a sorted numpy array and
        returning those it keeps."""
        queries = self._matching(**filters)
        if queries is None:
            return 0, []
        if keep is None and not queries:
            # by type (and id) alone: count, then walk the (type, number) index to the page
            where, args = [], []
            for column, value in (("type", type), ("id", finding)):
                if value:
                    where.append(f"{column} = ?")
                    args.append(value)
            clause = f" WHERE {' AND '.join(where)}" if where else ""
            total = self.db.execute(f"SELECT count(*) FROM findings{clause}", args).fetchone()[0]
            rows = self.db.execute(f"SELECT id FROM findings{clause} ORDER BY {NUMBER} LIMIT ? OFFSET ?",
                                   [*args, -1 if limit is None else limit, offset])
            return total, [r[0] for r in rows]
        import numpy as np

        order = self.order()
        places = None
        cur = self.db.cursor()
        cur.row_factory = None
        for sql, args in queries:     # each filter's index finds its matches; their places, sorted, intersect
            found = np.unique(np.fromiter(map(order.place.get, map(itemgetter(0), cur.execute(sql, args)),
                                              repeat(-1)), dtype=np.int64))
            found = found[found >= 0]                  # -1: not a finding
            places = found if places is None else np.intersect1d(places, found, assume_unique=True)
        if places is None:
            places = np.arange(len(order.ids))
        if type:
            places = places[order.types[places] == order.codes.get(type, -1)]
        if finding:
            places = places[places == order.place.get(finding, -1)]
        if keep is not None:
            places = keep(places)
        return len(places), [order.ids[k] for k in places[offset:None if limit is None else offset + limit].tolist()]


class Order(NamedTuple):
    """`FindingQuery.order`: the ids in number order, each one's place, the type codes in that order."""
    ids: list[str]
    place: dict[str, int]
    types: np.ndarray
    codes: dict
