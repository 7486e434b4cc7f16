"""A statement: a stated value (a date, a figure, a place) with what the sentence says happened, to what,
and among which entities — the features that decide whether two statements speak of the same thing."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..models import Mention
from .predicates import PredicateClass, predicate_class

_CONTENT_POS = {"NOUN", "PROPN", "VERB"}
_GENERIC_NOUNS = {"people", "person", "member", "time", "year", "day", "month", "number", "thing", "part",
                  "way", "case", "place", "city", "country", "group", "one", "side", "number"}


@dataclass
class Statement:
    mention: Mention
    head: PredicateClass | None            # the class of the predicate governing the value
    classes: set[str] = field(default_factory=set)   # every predicate class in the sentence
    themes: set[str] = field(default_factory=set)    # entity ids and content lemmas the predicate is about
    named_themes: set[str] = field(default_factory=set)  # the entity ids among the themes
    context: set[str] = field(default_factory=set)   # entity ids in the sentence and its neighbours
    lemmas: set[str] = field(default_factory=set)    # content lemmas of the sentence


def _lemma(t: Token) -> str:
    return (t.lemma_ or t.text).lower()


def _governing(span: Span) -> Token | None:
    """The nearest verb or event noun above the span's root, or None."""
    tok = span.root
    for _ in range(8):
        if tok.head is tok:
            break
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX") or predicate_class(_lemma(tok)):
            return tok
    return None


def _class_of(tok: Token | None) -> PredicateClass | None:
    if tok is None:
        return None
    cls = predicate_class(_lemma(tok))
    if cls is None and tok.pos_ in ("VERB", "AUX"):
        # "marked the beginning of", "saw the start of": the verb's object names the happening
        for child in tok.children:
            if child.dep_ in ("dobj", "attr", "nsubj", "nsubjpass", "xcomp") and predicate_class(_lemma(child)):
                return predicate_class(_lemma(child))
    return cls


def _intro_line(sdoc: Doc, sent: Span) -> Span | None:
    """For a verbless list item, the line that introduces the list ("... was as follows:", "What was destroyed?")."""
    sents = list(sdoc.sents)
    i = sent.start and next((k for k, s in enumerate(sents) if s.start == sent.start), 0)
    for k in range(i - 1, max(-1, i - 15), -1):
        s = sents[k]
        text = s.text.strip()
        if not text:
            continue
        if text.endswith((":", "?")):
            return s
        if any(t.pos_ == "VERB" for t in s) and len(s) > 6:
            return None            # a prose sentence: the list has no intro
        if len(s) <= 6 and not any(t.like_num for t in s):
            return s               # a heading ("Spoils of War")
    return None


def build_statements(mentions: list[Mention], sdocs: dict[str, Doc],
                     names_by_sentence: dict[tuple[str, int], list[Mention]]) -> list[Statement]:
    """A statement for every date, figure and place mention that has a parse."""
    out = []
    sent_cache: dict[str, list[Span]] = {}
    for m in mentions:
        if m.kind not in ("date", "quantity", "place"):
            continue
        sdoc = sdocs.get(m.doc)
        if sdoc is None:
            continue
        sents = sent_cache.setdefault(m.doc, list(sdoc.sents))
        span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or m.sentence >= len(sents):
            continue
        sent = sents[m.sentence]
        gov = _governing(span)
        head = predicate_class(m.predicate) if m.kind == "quantity" else None
        head = head or _class_of(gov)
        lemmas = {_lemma(t) for t in sent if t.pos_ in _CONTENT_POS and not t.is_stop}
        classes = {c.name for t in sent if (c := predicate_class(_lemma(t)))}
        intro = None
        if not any(t.pos_ == "VERB" for t in sent) or sent.text.rstrip().endswith(":"):
            intro = _intro_line(sdoc, sent) if not sent.text.rstrip().endswith(":") else None
            nxt = sents[m.sentence + 1] if sent.text.rstrip().endswith(":") and m.sentence + 1 < len(sents) else None
            for extra in (intro, nxt):
                if extra is None:
                    continue
                lemmas |= {_lemma(t) for t in extra if t.pos_ in _CONTENT_POS and not t.is_stop}
                extra_classes = [c for t in extra if (c := predicate_class(_lemma(t)))]
                classes |= {c.name for c in extra_classes}
                if head is None and extra_classes and extra is intro:
                    head = extra_classes[0]
                if extra is nxt and extra_classes and (head is None or head.name not in classes - {c.name for c in extra_classes}):
                    head = head if head and head.name in {c.name for c in extra_classes} else extra_classes[0]
        # the themes: what the governing predicate is about (its subject, object and their modifiers)
        themes: set[str] = set()
        named: set[str] = set()
        sentence_names = list(names_by_sentence.get((m.doc, m.sentence), []))
        if intro is not None:
            sentence_names += names_by_sentence.get((m.doc, next(
                (k for k, s in enumerate(sents) if s.start == intro.start), -1)), [])
        if sent.text.rstrip().endswith(":") and m.sentence + 1 < len(sents):
            sentence_names += names_by_sentence.get((m.doc, m.sentence + 1), [])
        theme_root = gov if gov is not None else sent.root
        theme_tokens = {t.i for t in theme_root.subtree} if theme_root is not None else set()
        for t in (sdoc[i] for i in theme_tokens):
            if t.pos_ in ("NOUN", "PROPN", "VERB") and not t.is_stop and t.i not in range(span.start, span.end):
                lem = _lemma(t)
                cls = predicate_class(lem)
                themes.add(f"class:{cls.name}" if cls else lem)
        for n in sentence_names:
            if n.entity and (n.start >= sent.start_char and n.end <= sent.end_char
                             and any(sdoc[i].idx >= n.start and sdoc[i].idx < n.end for i in theme_tokens)
                             or intro is not None or sent.text.rstrip().endswith(":")):
                named.add(n.entity)
        themes |= named
        context = {n.entity for k in (m.sentence - 1, m.sentence, m.sentence + 1)
                   for n in names_by_sentence.get((m.doc, k), []) if n.entity}
        context |= {n.entity for n in sentence_names if n.entity}
        out.append(Statement(m, head, classes, themes, named, context, lemmas))
    return out
