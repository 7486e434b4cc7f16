"""Turns aligned statements into findings: conflicts, agreements and inconsistencies, with evidence,
parties and a plain-words explanation naming documents and values."""
from __future__ import annotations

import math

from ..align import Alignment, CopyIndex
from ..data import load
from ..disjoint import DisjointSets
from ..intervals import time_interval
from ..models import CopyRelation, Document, Finding, Mention
from .values import compatible, date_interval, number_interval, severity, show, states_denied

SELF = "the document itself"


def _who(m: Mention, docs: dict[str, Document]) -> str:
    d = docs.get(m.doc)
    name = (d.file or d.title or d.id) if d else m.doc
    party = f" (according to {m.attributed_to})" if m.attributed_to else ""
    return f"{name}{party}"


def _what(m: Mention, label: str) -> str:
    if m.kind == "state":
        if m.label != "STATE":
            return f"whether it happened: {label}"
        if m.counted == load("occurrence")["initiative_attribute"]:
            return f"who fired first: {label}, first or in reply"
        pair = next((p for p in load("states")["pairs"] if p[0] == m.counted), [m.counted, "not"])
        return f"{pair[0]} or {pair[1]}: {label}"
    if m.kind == "time":
        return f"time of day of: {label}"
    if m.label == "WINDOW":
        return f"length of the window of: {label}"
    return f"date of: {label}" if m.kind == "date" else (f"count of: {label}" if m.kind == "quantity" else label)


def _components(pairs) -> list[list]:
    """The pairs gathered by the connected groups of mentions they tie, in first-seen order."""
    sets = DisjointSets()
    for p in pairs:
        sets.union(p.a.mention.id, p.b.mention.id)
    comps: dict[str, list] = {}
    for p in pairs:
        comps.setdefault(sets.find(p.a.mention.id), []).append(p)
    return list(comps.values())


def _interval(m: Mention, scale: dict[str, float]):
    if m.kind == "quantity":
        return number_interval(m, scale.get(m.id, 1.0))
    return time_interval(m, wall=True) if m.kind == "time" else date_interval(m)


def _sides(members: list[Mention], scale: dict[str, float]) -> tuple[list[list[Mention]], list[Mention]]:
    """Mentions split into sides whose values all agree with each other, the most precise values first;
    and the vague values that agree with more than one side ("around 155" beside 150 and 155), which
    take no side."""
    def width(m: Mention) -> float:
        i = _interval(m, scale)
        if i is None:
            return math.inf
        w = i[1] - i[0]
        return w.total_seconds() / 86400 if hasattr(w, "total_seconds") else w

    def fits(m: Mention, side: list[Mention]) -> bool:
        return all(compatible(m, o, (scale.get(m.id, 1.0), scale.get(o.id, 1.0))) for o in side)

    sides: list[list[Mention]] = []
    between: list[Mention] = []
    for m in sorted(members, key=lambda m: (width(m), m.doc, m.start)):
        fit = [side for side in sides if fits(m, side)]
        if not fit:
            sides.append([m])
        elif len(fit) == 1:
            fit[0].append(m)
        else:
            between.append(m)
    def low(side: list[Mention]):
        i = [_interval(m, scale) for m in side]
        lows = [x[0] for x in i if x]
        return (0, min(lows)) if lows else (1, 0)

    for side in sides:
        side.sort(key=lambda m: (m.doc, m.start))
    sides.sort(key=low)
    return sides, between


def _agreeing_sets(pairs) -> list[list]:
    """Agreements: the connected compatible pairs, split into sets whose values all agree with one another
    (a chain of compatible pairs can join incompatible ends: "1928" ~ "the 1920s" ~ ... ~ "2017"), each
    set stated by two documents or more."""
    out = []
    for comp in _components(pairs):
        scale: dict[str, float] = {}
        members: dict[str, Mention] = {}
        for p in comp:
            sa, sb = p.scales
            scale[p.a.mention.id], scale[p.b.mention.id] = sa, sb
            members[p.a.mention.id], members[p.b.mention.id] = p.a.mention, p.b.mention
        sides, _ = _sides(list(members.values()), scale)
        for side in sides:
            ids = {m.id for m in side}
            sub = [p for p in comp if p.a.mention.id in ids and p.b.mention.id in ids]
            if sub and len({m.doc for p in sub for m in (p.a.mention, p.b.mention)}) >= 2:
                out.append(sub)
    return out


def _reasons(pairs) -> list[str]:
    out: list[str] = []
    for p in pairs:
        for r in p.reason.split("; "):
            if r and r not in out:
                out.append(r)
    return out[:8]


