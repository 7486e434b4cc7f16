"""Aligns statements that speak of the same attribute of the same happening, across documents, into events.

Two statements are paired only on positive evidence that they speak of one thing: the same kind of
happening (predicate class), the same theme (the entity or thing it happened to), and for figures the
same counted thing. Sharing a date or a number alone never pairs them.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from itertools import combinations

from spacy.tokens import Doc

from ..data import load, words
from ..disjoint import DisjointSets
from ..intervals import date_interval, gap, time_interval
from ..models import Document, Entity, Event, Mention
from ..settings import NEAR_DAYS, PAIRWISE_MAX, SAME_DOCUMENT_WINDOW, UBIQUITY
from ..syntax import manner_verb, occasion_tokens, participants
from .frames import Frame, same_attribute
from .predicates import CLASSES, by_name, predicate_class
from .roles import role_claims, role_disputes
from .statements import Statement, build_statements
_GENERIC_PERSONS = {None} | set(words("happenings", "generic_people"))
# measures that name their thing ("$90 billion in damage", "28 miles off the coast"): no happening needed
_NAMES_ITS_THING = ("[", "money", "share", "population")
_CLOCK = load("clock")
_STATEMENT_VERBS = frozenset(_CLOCK["statement_verbs"])
INITIATIVE = load("occurrence")["initiative_attribute"]   # "opened fire" / "returned fire": who fired first
_HAPPENING_NOUNS = words("happenings", "event_nouns") | words("occurrence", "happening_nouns")
_ZONE_NOUNS = words("states", "zone_nouns")   # "in international waters": a state of where, not of a happening


@dataclass
class Pair:
    a: Statement
    b: Statement
    strict: bool          # strong enough evidence to call a difference a conflict
    reason: str
    agrees: bool = True   # strong enough evidence to call compatible values an agreement
    confidence: float = 0.7   # how sure the alignment is that both speak of one attribute
    denial: bool = False      # a says b's amount did not happen ("3,000 did not die" beside "3,000 died")
    role: str | None = None   # a and b name different parties in this role of one happening ("buyer")
    related: bool = False     # ... and one account names the other's party too: a partial disagreement
    via: tuple[Statement, Statement] | None = None   # windows: the counts they are the windows of
    joint: dict[str, list[str]] = field(default_factory=dict)   # roles: mention id -> names given with it ("X and Y")

    @property
    def scales(self) -> tuple[float, float]:
        """Factors that bring both values to the same base unit (figures in different units)."""
        return _scale(self.a), _scale(self.b)

    @property
    def via_scales(self) -> tuple[float, float]:
        """The same factors for the counts of a pair of windows."""
        return (_scale(self.via[0]), _scale(self.via[1])) if self.via else (1.0, 1.0)


def _scale(s: Statement) -> float:
    return s.frame.scale if s.frame else 1.0


@dataclass
class Alignment:
    events: list[Event] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    place_groups: list[tuple[str, list[Mention], str]] = field(default_factory=list)  # (entity, mentions, event id)


class _Corpus:
    def __init__(self, mentions: list[Mention], entities: list[Entity], n_docs: int):
        self.n_docs = n_docs
        df: dict[str, set[str]] = defaultdict(set)
        for m in mentions:
            if m.entity:
                df[m.entity].add(m.doc)
        self.df = {e: len(ds) for e, ds in df.items()}
        self.entities = {e.id: e for e in entities}
        self._aliases: dict[str, set[str]] | None = None
        self.described: dict[str, dict[str, set[str]]] = {}   # per document: see _described
        self.names_of_doc: dict[str, list[Mention]] | None = None   # resolved names per document, made once

    def ubiquitous(self, entity_id: str) -> bool:
        return self.n_docs >= 3 and self.df.get(entity_id, 0) >= UBIQUITY * self.n_docs

    def specific(self, ids: set[str]) -> set[str]:
        return {e for e in ids if not self.ubiquitous(e)}

    def name(self, entity_id: str) -> str:
        e = self.entities.get(entity_id)
        return e.canonical if e else entity_id

    def by_alias(self, text: str) -> str | None:
        """The entity one of whose names is this text, if exactly one."""
        if self._aliases is None:
            found: dict[str, set[str]] = defaultdict(set)
            for e in self.entities.values():
                for a in [e.canonical, *e.aliases]:
                    found[a.lower()].add(e.id)
            self._aliases = found
        ids = self._aliases.get(text.strip().lower(), set())
        return next(iter(ids)) if len(ids) == 1 else None


def _names_group(counted: str | None, corpus: _Corpus) -> bool:
    """A counted noun that is an actor's name ("2,500 Morvanin")."""
    if not counted:
        return False
    low = counted.lower()
    return any(low == a.lower() for e in corpus.entities.values() if e.type in ("ORG", "PERSON", "OTHER")
               for a in e.aliases)


def _time_clash(a: Statement, b: Statement, when: dict[str, list[Mention]]) -> bool:
    """The times the two statements are set in (their sentence's dates, else the story's latest date
    before them) cannot be the same time."""

    da, db = when.get(a.mention.id, []), when.get(b.mention.id, [])
    if not da or not db:
        return False
    # the very date of the happening may be what they dispute, and a story's time read from an
    # earlier sentence is only approximate: allow a month, or a year for an inferred time
    own = any(x.sentence == a.mention.sentence for x in da) and any(y.sentence == b.mention.sentence for y in db)
    slack = NEAR_DAYS if own else 366
    return not any((ix := date_interval(x)) and (iy := date_interval(y)) and gap(ix, iy) <= slack
                   for x in da for y in db)


def _story_time(statements: list[Statement], dates_in_sentence: dict[tuple[str, int], list[Mention]],
                mentions: list[Mention]) -> dict[str, list[Mention]]:
    """For each figure statement, the dates that set its time: those in its sentence, else the nearest
    date the document gave before it."""
    dates_by_doc: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.kind == "date" and m.first:
            dates_by_doc[m.doc].append(m)
    # per document, its dates by where they end, and for each prefix the latest-starting one (the first
    # such in text order): the nearest date before a statement in log time, not a scan of every date
    ends: dict[str, list[int]] = {}
    latest: dict[str, list[Mention]] = {}
    for doc, ds in dates_by_doc.items():
        order = sorted(range(len(ds)), key=lambda k: ds[k].end)
        ends[doc] = [ds[k].end for k in order]
        best, running = None, []
        for k in order:
            if best is None or (ds[k].start, -k) > (ds[best].start, -best):
                best = k
            running.append(ds[best])
        latest[doc] = running
    out: dict[str, list[Mention]] = {}
    for s in statements:
        m = s.mention
        own = dates_in_sentence.get((m.doc, m.sentence))
        if own:
            out[m.id] = own
            continue
        n = bisect_right(ends.get(m.doc, []), m.start)        # the dates ending at or before it
        if n:
            out[m.id] = [latest[m.doc][n - 1]]
    return out


