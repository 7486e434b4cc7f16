"""The findings export as CONTRACT.md defines it, built from the store."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources

from ..models import Mention

SCHEMA_FILE = "export.schema.json"


def mention_dict(m: Mention) -> dict:
    return {"id": m.id, "doc": m.doc, "start": m.start, "end": m.end, "text": m.text, "kind": m.kind,
            "value": m.value, "qualifier": m.qualifier, "attributed_to": m.attributed_to,
            "entity": m.entity, "event": m.event,
            # beyond the contract: what the figure counts and the statement's predicate
            "label": m.label, "counted": m.counted, "predicate": m.predicate, "sentence": m.sentence}


@dataclass
class Selection:
    """What one view shows: these findings, documents (each with all its statements), events, entities and
    stories. `build_export(store, selection)` adds what they refer to (the findings' statements and their
    documents, events, entities and stories, the documents' copies) and nothing else. Entities and events
    come without their lists of mentions (an entity can be named in every document)."""
    findings: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    named: list[str] = field(default_factory=list)      # documents shown by name only: no text, no statements
    texts: list[str] | None = None      # when given, only these documents come with their text
    framing: bool = False


def build_export(store, select: Selection | None = None) -> dict:
    """Everything the store knows, as the contract's JSON object (plus a few documented extras); with
    `select`, the same object holding only the selection and what it refers to (for one page of a view)."""
    if select is None:
        docs, mentions, framing = store.documents(), store.mentions(), store.framing()
        findings, events, entities = store.findings(), store.events(), store.entities()
        stories, copies = store.stories(), store.copies()
    else:
        findings = store.findings(ids=select.findings) if select.findings else []
        framing = store.framing() if select.framing else None
        wanted = list(dict.fromkeys([*select.mentions, *(m for f in findings for m in f.mentions),
                                     *_framing_mentions(framing)]))
        mentions = store.mentions(ids=wanted, docs=select.documents) if wanted or select.documents else []
        event_ids = dict.fromkeys([*select.events, *(f.event for f in findings if f.event),
                                   *(m.event for m in mentions if m.event)])
        events = store.events(ids=list(event_ids), with_mentions=False) if event_ids else []
        entity_ids = dict.fromkeys([*select.entities, *(m.entity for m in mentions if m.entity),
                                    *(e for v in events for e in v.entities),
                                    *((lab.get("entity") for lab in framing.labels) if framing else ())])
        entities = store.entities(ids=[e for e in entity_ids if e], with_mentions=False) if entity_ids else []
        doc_ids = list(dict.fromkeys([*select.documents, *(m.doc for m in mentions),
                                      *((lab.get("doc") for lab in framing.labels) if framing else ())]))
        texts = None if select.texts is None else set(select.texts)
        with_text = [d for d in doc_ids if d and (texts is None or d in texts)]
        docs = store.documents(ids=with_text) if with_text else []
        have = set(with_text)
        named = [d for d in dict.fromkeys([*select.named, *doc_ids]) if d and d not in have]
        docs += store.documents(ids=named, text=False) if named else []
        doc_ids += named
        story_ids = dict.fromkeys([*select.stories, *(d.story for d in docs if d.story)])
        stories = store.stories(ids=list(story_ids)) if story_ids else []
        copies = store.copies(docs=doc_ids) if docs else []
        have = set(doc_ids)
        partners = [d for c in copies for d in (c.doc_a, c.doc_b) if d not in have]
        if partners:        # the other side of a copy is named in the view: its title, not only its id
            docs += store.documents(ids=list(dict.fromkeys(partners)), text=False)
        docs.sort(key=lambda d: int(d.id[1:]) if d.id[1:].isdigit() else 0)
    return {
        "documents": [{"id": d.id, "file": d.file, "title": d.title, "outlet": d.outlet,
                       "published": d.published, "author": d.author, "url": d.url, "group": d.group,
                       "story": d.story, "text": d.text, **({"failed": d.failed} if d.failed else {})}
                      for d in docs],
        "stories": [{"id": s.id, "label": s.label, "documents": s.documents, "terms": s.terms}
                    for s in stories],
        "mentions": [mention_dict(m) for m in mentions],
        "entities": [{"id": e.id, "canonical": e.canonical, "type": e.type, "aliases": e.aliases,
                      "mentions": e.mentions} for e in entities],
        "events": [{"id": v.id, "label": v.label, "date": v.date, "entities": v.entities,
                    "predicate": v.predicate, "mentions": v.mentions} for v in events],
        "timex": [{"doc": m.doc, "start": m.start, "end": m.end, "text": m.text, "value": m.value,
                   "first": m.first, "last": m.last, "qualifier": m.qualifier, "type": m.timex_type,
                   "anchor": m.anchor, "mention": m.id}
                  for m in mentions if m.kind == "date"],
        "findings": [{"id": f.id, "type": f.type, "event": f.event, "what": f.what, "mentions": f.mentions,
                      "severity": f.severity, "explanation": f.explanation, "parties": f.parties,
                      "independent": f.independent, "confidence": f.confidence,
                      **({"groups": f.groups} if f.groups else {}), "reasons": f.reasons}
                     for f in findings],
        "analysis": {"stale": store.stale()},
        "copies": [{"doc_a": c.doc_a, "doc_b": c.doc_b, "similarity": c.similarity} for c in copies],
        "framing": ({"groups": framing.groups, "labels": framing.labels, "distinctive": framing.distinctive,
                     "predicates": framing.predicates} if framing else
                    {"groups": [], "labels": [], "distinctive": []}),
    }


def _framing_mentions(framing) -> list[str]:
    """The statements the framing's labels and predicates quote."""
    if framing is None:
        return []
    return [x["mention"] for x in [*framing.labels, *framing.predicates] if isinstance(x, dict) and x.get("mention")]


def export_schema() -> dict:
    """The JSON Schema of the export, shipped in the package."""
    return json.loads(resources.files("rashomon.schema").joinpath(SCHEMA_FILE).read_text("utf-8"))


def validate_export(data: dict) -> None:
    """Raise jsonschema.ValidationError when `data` breaks the contract."""
    import jsonschema

    jsonschema.validate(data, export_schema())