def _dispute(comp, events, docs) -> Finding | None:
    """One conflict finding for every value stated for one attribute: the sides that agree within
    themselves, when at least one aligned pair states incompatible values."""
    scale: dict[str, float] = {}
    members: dict[str, Mention] = {}
    clashing = []
    for p in comp:
        sa, sb = p.scales
        scale[p.a.mention.id], scale[p.b.mention.id] = sa, sb
        members[p.a.mention.id], members[p.b.mention.id] = p.a.mention, p.b.mention
        if compatible(p.a.mention, p.b.mention, (sa, sb)) is False:
            clashing.append(p)
    if not clashing:
        return None
    ms = sorted(members.values(), key=lambda m: (m.doc, m.start))
    sides, between = _sides(ms, scale)
    if len(sides) < 2:
        return None
    first = ms[0]
    ev = events.get(first.event or "")
    label = ev.label if ev else "the same happening"
    sev = "major" if any(severity(p.a.mention, p.b.mention, p.scales) == "major" for p in clashing) else "minor"
    parts = []
    for side in sides:
        who = "; ".join(_who(m, docs) for m in side)
        parts.append(f"{show(side[0])} ({who})")
    return Finding(id="", type="conflict", event=first.event, what=_what(first, label),
                   mentions=[m.id for m in ms], severity=sev, parties=[m.attributed_to for m in ms],
                   confidence=round(min(p.confidence for p in clashing), 2),
                   groups=[[m.id for m in side] for side in sides], reasons=_reasons(comp),
                   explanation=f"{len(sides)} incompatible values: " + " vs ".join(parts) + "."
                   + ("" if not between else " Compatible with more than one of them: "
                      + "; ".join(f"{show(m)} ({_who(m, docs)})" for m in between) + "."))


def _denial_dispute(comp, events, docs) -> Finding | None:
    """One conflict finding for an amount some say did not happen and others state: the denials on
    one side, the claims they deny (compatible values only) on the other."""
    denied: dict[str, Mention] = {}
    stated: dict[str, Mention] = {}
    kept = []
    for p in comp:
        if states_denied(p.a.mention, p.b.mention, p.scales):
            denied[p.a.mention.id], stated[p.b.mention.id] = p.a.mention, p.b.mention
            kept.append(p)
    if not kept:
        return None   # "3,000 did not die" beside "64 died" or "over 1,000 died" denies nothing they say
    no = sorted(denied.values(), key=lambda m: (m.doc, m.start))
    yes = sorted(stated.values(), key=lambda m: (m.doc, m.start))
    ev = events.get(yes[0].event or "")
    label = ev.label if ev else "the same happening"
    return Finding(id="", type="conflict", event=yes[0].event, what=f"whether: {label}",
                   mentions=[m.id for m in no + yes], severity="major",
                   parties=[m.attributed_to for m in no + yes],
                   confidence=round(min(p.confidence for p in kept), 2),
                   groups=[[m.id for m in no], [m.id for m in yes]], reasons=_reasons(kept),
                   explanation="Denied: " + "; ".join(f"not {show(m)} ({_who(m, docs)})" for m in no)
                   + ". Stated: " + "; ".join(f"{show(m)} ({_who(m, docs)})" for m in yes) + ".")


def _role_dispute(comp, events, docs) -> Finding:
    """One conflict finding for the parties named in one role of one happening: a side per party; minor
    when each account also names the other's party (related parties, a partial disagreement)."""
    by_entity: dict[str, dict[str, Mention]] = {}
    for p in comp:
        for m in (p.a.mention, p.b.mention):
            by_entity.setdefault(m.entity or m.id, {})[m.id] = m
    sides = [sorted(ms.values(), key=lambda m: (m.doc, m.start)) for ms in by_entity.values()]
    sides.sort(key=lambda side: (side[0].doc, side[0].start))
    ms = [m for side in sides for m in side]
    first = ms[0]
    ev = events.get(first.event or "")
    label = ev.label if ev else "the same happening"
    role = comp[0].role
    joint = {k: v for p in comp for k, v in p.joint.items()}

    def named(m: Mention) -> str:
        return " and ".join([m.text, *joint.get(m.id, [])])   # "the Guard and the Army" as the account says

    said: dict[str, list[str]] = {}      # each way a party is named, with who names it so
    for side in sides:
        for m in side:
            said.setdefault(named(m), []).append(_who(m, docs))
    parts = " · ".join(f"{name} ({'; '.join(who)})" for name, who in said.items())
    return Finding(id="", type="conflict", event=first.event, what=f"who: {role} — {label}",
                   mentions=[m.id for m in ms], severity="minor" if all(p.related for p in comp) else "major",
                   parties=[m.attributed_to for m in ms], confidence=round(min(p.confidence for p in comp), 2),
                   groups=[[m.id for m in side] for side in sides], reasons=_reasons(comp),
                   explanation=f"{len(sides)} different parties named as the {role}: {parts}.")


