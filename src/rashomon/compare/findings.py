"""Turns aligned statements into findings: conflicts, agreements and inconsistencies, with evidence,
parties and a plain-words explanation naming documents and values."""
from __future__ import annotations

from ..align import Alignment, CopyIndex
from ..models import CopyRelation, Document, Finding, Mention
from .values import compatible, severity, show

SELF = "the document itself"


def _who(m: Mention, docs: dict[str, Document]) -> str:
    d = docs.get(m.doc)
    name = (d.file or d.title or d.id) if d else m.doc
    party = f" (according to {m.attributed_to})" if m.attributed_to else ""
    return f"{name}{party}"


def _what(m: Mention, label: str) -> str:
    return f"date of: {label}" if m.kind == "date" else (f"count of: {label}" if m.kind == "quantity" else label)


def compare(docs: dict[str, Document], mentions: list[Mention], alignment: Alignment,
            copies: list[CopyRelation]) -> list[Finding]:
    """Every finding the alignment supports, most severe first, numbered f1, f2, ..."""
    from ..extract.timex import weekday_mismatch

    events = {e.id: e for e in alignment.events}
    copy_index = CopyIndex(copies)
    findings: list[Finding] = []
    seen: set[tuple] = set()
    for p in alignment.pairs:
        a, b = p.a.mention, p.b.mention
        ok = compatible(a, b)
        if ok is None:
            continue
        ev = events.get(a.event or "")
        label = ev.label if ev else "the same happening"
        # one finding per pair of (document, party, value) on each side
        key = tuple(sorted([(a.doc, a.attributed_to or "", str(a.value), a.qualifier or ""),
                            (b.doc, b.attributed_to or "", str(b.value), b.qualifier or "")])) + (a.event,)
        if key in seen:
            continue
        seen.add(key)
        parties = [a.attributed_to, b.attributed_to]
        party_note = ""
        if (a.attributed_to or None) != (b.attributed_to or None):
            party_note = (f" The values come from different parties: {a.attributed_to or SELF} and "
                          f"{b.attributed_to or SELF}.")
        if ok and a.doc != b.doc and p.agrees:
            independent = not copy_index.copied(a.doc, a.start, b.doc, b.start)
            note = "" if independent else " Same text, republished: not independent corroboration."
            findings.append(Finding(
                id="", type="agreement", event=a.event, what=_what(a, label), mentions=[a.id, b.id],
                severity=None, parties=parties, independent=independent,
                confidence=0.9 if p.strict else 0.6,
                explanation=f"{_who(a, docs)} says {show(a)}; {_who(b, docs)} says {show(b)}: compatible."
                            + note + party_note))
        elif not ok and p.strict:
            same_doc = a.doc == b.doc and (a.attributed_to or None) == (b.attributed_to or None)
            findings.append(Finding(
                id="", type="inconsistency" if same_doc else "conflict", event=a.event, what=_what(a, label),
                mentions=[a.id, b.id], severity=severity(a, b), parties=parties, confidence=0.8,
                explanation=f"{_who(a, docs)} says {show(a)}; {_who(b, docs)} says {show(b)}." + party_note))
    for ent, group, ev_id in alignment.place_groups:
        label = events[ev_id].label if ev_id in events else ent
        by_doc: dict[str, Mention] = {}
        for m in group:
            by_doc.setdefault(m.doc, m)
        names = sorted({m.text for m in group})
        findings.append(Finding(
            id="", type="agreement", event=ev_id, what=f"place: {label}", mentions=[m.id for m in group],
            severity=None, parties=[m.attributed_to for m in group], confidence=0.6,
            explanation=f"{len(by_doc)} documents name the same place ({', '.join(names)}) in this happening: "
                        + ", ".join(_who(m, docs) for m in by_doc.values()) + "."))
    for m in mentions:
        if m.kind == "date" and (actual := weekday_mismatch(m)):
            findings.append(Finding(
                id="", type="inconsistency", event=m.event, what="weekday of a date", mentions=[m.id],
                severity="minor", parties=[m.attributed_to], confidence=1.0,
                explanation=f"{_who(m, docs)} writes “{m.text}”, but {m.value} was a {actual}, "
                            f"not a {m.weekday}."))
    order = {"conflict": 0, "inconsistency": 1, "agreement": 2}
    findings.sort(key=lambda f: (order[f.type], f.severity != "major", f.event or "", f.mentions))
    for i, f in enumerate(findings, 1):
        f.id = f"f{i}"
    return findings