def _counted_from_the_same(a: Statement, b: Statement) -> bool:
    """Both dates are implied by a shift appended to one stated day ("March 9, three days after the
    flood"), counted back from that day to a happening named with "the" (the one the account takes as known)."""
    ma, mb = a.mention, b.mention
    if ma.label != "IMPLIED" or mb.label != "IMPLIED" or not (ma.anchor and mb.anchor):
        return False
    if not all(re.search(r"\b(?:after|before|since)\s+the\b", m.text, re.I) for m in (ma, mb)):
        return False
    return ma.counted is not None and ma.counted == mb.counted   # the day each counts from


def _pair_dates(a: Statement, b: Statement, corpus: _Corpus) -> Pair | None:

    ma, mb = a.mention, b.mention
    ia, ib = date_interval(ma), date_interval(mb)
    if ia is None or ib is None:
        return None
    if ma.doc == mb.doc:
        # a document that dates one happening to one named thing twice, differently, contradicts itself
        if (ma.sentence != mb.sentence and a.head and b.head and a.head.name == b.head.name and a.head.once
                and a.named_themes & b.named_themes and ma.anchor != mb.id and mb.anchor != ma.id):
            return Pair(a, b, True, "one document dates the same happening twice", agrees=False)
        return None
    if a.head and b.head and a.head.name == b.head.name:
        # what one says it happened to is named where the other says it
        shared_named = (a.named_themes & b.named_themes) | corpus.specific(
            (a.named_themes & b.named) | (b.named_themes & a.named))
        if shared_named:
            # a person dies once: a killing or death of the same named person is a one-time happening
            once = a.head.once or (a.head.name == "kill" and any(
                getattr(corpus.entities.get(e), "type", "") == "PERSON" for e in shared_named))
            return Pair(a, b, once, "same happening to the same named theme")
        shared_words = (a.themes - a.named_themes) & (b.themes - b.named_themes)
        if shared_words and a.head.once and gap(ia, ib) <= NEAR_DAYS:
            # only closeness in time ties them: a coarse date ("in 1988") is no evidence of agreement
            same_precision = len(str(ma.value)) == len(str(mb.value))
            return Pair(a, b, True, "same happening to the same theme, close in time", agrees=same_precision)
    places_a, places_b = ({e for e in s.named if getattr(corpus.entities.get(e), "type", "") in ("GPE", "LOC", "FAC")}
                          for s in (a, b))
    if _counted_from_the_same(a, b) and gap(ia, ib) <= NEAR_DAYS and a.named & b.named:
        # "March 9, three days after the flood" and "March 9, four days after the disaster": two
        # accounts counting back from the same named people's day to the happening both take as known
        return Pair(a, b, True, "the date each account counts back to the happening it takes as known")
    if a.event_noun and a.event_noun == b.event_noun and gap(ia, ib) <= NEAR_DAYS \
            and (a.named & b.named or a.context & b.context) and not (places_a and places_b and not places_a & places_b):
        # "the earthquake" in the same place, dated days apart: one happening, two dates; a landfall on
        # one island and one on another are two happenings
        return Pair(a, b, True, "the same named happening in the same place")
    # looser evidence pairs statements for agreement only
    if a.classes & b.classes and gap(ia, ib) == 0:
        if corpus.specific(a.named & b.named):
            return Pair(a, b, False, "same kind of happening among the same entities")
        same_head = a.head is not None and b.head is not None and a.head.name == b.head.name
        if ma.value == mb.value and len(str(ma.value)) == 10 and (
                (a.named & b.named) or (same_head and a.context & b.context)):
            return Pair(a, b, False, "same kind of happening on the same day among the same entities")
    return None


def _same_item(a: Statement, b: Statement) -> bool:
    """Two list items ("90 cannons 80 mm", "21 cannons 122 mm") describe the same thing only when the
    rest of their wording is the same."""
    if not (a.short and b.short):
        return True
    return a.words == b.words and _other_numbers(a) == _other_numbers(b)


def _other_numbers(s: Statement) -> set[str]:
    import re

    return set(re.findall(r"\d[\d,.]*", s.sentence_text.replace(s.mention.text, " ", 1))) if s.sentence_text else set()


def _same_ground(a: Statement, b: Statement, corpus: _Corpus, when: dict[str, list[Mention]]) -> bool:
    """Two figures of matching frames can be of one happening: not two items of a list, not at two
    times, no doer named in one and absent from the other's setting, no place the other is not set in."""
    if not _same_item(a, b) or _time_clash(a, b, when):
        return False
    if corpus.specific(a.agents - b.context - b.named) or corpus.specific(b.agents - a.context - a.named):
        return False
    return not ((a.frame.places - b.context and not b.frame.places)
                or (b.frame.places - a.context and not a.frame.places))


def _verb_of(s: Statement) -> str | None:
    """The verb a figure's sentence gives it, without its particle ("knock" for "knocked out 80 percent")."""
    return s.mention.predicate.split()[0] if s.mention.predicate else None


