"""A small hand-made store with every kind of finding, written straight into the store (no NLP).

Used by the report and web tests and handy for looking at the views: conflicts on a date and on a figure
from opposing parties, a vague date drawn as a range, an agreement between copies ("same text,
republished"), a conflict with its sides and reasons, an inconsistency, entities,
framing, two stories, and a document that tries to inject a script.
The story is fiction.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from ..models import CopyRelation, Document, Entity, Event, Finding, Framing, Mention, Sentence, Story

XSS = "<script>window.pwned = 1; alert('pwned')</script>"

TEXTS = {
    "d1": ("herald-varn.txt", "Varn bridge destroyed, ministry says", "The Capital Herald", "2021-03-15",
           "The Varn bridge was destroyed on March 3, 2021, the Ministry of Defence said on Monday. "
           "Ministry officials said 40 soldiers were killed in the attack on the bridge at Varn. "
           "The Free Coast Front denied any role and called the report propaganda.\n\n"
           "Colonel Idris Maro, who commanded the garrison, declined to comment."),
    "d2": ("coast-radio.txt", "Front fighters say Varn bridge fell", "Coast Radio", "2021-03-18",
           "Fighters of the Free Coast Front say the bridge at Varn fell on March 9, 2021. "
           "According to the Front, more than 300 soldiers were killed when the regime's garrison collapsed. "
           "Col. Maro fled before dawn, the Front said."),
    "d3": ("wire-varn.txt", "Bridge at Varn destroyed", "Continental Wire", "2021-03-16",
           "The Varn bridge was destroyed on March 3, 2021, the Ministry of Defence said on Monday. "
           "Ministry officials said 40 soldiers were killed in the attack on the bridge at Varn. "
           "The Free Coast Front denied any role and called the report propaganda.\n\n(Continental Wire)"),
    "d4": ("evening-post.txt", "A bridge, a river, two stories", "Evening Post", "2021-04-02",
           "In early March 2021 the bridge at Varn collapsed into the river. "
           "Residents said Colonel Idris Maro's unit withdrew by March 12, 2021, leaving the town to the Front."),
    "d5": ("leaked-memo.txt", "<img src=x onerror=\"window.pwned=1\">Leaked memo", "Anonymous <b>blog</b>",
           None,
           f"A memo {XSS} dated Friday, March 6, 2021 says the convoy left Varn at night. "
           "It names the Free Coast Front as the target & \"asks\" for 12 trucks."),
}


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Doc:
    """Mentions for one document, located by their text (the n-th occurrence)."""

    def __init__(self, doc_id: str, text: str):
        self.id, self.text, self.mentions, self.counter = doc_id, text, [], {}

    def add(self, sub: str, kind: str, letter: str, occurrence: int = 0, **kw) -> Mention:
        start = -1
        for _ in range(occurrence + 1):
            start = self.text.index(sub, start + 1)
        self.counter[letter] = self.counter.get(letter, 0) + 1
        label = kw.pop("label", {"date": "DATE", "quantity": "QUANTITY"}.get(kind, "ORG"))
        sentence = self.text.count(". ", 0, start)
        m = Mention(id=f"{self.id}.{letter}{self.counter[letter]}", doc=self.id, start=start, end=start + len(sub),
                    text=sub, kind=kind, label=label, sentence=sentence, **kw)
        assert self.text[m.start:m.end] == m.text
        self.mentions.append(m)
        return m

    def sentences(self) -> list[Sentence]:
        out, a = [], 0
        for i, part in enumerate(self.text.split(". ")):
            out.append(Sentence(self.id, i, a, a + len(part) + 1))
            a += len(part) + 2
        return out


def build_sample_store(path: str | Path):
    """Create (or overwrite) a store at `path` holding the sample corpus; returns the open Store."""
    from ..store import Store

    path = Path(path)
    for suffix in ("", "-wal", "-shm"):
        p = Path(str(path) + suffix)
        if p.exists():
            p.unlink()
    store = Store(path)
    for doc_id, (file, title, outlet, published, text) in TEXTS.items():
        got = store.add_document(Document(text=text, file=file, path=f"sample/{file}", title=title, outlet=outlet,
                                          published=published, content_hash=_hash(text),
                                          url=f"https://example.org/{file}" if doc_id != "d5" else "javascript:alert(1)"))
        assert got == doc_id, (got, doc_id)
    D = {doc_id: _Doc(doc_id, t[4]) for doc_id, t in TEXTS.items()}
    MOD, FCF = "Ministry of Defence", "Free Coast Front"

    d1, d2, d3, d4, d5 = (D[k] for k in ("d1", "d2", "d3", "d4", "d5"))
    # d1: the ministry's account
    t11 = d1.add("March 3, 2021", "date", "t", value="2021-03-03", first="2021-03-03", last="2021-03-03",
                 qualifier="exact", attributed_to=MOD, event="v1", predicate="destroy", timex_type="absolute")
    d1.add("Monday", "date", "t", value=None, timex_type="relative")
    q11 = d1.add("40 soldiers", "quantity", "q", value=40, qualifier="exact", counted="soldiers", predicate="kill",
                 attributed_to=MOD, event="v2")
    d1.add("Varn", "place", "n", label="GPE", value="Varn", entity="e3")
    n_mod1 = d1.add("Ministry of Defence", "actor", "n", value=MOD, entity="e1")
    d1.add("Varn", "place", "n", occurrence=1, label="GPE", value="Varn", entity="e3")
    n_fcf1 = d1.add("Free Coast Front", "actor", "n", value=FCF, entity="e2")
    d1.add("Colonel Idris Maro", "actor", "n", label="PERSON", value="Idris Maro", entity="e4")
    # d2: the Front's account
    d2.add("Free Coast Front", "actor", "n", value=FCF, entity="e2")
    d2.add("Varn", "place", "n", label="GPE", value="Varn", entity="e3")
    t21 = d2.add("March 9, 2021", "date", "t", value="2021-03-09", first="2021-03-09", last="2021-03-09",
                 qualifier="exact", attributed_to=FCF, event="v1", predicate="fall", timex_type="absolute")
    q21 = d2.add("more than 300 soldiers", "quantity", "q", value=300, qualifier="over", counted="soldiers",
                 predicate="kill", attributed_to=FCF, event="v2")
    n_reg2 = d2.add("regime", "other", "n", label="NORP", value="regime", entity="e1")
    d2.add("Col. Maro", "actor", "n", label="PERSON", value="Idris Maro", entity="e4")
    # d3: a wire copy of d1
    t31 = d3.add("March 3, 2021", "date", "t", value="2021-03-03", first="2021-03-03", last="2021-03-03",
                 qualifier="exact", attributed_to=MOD, event="v1", predicate="destroy", timex_type="absolute")
    q31 = d3.add("40 soldiers", "quantity", "q", value=40, qualifier="exact", counted="soldiers", predicate="kill",
                 attributed_to=MOD, event="v2")
    d3.add("Ministry of Defence", "actor", "n", value=MOD, entity="e1")
    d3.add("Free Coast Front", "actor", "n", value=FCF, entity="e2")
    # d4: a vague date and a deadline
    t41 = d4.add("early March 2021", "date", "t", value="2021-03-early", first="2021-03-01", last="2021-03-10",
                 qualifier="about", event="v1", predicate="collapse", timex_type="vague")
    d4.add("Varn", "place", "n", label="GPE", value="Varn", entity="e3")
    d4.add("Colonel Idris Maro", "actor", "n", label="PERSON", value="Idris Maro", entity="e4")
    t42 = d4.add("by March 12, 2021", "date", "t", value="2021-03-12", first="2021-03-01", last="2021-03-12",
                 qualifier="by", event="v3", predicate="withdraw", timex_type="absolute")
    n_front4 = d4.add("the Front", "actor", "n", value=FCF, entity="e2")
    # d5: a memo that contradicts the calendar, and tries to inject a script
    t51 = d5.add("Friday, March 6, 2021", "date", "t", value="2021-03-06", first="2021-03-06", last="2021-03-06",
                 qualifier="exact", weekday="Friday", timex_type="absolute", event="v4")
    d5.add("Varn", "place", "n", label="GPE", value="Varn", entity="e3")
    d5.add("Free Coast Front", "actor", "n", value=FCF, entity="e2")
    d5.add("12 trucks", "quantity", "q", value=12, qualifier="exact", counted="trucks", event="v4")

    for doc in D.values():
        store.save_extraction(doc.id, b"", doc.sentences(), doc.mentions)
    mentions = [m for doc in D.values() for m in doc.mentions]
    entities = [
        Entity("e1", MOD, "ORG", [MOD, "Ministry officials", "regime"]),
        Entity("e2", FCF, "ORG", [FCF, "the Front"]),
        Entity("e3", "Varn", "GPE", ["Varn"]),
        Entity("e4", "Idris Maro", "PERSON", ["Colonel Idris Maro", "Col. Maro"]),
        Entity("e5", 'Convoy "<b>7</b>"', "OTHER", ["<i>convoy</i>"]),
    ]
    for e in entities:
        e.mentions = [m.id for m in mentions if m.entity == e.id]
    events = [
        Event("v1", "Varn bridge destroyed", "2021-03", ["e3", "e1", "e2"], "destroy"),
        Event("v2", "Soldiers killed at Varn", "2021-03", ["e3", "e1", "e2"], "kill"),
        Event("v3", "Maro's unit withdraws", "2021-03-12", ["e4", "e3"], "withdraw"),
        Event("v4", "Convoy <leaves> Varn", "2021-03-06", ["e5", "e3"], "leave"),
    ]
    for v in events:
        v.mentions = [m.id for m in mentions if m.event == v.id]
    findings = [
        Finding("f1", "conflict", "date", [t11.id, t21.id],
                "d1 (Ministry of Defence) says 2021-03-03; d2 (Free Coast Front) says 2021-03-09", "v1", "major",
                [MOD, FCF], confidence=0.8, groups=[[t11.id], [t21.id]],
                reasons=["same happening to the same named theme", "the same place: <Varn>"]),
        Finding("f2", "conflict", "soldiers killed", [q11.id, q21.id],
                "40 is incompatible with more than 300", "v2", "major", [MOD, FCF]),
        Finding("f3", "agreement", "date", [t11.id, t41.id], "2021-03-03 lies within early March 2021", "v1",
                None, [MOD, None]),
        Finding("f4", "agreement", "date", [t11.id, t31.id], "both say 2021-03-03", "v1", None, [MOD, MOD],
                independent=False),
        Finding("f5", "agreement", "soldiers killed", [q11.id, q31.id], "both say 40", "v2", None, [MOD, MOD],
                independent=False),
        Finding("f6", "inconsistency", "weekday", [t51.id],
                "March 6, 2021 was a Saturday, not a Friday </script><script>window.pwned=1</script>", "v4",
                "minor", [None]),
        Finding("f7", "conflict", "date", [t21.id, t42.id],
                "fell on 2021-03-09 vs withdrew by 2021-03-12 (illustrative)", "v3", "minor", [FCF, None]),
    ]
    stories = [Story("s1", "Varn · Free Coast Front · 2021", ["d1", "d2", "d3", "d4"],
                     ["Varn", "Free Coast Front", "bridge", "2021"]),
               Story("s2", "Leaked <i>memo</i> · convoy", ["d5"], ["convoy", "memo"])]
    copies = [CopyRelation("d1", "d3", 0.93)]
    framing = Framing(
        groups=[["d1", "d3"], ["d2"], ["d4", "d5"]],
        labels=[
            {"entity": "e2", "doc": "d1", "label": "Free Coast Front", "mention": n_fcf1.id,
             "quote": "The Free Coast Front denied any role", "kind": "name"},
            {"entity": "e1", "doc": "d1", "label": "Ministry of Defence", "mention": n_mod1.id,
             "quote": "the Ministry of Defence said", "kind": "name"},
            {"entity": "e1", "doc": "d2", "label": "regime", "mention": n_reg2.id,
             "quote": "the regime's garrison collapsed", "kind": "epithet"},
            {"entity": "e2", "doc": "d4", "label": "the Front", "mention": n_front4.id,
             "quote": "leaving the town to the Front", "kind": "name"},
            {"entity": "e5", "doc": "d5", "label": "<script>alert(2)</script>", "mention": None,
             "quote": "<img src=x onerror=alert(3)>", "kind": "epithet"},
            {"entity": "e5", "doc": "d5", "label": 'Convoy "<b>7</b>"', "mention": None,
             "quote": "the convoy", "kind": "name"},
        ],
        distinctive=[{"group": 0, "word": "ministry", "z": 3.2}, {"group": 0, "word": "attack", "z": 2.1},
                     {"group": 1, "word": "regime", "z": 3.4}, {"group": 1, "word": "fighters", "z": 2.9},
                     {"group": 2, "word": "<b>memo</b>", "z": 2.2}],
        predicates=[{"event": "v1", "doc": "d1", "word": "destroy", "mention": t11.id},
                    {"event": "v1", "doc": "d2", "word": "fall", "mention": t21.id},
                    {"event": "v1", "doc": "d4", "word": "collapse", "mention": t41.id}],
    )
    store.save_corpus_results(mentions, entities, events, findings, copies, framing, stories)
    return store


def sample_export(path: str | Path) -> dict:
    """The sample corpus as an export dict (builds the store at `path`)."""
    from ..export import build_export

    store = build_sample_store(path)
    try:
        return build_export(store)
    finally:
        store.close()