def compare(docs: dict[str, Document], mentions: list[Mention], alignment: Alignment,
            copies: list[CopyRelation]) -> list[Finding]:
    """Every finding the alignment supports, most severe first, numbered f1, f2, ...

    One conflict finding per disputed attribute (all its values, in sides that agree); one agreement
    finding per set of documents stating compatible values for it; inconsistencies one by one."""
    from ..extract.timex import weekday_mismatch

    events = {e.id: e for e in alignment.events}
    copy_index = CopyIndex(copies)
    findings: list[Finding] = []
    strict, agreeing, denials, roles = [], [], [], []
    for p in alignment.pairs:
        a, b = p.a.mention, p.b.mention
        if p.denial:
            denials.append(p)
            continue
        if p.role:
            roles.append(p)
            continue
        if p.via is not None and not compatible(p.via[0].mention, p.via[1].mention, p.via_scales):
            continue   # windows of counts that differ: two estimates, not one estimate's two windows
        ok = compatible(a, b, p.scales)
        if ok is None:
            continue
        if not ok and a.doc == b.doc and (a.attributed_to or None) == (b.attributed_to or None):
            if p.strict:
                findings.append(Finding(
                    id="", type="inconsistency", event=a.event, what=_what(a, events[a.event].label if a.event in events else "the same happening"),
                    mentions=[a.id, b.id], severity=severity(a, b, p.scales), parties=[a.attributed_to, b.attributed_to],
                    confidence=p.confidence, reasons=_reasons([p]),
                    explanation=f"{_who(a, docs)} says {show(a)} and, elsewhere, {show(b)}."))
            continue
        if p.strict:
            strict.append(p)
        if ok and a.doc != b.doc and p.agrees:
            agreeing.append(p)
    for comp in _components(strict):
        if (f := _dispute(comp, events, docs)) is not None:
            findings.append(f)
    for comp in _components(roles):
        findings.append(_role_dispute(comp, events, docs))
    for comp in _components(denials):
        if (f := _denial_dispute(comp, events, docs)) is not None:
            findings.append(f)
    for comp in _agreeing_sets(agreeing):
        ms: dict[str, Mention] = {}
        for p in comp:
            ms[p.a.mention.id], ms[p.b.mention.id] = p.a.mention, p.b.mention
        members = sorted(ms.values(), key=lambda m: (m.doc, m.start))
        first = members[0]
        ev = events.get(first.event or "")
        label = ev.label if ev else "the same happening"
        # documents whose passages copy one another count as one source
        sources = DisjointSets(m.doc for m in members)
        copied = []
        for p in comp:
            a, b = p.a.mention, p.b.mention
            if copy_index.copied(a.doc, a.start, b.doc, b.start):
                sources.union(a.doc, b.doc)
                copied.append((a.doc, b.doc))
        n_docs = len({m.doc for m in members})
        n_sources = len(sources.groups())
        independent = n_sources >= 2
        note = ""
        if copied:
            pairs = ", ".join(sorted({f"{docs[a].file or a} and {docs[b].file or b}" if a in docs and b in docs
                                      else f"{a} and {b}" for a, b in copied}))
            note = (f" Same text, republished ({pairs}): not independent corroboration;"
                    f" {n_sources} independent source{'s' if n_sources != 1 else ''}.")
        findings.append(Finding(
            id="", type="agreement", event=first.event, what=_what(first, label), mentions=[m.id for m in members],
            severity=None, parties=[m.attributed_to for m in members], independent=independent,
            confidence=round(max(p.confidence if p.strict else 0.6 for p in comp), 2), reasons=_reasons(comp),
            explanation=f"{n_docs} documents state compatible values: "
                        + "; ".join(f"{_who(m, docs)} says {show(m)}" for m in members) + "." + note))
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
    return number_findings(findings)


_TYPE_ORDER = {"conflict": 0, "inconsistency": 1, "agreement": 2}


def number_findings(findings: list[Finding]) -> list[Finding]:
    """Sort findings most severe first (conflicts, inconsistencies, agreements; major first; by event and
    mentions) and number them f1, f2, ...; the same order for one story or a store's stories together."""
    findings.sort(key=lambda f: (_TYPE_ORDER[f.type], f.severity != "major", f.event or "", f.mentions))
    for i, f in enumerate(findings, 1):
        f.id = f"f{i}"
    return findings