def _pair_figures(a: Statement, b: Statement, corpus: _Corpus, when: dict[str, list[Mention]]) -> Pair | None:
    """Two figures of one attribute of one happening: their frames match (measure, thing, role, kind,
    window, place), the same kind of happening, and a shared specific setting."""
    ma, mb = a.mention, b.mention
    if a.frame is None or b.frame is None:
        return None
    match = same_attribute(a.frame, b.frame, lambda thing: _names_group(thing, corpus))
    if not match.same:
        return None
    ha = a.head.name if a.head else a.frame.happening
    hb = b.head.name if b.head else b.frame.happening
    if a.frame.measure.startswith("level:"):
        # a rank on a scale changes as a storm grows and fades: only the same happening ties two ranks
        ha, hb = a.event_noun, b.event_noun
        if ha is None or ha != hb:
            return None
    if match.loose and (ha is None or ha != hb):
        return None   # things named alike, not the same: only the same happening ties them
    if "WHOLE" in (ma.label, mb.label) and (_verb_of(a) is None or _verb_of(a) != _verb_of(b)):
        return None   # "knocked down all lines" meets a share of lines only where the same verb acts on them
    measured = a.frame.measure.startswith(_NAMES_ITS_THING)
    if ha != hb and not (measured and (None in (ha, hb) or ":" not in a.frame.thing)):
        # a measure in units or money may leave its happening unsaid ("28 miles off the coast"); one
        # that names the thing it measures ("$90 billion in damage", "154 mph winds") needs none, and
        # may sit beside another happening ("caused 60 deaths and $90 billion in damage")
        return None
    ha = ha or hb
    if ha is None and not measured:
        return None   # a bare count with no happening: nothing says it is the same count
    if not _same_ground(a, b, corpus, when):
        return None
    reasons = list(match.reasons) + ([f"same happening: {ha}"] if ha else [])
    if ma.doc == mb.doc:
        pa, pb = ma.attributed_to or None, mb.attributed_to or None
        if pa == pb or abs(ma.sentence - mb.sentence) > 40:
            return None
        # one document sets two parties' figures against each other: both named, or the same specific thing
        if (pa and pb) or (ma.counted and ma.counted == mb.counted and ma.counted not in _GENERIC_PERSONS):
            return Pair(a, b, True, "; ".join(reasons + ["one document gives two parties' figures"]), confidence=0.7)
        return None
    shared = corpus.specific((a.context & b.context) | (a.named_themes & b.named) | (b.named_themes & a.named))
    if shared:
        names = ", ".join(sorted(corpus.name(e) for e in shared)[:3])
        return Pair(a, b, True, "; ".join(reasons + [f"same setting: {names}"]), confidence=0.8)
    if a.context & b.context and not (corpus.specific(a.named - b.context) and corpus.specific(b.named - a.context)):
        return Pair(a, b, True, "; ".join(reasons + ["same setting: the story's main subject"]), confidence=0.6)
    specific_frame = (a.frame.measure != "count" and a.frame.thing != "people") or bool(a.frame.scope)
    if specific_frame and not a.frame.thing.startswith("event:") \
            and not (corpus.specific(a.named - b.context) and corpus.specific(b.named - a.context)):
        # a measured thing named alike ("154 mph winds", "42 tonnes of gas"), or a toll over the same
        # window ("another 8,000 have died since"), in one story, at no other time
        return Pair(a, b, True, "; ".join(reasons + ["same measured thing in the same story"]), confidence=0.5)
    return None


