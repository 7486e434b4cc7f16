"""What a figure counts and what happened to the counted things: the counted noun and the predicate."""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Token

from .. import data
from .figure_finder import Figure, FinderView
from .lines import BULLETS, Line
from .numbers import DASHES, SCALES, Number

# ---------------------------------------------------------------- vocabulary

# nouns that count time: a figure counting them is a duration, an age or a date
TIME_NOUNS = data.words("counting", "time_nouns")
MEASURE_PREFIX = data.words("counting", "measure_prefixes")  # "magnitude 7.3": the measure is counted
# nouns that name a measure of something else ("the death toll", "the number of dead")
_MEASURE_NOUNS = data.words("counting", "measure_nouns")
_LIGHT_VERBS = data.words("counting", "light_verbs")
# verbs whose object/complement figure is a measure of something else: look for what it measures
_MEASURE_VERBS = data.words("counting", "measure_verbs")
_REPORT_VERBS = data.words("speech", "report_verbs")
# verbs that only say a figure is there ("included 300 children"), and those that only link a cause to
# it through a preposition ("resulted in 300 deaths", "led to 300 arrests")
_VACUOUS_VERBS = data.words("counting", "vacuous_verbs")
# participles that describe the counted things rather than say what happened to them
_DESCRIBING = data.words("counting", "describing_participles")
# words right after a bare figure that say what happened to it ("1,304 dead", "40 wounded")
_STATE_WORDS = data.words("counting", "state_words")
_PARTICLES = data.words("counting", "verb_particles")  # "lay off", "wipe out", "shut down"
_LINK_VERBS = data.words("counting", "link_verbs")
# subjects that are the counted things' owners or speakers, not a measured quantity
_PERSONS = data.words("counting", "owner_nouns")
_EVENT_SUFFIXES = tuple(data.load("counting")["event_suffixes"])
_EVENT_NOUNS = data.words("counting", "event_nouns")
_NOT_COUNTED = data.words("counting", "not_counted")
_TYPE_NOUNS = data.words("counting", "type_nouns")

# ---------------------------------------------------------------- counted noun and predicate

def _lemma(t: Token) -> str:
    lem = (t.lemma_ or t.text).lower()
    if t.tag_ in ("NNS", "NNPS") and lem == t.lower_ and lem not in ("people", "police", "staff", "cattle"):
        lem = _singular(lem)
    return lem


