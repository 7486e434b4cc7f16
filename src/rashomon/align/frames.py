"""The frame of a stated figure: what it measures (a dimension and unit, or a kind of harm), of what
(the counted or measured thing), in which role, over which window of time and where, and whether it is
a claim at all (not a denial, a rate or a ratio). Two figures are comparable only when their frames match.

Units are read with pint, so "95 miles" and "153 km" share a dimension and a scale to base units.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Span, Token

from ..data import load, words
from ..models import Mention
from .predicates import predicate_class


_HARM = {"kill", "injure", "capture", "arrest", "displace", "loss", "damage"}
# happenings where who did it and to whom it was done are different figures ("3 boats attacked")
_ROLE_MATTERS = _HARM | {"attack", "withdraw"}


def _w(key: str) -> frozenset[str]:
    return words("frames", key)


def _time_nouns() -> frozenset[str]:
    return words("counting", "time_nouns") | _w("window_nouns")


@dataclass(frozen=True)
class Frame:
    measure: str | None            # "kill", "injure", "count", "[length]", "money:USD", "share", ...
    thing: str | None              # what is counted or measured: "people", "boat", "of:tolvenate", "wind"
    role: str = "patient"          # "agent" when the counted things did the happening ("3 boats attacked")
    kind: frozenset[str] = frozenset()     # restricting adjectives: "excess", "official", "civilian"
    scope: frozenset[str] = frozenset()    # the window: "within:day", "increment", "initial", "since"
    places: frozenset[str] = frozenset()   # entity ids of places the figure is set in ("64 in X")
    scale: float = 1.0             # multiply the value by this to get base units
    negated: bool = False          # "3,000 people did not die"
    rate: bool = False             # "82 deaths daily", "14.3 deaths per 1,000"
    relative: bool = False         # "46 times more", "1,052 more than usual"
    unit: str | None = None
    zero: bool = False             # "no one was killed": a denial of any harm, which any count of it contradicts
    question: bool = False         # "did 3,000 people die?": asks, asserts nothing
    thing_words: frozenset[str] = frozenset()   # the nouns naming a measured thing ("ethyl tolvenate gas")

    @property
    def happening(self) -> str | None:
        """The kind of happening a measure of harm names by itself ("kill" for a death toll)."""
        return self.measure if self.measure not in (None, "count", "casualty", "share", "population") and not \
            self.measure.startswith(("[", "money", "level:")) else None

    @property
    def claim(self) -> bool:
        """A figure that states an amount of something (not a denial, a rate or a ratio)."""
        return self.measure is not None and self.thing is not None and not (self.negated or self.rate or self.relative)

    @property
    def denial(self) -> bool:
        """A figure of a happening said not to have happened in that amount ("3,000 people did not
        die"): what a claim of the same amount contradicts."""
        return (self.negated and not self.question and self.happening is not None and self.thing is not None
                and not (self.rate or self.relative))

    def describe(self) -> str:
        bits = [f"{self.measure} of {self.thing}"]
        if self.kind:
            bits.append("kind " + "/".join(sorted(self.kind)))
        if self.scope:
            bits.append("window " + "/".join(sorted(self.scope)))
        if self.role == "agent":
            bits.append("as agents")
        return ", ".join(bits)


@lru_cache(maxsize=1)
def _units():
    import pint

    return pint.UnitRegistry()


@lru_cache(maxsize=2048)
def unit_of(word: str) -> tuple[str, float] | None:
    """(dimensionality, scale to base units) for a unit word pint knows ("miles", "km", "mph"), else None."""
    w = word.lower().strip(".")
    if not w or not any(c.isalpha() for c in w):
        return None
    ureg = _units()
    try:
        q = ureg.Quantity(1, w)
    except Exception:  # noqa: BLE001 - pint raises several kinds for an unknown word
        return None
    dim = str(q.dimensionality)
    if dim == "dimensionless" or (w in _time_nouns() and dim != "[time]"):
        return None   # "pm" is a picometre to pint, a time of day to a reader
    try:
        return dim, float(q.to_base_units().magnitude)
    except Exception:  # noqa: BLE001
        return None


def _lemma(t: Token) -> str:
    return (t.lemma_ or t.text).lower()


def _counted_token(span: Span, counted: str | None) -> Token | None:
    """The token of the counted noun, looked for in and just after the figure."""
    if not counted:
        return None
    sdoc = span.doc
    lo, hi = span.start, min(len(sdoc), span.end + 8)
    for t in list(sdoc[span.end:hi]) + list(span):
        if t.sent.start != span.sent.start:
            continue
        if _lemma(t) == counted or t.lower_ == counted or t.lower_.rstrip("s") == counted.rstrip("s"):
            return t
    head = span.root.head
    if head.pos_ in ("NOUN", "PROPN") and head.i >= lo:
        return head
    return None


def _governor(span: Span, counted_tok: Token | None) -> Token | None:
    """The verb or event noun above the figure (the happening it is a figure of)."""
    tok = counted_tok if counted_tok is not None else span.root
    for _ in range(8):
        if tok.head.i == tok.i:
            return tok if tok.pos_ in ("VERB", "AUX") else None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
    return None


def _has_time(tok: Token, date_chars: list[tuple[int, int]]) -> str | None:
    """The time noun (or "date") in a prepositional object's subtree, or None: "the six months after
    the storm" is a window of months, "January and February" a dated one."""
    if _lemma(tok) in _time_nouns():
        return _lemma(tok)
    for t in tok.subtree:
        if any(a <= t.idx < b for a, b in date_chars):
            return "date"
        if _lemma(t) in _time_nouns():
            return _lemma(t)
    return None


def _tells_when(adverb: Token, date_chars: list[tuple[int, int]]) -> bool:
    """An adverb of a date ("early on September 20", "late in 1988"): part of when, not a window."""
    told = list(adverb.subtree)
    if adverb.i + 1 < len(adverb.doc) and adverb.doc[adverb.i + 1].dep_ == "prep":
        told += list(adverb.doc[adverb.i + 1].subtree)
    return any(a <= t.idx < b for t in told for a, b in date_chars)


def _scope(anchors: list[Token], span: Span, date_chars: list[tuple[int, int]]) -> set[str]:
    """The window of time a figure covers, from the prepositions and adverbs on it and its happening."""
    out: set[str] = set()
    for a in anchors:
        for c in a.children:
            if span.start <= c.i < span.end:
                continue
            low = c.lower_
            if c.dep_ == "prep" and low in _w("scope_prepositions"):
                for p in c.children:
                    if p.dep_ == "pobj" and (unit := _has_time(p, date_chars)):
                        if low == "during" and any(a <= t.idx < b for t in p.subtree for a, b in date_chars):
                            continue   # "during the night of 3 December" says when it happened, not over when
                        nums = [t.lower_ for t in p.children if t.like_num]
                        # a dated window ("in January", "by 1985") is kept as such; the dates are compared in time
                        out.add(f"{low}:{unit}" + (f":{nums[0]}" if nums and unit != "date" else ""))
            elif c.dep_ in ("advmod", "npadvmod") and _tells_when(c, date_chars):
                continue   # "early on September 20" says when, not over which window
            elif c.dep_ in ("advmod", "npadvmod") and low in _w("scope_adverbs"):
                out.add(low)
            elif c.dep_ in ("amod", "advmod") and low in _w("window_adjectives"):
                out.add(low)
            elif c.dep_ in ("det", "amod", "advmod") and low in _w("increment_words"):
                out.add("increment")
    return {_window_class(w) for w in out}


@lru_cache(maxsize=None)
def _classes() -> dict[str, str]:
    return {w: cls for cls, ws in load("frames")["window_classes"].items() for w in ws}


def _window_class(window: str) -> str:
    """A window under the name of its class ("within:day" and "immediately" are both "early")."""
    parts = window.split(":")
    return _classes().get(":".join(parts[:2]), _classes().get(window, window))


def figure_frame(m: Mention, span: Span, places: dict[tuple[int, int], str],
                 date_chars: list[tuple[int, int]]) -> Frame:
    """The frame of one figure mention. `places` maps character spans of place names in the sentence
    to their entity ids; `date_chars` are the character spans of dates in it."""
    counted = (m.counted or "").lower() or None
    lead = re.match(r"[a-z]*", counted or "").group(0)
    if lead in _w("scale_words") and lead != counted:
        return Frame(None, None)   # "$470 million(approx.": the scale word was misread as the counted noun
    ctok = _counted_token(span, counted)
    gov = _governor(span, ctok)
    sdoc = span.doc
    if m.label == "LEVEL":
        # "a Category 4 storm": a rank on the scale the noun names, of the happening it is given to
        negated, rate, relative = _not_an_amount(m, span, ctok, gov)
        return Frame(measure=f"level:{counted}", thing="level", negated=negated, rate=rate, relative=relative,
                     question=span.sent.text.rstrip().endswith("?"))
    if m.label == "WINDOW":
        return Frame(None, None)   # a window's length is compared only through the counts it is the window of
    if m.label == "WHOLE":
        # "all transmission lines": 100 percent of the lines, as "80 percent of the lines" is 80
        noun = span.root.head
        negated, rate, relative = _not_an_amount(m, span, noun, noun.head)
        return Frame(measure="share", thing="of:" + _lemma(noun), unit="percent", negated=negated, rate=rate,
                     relative=relative, thing_words=_noun_phrase_words(noun),
                     question=span.sent.text.rstrip().endswith("?"))
    if (counted is None or counted in _w("generic_people") or counted in _w("population_words")) and \
            (place := _population_of(span, ctok, places)) is not None:
        negated, rate, relative = _not_an_amount(m, span, ctok, gov)
        return Frame(measure="population", thing=f"place:{place}", negated=negated, rate=rate, relative=relative,
                     question=span.sent.text.rstrip().endswith("?"))
    # ---- what it measures
    measure = thing = unit = None
    thing_words: frozenset[str] = frozenset()
    scale = 1.0
    currency = load("frames")["currency_words"]
    if counted in currency or any(ch in m.text for ch in "$€£¥"):
        cur = currency.get(counted or "", None) or next(
            (currency[ch] for ch in "$€£¥" if ch in m.text), "money")
        measure, unit = f"money:{cur}", cur
    elif counted == "percent":
        measure, unit = "share", "percent"
    elif counted and (u := _unit_with_modifier(ctok, counted)):
        measure, scale, unit = u[0], u[1], u[2]
    toll = _measure_noun(span, strict=counted is not None)
    m_pred = None
    if toll is not None:
        # "the death toll stood at 64", "put the crowd at 80,000": the noun the figure is the value of
        if _lemma(toll) in _w("toll_nouns"):
            for c in toll.children:
                if c.dep_ in ("compound", "amod", "nmod") and (pc := predicate_class(_lemma(c))) is not None:
                    counted, ctok, m_pred = "people", toll, pc
                    break
        else:
            counted, ctok = _lemma(toll), toll
    if m_pred is None and counted in _w("case_nouns") and ctok is not None:
        # "about 3,000 fatal cases": the dead, counted by what befell them
        outcomes = load("frames")["outcome_adjectives"]
        for c in ctok.children:
            if c.dep_ == "amod" and (pc := predicate_class(outcomes.get(_lemma(c)))) is not None:
                counted, m_pred = "people", pc
                break
    cls = (m_pred or predicate_class(m.predicate)) or (predicate_class(counted) if counted else None)
    if measure is None and counted:
        if counted in _w("combined_measures"):
            measure = "casualty" if cls is None or cls.name not in ("kill", "injure") else cls.name
        else:
            measure = cls.name if cls is not None else "count"
        thing = "people" if counted in _w("generic_people") else counted
    elif measure is not None and toll is not None and ctok is toll:
        thing = _lemma(toll)       # "damage was estimated at $55 billion": the sum is the damage's
    elif measure is not None:
        thing, thing_words = _measured_thing(ctok if ctok is not None else span[-1], gov, span)
    # ---- who did it: the counted things as the agents of the happening
    role = "patient"
    own = predicate_class(counted) if counted else None
    if own is not None and own.name not in _HARM and m_pred is None and measure == (cls.name if cls else None):
        # the counted things are acts ("64 sorties struck the bases", "carried out 100 raids"): a count of
        # the acts, whatever verb tells of them, never the doers or victims of that verb
        measure, role = own.name, "act"
    elif ctok is not None and measure in _ROLE_MATTERS:
        if ctok.dep_ == "nsubj" and ctok.head.pos_ == "VERB" and any(c.dep_ == "dobj" for c in ctok.head.children):
            role = "agent"
        elif ctok.dep_ == "pobj" and ctok.head.lower_ in _w("agent_prepositions") and ctok.head.dep_ == "agent":
            role = "agent"
    # ---- kind, scope, place
    if ctok is None and toll is None:
        toll = _measure_noun(span)   # "the official immediate death toll was 2,259": its words set the window
    anchors = [t for t in (ctok, toll, gov, span.root) if t is not None]
    tok = ctok if ctok is not None else span.root
    for _ in range(6):   # the path up to the happening: "deaths [in the six months] after"
        if tok.head.i == tok.i or tok is gov:
            break
        tok = tok.head
        if tok not in anchors:
            anchors.append(tok)
    if ctok is not None and ctok.head.pos_ == "NOUN" and ctok.dep_ == "pobj":
        anchors.append(ctok.head.head)  # "the toll of 3,000 deaths"
    kind = frozenset(_lemma(c) for c in ctok.children if c.dep_ in ("amod", "compound")
                     and _lemma(c) in _w("kind_adjectives")) if ctok is not None else frozenset()
    scope = _scope(anchors, span, date_chars)
    before = sdoc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ in _w("increment_words"):
        scope.add("increment")
    if ctok is not None and any(sdoc[k].lower_ in _w("increment_words") for k in range(span.end, ctok.i)):
        scope.add("increment")   # "20,000 more residents"
    in_places = _places_on((ctok, span.root), places)
    negated, rate, relative = _not_an_amount(m, span, ctok, gov)
    return Frame(measure=measure, thing=thing, role=role, kind=kind, scope=frozenset(scope),
                 places=frozenset(in_places), scale=scale, negated=negated, rate=rate, relative=relative, unit=unit,
                 zero=m.value == 0 and thing == "people", question=span.sent.text.rstrip().endswith("?"),
                 thing_words=thing_words)


def _population_of(span: Span, ctok: Token | None, places: dict[tuple[int, int], str]) -> str | None:
    """The place a figure is the population of: "Varno (pop. 72,000)", "Varno, a city of 90,000
    (people)"."""
    sdoc = span.doc
    root = ctok if ctok is not None else span.root
    before = [t for t in sdoc[max(span.sent.start, span.start - 3): span.start] if not t.is_punct]
    if before and before[-1].lower_.rstrip(".") in _w("population_words") or \
            len(before) >= 2 and before[-1].lower_ == "of" and before[-2].lower_ in _w("population_words"):
        # the place named right before: "Varno (pop. 72,000)", "Kessel, population 5,000"
        cue = before[-1] if before[-1].lower_ != "of" else before[-2]
        near = [(e, ent) for (s, e), ent in places.items() if e <= cue.idx and cue.idx - e <= 12
                and s >= span.sent.start_char]
        return max(near)[1] if near else None
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in _w("settlement_nouns"):
        noun = root.head.head           # "Varno, a city of 90,000": the city in apposition to a place
        if noun.dep_ in ("appos", "attr"):
            target = noun.head
            return next((ent for (s, e), ent in places.items() if s <= target.idx < e), None)
    return None


def _places_on(anchors, places: dict[tuple[int, int], str]) -> set[str]:
    """Entity ids of places set on the figure itself: "64 in Lirra, 65 in Osk"."""
    out = set()
    for a in anchors:
        if a is None:
            continue
        for c in a.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "at", "across", "throughout"):
                out |= {ent for p in c.subtree for (s, e), ent in places.items() if s <= p.idx < e}
    return out