def align_events(docs: dict[str, Document], sdocs: dict[str, Doc], mentions: list[Mention],
                 entities: list[Entity], stories: dict[str, str] | None = None) -> Alignment:
    """Pair statements of the same attribute of the same happening and group them into events.
    Statements of documents in different `stories` (doc id -> story id) are never paired; without
    stories, the whole corpus is one story. Sets `mention.event` on every aligned mention."""
    if stories and len(set(stories.values())) > 1:
        # each story is aligned on its own, so the corpus's topic and ubiquity are the story's
        out = Alignment()
        docs_of: dict[str, set[str]] = defaultdict(set)
        for d, s in stories.items():
            docs_of[s].add(d)
        mentions_of: dict[str, list[Mention]] = defaultdict(list)
        for m in mentions:
            if m.doc in stories:
                mentions_of[stories[m.doc]].append(m)
        parses_of: dict[str, dict[str, Doc]] = defaultdict(dict)   # in the order of `sdocs`
        for d, v in sdocs.items():
            if d in stories:
                parses_of[stories[d]][d] = v
        for story in sorted(docs_of):
            ids, ms = docs_of[story], mentions_of[story]
            part = align_events({d: docs[d] for d in ids if d in docs}, parses_of[story], ms, entities)
            renamed = {}
            for ev in part.events:   # event ids stay unique across stories
                renamed[ev.id] = ev.id = f"v{len(out.events) + len(renamed) + 1}"
            for m in ms:
                if m.event in renamed:
                    m.event = renamed[m.event]
            out.pairs += part.pairs
            out.place_groups += [(ent, group, renamed.get(ev, ev)) for ent, group, ev in part.place_groups]
            out.events += part.events
        return out
    corpus = _Corpus(mentions, entities, len(docs))
    names_by_sentence: dict[tuple[str, int], list[Mention]] = defaultdict(list)
    dates_in_sentence: dict[tuple[str, int], list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.kind in ("actor", "place", "other") and m.entity:
            names_by_sentence[(m.doc, m.sentence)].append(m)
        elif m.kind == "date" and m.first:
            dates_in_sentence[(m.doc, m.sentence)].append(m)
    statements = build_statements(mentions, sdocs, names_by_sentence, corpus.specific, corpus.name,
                                  dates_in_sentence)

    pairs: list[Pair] = []
    by_kind: dict[str, list[Statement]] = defaultdict(list)
    for s in statements:
        by_kind[s.mention.kind].append(s)
    for a, b in _candidates(by_kind["date"], key=lambda s: s.classes | ({s.head.name} if s.head else set())
                            | ({"noun:" + s.event_noun} if s.event_noun else set())):
        if p := _pair_dates(a, b, corpus):
            pairs.append(p)
    when = _story_time(by_kind["quantity"], dates_in_sentence, mentions)
    figure_pairs = [p for a, b in _candidates(by_kind["quantity"], key=lambda s: {str(s.frame.measure)}
                                              if s.frame is not None and s.frame.claim else set())
                    if (p := _pair_figures(a, b, corpus, when))]
    pairs += _unambiguous(figure_pairs)
    pairs += _window_pairs(by_kind["quantity"], corpus, when)
    pairs += _denial_pairs(by_kind["quantity"], corpus, when)
    pairs += _occurrence_pairs(by_kind["state"], sdocs, dates_in_sentence, corpus,
                               _story_time(by_kind["state"], dates_in_sentence, mentions), names_by_sentence)
    pairs += _role_pairs(sdocs, names_by_sentence, dates_in_sentence, corpus)
    pairs += _time_pairs([Statement(m, None) for m in mentions if m.kind == "time"], sdocs, names_by_sentence, corpus)

    events = _events_from_pairs(pairs, corpus)
    place_groups = _place_groups(by_kind["place"], corpus, events)
    return Alignment(events, pairs, place_groups)


def _window_pairs(statements: list[Statement], corpus: _Corpus, when: dict[str, list[Mention]]) -> list[Pair]:
    """Two windows of one count: "2,100 died in the six months after the flood" and "2,100 died in the five
    months after it" give one estimate two windows. Paired through their counts, which match in all but the
    window's length; compare sets the windows against each other only when the counts agree."""
    tolls: dict[tuple[str, int], list[Statement]] = defaultdict(list)
    windows = []
    for s in statements:
        if s.mention.label == "WINDOW":
            windows.append(s)
        elif s.frame is not None and s.frame.claim:
            tolls[(s.mention.doc, s.mention.sentence)].append(s)

    def counts_of(w: Statement) -> list[tuple[Statement, Frame]]:
        """The counts in the window's sentence whose window is of its unit, with the windows of time taken
        away (that one, and a dated one restating it: "from September 2017 to February 2018")."""
        out = []
        for t in tolls.get((w.mention.doc, w.mention.sentence), []):
            if any(x.split(":")[1:2] == [w.mention.counted] for x in t.frame.scope):
                out.append((t, replace(t.frame, scope=frozenset(x for x in t.frame.scope if ":" not in x))))
        return out

    out = []
    for i, wa in enumerate(windows):
        for wb in windows[i + 1:]:
            if wa.mention.doc == wb.mention.doc or wa.mention.counted != wb.mention.counted:
                continue
            for ta, fa in counts_of(wa):
                found = None
                for tb, fb in counts_of(wb):
                    if same_attribute(fa, fb, lambda t: _names_group(t, corpus)).same and \
                            _same_ground(ta, tb, corpus, when) and ta.context & tb.context and not (
                                corpus.specific(ta.named - tb.context) and corpus.specific(tb.named - ta.context)):
                        found = tb
                        break
                if found is not None:
                    out.append(Pair(wa, wb, True, f"windows of one count: {fa.describe()}", confidence=0.6,
                                    via=(ta, found)))
                    break
    return out


def _denial_pairs(statements: list[Statement], corpus: _Corpus, when: dict[str, list[Mention]]) -> list[Pair]:
    """A figure said not to be ("3,000 people did not die") beside a claim of the same attribute,
    paired on the evidence the two claims would need; compare sets the denial against the claim."""
    claims: dict[str, list[Statement]] = defaultdict(list)
    for s in statements:
        if s.frame is not None and s.frame.claim:
            claims[s.frame.measure].append(s)
    out = []
    for d in statements:
        if d.frame is None or not d.frame.denial:
            continue
        affirmed = replace(d, frame=replace(d.frame, negated=False))
        for c in claims.get(d.frame.measure, []):
            if (p := _pair_figures(affirmed, c, corpus, when)) is not None:
                out.append(Pair(d, c, True, p.reason + "; one says it did not happen", agrees=False,
                                confidence=p.confidence, denial=True))
            elif (p := _pair_denied_amount(affirmed, c, corpus, when)) is not None:
                out.append(p)
    return out


def _pair_denied_amount(d: Statement, c: Statement, corpus: _Corpus, when: dict[str, list[Mention]]) -> Pair | None:
    """A denial answers a claim: "3,000 did not die" beside "more than 3,000 died" in one story, of
    one attribute at one time, is a dispute even where the two sentences share no other name (compare
    keeps only claims of the amount denied)."""
    match = same_attribute(d.frame, c.frame, lambda thing: _names_group(thing, corpus))
    if not match.same or not _same_ground(d, c, corpus, when):
        return None
    if d.mention.doc == c.mention.doc and (d.mention.attributed_to or None) == (c.mention.attributed_to or None):
        return None
    reasons = list(match.reasons) + ["one says it did not happen", "the amount denied is the amount stated, in one story"]
    return Pair(d, c, True, "; ".join(reasons), agrees=False, confidence=0.6, denial=True)


def _occasions(s: Statement, sdocs: dict[str, Doc], dates_in_sentence: dict[tuple[str, int], list[Mention]]) -> set[str]:
    """Which occurrence of a happening a statement speaks of: the days its sentence dates ("on May 4"),
    an ordinal on its noun ("the second attack")."""
    m = s.mention
    sdoc = sdocs.get(m.doc)
    span = sdoc.char_span(m.start, m.end, alignment_mode="expand") if sdoc is not None else None
    if span is None:
        return set()
    region = occasion_tokens(span.root)
    # only a date said of this happening: "the May 4 attack", "took place on May 4", "attacked on May 4"
    out = {f"on {d.value}" for d in dates_in_sentence.get((m.doc, m.sentence), [])
           if isinstance(d.value, str) and len(d.value) == 10 and any(d.start <= t.idx < d.end for t in region)}
    out |= {f"the {c.lower_} one" for c in span.root.children
            if c.dep_ == "amod" and c.lower_ in words("occurrence", "occasion_ordinals")}
    if m.label == "STATE" and (verb := manner_verb(span.root, words("states", "cause_prepositions"))) is not None \
            and (who := participants(verb)) is not None:
        out.add(f"when {who}")   # how "water entered the tank" came about: the same act of the same things
    return out


def _subject_entities(m: Mention, sdocs: dict[str, Doc], names_by_sentence: dict[tuple[str, int], list[Mention]],
                      corpus: _Corpus) -> set[str]:
    """The entities named in the subject of the verb a mention is on, or under ("At 11:36 p.m., X spoke")."""
    sdoc = sdocs.get(m.doc)
    span = sdoc.char_span(m.start, m.end, alignment_mode="expand") if sdoc is not None else None
    if span is None:
        return set()
    verb = next((t for t in [span.root, *span.root.ancestors] if t.pos_ in ("VERB", "AUX")), span.root)
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return set()
    lo, hi = subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge)
    out = set()
    for n in names_by_sentence.get((m.doc, m.sentence), []):
        if n.entity and lo <= n.start < hi:
            out.add(n.entity)
            # "the Captain of the Aldis" speaks for the Aldis: the side named after "of"
            if (g := re.search(r"\bof\s+(?:the\s+)?(.+)$", n.text)) and (e := corpus.by_alias(g[1])):
                out.add(e)
    for noun in [subj, *(c for c in subj.children if c.dep_ == "conj")]:
        if noun.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children):
            # "the cutter" where the document says "the cutter, the Aldis": the one thing it calls so
            if corpus.names_of_doc is None:      # one pass over the story's sentences, not one per document
                corpus.names_of_doc = defaultdict(list)
                for (d, _), ns in names_by_sentence.items():
                    corpus.names_of_doc[d] += [n for n in ns if n.entity]
            if m.doc not in corpus.described:
                corpus.described[m.doc] = _described(sdoc, corpus.names_of_doc.get(m.doc, []))
            named = corpus.described[m.doc].get(noun.lemma_.lower(), set())
            if len(named) == 1:
                out |= named
    return out


