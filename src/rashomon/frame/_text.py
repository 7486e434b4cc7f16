"""Small helpers over spaCy parses shared by the framing modules: spans, quotes, content lemmas."""
from __future__ import annotations

import re
from collections import Counter

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from ..models import Mention

# Kinds of mention that name something (and may carry an entity id).
NAME_KINDS = ("actor", "place", "other")

# Determiner-like tokens stripped from the front of a label ("the", "a", "its", "all").
_FRONT_DEPS = {"det", "poss", "predet", "case", "punct", "nummod", "quantmod", "cc", "preconj"}

_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    """Collapse runs of whitespace to one space and strip."""
    return _WS.sub(" ", text).strip()


def mention_span(sdoc: Doc, mention: Mention) -> Span | None:
    """The tokens a mention covers (expanded to whole tokens), or None when nothing aligns."""
    if not len(sdoc) or mention.start >= mention.end:
        return None
    last = sdoc[-1]
    if mention.end > last.idx + len(last.text_with_ws):
        return None
    return sdoc.char_span(mention.start, mention.end, alignment_mode="expand")


def span_root(span: Span) -> Token:
    """The token of a span whose head lies outside it (the first one when several do)."""
    inside = {t.i for t in span}
    for t in span:
        if t.head.i not in inside or t.head.i == t.i:
            return t
    return span.root


def quote_of(sdoc: Doc, start: int, end: int) -> tuple[str, int, int]:
    """The sentence around [start, end), cut to the line it sits on; verbatim text and its offsets.

    spaCy sometimes runs a heading into the next sentence; cutting at line breaks keeps the quote
    to the sentence that actually holds the words.
    """
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return "", start, end
    sent = span.sent
    base = sent.start_char
    text = sent.text  # Doc.text rebuilds the whole document's string on every call
    s0, s1 = 0, len(text)
    nl = text.rfind("\n", 0, max(0, start - base))
    if nl != -1:
        s0 = nl + 1
    nl = text.find("\n", max(0, end - base))
    if nl != -1:
        s1 = nl
    while s0 < s1 and text[s0].isspace():
        s0 += 1
    while s1 > s0 and text[s1 - 1].isspace():
        s1 -= 1
    return text[s0:s1], base + s0, base + s1


def is_stop(word: str) -> bool:
    """True for general English stop words (spaCy's list)."""
    return word.lower() in STOP_WORDS


def content_lemma(token: Token) -> str | None:
    """The lowercase lemma of a content word; None for stop words, punctuation, numbers, symbols."""
    if not token.is_alpha or token.is_stop or len(token.text) < 2:
        return None
    lemma = (token.lemma_ or token.text).lower()
    if not lemma.isalpha() or len(lemma) < 2 or lemma in STOP_WORDS:
        return None
    return lemma


def content_counts(sdoc: Doc, skip: set[int] | frozenset = frozenset()) -> Counter:
    """Counts of content lemmas in a parsed document, leaving out the token indices in `skip`."""
    return Counter(w for w in (content_lemma(t) for t in sdoc if t.i not in skip) if w)


def is_common_noun(token: Token) -> bool:
    """A common noun (not a proper name, pronoun or number)."""
    return token.tag_ in ("NN", "NNS") and token.pos_ != "PROPN" and not token.like_num


def label_text(tokens: list[Token]) -> tuple[str, int, int] | None:
    """Verbatim text of a run of tokens, with leading determiners and stray punctuation stripped.

    Returns (text, start_char, end_char) or None when nothing is left.
    """
    toks = sorted(tokens, key=lambda t: t.i)
    while toks and (toks[0].dep_ in _FRONT_DEPS or toks[0].is_punct or toks[0].is_space
                    or toks[0].lower_ in ("a", "an", "the")):
        toks.pop(0)
    while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].dep_ == "case"):
        toks.pop()
    if not toks:
        return None
    doc = toks[0].doc
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    return squash(doc[toks[0].i:toks[-1].i + 1].text), start, end   # Doc.text would rebuild the whole text
