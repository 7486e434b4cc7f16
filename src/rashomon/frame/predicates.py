"""Predicate words: the verb (or action noun) each source uses for an aligned event — "seized",
"reclaimed", "occupied" — and, per entity, the verbs it is the subject or object of."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ..models import Event, Mention
from ..settings import PREDICATE_MAX_CLIMB
from ._text import NAME_KINDS, is_stop, mention_span, span_root

# Action nouns are recognised by their derivational ending ("capture", "occupation", "killing",
# "seizure", "blockade"): a morphological rule, not a word list.
_ACTION_SUFFIXES = ("ing", "tion", "sion", "ment", "ure", "dom", "al", "age", "ade")
_SUBJECT = {"nsubj", "agent"}
_OBJECT = {"dobj", "nsubjpass", "pobj", "dative"}


def _is_action_noun(tok: Token) -> bool:
    return (tok.pos_ == "NOUN" and tok.is_alpha and len(tok.text) > 4
            and tok.lower_.endswith(_ACTION_SUFFIXES))


def governing_predicate(span) -> Token | None:
    """The verb that governs a span, climbing through prepositions, compounds, appositions and
    coordination; or an action noun the span is the of-object of ("the seizing of the gate")."""
    inside = {t.i for t in span}
    cur = span_root(span)
    for _ in range(PREDICATE_MAX_CLIMB):
        if cur.i not in inside and cur.pos_ == "VERB":
            return cur
        if (cur.dep_ == "pobj" and cur.head.lower_ == "of" and cur.head.head.i not in inside
                and _is_action_noun(cur.head.head)):
            return cur.head.head
        if cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _verb_lemma(tok: Token, verbs: set[str]) -> str:
    """The lemma, with a gerund used as a noun ("the seizing of") mapped to its verb ("seize") when
    the corpus uses that verb, so sources writing "seized" and "the seizing" compare equal."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "NOUN" and lemma.endswith("ing") and len(lemma) > 5:
        stem = lemma[:-3]
        for cand in (stem, stem + "e", stem[:-1]):
            if cand in verbs:
                return cand
    return lemma


def _role(root: Token, verb: Token) -> str:
    """Whether the entity is the doer ("subject") or undergoer ("object") of the verb."""
    tok = root
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ == "pobj" and tok.head.dep_ == "agent":
        return "subject"
    if tok.dep_ in _SUBJECT:
        return "subject"
    if tok.dep_ in _OBJECT:
        return "object"
    return "other"


def event_predicates(sdocs: dict[str, Doc], mentions: list[Mention], events: list[Event]) -> list[dict]:
    """Per event and document, the distinct predicate words its mentions hang from.

    Returns `{event, doc, word, surface, mention}` dicts: `word` is the lowercase lemma (so
    "seized"/"seize" compare equal), `surface` the text as written.
    """
    by_id = {m.id: m for m in mentions}
    verbs = {t.lemma_.lower() for sdoc in sdocs.values() for t in sdoc if t.pos_ == "VERB"}
    out: list[dict] = []
    seen: set[tuple] = set()
    for ev in events:
        for mid in ev.mentions:
            m = by_id.get(mid)
            if m is None or m.doc not in sdocs:
                continue
            span = mention_span(sdocs[m.doc], m)
            tok = governing_predicate(span) if span is not None and len(span) else None
            if tok is not None:
                word, surface = _verb_lemma(tok, verbs), tok.text
            elif m.predicate:
                word, surface = m.predicate.lower(), None
            else:
                continue
            if is_stop(word):
                continue
            key = (ev.id, m.doc, word)
            if key in seen:
                continue
            seen.add(key)
            out.append({"event": ev.id, "doc": m.doc, "word": word, "surface": surface,
                        "mention": m.id})
    return out


def entity_predicates(sdocs: dict[str, Doc], mentions: list[Mention]) -> list[dict]:
    """Per entity and document, the content verbs it is the subject or object of.

    Returns `{event: None, entity, doc, word, surface, role, mention}` dicts, one per distinct
    (entity, doc, word, role), with `count`.
    """
    out: dict[tuple, dict] = {}
    for m in sorted(mentions, key=lambda m: (m.doc, m.start)):
        if m.kind not in NAME_KINDS or m.entity is None or m.doc not in sdocs:
            continue
        span = mention_span(sdocs[m.doc], m)
        if span is None or not len(span):
            continue
        root = span_root(span)
        verb = root.head
        if verb.pos_ != "VERB" and root.dep_ == "pobj" and root.head.dep_ == "agent":
            verb = root.head.head
        elif verb.pos_ != "VERB" and root.dep_ == "conj":
            # "X and Y fought": climb to the first conjunct's verb
            first = root
            while first.dep_ == "conj" and first.head.i != first.i:
                first = first.head
            verb = first.head
        if verb.pos_ != "VERB" or verb.i in {t.i for t in span}:
            continue
        word = verb.lemma_.lower()
        if is_stop(word) or not word.isalpha():
            continue
        role = _role(root, verb)
        if role == "other":
            continue
        key = (m.entity, m.doc, word, role)
        if key in out:
            out[key]["count"] += 1
            continue
        out[key] = {"event": None, "entity": m.entity, "doc": m.doc, "word": word,
                    "surface": verb.text, "role": role, "mention": m.id, "count": 1}
    return list(out.values())