def _described(sdoc: Doc, names: list[Mention]) -> dict[str, set[str]]:
    """What a document calls by a common noun in apposition with a name ("the cutter, the 300-ton
    Aldis", "Aldis, a cutter", "the cutter Aldis"): noun lemma -> the entities so described. `names`:
    the document's names that have an entity."""
    out: dict[str, set[str]] = defaultdict(set)
    for t in sdoc:
        if t.dep_ != "appos":
            continue
        for noun, other in ((t, t.head), (t.head, t)):
            if noun.pos_ != "NOUN":
                continue
            lo, hi = other.left_edge.idx, other.right_edge.idx + len(other.right_edge)
            for n in names:
                if lo <= n.start < hi and not (noun.idx >= n.start and noun.idx < n.end):
                    out[noun.lemma_.lower()].add(n.entity)
    return out


def _occurrence_pairs(statements: list[Statement], sdocs: dict[str, Doc],
                      dates_in_sentence: dict[tuple[str, int], list[Mention]], corpus: _Corpus,
                      when: dict[str, list[Mention]],
                      names_by_sentence: dict[tuple[str, int], list[Mention]] | None = None) -> list[Pair]:
    """One account says a happening did not happen (or was in one state: "unprovoked"), another that it
    did (or was in the opposite state): the same kind of happening on the same occasion (the same day,
    or the same ordinal; for a state, else the same month of the story), in one story, not said to
    happen to different named things."""
    keyed: dict[tuple[str, str, str], list[Statement]] = defaultdict(list)
    shooters: dict[str, set[str]] = {}
    dated: set[str] = set()   # states said of a day of their own
    names_by_sentence = names_by_sentence or {}
    for s in statements:
        attribute = s.mention.counted if s.mention.label == "STATE" else "occurred"
        if attribute == INITIATIVE:
            # who fired first: the party is the verb's subject, as named ("the captain of X" is X's side)
            shooters[s.mention.id] = _subject_entities(s.mention, sdocs, names_by_sentence, corpus)
            if not shooters[s.mention.id]:
                continue
        occasions = _occasions(s, sdocs, dates_in_sentence)
        if not occasions and attribute == INITIATIVE:
            # an exchange of fire is one of many in a month of fighting: only the story's day ties two claims
            occasions = {f"on {d.value}" for d in when.get(s.mention.id, [])[:1]
                         if isinstance(d.value, str) and len(d.value) == 10}
        elif not occasions and s.mention.label == "STATE":
            occasions = {f"in {d.value[:7]}" for d in when.get(s.mention.id, [])[:1]
                         if isinstance(d.value, str) and len(d.value) >= 7}
        elif s.mention.label == "STATE":
            # a state said of a day also meets one said only of that day's month (the story's time)
            days = {o[3:10] for o in occasions if o.startswith("on ") and len(o) >= 10}
            dated.add(s.mention.id)
            occasions = occasions | {f"in {d}" for d in days}
        for occasion in occasions:
            keyed[(s.mention.predicate or "", attribute, occasion)].append(s)
    out, seen = [], set()
    for (what, attribute, occasion), group in sorted(keyed.items()):
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                ma, mb = a.mention, b.mention
                if ma.value == mb.value or (ma.id, mb.id) in seen:
                    continue
                if occasion.startswith("in ") and ma.id in dated and mb.id in dated:
                    continue   # two states each said of a day meet only on the same day
                if ma.doc == mb.doc and not (ma.attributed_to and mb.attributed_to and ma.sentence != mb.sentence
                                             and ma.attributed_to != mb.attributed_to):
                    continue   # one document sets two parties' accounts against each other, or nothing
                if attribute == INITIATIVE:
                    if not shooters[ma.id] & shooters[mb.id]:
                        continue   # two parties each said to fire first or back: not one claim about one party
                else:
                    sa, sb = corpus.specific(a.named_themes), corpus.specific(b.named_themes)
                    if sa and sb and not sa & sb:
                        continue   # each names what it happened to, differently: two happenings of one kind
                seen.add((ma.id, mb.id))
                said = "one says it did not happen" if attribute == "occurred" else \
                    f"one says {ma.value}, the other {mb.value}"
                if attribute == INITIATIVE:
                    # the party both speak of names the dispute: "who fired first: the Aldis"
                    party = shooters[ma.id] & shooters[mb.id]
                    a, b = replace(a, named_themes=party), replace(b, named_themes=party)
                    said += f" (of {', '.join(sorted(corpus.name(e) for e in party))})"
                out.append(Pair(a, b, True, f"same happening: {what}, {occasion}; {said}", agrees=False,
                                confidence=0.6 if occasion.startswith(("on ", "the ")) else 0.5))
    return out


def _time_happening(m: Mention, sdocs: dict[str, Doc]) -> str | None:
    """What a time of day is the time of: the class of its verb ("began escaping": the escaping), a verb of a
    public statement as one kind ("addressed the nation", "announced"), else None."""
    if not m.predicate:
        return None
    verb = m.predicate
    sdoc = sdocs.get(m.doc)
    span = sdoc.char_span(m.start, m.end, alignment_mode="expand") if sdoc is not None else None
    tok = next((t for t in ([span.root] + list(span.root.ancestors)) if t.pos_ == "VERB"), None) if span else None
    if tok is not None and predicate_class(verb) is not None and predicate_class(verb).name in ("begin", "end"):
        tok = next((c for c in tok.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), tok)
        verb = tok.lemma_.lower()
    if verb in _STATEMENT_VERBS:
        return "statement"
    cls = predicate_class(verb)
    return cls.name if cls is not None else None


def _time_pairs(statements: list[Statement], sdocs: dict[str, Doc],
                names_by_sentence: dict[tuple[str, int], list[Mention]], corpus: _Corpus) -> list[Pair]:
    """Two times of day for one happening: the same kind of happening (its verb's class; any verb of a public
    statement), on the same day or the next, by the same named subject; a time in a universal zone (UTC) is
    never set against one that states no zone, nor a place's time against another zone."""
    keyed: dict[str, list[tuple[Statement, set[str]]]] = defaultdict(list)
    for s in statements:
        m = s.mention
        what = _time_happening(m, sdocs)
        who = _subject_entities(m, sdocs, names_by_sentence, corpus) if what else set()
        if what and who and m.first:
            keyed[what].append((replace(s, named=set(who), context=set(who)), who))
    out = []
    for what, group in sorted(keyed.items()):
        for i, (a, wa) in enumerate(group):
            for b, wb in group[i + 1:]:
                ma, mb = a.mention, b.mention
                if ma.doc == mb.doc or not wa & wb or not _zones_comparable(ma.counted, mb.counted):
                    continue
                ia, ib = time_interval(ma), time_interval(mb)
                if ia is None or ib is None or abs((ia[0] - ib[0]).total_seconds()) > 36 * 3600:
                    continue   # not the same day or the night across two
                names = ", ".join(sorted(corpus.name(e) for e in wa & wb)[:2])
                out.append(Pair(a, b, True, f"same happening: {what} by {names}, on the same day", confidence=0.6))
    return out


