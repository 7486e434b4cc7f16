"""Paths in a dependency parse that extraction and alignment both read: the subject phrase a noun ends,
and the words that can say when a happening happened."""
from __future__ import annotations

from spacy.tokens import Token


def subject_phrase(t: Token) -> Token:
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
    subj = subject_phrase(t)
    toks = list(subj.subtree)
    if subj.dep_ in ("nsubj", "nsubjpass"):
        toks += [x for p in subj.head.children if p.dep_ == "prep" for x in p.subtree]
    return toks


def manner_verb(t: Token, prepositions: frozenset[str]) -> Token | None:
    """The verb a word of manner or cause hangs on: "accidentally entered", "entered through (an act of)
    sabotage", "fired by accident"; None when it hangs on no verb."""
    if t.dep_ == "advmod":
        return t.head if t.head.pos_ in ("VERB", "AUX") else None
    up = t.head
    if up.dep_ == "prep" and up.lower_ == "of" and up.head.lemma_.lower() == "act":
        up = up.head.head
    if up.dep_ == "prep" and up.lower_ in prepositions and up.head.pos_ == "VERB":
        return up.head
    return None


def participants(verb: Token) -> str | None:
    """"water enter tank": the verb with the nouns of its subject and object, which tell one act of a kind
    from another of the same kind; None unless both are nouns (pronouns say nothing by themselves)."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if subj is None or obj is None or subj.pos_ not in ("NOUN", "PROPN") or obj.pos_ not in ("NOUN", "PROPN"):
        return None
    return f"{subj.lemma_.lower()} {verb.lemma_.lower()} {obj.lemma_.lower()}"