def _not_an_amount(m: Mention, span: Span, ctok: Token | None, gov: Token | None) -> tuple[bool, bool, bool]:
    """(negated, rate, relative): a denial or a question, a rate ("82 deaths daily"), a ratio or a
    difference ("46 times", "1,052 more than usual") states no amount of the thing."""
    sdoc = span.doc
    end = (ctok.i if ctok is not None else span.end) + 4
    window = list(sdoc[max(span.sent.start, span.start - 3): min(span.sent.end, end)])
    text = f" {' '.join(t.lower_ for t in window)} "
    rate = any(t.lower_ in _w("rate_words") for t in window) or any(
        f" {w} " in text for w in _w("rate_words") if " " in w)
    nxt = sdoc[span.end] if span.end < len(sdoc) else None
    relative = bool(nxt is not None and nxt.lower_ in _w("relative_words")) or (
        ctok is not None and any(c.lower_ == "than" and c.i > ctok.i for c in ctok.subtree)) or (
        m.counted is None and nxt is not None and nxt.lower_ in _w("comparative_words"))
    # "no one was killed" is a figure, zero; "3,000 did not die" denies one; a question asserts nothing
    negated = (m.value != 0 and _negated(gov, ctok)) or span.sent.text.rstrip().endswith("?")
    return negated, rate, relative


