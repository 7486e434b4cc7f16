"""Plain data classes that flow from stage to stage: documents, mentions, entities, events, findings.

Every stage takes and returns these; none reaches into another stage's internals.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# The kinds a mention can have in the export (see CONTRACT.md).
KINDS = ("date", "quantity", "place", "actor", "other", "state")
QUALIFIERS = ("exact", "over", "under", "about", "at least", "at most", "by", "after", "range")


@dataclass
class Document:
    """One ingested document: its verbatim (furniture-free) text and its metadata."""

    text: str
    file: str | None = None          # base name of the file it came from
    path: str | None = None          # where it was read from (file path, or file:line for corpora)
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    published: str | None = None     # ISO date (YYYY-MM-DD) when known
    content_hash: str = ""
    group: str | None = None         # a user-assigned source group (e.g. outlet family)
    id: str | None = None            # assigned by the store: "d1", "d2", ...
    story: str | None = None         # the story it was clustered into ("s1"); set by analyze
    encoding: str | None = None      # the encoding its file was read in (utf-8, cp1252, ...), when read from bytes
    failed: str | None = None        # why it could not be analysed, when it could not


@dataclass
class Sentence:
    """A sentence span in a document's text."""

    doc: str
    index: int
    start: int
    end: int


@dataclass
class Mention:
    """Something a document states: a date, a figure, a place, an actor, or another named thing.

    `text == document.text[start:end]` always holds.
    """

    id: str                          # "<doc>.<letter><n>", unique in the corpus (see `mention_document`)
    doc: str
    start: int
    end: int
    text: str
    kind: str                        # one of KINDS
    label: str                       # the finer label: spaCy's (PERSON, ORG, GPE, ...) or DATE/QUANTITY
    sentence: int                    # index of the sentence it sits in
    value: Any = None                # ISO date str, number, [lo, hi], or a name
    qualifier: str | None = None     # one of QUALIFIERS, or None
    counted: str | None = None       # for figures: what is counted ("tanks", "people")
    predicate: str | None = None     # the governing verb's lemma ("kill", "found", "capture")
    attributed_to: str | None = None  # who the document says states it; None = the document itself
    entity: str | None = None        # canonical entity id, for places and actors
    event: str | None = None         # aligned event id
    # dates only
    first: str | None = None         # first possible day (ISO) of the interval
    last: str | None = None          # last possible day (ISO)
    anchor: str | None = None        # mention id a relative/partial date was resolved against
    timex_type: str | None = None    # absolute | partial | relative | vague
    weekday: str | None = None       # a weekday the text states with the date ("Friday")


@dataclass
class Entity:
    """A canonical entity: every surface form the corpus uses for one actor, place or thing."""

    id: str
    canonical: str
    type: str                        # PERSON | ORG | GPE | LOC | EVENT | LAW | OTHER
    aliases: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    part_of: list[str] = field(default_factory=list)   # ids of the wholes the alias file puts it in (not stored)


@dataclass
class Event:
    """A happening that several statements speak of, aligned across documents."""

    id: str
    label: str
    date: str | None = None
    entities: list[str] = field(default_factory=list)
    predicate: str | None = None
    mentions: list[str] = field(default_factory=list)


@dataclass
class Finding:
    """A conflict, agreement or inconsistency between mentions, with its evidence."""

    id: str
    type: str                        # conflict | agreement | inconsistency
    what: str                        # the compared attribute, in words
    mentions: list[str]
    explanation: str
    event: str | None = None
    severity: str | None = None      # major | minor | None
    parties: list[str | None] = field(default_factory=list)  # attributed party per evidence mention
    independent: bool = True         # False when the agreeing texts copy one another
    confidence: float = 1.0
    groups: list[list[str]] = field(default_factory=list)  # conflicts: mentions split into sides that agree
    reasons: list[str] = field(default_factory=list)       # the evidence that aligned the mentions


@dataclass
class Story:
    """Documents (or passages) that tell one story, clustered from their content; statements of
    different stories are never compared."""

    id: str
    label: str
    documents: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)   # the terms that most set it apart


@dataclass
class CopyRelation:
    """Two documents (or passages of them) that are near-copies of one another."""

    doc_a: str
    doc_b: str
    similarity: float
    start_a: int = 0
    end_a: int = 0
    start_b: int = 0
    end_b: int = 0


@dataclass
class Framing:
    """How sources name and describe things, and which sources frame alike."""

    groups: list[list[str]] = field(default_factory=list)
    labels: list[dict] = field(default_factory=list)        # {entity, doc, label, mention, quote}
    distinctive: list[dict] = field(default_factory=list)   # {group, word, z}
    predicates: list[dict] = field(default_factory=list)    # {event, doc, word, mention}


@dataclass
class ResultPart:
    """One story's share of the corpus results, numbered across the store, with a digest per family of
    result tables (what those rows are made from: the story's key and the numbers it was given). The
    store writes only the families whose digest it does not hold yet; a digest of None is always written
    (a part holding every result of a whole save)."""

    story: str
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    mentions: dict[str, tuple] = field(default_factory=dict)   # mention id -> (kind, value, entity, event, party)
    labels: list[dict] = field(default_factory=list)
    predicates: list[dict] = field(default_factory=list)
    entity_digest: str | None = None     # entities, their aliases and mentions
    event_digest: str | None = None      # events and their lists, mention results, framing labels/predicates
    finding_digest: str | None = None    # findings and their lists


@dataclass
class IngestError:
    """A one-line reason an input could not be ingested."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


def to_dict(obj) -> dict:
    """A data class as a plain dict (for JSON)."""
    return asdict(obj)


def mention_document(mention_id: str) -> str:
    """The id of the document a mention is in: extraction names each mention "<document id>.<letter><n>"."""
    return mention_id.rsplit(".", 1)[0]
