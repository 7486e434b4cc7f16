"""The findings export as CONTRACT.md defines it, built from the store."""
from __future__ import annotations

import json
from importlib import resources

from ..models import Mention

SCHEMA_FILE = "export.schema.json"


def mention_dict(m: Mention) -> dict:
    return {"id": m.id, "doc": m.doc, "start": m.start, "end": m.end, "text": m.text, "kind": m.kind,
            "value": m.value, "qualifier": m.qualifier, "attributed_to": m.attributed_to,
            "entity": m.entity, "event": m.event,
            # beyond the contract: what the figure counts and the statement's predicate
            "label": m.label, "counted": m.counted, "predicate": m.predicate, "sentence": m.sentence}


def build_export(store) -> dict:
    """Everything the store knows, as the contract's JSON object (plus a few documented extras)."""
    docs = store.documents()
    mentions = store.mentions()
    framing = store.framing()
    return {
        "documents": [{"id": d.id, "file": d.file, "title": d.title, "outlet": d.outlet,
                       "published": d.published, "author": d.author, "url": d.url, "group": d.group,
                       "story": d.story, "text": d.text, **({"failed": d.failed} if d.failed else {})}
                      for d in docs],
        "stories": [{"id": s.id, "label": s.label, "documents": s.documents, "terms": s.terms}
                    for s in store.stories()],
        "mentions": [mention_dict(m) for m in mentions],
        "entities": [{"id": e.id, "canonical": e.canonical, "type": e.type, "aliases": e.aliases,
                      "mentions": e.mentions} for e in store.entities()],
        "events": [{"id": v.id, "label": v.label, "date": v.date, "entities": v.entities,
                    "predicate": v.predicate, "mentions": v.mentions} for v in store.events()],
        "timex": [{"doc": m.doc, "start": m.start, "end": m.end, "text": m.text, "value": m.value,
                   "first": m.first, "last": m.last, "qualifier": m.qualifier, "type": m.timex_type,
                   "anchor": m.anchor, "mention": m.id}
                  for m in mentions if m.kind == "date"],
        "findings": [{"id": f.id, "type": f.type, "event": f.event, "what": f.what, "mentions": f.mentions,
                      "severity": f.severity, "explanation": f.explanation, "parties": f.parties,
                      "independent": f.independent, "confidence": f.confidence,
                      **({"groups": f.groups} if f.groups else {}), "reasons": f.reasons}
                     for f in store.findings()],
        "analysis": {"stale": store.stale()},
        "copies": [{"doc_a": c.doc_a, "doc_b": c.doc_b, "similarity": c.similarity} for c in store.copies()],
        "framing": ({"groups": framing.groups, "labels": framing.labels, "distinctive": framing.distinctive,
                     "predicates": framing.predicates} if framing else
                    {"groups": [], "labels": [], "distinctive": []}),
    }


def export_schema() -> dict:
    """The JSON Schema of the export, shipped in the package."""
    return json.loads(resources.files("rashomon.schema").joinpath(SCHEMA_FILE).read_text("utf-8"))


def validate_export(data: dict) -> None:
    """Raise jsonschema.ValidationError when `data` breaks the contract."""
    import jsonschema

    jsonschema.validate(data, export_schema())