def _zones_comparable(za: str | None, zb: str | None) -> bool:
    """Zones two times can be compared in: both the same; or both local (a local zone abbreviation, or none
    stated, which is local somewhere); or both universal (UTC, GMT). A universal stamp never meets a local
    time, so one finding never sets a time with no zone against a UTC one through a third; a place's time
    ("Edlin time") meets only the same."""
    if za == zb:
        return True
    zones, universal = _CLOCK["zones"], set(_CLOCK["universal_zones"])
    if any(z is not None and z not in zones for z in (za, zb)):
        return False
    return (za in universal) == (zb in universal)


def _part_of(corpus: _Corpus, names: dict[str, dict[int, list[Mention]]], sdocs: dict[str, Doc]) -> dict[str, set[str]]:
    """What is part of what (entity id -> the wholes it is in), and how it is known: the alias file's
    [[part_of]]; a place written right before another ("Dalen, Merrow", "Dalen in Merrow province"); a
    name that says whose it is ("the 3rd Brigade of the Velmar Army")."""
    out: dict[str, set[str]] = defaultdict(set)
    for e in corpus.entities.values():
        out[e.id].update(e.part_of)
    for doc, by_sentence in names.items():
        text = sdocs[doc].text if doc in sdocs else ""
        for ms in by_sentence.values():
            places = [m for m in ms if m.entity and m.kind == "place"]
            for x, y in zip(places, places[1:]):
                if x.entity != y.entity and re.fullmatch(r",\s*|\s+in\s+(?:the\s+)?", text[x.end:y.start]):
                    out[x.entity].add(y.entity)
            for m in ms:
                if m.entity and (g := re.search(r"\bof\s+(?:the\s+)?(.+)$", m.text)) and \
                        (whole := corpus.by_alias(g[1])) and whole != m.entity:
                    out[m.entity].add(whole)
    return out


def _related(x: str | None, y: str | None, parts: dict[str, set[str]]) -> bool:
    """One is part of the other, directly or through a chain of wholes."""
    def up(e: str) -> set[str]:
        seen, stack = set(), [e]
        while stack:
            for w in parts.get(stack.pop(), ()):
                if w not in seen:
                    seen.add(w)
                    stack.append(w)
        return seen
    return x is not None and y is not None and (y in up(x) or x in up(y))


def _role_pairs(sdocs: dict[str, Doc], names_by_sentence: dict[tuple[str, int], list[Mention]],
                dates_in_sentence: dict[tuple[str, int], list[Mention]], corpus: _Corpus) -> list[Pair]:
    """Accounts of one happening that name different parties in one of its roles (align/roles.py)."""
    names: dict[str, dict[int, list[Mention]]] = defaultdict(dict)
    dates: dict[str, dict[int, list[Mention]]] = defaultdict(dict)
    for (doc, k), ms in names_by_sentence.items():
        names[doc][k] = sorted(ms, key=lambda m: m.start)
    for (doc, k), ds in dates_in_sentence.items():
        dates[doc][k] = ds
    claims = [c for doc in sorted(names) if doc in sdocs
              for c in role_claims(sdocs[doc], doc, names[doc], dates.get(doc, {}))]
    parts = _part_of(corpus, names, sdocs)
    out = []
    for a, b, role in role_disputes(claims, related=lambda x, y: _related(x, y, parts)):
        ma, mb = a.roles[role], b.roles[role]
        shared = sorted(r for r in a.roles if r in b.roles and r != role and a.entity(r) == b.entity(r))
        related = mb.entity in a.named or ma.entity in b.named
        agreed = {a.entity(r) for r in shared}    # who the accounts agree on names the event: "X sold"
        sa = Statement(ma, a.happening, {a.happening.name}, named_themes=set(agreed), named=set(a.named),
                       context=set(a.named))
        sb = Statement(mb, b.happening, {b.happening.name}, named_themes=set(agreed), named=set(b.named),
                       context=set(b.named))
        reason = (f"same happening: {a.happening.name}, {sorted(a.occasions & b.occasions)[0]}; same "
                  f"{', '.join(shared)}; different {role}" + ("; each party is named in the other account's"
                                                            " sentence" if related else ""))
        joint = {m.id: [o.text for o in c.joint.get(role, [])] for c, m in ((a, ma), (b, mb)) if c.joint.get(role)}
        out.append(Pair(sa, sb, True, reason, agrees=False, confidence=0.5 if related else 0.6, role=role,
                        related=related, joint=joint))
    return out


def _happening(s: Statement) -> str | None:
    return s.head.name if s.head else (s.frame.happening if s.frame else None)


def _unambiguous(pairs: list[Pair]) -> list[Pair]:
    """A figure whose sentence leaves its happening unsaid takes its partner's; when its partners
    are of two different happenings ("28 miles off the coast" beside an attack 30 miles off and a
    withdrawal 100 miles off), which one it belongs to is unknown, and it is paired with neither."""
    inferred: dict[str, set[str]] = defaultdict(set)
    for p in pairs:
        ha, hb = _happening(p.a), _happening(p.b)
        if ha is None and hb:
            inferred[p.a.mention.id].add(hb)
        if hb is None and ha:
            inferred[p.b.mention.id].add(ha)
    ambiguous = {mid for mid, classes in inferred.items() if len(classes) > 1}
    return [p for p in pairs if p.a.mention.id not in ambiguous and p.b.mention.id not in ambiguous]


def _candidates(statements: list[Statement], key) -> list[tuple[Statement, Statement]]:
    """Pairs that share a blocking key (a predicate class), each pair once, in the order of the
    statements. Two statements of one document are paired only when at most SAME_DOCUMENT_WINDOW
    statements of the key lie between them: a document of thousands of dated lines costs linear time,
    not all its pairs, and a document contradicts itself within a passage."""
    buckets: dict[str, list[int]] = defaultdict(list)
    repeated: set[tuple] = set()
    nth: Counter = Counter()          # the same words twice in one sentence are two statements
    for i, s in enumerate(statements):
        m = s.mention
        nth[(m.doc, m.sentence, m.text)] += 1
        said = (m.doc, s.sentence_text, m.text, nth[(m.doc, m.sentence, m.text)], frozenset(s.context))
        if s.sentence_text and said in repeated:
            continue       # a sentence a document repeats word for word, among the same names, adds nothing
        repeated.add(said)
        for k in key(s):
            buckets[k].append(i)
    seen: set[tuple[int, int]] = set()
    out = []
    for idx in buckets.values():
        for i, j in _bucket_pairs(idx, [statements[i].mention.doc for i in idx]):
            if (i, j) not in seen:
                seen.add((i, j))
                out.append((statements[i], statements[j]))
    return out