def _measure_noun(span: Span, strict: bool = False) -> Token | None:
    """A noun that names a measure ("toll", "count") the figure is the value of, or None. `strict`:
    only the unambiguous "put the crowd at 80,000" / "the toll rose to 61" constructions."""
    root = span.root
    nouns = _w("toll_nouns")
    cands = []
    h = root.head
    if strict and not (h.dep_ == "prep" and h.lower_ in ("at", "to") and root.dep_ == "pobj"):
        return None
    if h.lemma_.lower() in nouns and h.pos_ == "NOUN":
        cands.append(h)                               # "toll: 64"
    if h.dep_ == "prep" and h.head.lemma_.lower() in nouns and h.head.pos_ == "NOUN":
        cands.append(h.head)                          # "the death count of 64"
    if h.dep_ == "prep" and h.lower_ in ("at", "to") and h.head.pos_ == "NOUN" and root.dep_ == "pobj":
        cands.append(h.head)                          # "put [the crowd at 15,000]"
    verb = h.head if h.dep_ == "prep" and h.lower_ in ("at", "to") else h
    if verb.pos_ in ("VERB", "AUX"):
        # "the toll stood at 64", "police put the crowd at 15,000", "the toll was revised to 2,975"
        args = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.pos_ == "NOUN"
                and (c.lemma_.lower() in nouns or root.dep_ == "pobj")]
        order = {"dobj": 0, "nsubjpass": 1, "nsubj": 2}
        args.sort(key=lambda c: order[c.dep_])
        if any(c.dep_ == "dobj" for c in verb.children):
            args = [c for c in args if c.dep_ != "nsubj"]   # the subject of "police put the crowd at" is not counted
        cands += args
    return cands[0] if cands else None


