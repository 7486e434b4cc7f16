"""A statement: a stated value (a date, a figure, a place) with what the sentence says happened, to what,
and among which entities — the features that decide whether two statements speak of the same thing."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..data import words
from ..models import Mention
from .frames import Frame, figure_frame
from .predicates import PredicateClass, predicate_class

_CONTENT_POS = {"NOUN", "PROPN", "VERB"}
# Nouns that name one happening ("the earthquake"), nouns of time, locative prepositions: data/happenings.json
EVENT_NOUNS = words("happenings", "event_nouns")
_TIME_NOUNS = words("happenings", "theme_time_nouns")
_SUPPORT_VERBS = words("happenings", "support_verbs")
_THEME_DEPS = {"dobj", "nsubjpass", "attr", "oprd", "xcomp", "ccomp"}
_EXPAND_DEPS = {"compound", "poss", "appos", "nummod", "nmod"}
# names of nationalities and groups ("Ardesian", "Tamarian") describe, they are not what happened to
_WEAK_LABELS = {"NORP"}


@dataclass
class Statement:
    mention: Mention
    head: PredicateClass | None            # the class of the predicate governing the value
    classes: set[str] = field(default_factory=set)        # every predicate class in the sentence
    themes: set[str] = field(default_factory=set)         # lemmas (or class:NAME) of what it happened to
    named_themes: set[str] = field(default_factory=set)   # entity ids of what it happened to
    named: set[str] = field(default_factory=set)          # entity ids named anywhere in the sentence
    context: set[str] = field(default_factory=set)        # entity ids in the sentence and its neighbours
    words: frozenset[str] = frozenset()                    # the sentence's content lemmas, numbers left out
    short: bool = False                                    # a verbless list item or heading
    sentence_text: str = ""
    located: bool = False          # a place that is where or to what the happening happened
    direct: bool = False           # ... as an argument of the governing predicate itself
    event_noun: str | None = None  # "earthquake" in "the earthquake that hit X on April 11"
    frame: Frame | None = None     # figures: what is measured, of what, when and where
    agents: set[str] = field(default_factory=set)   # entity ids of who or what did it ("hit by Hurricane X")


_LOCATIVE = words("happenings", "locative_prepositions")


def _argument_of(span: Span, pred: Token) -> bool:
    """Whether a place is the predicate's own object or the object of one of its prepositions."""
    tok = span.root
    while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
        tok = tok.head
    if tok.head.i == pred.i:
        return True
    return tok.dep_ == "pobj" and tok.head.head.i == pred.i


def _located(span: Span) -> bool:
    """Whether a place is an argument of the happening (its object, or the object of a locative
    preposition), not a modifier ("the Velmanshah road", "the Free Republic's constitution")."""
    tok = span.root
    while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ in _LOCATIVE


def _lemma(t: Token) -> str:
    """The lemma, joined with a verb particle when the pair names the happening ("give way", "set up")."""
    lemma = (t.lemma_ or t.text).lower()
    if t.pos_ == "VERB":
        for c in t.children:
            if c.dep_ in ("prt", "dobj") or c.lower_ in ("way", "away", "down", "out", "off", "up", "in"):
                phrasal = f"{lemma}_{c.lower_}"
                if predicate_class(phrasal):
                    return phrasal
    return lemma


def _token_class(t: Token) -> PredicateClass | None:
    """The class of the happening a verb or common noun names; names and other words name none."""
    return predicate_class(_lemma(t)) if t.pos_ in ("VERB", "NOUN") else None


def _governing(span: Span) -> Token | None:
    """The nearest verb or event noun above the span's root, or None."""
    tok = span.root
    for _ in range(8):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX") or _token_class(tok):
            return tok
    return None


def _event_noun(tok: Token) -> Token | None:
    """For "marked the beginning of X", "saw the start of X": the object that names the happening."""
    for child in tok.children:
        if child.dep_ in ("dobj", "attr", "nsubj", "nsubjpass") and _token_class(child):
            return child
    return None