def _bucket_pairs(idx: list[int], docs: list[str]) -> list[tuple[int, int]]:
    """The pairs (i, j), i before j, of one bucket: every pair across documents, and those of one
    document at most SAME_DOCUMENT_WINDOW apart within it; in the order `combinations` gives."""
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, d in zip(idx, docs):
        by_doc[d].append(i)
    if all(len(own) <= SAME_DOCUMENT_WINDOW + 1 for own in by_doc.values()):
        return list(combinations(idx, 2))
    pairs = []
    groups = list(by_doc.values())
    for g, own in enumerate(groups):
        pairs += [(i, j) for k, i in enumerate(own) for j in own[k + 1:k + 1 + SAME_DOCUMENT_WINDOW]]
        pairs += [(min(i, j), max(i, j)) for other in groups[g + 1:] for i in own for j in other]
    return sorted(pairs)


def _events_from_pairs(pairs: list[Pair], corpus: _Corpus) -> list[Event]:
    sets = DisjointSets()
    stmt: dict[str, Statement] = {}
    for p in pairs:
        if not (p.agrees or p.strict):
            continue
        stmt[p.a.mention.id], stmt[p.b.mention.id] = p.a, p.b
        sets.union(p.a.mention.id, p.b.mention.id)
    events = []
    ordered = sorted(sets.groups(), key=lambda ids: min((stmt[i].mention.doc, stmt[i].mention.start) for i in ids))
    for n, ids in enumerate(ordered, 1):
        members = [stmt[i] for i in sorted(ids, key=lambda i: (stmt[i].mention.doc, stmt[i].mention.start))]
        ev = Event(id=f"v{n}", label=_label(members, corpus), mentions=[s.mention.id for s in members])
        heads = Counter(s.head.name for s in members if s.head)
        ev.predicate = heads.most_common(1)[0][0] if heads else None
        dates = Counter(s.mention.value for s in members if s.mention.kind == "date")
        ev.date = dates.most_common(1)[0][0] if dates else None
        ent = Counter(e for s in members for e in (s.named_themes or corpus.specific(s.named)))
        ev.entities = [e for e, _ in sorted(ent.items(), key=lambda x: (-x[1], x[0]))[:6]]   # ties by id: stable
        for s in members:
            s.mention.event = ev.id
        events.append(ev)
    return events


def _label(members: list[Statement], corpus: _Corpus) -> str:
    """A label a reader understands: "Highland Liberation Army founded", "people killed — Operation Korvel"."""
    heads = Counter(s.head.name for s in members if s.head)
    if not heads:
        heads = Counter(c for s in members for c in s.classes)
    past = by_name(heads.most_common(1)[0][0]).past if heads else "mentioned"
    rank = {"EVENT": 0, "LAW": 1, "ORG": 2, "PERSON": 3}
    named = Counter(e for s in members for e in sorted(s.named_themes | s.named))   # sorted: ties break alike in every run
    themed = {e for s in members for e in s.named_themes}
    shared = [e for e in named if named[e] == len(members) and e in themed]
    shared.sort(key=lambda e: (rank.get(getattr(corpus.entities.get(e), "type", ""), 9), e))
    # what it happened to, in words ("war"); a happening named by another happening ("attacks began")
    words = Counter(w.removeprefix("class:") for s in members for w in sorted(s.themes - s.named_themes))
    shared_words = [w for w, c in words.most_common() if c == len(members)]
    fallback = sorted(themed or corpus.specific(set(named)),
                      key=lambda e: (-named[e], rank.get(getattr(corpus.entities.get(e), "type", ""), 9), e))
    nouns = Counter(s.event_noun for s in members if s.event_noun)
    places = ("GPE", "LOC", "FAC")
    top_noun = nouns.most_common(1)[0] if nouns else None
    if top_noun and members[0].mention.kind == "date" and (
            top_noun[1] * 2 > len(members)
            or not [e for e in shared if getattr(corpus.entities.get(e), "type", "") not in places]):
        # "earthquake in Belgor": the happening's own noun, where every statement puts it
        where = sorted((e for e in named if named[e] == len(members)),
                       key=lambda e: (getattr(corpus.entities.get(e), "type", "") not in places, e))
        return f"{top_noun[0]} in {corpus.name(where[0])}" if where else f"the {top_noun[0]}"
    if members[0].mention.label == "WINDOW":
        return f"one count, in {_plural(members[0].mention.counted or 'unit')}"
    if members[0].mention.kind == "time":
        who = set.intersection(*(s.named for s in members)) if members else set()
        verb = Counter(s.mention.predicate for s in members if s.mention.predicate).most_common(1)
        return (f"{verb[0][0] if verb else 'what happened'}"
                + (f" by {corpus.name(sorted(who)[0])}" if who else ""))
    if members[0].mention.kind == "state":
        if members[0].mention.predicate in _ZONE_NOUNS:
            return "where it was"
        if members[0].mention.counted == INITIATIVE:
            party = set.intersection(*(s.named_themes for s in members))
            return ", ".join(sorted(corpus.name(e) for e in party)) or "the exchange of fire"
        noun = Counter(s.mention.predicate if s.mention.label == "STATE" else s.mention.counted
                       for s in members if s.mention.counted).most_common(1)
        if noun and noun[0][0] not in _ZONE_NOUNS and predicate_class(noun[0][0]) is None \
                and noun[0][0] not in {c.name for c in CLASSES} \
                and noun[0][0] not in _HAPPENING_NOUNS:
            return f"the act “{noun[0][0]}”"   # a verb said to be done "deliberately" or "accidentally"
        return f"the {noun[0][0]}" if noun else "the happening"
    if members[0].mention.kind == "quantity":
        ctx = Counter(e for s in members for e in sorted(s.context)
                      if e in corpus.entities and corpus.entities[e].type == "EVENT")
        where = f" — {corpus.name(ctx.most_common(1)[0][0])}" if ctx else ""
        frames = [s.frame for s in members if s.frame is not None and s.frame.claim]
        if frames:
            measure, thing, scope = Counter((f.measure, f.thing, f.scope) for f in frames).most_common(1)[0][0]
            if measure == "population":
                return f"population of {corpus.name(thing.split(':', 1)[1])}"
            return _frame_label((measure, thing)) + _window_label(scope) + where
        counted = Counter(s.mention.counted for s in members if s.mention.counted)
        thing = counted.most_common(1)[0][0] if counted else "figure"
        return f"{_plural(thing)} {past}{where}"
    if shared:
        return f"{corpus.name(shared[0])} {past}"
    if shared_words:
        return f"{shared_words[0]} {past}"
    in_all = sorted(corpus.specific({e for e in named if named[e] == len(members)}),
                    key=lambda e: (rank.get(getattr(corpus.entities.get(e), "type", ""), 9), e))
    if in_all:
        return f"{corpus.name(in_all[0])} {past}"
    if themed:
        return f"{corpus.name(fallback[0])} {past}"
    if words:
        return f"{words.most_common(1)[0][0]} {past}"
    return f"{corpus.name(fallback[0])} {past}" if fallback else f"event {past}"