def _unit_with_modifier(ctok: Token | None, counted: str) -> tuple[str, float, str] | None:
    """A unit, read with its compound modifier when pint knows the pair ("nautical miles", "square km")."""
    if ctok is not None:
        for c in ctok.children:
            if c.dep_ in ("compound", "amod") and c.i < ctok.i:
                joined = f"{c.lower_}_{counted}"
                if u := unit_of(joined):
                    return u[0], u[1], joined
    u = unit_of(counted)
    return (u[0], u[1], counted) if u else None


def _noun_phrase_words(tok: Token) -> frozenset[str]:
    """The nouns of the phrase a noun heads, with its compounds and an acronym in apposition:
    "ethyl tolvenate (ETV) gas" -> ethyl, etv, gas, tolvenate."""
    while tok.dep_ == "compound" and tok.head.i > tok.i:
        tok = tok.head
    out = {_lemma(tok)}
    for c in tok.children:
        if c.dep_ == "compound" and c.is_alpha or c.dep_ in ("nmod", "appos", "amod") and c.pos_ in ("NOUN", "PROPN"):
            out |= {_lemma(t) for t in c.subtree if t.pos_ in ("NOUN", "PROPN") or t.dep_ == "compound" and t.is_alpha}
    return frozenset(out)


def _measured_thing(ctok: Token | None, gov: Token | None, span: Span) -> tuple[str | None, frozenset[str]]:
    """What a unit measures, and the nouns naming it: "tonnes of ETV" -> of:etv; "155 mph winds" -> wind;
    "30 miles off the coast" -> off:coast; else the happening ("rose 20 percent" -> rise)."""
    if ctok is not None:
        if (of := _of_after(ctok)) is not None:
            objs = [p for p in of.children if p.dep_ == "pobj"] or [
                t for t in ctok.doc[of.i + 1: of.i + 4] if t.pos_ in ("NOUN", "PROPN")][:1]
            if objs:
                return "of:" + _lemma(objs[0]), _noun_phrase_words(objs[0])
        if ctok.dep_ in ("compound", "nmod", "amod", "nummod") and ctok.head.pos_ == "NOUN" and ctok.head.i > ctok.i:
            return _lemma(ctok.head), _noun_phrase_words(ctok.head)
        if ctok.dep_ == "pobj" and ctok.head.lower_ == "of" and ctok.head.head.pos_ == "NOUN":
            return _lemma(ctok.head.head), _noun_phrase_words(ctok.head.head)      # "winds of 155 mph"
        run = []
        for t in ctok.doc[ctok.i + 1: ctok.i + 7]:
            if t.pos_ not in ("ADJ", "NOUN", "PROPN") and t.text not in "()" or t.sent.start != ctok.sent.start:
                break
            run.append(t)
        nouns = [t for t in run if t.pos_ in ("NOUN", "PROPN")]
        if nouns and run[-1].pos_ in ("NOUN", "PROPN"):
            # "30 tons deadly chlorine fumes": a phrase the parse did not hang on the unit
            return _lemma(nouns[-1]), frozenset(_lemma(t) for t in nouns)
        nxt = ctok.doc[ctok.i + 1] if ctok.i + 1 < len(ctok.doc) else None
        if nxt is not None and nxt.pos_ in ("ADP", "ADV") and nxt.sent.start == ctok.sent.start:
            # "30 miles off the coast", "9 miles from the island": the relation and the words of its
            # object, which accounts name differently ("off the North Tamarian coast", "off North Tamaria")
            objs = [p for p in nxt.subtree if p.dep_ == "pobj"]
            if nxt.lower_ == "in" and objs and objs[0].pos_ == "NOUN":
                return _lemma(objs[0]), _noun_phrase_words(objs[0])   # "$90 billion in damage": what the sum is of
            words_ = sorted({_lemma(t) for t in objs[0].subtree if t.pos_ in ("NOUN", "PROPN", "ADJ")}) if objs else []
            return f"{nxt.lower_}:" + "|".join(words_), frozenset()
    if (noun := _measure_noun(span)) is not None:
        return _lemma(noun), _noun_phrase_words(noun)   # "damage was estimated at $100 billion"
    if gov is not None:
        return "event:" + _lemma(gov), frozenset()
    return None, frozenset()


