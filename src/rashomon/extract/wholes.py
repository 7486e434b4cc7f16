"""Wholes said as shares: "knocked down all transmission lines", "knocked out the entire grid" state 100
percent of a thing, which an account giving "80 percent of the transmission lines" disputes. Only a whole
that is the subject or object of a verb, without a number of its own ("all 150 aboard" is a count)."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from .. import data
from ..models import Document, Mention


def _whole_noun(t: Token) -> Token | None:
    """The plural noun "all" quantifies, or the noun "the entire" / "the whole" takes."""
    noun = t.head
    if noun.pos_ != "NOUN" or any(c.dep_ == "nummod" or c.like_num for c in noun.children):
        return None
    if t.lower_ == "all" and t.dep_ in ("det", "predet") and noun.tag_ == "NNS":
        return noun
    if t.lower_ in ("entire", "whole") and t.dep_ == "amod" and any(
            c.dep_ == "det" and c.lower_ == "the" for c in noun.children):
        return noun
    return None


def extract_wholes(doc: Document, sdoc: Doc, taken: list[tuple[int, int]]) -> list[Mention]:
    """A share of 100 percent for every whole a verb acts on, outside spans already taken."""
    hedges = data.load("figures")["whole_hedges"]
    out: list[Mention] = []
    for si, sent in enumerate(sdoc.sents):
        for t in sent:
            noun = _whole_noun(t)
            arg = noun
            while arg is not None and arg.dep_ == "conj" and arg.head.pos_ == "NOUN":
                arg = arg.head          # "knocked down 80 percent of the poles and all lines"
            if arg is not noun and arg.dep_ == "pobj" and arg.head.lower_ == "of" and arg.head.head.pos_ == "NOUN":
                arg = arg.head.head     # the parse hangs the second object inside the first one's "of"
            if arg is None or arg.dep_ not in ("dobj", "nsubj", "nsubjpass") or arg.head.pos_ != "VERB":
                continue
            s, e = t.idx, t.idx + len(t.text)
            if any(s < te and ts < e for ts, te in taken):
                continue
            hedge = next((hedges[c.lower_] for c in list(t.children) + list(noun.children)
                          if c.dep_ == "advmod" and c.lower_ in hedges), "exact")
            out.append(Mention(id="", doc=doc.id or "", start=s, end=e, text=t.text, kind="quantity", label="WHOLE",
                               sentence=si, value=100, qualifier=hedge, counted="percent",
                               predicate=arg.head.lemma_.lower()))
    for i, m in enumerate(out, 1):
        m.id = f"{doc.id}.w{i}"
    return out