_DIMENSIONS = {"[length]": "distance", "[mass]": "weight", "[length] / [time]": "speed", "[time]": "duration",
               "[length] ** 2": "area", "[length] ** 3": "volume", "[temperature]": "temperature"}


def _frame_label(key: tuple[str, str]) -> str:
    """A figure's attribute in words, from its frame: "people killed", "damage in USD", "wind: speed"."""
    measure, thing = key
    words_ = thing.split(":", 1)[-1].replace("|", " ") if thing.startswith(("of:", "event:")) else thing.replace(":", " ").replace("|", " ")
    if measure.startswith("money:"):
        return f"{words_} in {measure.split(':', 1)[1]}"
    if measure == "share":
        return f"share of {words_}"
    if measure in _DIMENSIONS:
        # "10 inches of rain" is an amount, "30 miles off the coast" a distance
        dimension = "amount" if measure == "[length]" and thing.startswith("of:") else _DIMENSIONS[measure]
        return f"{words_}: {dimension}"
    if measure.startswith("level:"):
        return measure.split(":", 1)[1]
    if measure in ("count", "casualty"):
        return f"{_plural(words_)} counted" if measure == "count" else f"casualties among {_plural(words_)}"
    if (own := predicate_class(thing)) is not None and own.name == measure:
        return f"{_plural(words_)} counted"   # acts counted ("sorties"), not their doers or victims
    return f"{_plural(words_)} {by_name(measure).past}"


_WINDOWS = {"early": "in the first hours and days", "later": "in the years after", "increment": "additional"}


def _window_label(scope: frozenset[str]) -> str:
    return f" ({', '.join(_WINDOWS.get(w, w.replace(':', ' ')) for w in sorted(scope))})" if scope else ""


def _plural(noun: str) -> str:
    if noun in ("people", "person", "dead", "aircraft", "craft") or noun.endswith("s"):
        return "people" if noun == "person" else noun
    return noun + ("es" if noun.endswith(("ch", "sh", "x")) else "s")


def _place_partners_pairwise(stmts: list[Statement], ent: str,
                             corpus: _Corpus) -> tuple[dict[str, Statement], Counter]:
    """(statements with a partner in another document, what the partners share: a happening class, or
    "mentioned" for a shared name only, counted per pair), comparing every pair."""
    keep: dict[str, Statement] = {}
    reason: Counter = Counter()
    for a, b in combinations(stmts, 2):
        if a.mention.doc == b.mention.doc:
            continue
        if corpus.ubiquitous(ent):
            # the place every document names: only where both say the same thing happened there
            if a.head and b.head and a.head.name == b.head.name:
                keep[a.mention.id], keep[b.mention.id] = a, b
                reason.update({a.head.name})
            continue
        shared_classes = a.classes & b.classes
        shared_ctx = corpus.specific((a.context & b.context) - {ent})
        if shared_classes or shared_ctx:
            keep[a.mention.id], keep[b.mention.id] = a, b
            reason.update(shared_classes or {"mentioned"})
    return keep, reason


def _place_partners_indexed(stmts: list[Statement], ent: str,
                            corpus: _Corpus) -> tuple[dict[str, Statement], Counter]:
    """The same through an index of what statements share, linear in the statements (a document of
    thousands of dated lines): the partners are exact; a class's count is its cross-document pairs,
    and "mentioned" counts once only when no class is shared."""
    index: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    for s in stmts:
        if corpus.ubiquitous(ent):
            if s.head:
                index[("class", s.head.name)].append(s)
            continue
        for c in s.classes:
            index[("class", c)].append(s)
        for x in corpus.specific(s.context - {ent}):
            index[("name", x)].append(s)
    keep: dict[str, Statement] = {}
    reason: Counter = Counter()
    for (kind, key), group in index.items():
        per_doc = Counter(s.mention.doc for s in group)
        if len(per_doc) < 2:
            continue
        keep.update((s.mention.id, s) for s in group)
        if kind == "class":
            reason[key] += _pairs(len(group)) - sum(_pairs(n) for n in per_doc.values())
    if keep and not reason:
        reason["mentioned"] = 1
    return keep, reason


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _place_groups(places: list[Statement], corpus: _Corpus, events: list[Event]) -> list[tuple[str, list[Mention], str]]:
    """Places that several documents name in the same kind of happening among the same entities."""
    by_entity: dict[str, list[Statement]] = defaultdict(list)
    for s in places:
        if s.located and s.mention.entity:
            if not corpus.ubiquitous(s.mention.entity):
                by_entity[s.mention.entity].append(s)
            elif s.head and s.direct:
                # the place every document names: grouped by what happened to it or there
                by_entity[f"{s.mention.entity}|{s.head.name}"].append(s)
    out = []
    next_id = len(events) + 1
    for key, stmts in by_entity.items():
        ent = key.split("|")[0]
        keep, reason = (_place_partners_pairwise if len(stmts) <= PAIRWISE_MAX else _place_partners_indexed)(
            stmts, ent, corpus)
        if len({s.mention.doc for s in keep.values()}) < 2:
            continue
        cls = reason.most_common(1)[0][0]
        past = by_name(cls).past if cls != "mentioned" else "named"
        ev = Event(id=f"v{next_id}", label=f"{corpus.name(ent)} {past}", entities=[ent],
                   predicate=None if cls == "mentioned" else cls,
                   mentions=[s.mention.id for s in keep.values()])
        next_id += 1
        for s in keep.values():
            s.mention.event = ev.id
        events.append(ev)
        out.append((ent, [s.mention for s in keep.values()], ev.id))
    return out