def _of_after(ctok: Token) -> Token | None:
    """The "of" right after a unit, past a conversion in parentheses: "10 inches (25 cm) of rain". An
    "of" the parse hangs on the unit from further away belongs to another unit ("155 mph and 10 inches
    of rain")."""
    doc, j = ctok.doc, ctok.i + 1
    if j < len(doc) and doc[j].text == "(":
        close = next((k for k in range(j + 1, min(j + 8, len(doc))) if doc[k].text == ")"), None)
        if close is None:
            return None
        j = close + 1
    return doc[j] if j < len(doc) and doc[j].lower_ == "of" and doc[j].sent.start == ctok.sent.start else None


def _negated(gov: Token | None, ctok: Token | None) -> bool:
    for t in (gov, ctok):
        if t is None:
            continue
        if any(c.dep_ == "neg" or c.lower_ in _w("negators") and c.dep_ in ("det", "advmod") for c in t.children):
            return True
    return False


def _relations_meet(x: str, y: str) -> bool:
    """"off:coast|north|tamarian" meets "off:north|tamaria": the same relation to a landmark named
    with a word in common."""
    if ":" not in x or ":" not in y or x.startswith(("of:", "event:")) or y.startswith(("of:", "event:")):
        return False
    (px, wx), (py, wy) = x.split(":", 1), y.split(":", 1)
    return px == py and bool(set(wx.split("|")) & set(wy.split("|")) - {""})


