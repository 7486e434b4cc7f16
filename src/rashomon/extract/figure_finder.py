"""Finding figures token by token: the number, its range, currency, percent sign and qualifier words."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .. import data
from ..models import Document
from .lines import LineIndex
from .numbers import DASHES, STARTERS, Number, num_word_value, parse_number, parse_vague

# ---------------------------------------------------------------- vocabulary

CURRENCY = dict(data.load("figures")["currency_symbols"])
_PERCENT = data.words("figures", "percent_words")

# qualifier phrases that precede a number (longest match wins)
PRE_QUALIFIERS = {tuple(k.split(" ")): v for k, v in data.load("figures")["pre_qualifiers"].items()}
# single prepositions that are qualifiers only when spaCy hangs them on the number
_AMBIGUOUS_PREPS = data.words("figures", "ambiguous_qualifier_prepositions")
_ABOUT_VERBS = data.words("figures", "about_verbs")
_POST_QUALIFIERS = {tuple(k.split(" ")): v for k, v in data.load("figures")["post_qualifiers"].items()}
QUALIFIER_WORDS = {w for k in PRE_QUALIFIERS for w in k}
_CHANGE_VERBS = data.words("figures", "change_verbs")
_PHONE_RE = re.compile(r"(?<![\w,.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)\s?)?\d{2,5}(?:[\s.-]\d{2,5}){1,3}(?![\w,])")
_PHONE_WORDS = re.compile(r"\b(?:tel|phone|telephone|call|fax|mobile|cell|hotline|whatsapp|dial|sms|text)\b\W*$",
                          re.I)

# ---------------------------------------------------------------- the figure finder

@dataclass
class Figure:
    """A figure found in the tokens: its span, number, value and qualifier ("skip" for not-figures)."""

    start: int              # first token of the mention (qualifier / currency included)
    end: int                # one past the last token
    num: Number
    value: object
    qualifier: str
    label: str | None = None
    currency: str | None = None
    percent: bool = False
    hi_num: Number | None = None  # the upper bound of an explicit range
    lo_num: Number | None = None


class Finder:
    """Scans a parsed document line by line for figures; also the token and line helpers the rules share."""

    def __init__(self, doc: Document, sdoc: Doc, taken: list[tuple[int, int]]):
        self.doc, self.sdoc, self.text = doc, sdoc, doc.text
        self.taken = sorted(taken)
        self.lines = LineIndex(doc.text)
        self.ent_of: dict[int, object] = {}
        for e in sdoc.ents:
            for k in range(e.start, e.end):
                self.ent_of[k] = e
        self.sent_starts = [s.start_char for s in sdoc.sents]
        self.phone_spans = self._phone_spans()
        self._start, self._stop = self._line_bounds()

    # -- helpers
    def line_stop(self, i: int) -> int:
        """One past the last token on token i's line."""
        return self._stop[i]

    def line_start(self, i: int) -> int:
        """The first token on token i's line."""
        return self._start[i]

    def _line_bounds(self) -> tuple[list[int], list[int]]:
        sdoc = self.sdoc
        n = len(sdoc)
        starts, stops = [0] * n, [0] * n
        i = 0
        while i < n:
            if "\n" in sdoc[i].text:  # a line break token is a line of its own, empty
                starts[i], stops[i] = i, i
                i += 1
                continue
            key = self.lines.key(sdoc[i].idx)
            j = i
            while j < n and "\n" not in sdoc[j].text and self.lines.key(sdoc[j].idx) == key:
                j += 1
            for k in range(i, j):
                starts[k], stops[k] = i, j
            i = j
        return starts, stops

    def _phone_spans(self) -> list[tuple[int, int]]:
        out = []
        for m in _PHONE_RE.finditer(self.text):
            s = m.group(0)
            digits = re.sub(r"\D", "", s)
            if len(digits) < 7:
                continue
            groups = re.split(r"[\s.()-]+", s.strip("+() "))
            before = self.text[max(0, m.start() - 25):m.start()]
            if ("+" in s or "(" in s or _PHONE_WORDS.search(before)
                    or re.fullmatch(r"\d{3}[-.]\d{4}", s)
                    or any(len(g) > 1 and g.startswith("0") for g in groups)
                    or (len(groups) >= 3 and all(2 <= len(g) <= 5 for g in groups) and "," not in s
                        and not any(x in s for x in ("\n",)))):
                out.append((m.start(), m.end()))
        return out

    def overlaps_taken(self, a: int, b: int) -> bool:
        k = bisect.bisect_left(self.taken, (b, b))
        for s, e in self.taken[max(0, k - 50):k]:
            if s < b and a < e:
                return True
        return any(s < b and a < e for s, e in self.taken[k:k + 1])

    def prev_word(self, i: int, skip=(".",)) -> Token | None:
        j = i - 1
        lo = self.line_start(i)
        while j >= lo and (self.sdoc[j].is_space or self.sdoc[j].text in skip):
            j -= 1
        return self.sdoc[j] if j >= lo else None

    # -- the scan
    def run(self) -> list[Figure]:
        figs: list[Figure] = []
        i, n = 0, len(self.sdoc)
        while i < n:
            stop = self.line_stop(i)
            fig = self.figure_at(i, stop)
            if fig is None:
                i += 1
                continue
            figs.append(fig)
            i = max(fig.end, i + 1)
        return figs

    def figure_at(self, i: int, stop: int) -> Figure | None:
        sdoc = self.sdoc
        low = sdoc[i].lower_
        if not (low[:1].isdigit() or low in STARTERS or (low[:1] in "+" and low[1:2].isdigit())
                or num_word_value(low) is not None):
            return None
        num = parse_vague(sdoc, i, stop) or parse_number(sdoc, i, stop)
        if num is None:
            return None
        start, end = num.start, num.end
        qualifier, value = "exact", None
        lo_num = hi_num = None
        if num.vague:
            qualifier, value = "about", [num.vague[0], num.vague[1]]
        elif num.token_range:
            a, b = num.token_range
            if a >= b:  # "3-2", "50-50": a score or a split
                return Figure(i, end, num, None, "skip")
            qualifier, value = "range", [a, b]
        # ratios: "1 in 5 homes", "one in three"
        if value is None and end + 1 < stop and sdoc[end].lower_ in ("in", "out") and not num.scaled:
            k = end + 1 + (sdoc[end].lower_ == "out" and sdoc[end + 1].lower_ == "of")
            other = parse_number(sdoc, k, stop) if k < stop else None
            if other is not None and not other.scaled and num.value <= other.value <= 1000 and num.value <= 100:
                return Figure(i, other.end, num, None, "skip")
        # explicit ranges: between X and Y, X to Y, X-Y, X or Y, from X to Y
        if value is None and end < stop:
            sep = sdoc[end].lower_
            if sep in ("to", "and", "or", "through", "thru") or sep in DASHES:
                hi = parse_number(sdoc, end + 1, stop) if end + 1 < stop else None
                prev = self.prev_word(start, skip=())
                between = prev is not None and prev.lower_ == "between" and sep == "and"
                frm = prev is not None and prev.lower_ == "from" and sep == "to"
                ok = hi is not None and (sep not in ("and",) or between)
                if ok and sep == "or":
                    ok = num.words == hi.words and not num.year_like
                if ok and num.year_like and hi.year_like and not (num.value % 100 == 0 and hi.value % 100 == 0):
                    return Figure(i, hi.end, num, None, "skip")  # "from 1990 to 1995", "1983 and 1986"
                if ok:
                    lo_v = num.value
                    if hi.scaled and not num.scaled and lo_v * hi.scale <= hi.value:
                        lo_v = lo_v * hi.scale
                    change = frm and self._change_verb(prev)
                    if sep in DASHES and lo_v >= hi.value:
                        return Figure(i, hi.end, num, None, "skip")  # a score, a split or a page span
                    if not change and lo_v <= hi.value and not (sep == "or" and hi.value > lo_v * 10):
                        qualifier, value = "range", [lo_v, hi.value]
                        lo_num, hi_num, end = num, hi, hi.end
                        if between or frm:
                            start = prev.i
        if value is None:
            value = num.value
        fig = Figure(start, end, num, value, qualifier, lo_num=lo_num, hi_num=hi_num)
        # currency symbol before the number
        p = self.prev_word(fig.start, skip=())
        if p is not None and p.lower_ in CURRENCY and p.i == fig.start - 1:
            fig.currency, fig.start = CURRENCY[p.lower_], p.i
        elif p is not None and len(p.text) > 1 and p.text[-1] in "$€£¥" and p.i == fig.start - 1:
            fig.currency, fig.start = CURRENCY.get(p.text[-1], "dollar"), p.i
        # percent after
        if fig.end < stop:
            w = sdoc[fig.end].lower_
            if w in _PERCENT and w != "percentage":
                fig.percent, fig.end = True, fig.end + 1
            elif w == "per" and fig.end + 1 < stop and sdoc[fig.end + 1].lower_ == "cent":
                fig.percent, fig.end = True, fig.end + 2
        if num.vague is None and fig.qualifier == "exact":
            self._qualify(fig, stop)
        return fig

    def _qualifies(self, word: Token, fig: Figure) -> bool:
        """Whether a lone "over"/"about"/"around"/"under"/"some" before a number qualifies it ("over 40
        people", "the toll is over 40") rather than heading a phrase ("a dispute over 300 jobs",
        "talked about 3 cases")."""
        if word.head.i in range(fig.num.start, fig.num.end) or word.dep_ in ("quantmod", "advmod", "amod", "det"):
            return True
        if word.i == self.line_start(word.i):
            return True
        h = word.head
        if h.pos_ in ("NOUN", "PROPN") and h.i < word.i:
            return False
        if word.lower_ == "about" and h.lemma_.lower() in _ABOUT_VERBS:
            return False
        return True

    def _change_verb(self, frm: Token) -> bool:
        h = frm.head
        for _ in range(3):
            if h.pos_ in ("VERB", "AUX") or h.lemma_.lower() in _CHANGE_VERBS:
                return h.lemma_.lower() in _CHANGE_VERBS
            if h.head.i == h.i:
                break
            h = h.head
        return False

    def _qualify(self, fig: Figure, stop: int) -> None:
        sdoc = self.sdoc
        lo = self.line_start(fig.start)
        words = []
        j = fig.start - 1
        while j >= lo and len(words) < 4:
            if sdoc[j].is_space:
                j -= 1
                continue
            words.insert(0, sdoc[j])
            j -= 1
        best = None
        for k in range(len(words)):
            phrase = tuple(w.lower_ for w in words[k:])
            if phrase in PRE_QUALIFIERS:
                best = (k, PRE_QUALIFIERS[phrase])
                break
        if best is not None:
            k, q = best
            first = words[k]
            if len(words) - k == 1 and first.lower_ in _AMBIGUOUS_PREPS and not self._qualifies(first, fig):
                best = None
            if best is not None:
                fig.qualifier, fig.start = q, first.i
        # after the number: "or more", "or so", "-plus", "+", "-odd"
        if fig.qualifier == "exact" and fig.num.end == fig.end:
            for phrase, q in sorted(_POST_QUALIFIERS.items(), key=lambda kv: -len(kv[0])):
                toks = sdoc[fig.end:min(stop, fig.end + len(phrase))]
                if tuple(t.lower_ for t in toks) == phrase:
                    if phrase[0] in ("plus", "+", "odd") and sdoc[fig.end - 1].whitespace_ and phrase[0] != "+":
                        continue
                    fig.qualifier, fig.end = q, fig.end + len(phrase)
                    break
        if re.fullmatch(r"\d[\d,]*\+", sdoc[fig.num.start].text):
            fig.qualifier = "at least"


class FinderView:
    """Base for the passes that read a `Finder`'s parse and line layout (counting, exclusions)."""

    def __init__(self, finder: Finder):
        self.f = finder
        self.sdoc = finder.sdoc
        self.lines = finder.lines

    def same_line(self, a, b) -> bool:
        return self.lines.same(a, b)
