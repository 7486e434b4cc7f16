"""CSV and Markdown exports: findings side by side with their quotes, and every mention."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from ..quotes import sentence_of


SELF = "(the document itself)"   # the party of a value the document states in its own voice


def finding_sides(f: dict) -> list[list[str]]:
    """A finding's sides: its `groups` (each side's mentions agree with one another); without groups,
    each mention is its own side."""
    groups = [list(g) for g in f.get("groups") or [] if g]
    return groups or [[mid] for mid in f.get("mentions") or []]


def finding_between(f: dict) -> list[str]:
    """Evidence mentions of a grouped finding on no side: vague values that fit more than one side
    ("around 155" beside 150 and 155), shown apart as compatible with several."""
    groups = [g for g in f.get("groups") or [] if g]
    held = {mid for g in groups for mid in g}
    return [mid for mid in f.get("mentions") or [] if mid not in held] if groups else []


def finding_party(f: dict, mid: str, mentions: dict[str, dict]) -> str | None:
    """The party an evidence mention is attributed to in a finding (None: the document itself)."""
    mids, parties = f.get("mentions") or [], f.get("parties") or []
    if mid in mids and mids.index(mid) < len(parties):
        return parties[mids.index(mid)]
    return (mentions.get(mid) or {}).get("attributed_to")


def evidence_rows(data: dict) -> list[dict]:
    """One row per evidence mention of each finding, side by side: the side it is on (1, 2, …; mentions
    of one side agree), its document, value, party and quote, and the finding's reasons and confidence."""
    docs = {d["id"]: d for d in data["documents"]}
    mentions = {m["id"]: m for m in data["mentions"]}
    events = {v["id"]: v["label"] for v in data["events"]}
    stories = {s["id"]: s["label"] for s in data.get("stories") or []}
    rows = []
    for f in data["findings"]:
        sides = [(n, mids) for n, mids in enumerate(finding_sides(f), 1)] + [("between", finding_between(f))]
        for side, mids in sides:
            for mid in mids:
                m = mentions.get(mid)
                if not m:
                    continue
                d = docs[m["doc"]]
                rows.append({
                    "finding": f["id"], "type": f["type"], "severity": f["severity"] or "",
                    "story": stories.get(d.get("story"), d.get("story") or ""),
                    "event": events.get(f["event"], ""), "what": f["what"], "side": side,
                    "document": d.get("file") or d["id"], "outlet": d.get("outlet") or "",
                    "value": json.dumps(m["value"]) if isinstance(m["value"], list) else m["value"],
                    "qualifier": m["qualifier"] or "", "party": finding_party(f, mid, mentions) or SELF,
                    "quote": sentence_of(d["text"], m["start"], m["end"]), "mention": mid,
                    "explanation": f["explanation"], "reasons": "; ".join(f.get("reasons") or []),
                    "confidence": f.get("confidence", 1.0)})
    return rows


def write_csv(data: dict, out: Path) -> list[Path]:
    """Findings (one row per evidence mention) to OUT, and all mentions to OUT's stem + '-mentions.csv'."""
    out = Path(out)
    rows = evidence_rows(data)
    cols = ["finding", "type", "severity", "story", "event", "what", "side", "document", "outlet", "value",
            "qualifier", "party", "quote", "mention", "explanation", "reasons", "confidence"]
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=cols)
        w.writeheader()
        w.writerows(rows)
    mpath = out.with_name(out.stem + "-mentions.csv")
    mcols = ["id", "doc", "start", "end", "text", "kind", "value", "qualifier", "attributed_to", "entity",
             "event", "counted", "predicate"]
    with mpath.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=mcols, extrasaction="ignore")
        w.writeheader()
        for m in data["mentions"]:
            w.writerow({**m, "value": json.dumps(m["value"]) if isinstance(m["value"], list) else m["value"]})
    return [out, mpath]


def count_noun(n: int, noun: str) -> str:
    """ "1 conflict", "2 inconsistencies"."""
    if n == 1:
        return f"1 {noun}"
    return f"{n} {noun[:-1]}ies" if noun.endswith("y") else f"{n} {noun}s"


def _md_cell(s) -> str:
    return str(s if s is not None else "").replace("|", "\\|").replace("\n", " ")


def to_markdown(data: dict) -> str:
    """A report a person can paste into a document: conflicts, agreements, inconsistencies, sources."""
    docs = data["documents"]
    rows = evidence_rows(data)
    lines = ["# rashomon report", "",
             f"{len(docs)} documents, {len(data['events'])} events, "
             + ", ".join(count_noun(sum(f["type"] == t for f in data["findings"]), t)
                         for t in ("conflict", "agreement", "inconsistency")), ""]
    for kind, title in (("conflict", "Conflicts"), ("agreement", "Agreements"), ("inconsistency", "Inconsistencies")):
        fs = [f for f in data["findings"] if f["type"] == kind]
        lines += [f"## {title}", ""]
        if not fs:
            lines += ["None found.", ""]
            continue
        for f in fs:
            sev = f" ({f['severity']})" if f["severity"] else ""
            copy = "" if f.get("independent", True) else " — same text, republished"
            lines += [f"### {f['id']}: {_md_cell(f['what'])}{sev}{copy}", "", _md_cell(f["explanation"]), ""]
            story = next((r["story"] for r in rows if r["finding"] == f["id"] and r["story"]), "")
            if story:
                lines += [f"Story: {_md_cell(story)}", ""]
            if f.get("reasons"):
                lines += ["Aligned because: " + "; ".join(_md_cell(x) for x in f["reasons"])
                          + f" (confidence {float(f.get('confidence', 1.0)):.2f})", ""]
            lines += ["| side | document | value | qualifier | party | quote |", "|---|---|---|---|---|---|"]
            for r in (r for r in rows if r["finding"] == f["id"]):
                lines.append("| " + " | ".join(_md_cell(r[k]) for k in
                                                ("side", "document", "value", "qualifier", "party", "quote")) + " |")
            lines.append("")
    if data.get("stories"):
        lines += ["## Stories", ""]
        for st in data["stories"]:
            lines.append(f"- {_md_cell(st['id'])}: {_md_cell(st['label'])} — {', '.join(map(_md_cell, st['documents']))}")
        lines.append("")
    lines += ["## Sources", "", "| id | file | title | outlet | published | story |", "|---|---|---|---|---|---|"]
    for d in docs:
        lines.append("| " + " | ".join(_md_cell(d.get(k)) for k in ("id", "file", "title", "outlet", "published", "story"))
                     + " |")
    return "\n".join(lines) + "\n"
