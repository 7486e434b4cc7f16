"""Whether a happening happened: "the attack never happened", "there was no second attack", "the raid
was a hoax" (did not happen) and "attacks took place on May 4", "boats attacked the ship on May 4"
(happened). Each becomes a `state` mention of the happening's noun or verb, valued "happened" or
"did not happen", so accounts that disagree on it can be set against each other."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from .. import data
from ..align.predicates import predicate_class
from ..models import Document, Mention

HAPPENED, NOT_HAPPENED = "happened", "did not happen"


def _w(key: str) -> frozenset[str]:
    return data.words("occurrence", key)


def _happening_noun(t: Token) -> str | None:
    """The happening a noun names ("attack" -> attack), or None."""
    if t.pos_ not in ("NOUN", "PROPN"):
        return None
    lemma = t.lemma_.lower()
    cls = predicate_class(lemma)
    if cls is not None:
        return cls.name
    if lemma in data.words("happenings", "event_nouns") or lemma in _w("happening_nouns"):
        return lemma
    return None


def _occur_verb(v: Token) -> bool:
    lemma = v.lemma_.lower()
    if lemma == "take":
        return any(c.dep_ == "dobj" and c.lemma_.lower() == "place" for c in v.children)
    return lemma in _w("occur_verbs")


def _negated(v: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ == "never" for c in v.children)


def _asserted(v: Token) -> bool:
    """Not under a modal, a condition or a question."""
    if any(c.lower_ in _w("modal_words") and c.dep_ in ("aux", "mark") for c in v.children):
        return False
    return not v.sent.text.rstrip().endswith("?")


def _subject(t: Token) -> Token:
    """The subject phrase a noun ends, when a parse hangs it inside one ("the Gulf of X attack never
    happened", parsed with "Gulf" as the subject): that subject; else t itself."""
    x = t
    for _ in range(3):
        if x.dep_ in ("nsubj", "nsubjpass") or x.dep_ not in ("pobj", "prep", "compound"):
            break
        x = x.head
    return x if x.dep_ in ("nsubj", "nsubjpass") and x.right_edge.i == t.i else t


def occasion_tokens(t: Token) -> list[Token]:
    """The words that can say when the happening t (a noun or a verb) happened: its own phrase, and the
    prepositions of the verb it is the subject of ("the May 4 attack", "took place on May 4")."""
    if t.pos_ == "VERB":
        return [x for p in t.children if p.dep_ == "prep" for x in p.subtree]
    subj = _subject(t)
    toks = list(subj.subtree)
    if subj.dep_ in ("nsubj", "nsubjpass"):
        toks += [x for p in subj.head.children if p.dep_ == "prep" for x in p.subtree]
    return toks


def _polarity(t: Token) -> str | None:
    """What the sentence says of the happening noun t: happened, did not happen, or nothing."""
    subj = _subject(t)
    head = subj.head
    no = any(c.dep_ == "det" and c.lower_ == "no" for c in t.children)
    if subj.dep_ in ("nsubj", "nsubjpass") and _occur_verb(head) and _asserted(head):
        # "the attack never happened", "no attack occurred", "attacks took place on May 4"
        return NOT_HAPPENED if (no or _negated(head)) else HAPPENED
    if t.dep_ == "attr" and head.lemma_ == "be" and no and any(c.dep_ == "expl" for c in head.children) \
            and not _negated(head):
        return NOT_HAPPENED                                   # "there was no second attack"
    if t.dep_ == "nsubj" and head.lemma_ == "be" and not _negated(head) and _asserted(head):
        for c in head.children:
            if c.dep_ == "acomp" and c.lemma_.lower() in _w("unreal_adjectives"):
                return NOT_HAPPENED                           # "the attack had been imaginary"
            if c.dep_ == "attr" and c.lemma_.lower() in _w("unreal_nouns"):
                return NOT_HAPPENED                           # "the raid was a hoax"
    if t.dep_ == "dobj" and head.lemma_.lower() in _w("fabricate_verbs") and not _negated(head):
        if head.lemma_.lower() not in _w("particle_only") or any(
                c.dep_ == "prt" and c.lower_ == "up" for c in head.children):
            return NOT_HAPPENED                               # "they cooked up the incident"
    return None


def _dated_act(v: Token, date_spans: list[tuple[int, int]]) -> bool:
    """A verb of a happening class, asserted in the past with a subject, and dated in its own clause:
    "boats attacked the ship on May 4" says the attack happened that day."""
    if v.pos_ != "VERB" or v.tag_ not in ("VBD", "VBN") or predicate_class(v.lemma_.lower()) is None:
        return False
    if _negated(v) or not _asserted(v) or not any(c.dep_ == "nsubj" for c in v.children):
        return False
    return any(p.dep_ == "prep" and any(s <= q.idx < e for q in p.subtree for s, e in date_spans)
               for p in v.children)


def extract_occurrences(doc: Document, sdoc: Doc, taken: list[tuple[int, int]],
                        dates: list[Mention]) -> list[Mention]:
    """A `state` mention for every sentence that says a happening happened or did not."""
    date_spans = [(m.start, m.end) for m in dates]
    out: list[Mention] = []
    for si, sent in enumerate(sdoc.sents):
        for t in sent:
            polarity = None
            name = _happening_noun(t)
            if name is not None:
                polarity = _polarity(t)
            elif _dated_act(t, date_spans):
                polarity, name = HAPPENED, predicate_class(t.lemma_.lower()).name
            if polarity is None:
                continue
            start, end = t.idx, t.idx + len(t.text)
            if any(start < e and s < end for s, e in taken):
                continue   # inside a date, a figure or a name ("the Gulf Incident"): theirs
            out.append(Mention(id="", doc=doc.id or "", start=start, end=end, text=t.text, kind="state",
                               label="OCCURRENCE", sentence=si, value=polarity, counted=t.lemma_.lower(),
                               predicate=name))
    for i, m in enumerate(out, 1):
        m.id = f"{doc.id}.o{i}"
    return out