def _expand(tok: Token) -> list[Token]:
    out = [tok]
    for c in tok.children:
        if c.dep_ in _EXPAND_DEPS or (c.dep_ == "amod" and c.pos_ == "PROPN"):
            out.extend(_expand(c))
        elif c.dep_ == "prep" and c.lower_ == "of":
            out.extend(t for p in c.children if p.dep_ == "pobj" for t in _expand(p))
    return out


def _theme_tokens(pred: Token) -> list[Token]:
    """What a predicate is about: its object (or, intransitive, its subject and prepositional object),
    an event noun's "of" complement, and a "when" clause describing it."""
    kids = list(pred.children)
    themes = [c for c in kids if c.dep_ in _THEME_DEPS]
    if pred.dep_ == "relcl" and any(c.dep_ in ("dobj", "nsubjpass") and c.tag_ in ("WDT", "WP") for c in kids):
        themes.append(pred.head)   # "Acme Chemicals, which Borel bought in 1999": the antecedent is the theme
        if pred.head.dep_ == "attr":   # "X was a company which Borel bought": X
            themes += [c for c in pred.head.head.children if c.dep_ == "nsubj"]
    if pred.pos_ in ("NOUN", "PROPN"):
        themes += [p for c in kids if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
        themes += [c for c in kids if c.dep_ == "poss"]
    if not themes:
        themes += [c for c in kids if c.dep_ == "nsubj"]
        themes += [p for c in kids if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"][:1]
    out: list[Token] = []
    for t in themes:
        out.extend(_expand(t))
        if t.dep_ in ("xcomp", "ccomp"):
            out.extend(x for c in t.children if c.dep_ in ("dobj", "nsubjpass") for x in _expand(c))
    for c in kids:
        if c.dep_ == "advcl" and any(m.lower_ == "when" for m in c.children):
            out.append(c)
    return out


def _event_noun_of(span: Span, gov: Token | None) -> str | None:
    """The happening a date is the date of, when a noun names it: "the earthquake of April 12",
    "the earthquake that hit Belgor on April 11", "the election was held on May 3"."""
    head = span.root.head
    if head.dep_ == "prep" and head.head.pos_ == "NOUN" and head.head.lemma_.lower() in EVENT_NOUNS:
        return head.head.lemma_.lower()
    if gov is None:
        return None
    for c in gov.children:
        if c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in EVENT_NOUNS:
            return c.lemma_.lower()
        if c.dep_ == "dobj" and c.lemma_.lower() in EVENT_NOUNS and _lemma(gov) in _SUPPORT_VERBS:
            return c.lemma_.lower()        # "made landfall on September 19"
    if gov.dep_ == "relcl" and gov.head.lemma_.lower() in EVENT_NOUNS:
        return gov.head.lemma_.lower()
    return None


def _supported_event(span: Span) -> str | None:
    """The happening a support verb's object names ("made landfall as a Category 4 storm": landfall), for a
    rank given to the storm rather than to the happening the storm is."""
    verb = next((t for t in list(span.root.ancestors)[:6] if t.pos_ in ("VERB", "AUX")), None)
    if verb is None or _lemma(verb) not in _SUPPORT_VERBS:
        return None
    return next((c.lemma_.lower() for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in EVENT_NOUNS), None)


def _intro_line(sents: list[Span], i: int) -> int | None:
    """For a verbless list item, the line introducing the list ("... as follows:", "What was destroyed?")."""
    for k in range(i - 1, max(-1, i - 15), -1):
        s = sents[k]
        text = s.text.strip()
        if not text:
            continue
        if text.endswith((":", "?")):
            return k
        if any(t.pos_ == "VERB" for t in s) and len(s) > 6:
            return None
        if len(s) <= 6 and not any(t.like_num for t in s):
            return k
    return None


def _plain(name: str) -> str:
    low = name.lower().strip()
    return low[4:] if low.startswith("the ") else low


class _Builder:
    def __init__(self, sdoc: Doc, names: dict[int, list[Mention]], specific, name_of,
                 dates: dict[int, list[Mention]] | None = None):
        self.dates = dates or {}
        self.specific = specific
        self.name_of = name_of
        counts: dict[str, int] = {}
        for ns in names.values():
            for n in ns:
                if n.entity and n.label not in _WEAK_LABELS:
                    counts[n.entity] = counts.get(n.entity, 0) + 1
        # the document's topic: its most named entities
        self.topic = sorted(counts, key=lambda e: -counts[e])[:2]
        self.sdoc = sdoc
        self.sents = list(sdoc.sents)
        self.sent_of_token = {s.start: k for k, s in enumerate(self.sents)}
        self.names = names

    def entities_in(self, tokens: list[Token]) -> set[str]:
        if not tokens:
            return set()
        idx = self.sent_of_token.get(tokens[0].sent.start, -1)
        chars = {(t.idx, t.idx + len(t)) for t in tokens}
        return {n.entity for n in self.names.get(idx, [])
                if n.entity and n.label not in _WEAK_LABELS and any(a < n.end and n.start < b for a, b in chars)}

    def named_around(self, i: int) -> set[str]:
        """Entities named in the sentences before and after, within the same paragraph."""
        around = []
        if i > 0 and "\n" not in self.sents[i - 1].text_with_ws:
            around.append(i - 1)
        if i + 1 < len(self.sents) and "\n" not in self.sents[i].text_with_ws:
            around.append(i + 1)
        return {n.entity for k in around for n in self.names.get(k, []) if n.entity and n.label not in _WEAK_LABELS}

    def _own_event_noun(self, m: Mention, span: Span, gov: Token | None) -> str | None:
        """The happening noun a date is the date of, unless the date is counted from a date of that same
        kind of happening ("attacked on Aug. 4 ... and an alleged one two days later"): another occurrence."""
        noun = _event_noun_of(span, gov)
        if noun is None or not m.anchor:
            return noun
        anchor = next((d for ds in self.dates.values() for d in ds if d.id == m.anchor), None)
        if anchor is not None and anchor.sentence < len(self.sents) and any(
                t.lemma_.lower() == noun or (t.pos_ == "VERB" and predicate_class(t.lemma_.lower()) is not None
                                             and predicate_class(t.lemma_.lower()) == predicate_class(noun))
                for t in self.sents[anchor.sentence]):
            return None
        return noun

    def named(self, i: int) -> set[str]:
        return {n.entity for n in self.names.get(i, []) if n.entity and n.label not in _WEAK_LABELS}

    def build(self, m: Mention) -> Statement | None:
        span = self.sdoc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or m.sentence >= len(self.sents):
            return None
        i = m.sentence
        sent = self.sents[i]
        verbless = not any(t.pos_ in ("VERB", "AUX") for t in sent)
        lead_in = sent.text.rstrip().endswith(":") and i + 1 < len(self.sents)
        gov = _governing(span)
        head_tok = gov
        implied = m.label == "IMPLIED"   # "three days after the leak": a date of the leak, not of the sentence's verb
        if implied:
            gov = head_tok = None
        head = predicate_class(m.predicate) if m.kind in ("quantity", "state") or implied else None
        if head is None and gov is not None:
            head = _token_class(gov)
            if head is None and (noun := _event_noun(gov)) is not None:
                head, head_tok = _token_class(noun), noun
        lines = [i]
        if verbless and (k := _intro_line(self.sents, i)) is not None:
            lines.append(k)
        if lead_in:
            lines.append(i + 1)
        classes = {c.name for k in lines for t in self.sents[k] if (c := _token_class(t))}
        if head is None:
            # a list item or a sentence that only announces what follows ("... broadcast news as follows:")
            for k in lines[1:]:
                preds = [t for t in self.sents[k] if _token_class(t)]
                if preds:
                    head_tok, head = preds[0], _token_class(preds[0])
                    break
        theme_toks = [t for t in _theme_tokens(head_tok) if not (span.start <= t.i < span.end)] if head_tok is not None else []
        # "on May 14, 1971, when Tamaria invaded Ardesia": a clause on the date says what happened then
        theme_toks += [c for t in span for c in t.children
                       if c.dep_ in ("relcl", "advcl", "acl") and not (span.start <= c.i < span.end)]
        themes = set()
        in_names = {(n.start, n.end) for n in self.names.get(i, [])}
        for t in theme_toks:
            if any(a <= t.idx < b for a, b in in_names):
                continue
            if t.pos_ in _CONTENT_POS and not t.is_stop and not t.like_num and _lemma(t) not in _TIME_NOUNS:
                cls = _token_class(t)
                themes.add(f"class:{cls.name}" if cls else _lemma(t))
        named_themes = self.entities_in(theme_toks)
        in_sentence = set().union(*(self.named(k) for k in lines))
        # the party giving the statement is its source, not what sets the scene
        party = _plain(m.attributed_to or "")
        scene = {e for e in in_sentence if not party or _plain(self.name_of(e)) != party}
        # a sentence that names nothing specific is set by its paragraph and by what the document is about
        context = (in_sentence | self.named_around(i) | set(self.topic) if not self.specific(scene)
                   else set(in_sentence))
        words = frozenset(_lemma(t) for t in sent if t.is_alpha and not t.is_stop)
        frame = None
        if m.kind == "quantity":
            places = {(n.start, n.end): n.entity for n in self.names.get(i, []) if n.kind == "place" and n.entity}
            frame = figure_frame(m, span, places, [(d.start, d.end) for d in self.dates.get(i, [])])
        agents: set[str] = set()
        near = gov is not None and (span.root.head.i == gov.i or span.root.head.head.i == gov.i
                                    or span.root.head.head.head.i == gov.i)
        if near:   # the figure is an argument of the happening (or of its preposition): its doer counts
            doers = [c for c in gov.children if c.dep_ == "nsubj"]
            doers += [p for c in gov.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
            # the counted things themselves ("four patrol boats attacked") are not a further doer
            doers = [d for d in doers if not any(span.start <= t.i < span.end for t in d.subtree)]
            agents = {e for e in self.entities_in([t for d in doers for t in d.subtree])
                      if not party or _plain(self.name_of(e)) != party}
        return Statement(m, head, classes, themes | named_themes, named_themes, scene, context, words,
                         short=verbless and len(sent) <= 10, sentence_text=sent.text,
                         located=m.kind == "place" and _located(span),
                         direct=m.kind == "place" and gov is not None and _argument_of(span, gov),
                         event_noun=m.predicate if implied else self._own_event_noun(m, span, gov) if m.kind == "date" else (
                             _supported_event(span) if m.label == "LEVEL" else None),
                         frame=frame,
                         agents=agents)


def build_statements(mentions: list[Mention], sdocs: dict[str, Doc],
                     names_by_sentence: dict[tuple[str, int], list[Mention]],
                     specific=lambda ids: ids, name_of=lambda e: e,
                     dates_by_sentence: dict[tuple[str, int], list[Mention]] | None = None) -> list[Statement]:
    """A statement for every date, figure, place and state mention that has a parse. `specific` keeps the
    entity ids that are evidence of one happening (not the corpus's ubiquitous topic)."""
    per_doc: dict[str, dict[int, list[Mention]]] = {}
    for (doc, k), ns in names_by_sentence.items():
        per_doc.setdefault(doc, {})[k] = ns
    dates_per_doc: dict[str, dict[int, list[Mention]]] = {}
    for (doc, k), ds in (dates_by_sentence or {}).items():
        dates_per_doc.setdefault(doc, {})[k] = ds
    builders: dict[str, _Builder] = {}
    out = []
    for m in mentions:
        if m.kind not in ("date", "quantity", "place", "state") or m.doc not in sdocs:
            continue
        if m.doc not in builders:
            builders[m.doc] = _Builder(sdocs[m.doc], per_doc.get(m.doc, {}), specific, name_of,
                                       dates_per_doc.get(m.doc, {}))
        if (s := builders[m.doc].build(m)) is not None:
            out.append(s)
    return out