def _singular(w: str) -> str:
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("ches", "shes", "sses", "xes", "zes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


class Analyzer(FinderView):
    """Counted noun and predicate for one figure."""

    def num_head(self, num: Number) -> Token:
        toks = [self.sdoc[k] for k in range(num.start, num.end)]
        for t in toks:
            if not (num.start <= t.head.i < num.end) or t.head.i == t.i:
                return t
        return toks[-1]

    def counted(self, fig: Figure) -> tuple[Token | None, str | None]:
        """The counted noun token (None when implicit) and its lemma."""
        if fig.percent:
            return None, "percent"
        sdoc = self.sdoc
        stop = self.f.line_stop(fig.start)
        last = fig.hi_num or fig.num
        head = self.num_head(last)
        cand: Token | None = None
        # "2,000 of their soldiers", "tens of tanks", "thousands of men"
        j = max(last.end, fig.end)
        if j < stop and sdoc[j].lower_ == "of":
            for c in sdoc[j].children:
                if c.dep_ == "pobj" and self.same_line(c, sdoc[j]):
                    cand = c
                    break
            if cand is None:
                k = j + 1
                while k < stop and sdoc[k].pos_ in ("DET", "ADJ", "PRON", "NUM") and sdoc[k].lower_ not in _NOT_COUNTED:
                    k += 1
                if k < stop and sdoc[k].pos_ in ("NOUN", "PROPN"):
                    cand = sdoc[k]
        # hyphenated compounds: "a 31-mile front", "a 5,000-strong force"
        if cand is None and j + 1 < stop and sdoc[j].text in DASHES and not sdoc[j - 1].whitespace_:
            nxt = sdoc[j + 1]
            if nxt.lower_ == "strong":
                k = j + 2
                while k < stop and sdoc[k].pos_ in ("ADJ",):
                    k += 1
                cand = sdoc[k] if k < stop and sdoc[k].pos_ in ("NOUN", "PROPN") else None
            elif nxt.pos_ in ("NOUN", "PROPN", "ADJ") or nxt.lower_ in TIME_NOUNS:
                k = j + 1
                while k + 2 < stop and sdoc[k + 1].text in DASHES and sdoc[k].pos_ == "ADJ":
                    k += 2  # 14-square-mile
                cand = sdoc[k]
        if cand is None and head.dep_ in ("nummod", "quantmod", "amod", "compound", "nmod") \
                and head.head.pos_ in ("NOUN", "PROPN") and head.head.i >= j \
                and self.same_line(head, head.head) and head.head.lower_ not in SCALES:
            cand = head.head
        if cand is None:
            # the first noun after the number on its line, across adjectives
            k = j
            while k < stop and (sdoc[k].pos_ in ("ADJ", "PROPN", "NOUN") or sdoc[k].dep_ == "compound") and k - j < 4:
                t = sdoc[k]
                if t.pos_ in ("NOUN", "PROPN") and not (t.dep_ == "compound" and t.head.i > t.i and t.head.i < stop):
                    cand = t
                    break
                k += 1
            if cand is not None and cand.lower_ in _NOT_COUNTED:
                cand = None
        if cand is not None and (cand.lower_ in _NOT_COUNTED | SCALES.keys() or cand.pos_ == "PRON"):
            cand = None
        # "612 different types of vehicles" -> vehicle
        if cand is not None and _lemma(cand) in _TYPE_NOUNS:
            for c in cand.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    objs = [g for g in c.children if g.dep_ == "pobj"]
                    if objs and self.same_line(objs[0], cand):
                        cand = objs[0]
                    break
        if cand is None and head.dep_ in ("dobj", "attr", "npadvmod", "pobj") and head.head.lemma_.lower() in (
                "number", "total") and head.head.pos_ == "VERB":
            subj = [c for c in head.head.children if c.dep_ in ("nsubj",) and c.pos_ in ("NOUN", "PROPN")]
            if subj and self.same_line(subj[0], head):
                cand = subj[0]  # "the strikers numbered 14,000"
        if cand is None:
            label = self.colon_label(fig)
            if label:
                nouns = [t for t in label if t.pos_ in ("NOUN", "PROPN")]
                if nouns and not fig.currency:
                    cand = nouns[-1]  # "Spoiled ballots: about 95,000"
        p = self.f.prev_word(fig.start)
        if p is not None and p.lower_ in MEASURE_PREFIX and fig.start == fig.num.start:
            return p, p.lower_  # "a magnitude 7.3 quake"
        if cand is None and fig.currency:
            return None, fig.currency
        if cand is None:
            return None, None
        return cand, _lemma(cand)

    def colon_label(self, fig: Figure) -> list[Token]:
        """The label of a "Label: figure" line ("Spoiled ballots: about 95,000"), or []."""
        sdoc = self.sdoc
        lo = self.f.line_start(fig.start)
        colon = fig.start - 1
        while colon >= lo and sdoc[colon].is_space:
            colon -= 1
        if colon <= lo or sdoc[colon].text != ":" or colon - lo > 8:
            return []
        toks = [t for t in sdoc[lo:colon] if not t.is_punct and t.text not in BULLETS]
        return toks

    def predicate(self, fig: Figure, anchor: Token | None) -> str | None:
        """What happened to the counted things: a past participle on them ("1274 people killed"), else
        the governing verb or event noun up the tree ("were killed", "the killing of 40"), else a
        relative clause ("40 hostages who were freed")."""
        head = self.num_head(fig.hi_num or fig.num)
        starts = [t for t in (anchor, head) if t is not None]
        for t in starts:
            for c in t.children:
                if not self.same_line(c, t) or fig.start <= c.i < fig.end:
                    continue
                if c.lemma_.lower() in _DESCRIBING or c.lemma_.lower() in _REPORT_VERBS:
                    continue
                if c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() not in _LIGHT_VERBS:
                    return self._verb_lemma(c)
                if c.dep_ in ("amod", "acl") and (c.tag_ in ("VBN", "VBD") or c.lower_ in (
                        "dead", "wounded", "injured", "missing", "displaced") or (
                        c.pos_ == "ADJ" and c.lower_.endswith("ed") and c.i > t.i - 3)):
                    return self._verb_lemma(c)
        nxt = self.sdoc[fig.end] if fig.end < len(self.sdoc) else None
        if anchor is None and nxt is not None and nxt.lower_ in _STATE_WORDS and self.same_line(nxt, head):
            return self._verb_lemma(nxt) if nxt.lower_ != "dead" else "die"  # "1,304 dead", "2,000 killed"
        label = self.colon_label(fig)
        if label:
            for c in label:
                if c.tag_ in ("VBN", "VBD") or (c.pos_ == "ADJ" and c.lower_.endswith("ed")):
                    if c.lemma_.lower() not in _DESCRIBING:
                        return self._verb_lemma(c)  # "Polling stations monitored: 4,500"
            nouns = [c for c in label if c.pos_ in ("NOUN", "PROPN")]
            if fig.percent and nouns:
                return nouns[-1].lemma_.lower()  # "Turnout: 58%"
            return None
        t = anchor if anchor is not None else head
        found = self._climb(fig, t)
        if found:
            return found
        for t in starts:
            for c in t.children:
                if not self.same_line(c, t) or fig.start <= c.i < fig.end:
                    continue
                if c.dep_ in ("acl", "relcl") and c.pos_ in ("VERB", "AUX", "ADJ") \
                        and c.lemma_.lower() not in _LIGHT_VERBS:
                    return self._verb_lemma(c)
                if c.dep_ == "relcl" and c.lemma_.lower() == "be":
                    for g in c.children:
                        if g.dep_ in ("acomp", "attr") and g.lower_ in ("dead", "killed", "injured"):
                            return self._verb_lemma(g)
        t = anchor if anchor is not None else head
        return self._next_verb(t)

    def _climb(self, fig: Figure, t: Token) -> str | None:
        for _ in range(10):
            h = t.head
            if h.i == t.i or not self.same_line(h, t):
                return None
            dep = t.dep_
            if dep in ("nsubj", "nsubjpass", "dobj", "obj", "dative", "attr", "oprd", "npadvmod", "acomp"):
                if h.pos_ == "AUX" and h.dep_ in ("aux", "auxpass") and h.head.pos_ == "VERB" \
                        and self.same_line(h.head, h):
                    h = h.head  # "80 schools were closed" parsed with the subject on "were"
                if h.pos_ in ("VERB", "AUX"):
                    lem = h.lemma_.lower()
                    if lem in _LIGHT_VERBS:
                        return self._measured_event(h, t)
                    if lem in ("number", "total"):
                        return None  # "the strikers numbered 14,000": nothing happened to them
                    if lem in _MEASURE_VERBS:
                        return self._measured_event(h, t) or self._verb_lemma(h)
                    if lem in _VACUOUS_VERBS or lem in _LINK_VERBS or (
                            lem in _REPORT_VERBS and dep in ("dobj", "obj", "nsubjpass")):
                        # "reported 300 deaths", "included 300 children": the counted noun says it
                        return None
                    return self._verb_lemma(h)
                if h.pos_ in ("NOUN", "PROPN") and dep == "npadvmod":
                    t = h
                    continue
                return None
            if dep == "pobj":
                p, g = h, h.head
                if p.i == g.i or not self.same_line(g, p):
                    return None
                if fig.start <= p.i < fig.end:  # "between 200 and 300 workers" parsed as a PP
                    return self._next_verb(t)
                if p.lower_ == "of" and g.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
                    glem = g.lemma_.lower()
                    if glem in _MEASURE_NOUNS or glem in _TYPE_NOUNS or g.pos_ in ("NUM", "PRON") \
                            or fig.start <= g.i < fig.end:
                        t = g
                        continue
                    if _is_event_noun(g):
                        return self._verb_lemma(g)
                    return None
                if g.pos_ in ("VERB", "AUX"):
                    lem = g.lemma_.lower()
                    if lem in _LIGHT_VERBS or lem in _MEASURE_VERBS or (
                            lem in _REPORT_VERBS and p.lower_ in ("as", "at")):
                        return self._measured_event(g, t)
                    if lem in _REPORT_VERBS or lem in _VACUOUS_VERBS or lem in _LINK_VERBS:
                        return None
                    return self._verb_lemma(g)
                if g.pos_ in ("NOUN", "PROPN") and _is_event_noun(g):
                    return self._verb_lemma(g)
                return None
            if dep in ("nummod", "quantmod", "compound", "amod", "appos", "conj", "nmod", "poss", "prep",
                       "advmod", "det"):
                t = h
                continue
            return None
        return None

    def _next_verb(self, t: Token) -> str | None:
        """A subjectless verb right after the counted noun ("200 workers would lose ..."), for parses
        that missed the subject."""
        sdoc = self.sdoc
        k = t.i + 1
        while k < len(sdoc) and k - t.i <= 4 and self.same_line(sdoc[k], t):
            w = sdoc[k]
            if w.pos_ == "VERB":
                subj = [c for c in w.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
                lem = w.lemma_.lower()
                if not subj and lem not in _LIGHT_VERBS | _REPORT_VERBS | _VACUOUS_VERBS | _MEASURE_VERBS:
                    return self._verb_lemma(w)
                return None
            if w.pos_ not in ("AUX", "ADV", "PART") and w.tag_ != "MD":
                return None
            k += 1
        return None

    def _verb_lemma(self, t: Token) -> str:
        """The lemma of a verb, or of the verb behind a participle adjective ("damaged" -> "damage") or
        a gerund noun ("killing" -> "kill")."""
        low = t.lower_
        if low == "dead":
            return "die"
        if (t.pos_ == "ADJ" and low.endswith("ed")) or (t.pos_ == "NOUN" and low.endswith("ing")):
            return _verb_form(low, "VBN" if low.endswith("ed") else "VBG")
        if low in ("missing", "homeless"):
            return low
        lem = t.lemma_.lower() or low
        prt = [c.lower_ for c in t.children if c.dep_ == "prt" and c.i == t.i + 1 and c.lower_ in _PARTICLES
               and not (c.i + 1 < len(c.doc) and c.doc[c.i + 1].lower_ in ("with", "to", "of"))]
        return f"{lem} {prt[0]}" if prt and t.pos_ == "VERB" else lem

    def _measured_event(self, verb: Token, own: Token) -> str | None:
        """For "the death toll rose to 300" / "unofficial statistics about killing ... reached over 3,000":
        the event the measured noun names (`own` is the figure's own branch, not looked at)."""
        cands = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")
                 and c.i != own.i and own not in c.subtree]
        cands.sort(key=lambda c: c.lemma_.lower() not in _MEASURE_NOUNS)  # "the death toll" first
        if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
            cands.append(verb.head)  # "damage amounting to $1 trillion"
        for c in cands:
            if not self.same_line(c, verb):
                continue
            ev = self._event_of_measure(c)
            if ev:
                return ev
        if verb.lemma_.lower() not in ("have", "do", "follow"):
            # "turnout stood at 61%", "unemployment reached 8%": the measured thing itself
            for c in cands:
                if c.pos_ == "NOUN" and c.dep_ in ("nsubj", "nsubjpass") and self.same_line(c, verb) \
                        and c.lemma_.lower() not in _MEASURE_NOUNS and c.lemma_.lower() not in _PERSONS:
                    return c.lemma_.lower()
        return None

    def _event_of_measure(self, noun: Token) -> str | None:
        for c in noun.children:
            if c.dep_ in ("compound", "amod") and (c.pos_ in ("NOUN", "VERB") or c.lower_ in ("dead",)):
                if c.lower_ in ("death", "casualty", "casualties", "dead", "fatality", "injury") or _is_event_noun(c):
                    return self._verb_lemma(c)
            if c.dep_ == "prep" and c.lower_ in ("of", "about", "on", "for"):
                for g in c.children:
                    if g.dep_ in ("pobj", "pcomp") and (g.pos_ == "VERB" or _is_event_noun(g) or g.lower_ in ("dead",)):
                        return self._verb_lemma(g)
                    if g.dep_ == "pobj":  # "the number of citizens who were killed"
                        for v in g.children:
                            if v.dep_ in ("relcl", "acl") and v.pos_ == "VERB" and v.lemma_.lower() not in _LIGHT_VERBS:
                                return self._verb_lemma(v)
        if noun.lemma_.lower() not in _MEASURE_NOUNS and _is_event_noun(noun):
            return self._verb_lemma(noun)
        return None


# ---------------------------------------------------------------- helpers

@lru_cache(maxsize=4096)
def _verb_form(word: str, tag: str) -> str:
    """The verb lemma of a participle or gerund, by the pipeline's own lemmatizer rules."""
    try:
        from .nlp import load_nlp

        nlp = load_nlp()
        lemmatizer = nlp.get_pipe("lemmatizer")
        d = Doc(nlp.vocab, words=[word], pos=["VERB"], tags=[tag])
        forms = lemmatizer.rule_lemmatize(d[0])
        return forms[0].lower() if forms else word
    except Exception:  # no rule lemmatizer in this pipeline
        return word


def _is_event_noun(t: Token) -> bool:
    lem = t.lemma_.lower()
    if lem in _EVENT_NOUNS:
        return True
    if t.pos_ != "NOUN" or lem in _MEASURE_NOUNS:
        return False
    return lem.endswith(_EVENT_SUFFIXES) and len(lem) > 5


_INTRO_SKIP = data.words("counting", "intro_skip_verbs")


def intro_predicate(sdoc: Doc, line: Line) -> str | None:
    """What the intro line of a list says happened: "What was destroyed by the enemy?" -> "destroy",
    "The damage sustained by the MVO ... was as follow:" -> "sustain"."""
    span = sdoc.char_span(line.start, line.end, alignment_mode="expand")
    if span is None:
        return None
    for t in span:
        if t.pos_ == "VERB" and t.lemma_.lower() not in _LIGHT_VERBS | _REPORT_VERBS | _INTRO_SKIP:
            return t.lemma_.lower()
    for t in span:
        if t.pos_ == "NOUN" and _is_event_noun(t):
            return t.lemma_.lower()
    return None
