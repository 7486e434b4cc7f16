"""The corpus stages run story by story, and their results put together for the whole corpus.

Statements of different stories are never compared, so names, alignment, comparison, copies and framing
are each a function of one story's documents. A story's results are kept as plain JSON under a key made
of what they were computed from (its documents, the aliases file, this code); when a document is added
only the stories it joins are computed again, and the others are read back. Results computed now go
through the same JSON as results read back, so an incremental analysis equals one from scratch.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from .models import CopyRelation, Document, Entity, Event, Finding, Mention, ResultPart, Story, mention_document

_KIND_OF_TYPE = {"PERSON": "actor", "ORG": "actor", "GPE": "place", "LOC": "place"}
_NAME_KINDS = ("actor", "place", "other")


@dataclass
class StoryResult:
    """What the corpus stages found in one story, with ids local to it (e1, v1, f1...)."""

    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    copies: list[CopyRelation] = field(default_factory=list)
    # mention id -> [kind, value, entity, event, attributed_to], for the mentions the stages changed
    mentions: dict[str, list] = field(default_factory=dict)
    labels: list[dict] = field(default_factory=list)
    predicates: list[dict] = field(default_factory=list)
    groups: list[list[str]] = field(default_factory=list)        # documents that frame alike, within the story
    distinctive: list[dict] = field(default_factory=list)        # of those groups (group: index among them)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)   # doc -> content word counts

    def to_json(self) -> str:
        """The results as two JSON texts on two lines: all but their `DETAIL`, then their `DETAIL`
        (`stored_form` splits them without reading them)."""
        d = asdict(self)
        return json.dumps({k: v for k, v in d.items() if k not in DETAIL}) + "\n" + json.dumps({k: d[k] for k in DETAIL})

    @classmethod
    def from_json(cls, text: str) -> "StoryResult":
        """Results from their `to_json`, or from the first text of `stored_form` (then `mentions`, `labels`,
        `predicates` and `counts` are None, not read yet: `add_detail` reads them)."""
        core, _, detail = text.partition("\n")
        d = json.loads(core)
        if detail:
            d.update(json.loads(detail))
        return cls(entities=[Entity(**e) for e in d["entities"]], events=[Event(**e) for e in d["events"]],
                   findings=[Finding(**f) for f in d["findings"]], copies=[CopyRelation(**c) for c in d["copies"]],
                   groups=d["groups"], distinctive=d["distinctive"], **{k: d.get(k) for k in DETAIL})

    def add_detail(self, detail: str) -> None:
        """Read the `DETAIL` JSON of results read without it."""
        for name, value in json.loads(detail).items():
            setattr(self, name, value)


# What only a story whose rows are written again needs (the mention rows, its framing labels and
# predicates) and the word counts only groups the user gave need: kept apart from the rest of a story's
# results, so an analysis reads the small rest of every story and this of the few it writes.
DETAIL = ("mentions", "labels", "predicates", "counts")


def stored_form(text: str) -> tuple[str, str]:
    """A story's `StoryResult.to_json` as the store keeps it: the JSON every analysis reads, and that of
    its `DETAIL`."""
    core, _, detail = text.partition("\n")
    return core, detail


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Changes with any source or data file of the package: a cached result is never read by other code."""
    h = hashlib.sha256()
    root = Path(__file__).parent
    for f in sorted(root.rglob("*")):
        if f.suffix in (".py", ".json") and f.is_file():
            h.update(f.relative_to(root).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def story_key(docs: list[Document], aliases: str | Path | None) -> str:
    """What a story's results are computed from: its documents (ids and texts), the aliases, the code."""
    h = hashlib.sha256(code_fingerprint().encode())
    h.update(Path(aliases).read_bytes() if aliases else b"")
    for d in sorted(docs, key=lambda d: d.id or ""):
        h.update(f"\x00{d.id}\x00{d.content_hash or hashlib.sha256(d.text.encode()).hexdigest()}".encode())
    return h.hexdigest()


def analyze_story(docs: dict[str, Document], mentions: list[Mention], parse: Callable[[str], object | None],
                  aliases: str | Path | None) -> StoryResult:
    """Resolve, align, compare and frame one story. `mentions` are its documents' mentions as extracted
    (they are changed in place); `parse(doc_id)` gives a document's spaCy parse, or None when it has none."""
    from .align import align_events, find_copies
    from .compare import compare
    from .frame import frame_with_groupings
    from .frame._text import content_counts
    from .resolve import canonical_name, resolve_entities

    names = [m for m in mentions if m.kind in _NAME_KINDS]
    entities = resolve_entities(names, docs, aliases)
    kind_of = {e.id: _KIND_OF_TYPE.get(e.type) for e in entities}
    canonical = {e.id: e.canonical for e in entities}
    for m in names:   # the entity's majority type decides whether a name is a place or an actor
        m.kind = kind_of.get(m.entity) or m.kind
        m.value = canonical.get(m.entity)
    for m in mentions:
        if m.attributed_to:
            m.attributed_to = canonical_name(entities, m.attributed_to) or m.attributed_to
    sdocs = {d: sdoc for d in docs if (sdoc := parse(d)) is not None}   # a failed document has no parse
    copies = find_copies(list(docs.values()))
    alignment = align_events(docs, sdocs, mentions, entities)
    findings = compare(docs, mentions, alignment, copies)
    framed = frame_with_groupings(docs, sdocs, mentions, entities, alignment.events)
    return StoryResult(
        entities=entities, events=alignment.events, findings=findings, copies=copies,
        mentions={m.id: [m.kind, m.value, m.entity, m.event, m.attributed_to] for m in mentions},
        labels=framed.framing.labels, predicates=framed.framing.predicates, groups=framed.unsupervised,
        distinctive=framed.framing.distinctive,
        counts={d: dict(content_counts(s)) for d, s in sdocs.items()})


@dataclass
class StoryWork:
    """A story to compute: its key, documents, mentions as extracted, and stored parses (doc -> bytes)."""

    key: str
    docs: dict[str, Document]
    mentions: list[Mention]
    parses: dict[str, bytes]

    def run(self, aliases: str | Path | None) -> str:
        """The story's results, as JSON."""
        from .extract.nlp import doc_from_bytes

        return analyze_story(self.docs, self.mentions,
                             lambda d: doc_from_bytes(self.parses[d]) if d in self.parses else None, aliases).to_json()


def run_stories(works: Iterable[StoryWork], aliases: str | Path | None) -> dict[str, str]:
    """Compute stories one after the other in this process: key -> results JSON."""
    return {w.key: w.run(aliases) for w in works}


@dataclass
class CorpusResults:
    """The corpus's results put together from its stories', numbered across the store: story by story
    (`parts`), with the copies and the framing groups and their distinctive words of the whole."""

    parts: list[ResultPart]
    copies: list[CopyRelation]
    groups: list[list[str]]
    distinctive: list[dict]


def assemble(stories: list[Story], results: dict[str, StoryResult], doc_order: list[str], keys: dict[str, str],
             stored: set[str] | frozenset[str] = frozenset(),
             detail: Callable[[list[str]], None] | None = None) -> CorpusResults:
    """Number entities e1... and events v1... in the order of the document that first names them (then
    as their story numbered them), and findings f1... after sorting them all as `compare` does, and split
    the results into parts, story by story (`keys`: story id -> story key), each with the digests the
    store writes only the changed stories' rows by. Documents added later come last, so adding documents
    to a store appends the entities and events they bring and leaves the numbers of the others (and the
    stored rows naming them) as they were. The mention rows, labels and predicates are numbered only for
    the parts whose event digest is not in `stored` (the others are not written); `detail(story ids)` is
    called first to read those stories' `DETAIL` where it was not read."""
    from .compare import number_findings

    first = _first_document(doc_order)
    e_new = _numbered("e", [(st.id, e) for st in stories for e in results[st.id].entities], first)
    v_new = _numbered("v", [(sid, ev) for sid in sorted(results) for ev in results[sid].events], first)
    numbers = {sid: ([e_new[(sid, e.id)] for e in r.entities], [v_new[(sid, ev.id)] for ev in r.events])
               for sid, r in results.items()}     # read before the ids below are replaced
    findings, copies, groups, distinctive = [], [], [], []
    for st in stories:
        sid, r = st.id, results[st.id]
        for e in r.entities:
            e.id = e_new[(sid, e.id)]
        for e in r.entities:
            e.part_of = [e_new.get((sid, x), x) for x in e.part_of]
        for ev in r.events:
            ev.id = v_new[(sid, ev.id)]
            ev.entities = [e_new.get((sid, e), e) for e in ev.entities]
        for f in r.findings:
            f.event = v_new.get((sid, f.event), f.event) if f.event else f.event
            findings.append(f)
        copies += r.copies
        distinctive += [{**w, "group": w["group"] + len(groups)} for w in r.distinctive]
        groups += r.groups
    number_findings(findings)
    parts = [_part(st.id, keys[st.id], results[st.id], numbers[st.id]) for st in stories]
    written = [p for p in parts if p.event_digest not in stored]
    if detail is not None:
        detail([p.story for p in written])
    for p in written:
        _number_detail(p, results[p.story], e_new, v_new)
    return CorpusResults(parts, copies, groups, distinctive)


def _number_detail(part: ResultPart, r: StoryResult, e_new: dict, v_new: dict) -> None:
    """Give a part its story's mention rows, labels and predicates, with the numbers of the store."""
    sid = part.story
    part.mentions = {mid: (kind, value, e_new.get((sid, entity), entity) if entity else entity,
                           v_new.get((sid, event), event) if event else event, party)
                     for mid, (kind, value, entity, event, party) in r.mentions.items()}
    for lab in r.labels:
        lab["entity"] = e_new.get((sid, lab["entity"]), lab["entity"])
    for p in r.predicates:
        if p.get("event"):
            p["event"] = v_new.get((sid, p["event"]), p["event"])
        if p.get("entity"):
            p["entity"] = e_new.get((sid, p["entity"]), p["entity"])
    part.labels, part.predicates = r.labels, r.predicates


def _part(sid: str, key: str, r: StoryResult, numbers: tuple[list[str], list[str]]) -> ResultPart:
    """A story's numbered results as a `ResultPart` (its mention rows, labels and predicates are given by
    `_number_detail`): its rows are a function of its key and the numbers its entities, events and
    findings were given, so those make the digests (not its story id, which the store sets apart: a story
    merged or split before it renumbers the stories after it, not their rows)."""
    e_ids, v_ids = numbers

    def digest(*parts) -> str:
        return hashlib.sha256(json.dumps([key, *parts]).encode()).hexdigest()
    return ResultPart(sid, r.entities, r.events, r.findings, entity_digest=digest("entities", e_ids),
                      event_digest=digest("events", e_ids, v_ids),
                      finding_digest=digest("findings", v_ids, [f.id for f in r.findings]))


def _first_document(doc_order: list[str]) -> Callable[[list[str]], int]:
    """The rank, in `doc_order`, of the first document any of these mentions is in (past the end: none)."""
    rank = {d: i for i, d in enumerate(doc_order)}
    end = len(doc_order)

    def first(mentions: list[str]) -> int:
        return min((rank.get(mention_document(m), end) for m in mentions), default=end)
    return first


def _numbered(prefix: str, items: list[tuple[str, Entity | Event]], first: Callable[[list[str]], int]) -> dict:
    """(story id, local id) -> prefix + number: by the rank of the first document naming the item, then in
    the order given (a story's own order; a document is in one story, so ties are within a story)."""
    order = sorted(range(len(items)), key=lambda k: (first(items[k][1].mentions), k))
    return {(items[k][0], items[k][1].id): f"{prefix}{n}" for n, k in enumerate(order, 1)}
