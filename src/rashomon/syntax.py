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