@dataclass
class FrameMatch:
    """Whether two frames are of one attribute, and the evidence (reasons) either way. `loose`: the
    measured things are named alike, not the same ("ethyl tolvenate gas", "ethyl tolvenate
    fumes"), which holds only where the happening is the same too."""

    same: bool
    reasons: list[str] = field(default_factory=list)
    loose: bool = False


def same_attribute(a: Frame, b: Frame, group_name=lambda thing: False) -> FrameMatch:
    """Two figures measure the same attribute: same measure and thing, role, kind and window of
    time, and no two different places. A denial, a rate or a ratio meets nothing. `group_name` says
    whether a counted noun is the name of an actor ("2,500 Morvanin"): such a count meets a count of
    "people" among the same entities."""
    if not (a.claim and b.claim):
        return FrameMatch(False, ["not a claim of an amount"])
    if a.measure != b.measure:
        return FrameMatch(False, ["different measures"])
    loose = False
    if a.thing != b.thing and not ({a.thing, b.thing} & {"people"} and (group_name(a.thing) or group_name(b.thing))) \
            and not ((a.zero or b.zero) and a.measure in _HARM) and not _relations_meet(a.thing, b.thing):
        if not (a.measure.startswith("[") and a.thing_words & b.thing_words):
            return FrameMatch(False, ["different things counted"])
        loose = True
    if a.thing.startswith("event:") and a.unit != b.unit:
        return FrameMatch(False, ["only the happening ties them, in different units"])
    if a.role != b.role:
        return FrameMatch(False, ["different roles"])
    if a.kind != b.kind:
        return FrameMatch(False, ["different kinds"])
    if a.scope != b.scope:
        return FrameMatch(False, ["different windows of time"])
    if a.places and b.places and not (a.places & b.places):
        return FrameMatch(False, ["different places"])
    reasons = [f"same measure: {a.describe()}"]
    if loose:
        reasons = [f"same measure: {a.measure} of what both name "
                   f"{' '.join(sorted(a.thing_words & b.thing_words))}"]
    if a.unit and b.unit and a.unit != b.unit:
        reasons.append(f"units converted: {a.unit} and {b.unit}")
    if a.places & b.places:
        reasons.append("same place")
    return FrameMatch(True, reasons, loose)
