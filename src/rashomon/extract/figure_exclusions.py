"""The not-a-figure rules: years, dates, times, ages, identifiers, addresses, citations, markers and idioms."""
from __future__ import annotations

import re

from spacy.tokens import Token

from .. import data

from .counted import MEASURE_PREFIX, TIME_NOUNS
from .figure_finder import QUALIFIER_WORDS, Figure, FinderView
from .numbers import DASHES, VAGUE, Number

# ---------------------------------------------------------------- vocabulary

_MONTHS = data.words("calendar", "months") | data.words("calendar", "month_abbreviations")
_WEEKDAYS = data.words("calendar", "weekdays") | data.words("calendar", "weekday_abbreviations")
_TIME_AFTER = data.words("figures", "time_suffixes")
# words that make a year-like number a year ("in 1998", "since 2001"); the weak ones only when it counts
# nothing ("from 1500 to 2000 people" counts)
_DATE_PREPS = data.words("figures", "date_cue_words")
_WEAK_DATE_PREPS = data.words("figures", "weak_date_cue_words")
_POSS_DETS = data.words("figures", "possessive_determiners")
# words before a number that make it an identifier, not a count
_ID_WORDS = data.words("figures", "identifier_words")
_STREETS = data.words("figures", "street_words")
_CALIBRE_UNITS = data.words("figures", "calibre_units")
_CITATION_RE = re.compile(
    r"\b(?:pp?|vol|nos?|chap|ch|ed|eds|trans|ibid|op\.? ?cit)\.\s*\d|\bibid\b|\bop\.? cit\b|"
    r"\bpp?\.\s*\d|\bISBN\b|\bdoi:|\bet al\.", re.I)
_MONTH_PREFIXES = "|".join(sorted({m[:3] for m in _MONTHS}))
_WEEKDAY_PREFIXES = "|".join(sorted(data.words("calendar", "weekday_abbreviations"), key=lambda w: (-len(w), w)))
_DATE_CUE = re.compile(
    rf"\b(?:{_MONTH_PREFIXES})[a-z]*\b|\b(?:{_WEEKDAY_PREFIXES})"
    r"(?:day)?\b|\b(?:second|minute|hour|day|night|week|weekend|fortnight|month|year|decade|century|"
    r"morning|evening|afternoon|season|spring|summer|autumn|fall|winter|ago|old|today|yesterday|"
    r"tomorrow|noon|midnight)s?\b|\b1\d{3}\b|\b20\d\d\b|\d(?:st|nd|rd|th)\b|\d['’]?s\b|[ap]\.?m\b|:\d\d|"
    r"\bo['’]clock\b", re.I)
_ONE_IDIOMS = data.words("counting", "one_idioms")


# ---------------------------------------------------------------- the rules

class Exclusions(FinderView):
    """The rules that say a found number is not a figure (a year, a date, an identifier, ...)."""

    def excluded(self, fig: Figure, counted_tok: Token | None, counted: str | None) -> bool:
        """Whether a found figure is not one: a year, date, time, age, identifier, address, citation, ..."""
        sdoc = self.sdoc
        num = fig.num
        first = sdoc[num.start]
        a, b = sdoc[fig.start].idx, sdoc[fig.end - 1].idx + len(sdoc[fig.end - 1].text)
        if fig.qualifier == "skip":
            return True
        if self.f.overlaps_taken(a, b):
            return True
        if any(s <= sdoc[num.start].idx < e for s, e in self.f.phone_spans):
            return True
        if first.text.startswith("+") or (re.fullmatch(r"0\d+", first.text)):
            return True
        # time: 2 p.m., 14.30 GMT
        nxt = sdoc[num.end] if num.end < len(sdoc) else None
        if nxt is not None and nxt.lower_ in _TIME_AFTER and self.same_line(nxt, first):
            return True
        # month or weekday next to it: "June 7", "7 June", "Dec. 12"
        prev = self.f.prev_word(num.start)
        day_like = num.value <= 31 or num.year_like
        if prev is not None and prev.lower_.rstrip(".") in _MONTHS | _WEEKDAYS and prev.text[:1].isupper() \
                and day_like and fig.start == num.start:
            return True
        if nxt is not None and nxt.lower_.rstrip(".") in _MONTHS and nxt.text[:1].isupper() and day_like \
                and counted_tok in (None, nxt):
            return True
        if nxt is not None and nxt.lower_ == "of" and num.end + 1 < len(sdoc) \
                and sdoc[num.end + 1].lower_ in _MONTHS and sdoc[num.end + 1].text[:1].isupper():
            return True
        # durations and ages: "8 days later", "over 13 years", "a 12-year-old"
        if counted in TIME_NOUNS:
            return True
        if fig.start == num.start and self._after_age(num.start):
            return True
        ent = self.f.ent_of.get(num.start)
        if ent is not None and ent.label_ in ("DATE", "TIME") and counted_tok is None and counted is None \
                and _DATE_CUE.search(ent.text):
            return True
        # years: "in 1998", "the 2019 election", "(1965-2005)", "June 7, 1986"
        if num.year_like or (fig.lo_num and fig.lo_num.year_like and fig.hi_num and fig.hi_num.year_like):
            p = self.f.prev_word(fig.start, skip=())
            pl = p.lower_ if p is not None else ""
            if fig.start == num.start and (pl in _POSS_DETS or (p is not None and p.tag_ == "POS")):
                return True
            if pl in _DATE_PREPS or pl in ("(", "["):
                return True
            if counted_tok is None:
                label = ent.label_ if ent is not None else None
                if pl in _WEAK_DATE_PREPS or pl in DASHES or pl == "," or label not in ("CARDINAL", "QUANTITY"):
                    return True
        # street addresses: "1600 Amphitheatre Parkway", "10 Downing Street"
        if counted_tok is not None and counted_tok.text[:1].isupper() and \
                any(sdoc[k].lower_.rstrip(".") in _STREETS for k in range(num.end, min(len(sdoc), num.end + 4))
                    if self.same_line(sdoc[k], first)):
            return True
        # identifiers: "Resolution 714", "resolution # 714", "Article 5", "No. 5", "Boeing 737", "C 8"
        if fig.start == num.start and self._identifier(num, counted_tok):
            return True
        # calibres: "cannons 80 mm", "155mm howitzers"
        if nxt is not None and nxt.lower_ in _CALIBRE_UNITS and num.end == fig.end:
            before = self.f.prev_word(fig.start, skip=())
            after = sdoc[num.end + 1] if num.end + 1 < len(sdoc) else None
            if before is not None and before.pos_ in ("NOUN", "PROPN") and self.same_line(before, first):
                return True
            if after is not None and after.pos_ in ("NOUN", "PROPN") and self.same_line(after, first) \
                    and after.lower_ != "of":
                return True
        # footnote markers "[1]", "(1)" and list numbering "1."
        lb = sdoc[fig.start - 1] if fig.start > 0 else None
        rb = sdoc[fig.end] if fig.end < len(sdoc) else None
        if lb is not None and rb is not None and (lb.text, rb.text) in (("(", ")"), ("[", "]"), ("{", "}")):
            return True
        if lb is not None and lb.text.endswith("[") and rb is not None and rb.text == "]":
            return True
        if fig.start == self.f.line_start(fig.start) and not num.words and rb is not None \
                and rb.text in (".", ")") and rb.whitespace_ and self.same_line(rb, first) \
                and fig.end + 1 < len(sdoc) and self.same_line(sdoc[fig.end + 1], first):
            return True  # "1. Reform Bloc – 39 percent"
        # citations: "(..., 2005, p. 400)", "C 8, P. 164", "p. 403 – 331"
        if self._in_citation(a):
            return True
        # "one" is a count only when it counts a noun ("one regiment"), not "one of", "one another"
        if num.words and num.value == 1 and fig.end - fig.start == 1:
            if counted_tok is None or counted in _ONE_IDIOMS or first.pos_ == "PRON" \
                    or (nxt is not None and nxt.lower_ in _ONE_IDIOMS):
                return True
            if prev is not None and prev.lower_ in ("no", "the", "this", "that", "any", "every", "which", "each"):
                return True
        if num.words and num.value == 0 and counted_tok is None:
            return True
        # other named things: a number inside a name that does not start with it ("Article 5")
        direct = self.f.prev_word(num.start, skip=())
        if ent is not None and ent.label_ in ("LAW", "PRODUCT", "WORK_OF_ART", "FAC", "EVENT") \
                and ent.start < fig.start and "\n" not in ent.text and direct is not None \
                and direct.i >= ent.start and direct.lower_ not in QUALIFIER_WORDS:
            return True
        return False

    def _after_age(self, i: int) -> bool:
        """Whether the number at token i follows "aged", across a list of numbers ("aged 19 and 23")."""
        k, lo = i - 1, self.f.line_start(i)
        while k >= lo and k >= i - 8:
            t = self.sdoc[k]
            if t.lower_ in ("aged", "age", "ages", "ageing", "aging"):
                return True
            if not (t.like_num or t.lower_ in (",", "and", "or", "to", "between", "from") or t.text in DASHES):
                return False
            k -= 1
        return False

    def _identifier(self, num: Number, counted_tok: Token | None) -> bool:
        direct = self.f.prev_word(num.start, skip=())
        if direct is None:
            return False
        if direct.text in ("#", "№"):
            return True
        p = self.f.prev_word(num.start, skip=(".", "#", "№"))
        if p is None:
            return False
        pl = p.lower_
        if (pl in _ID_WORDS or pl.rstrip(".") in _ID_WORDS) and pl not in MEASURE_PREFIX:
            return True
        # a capitalised name right before a number that counts nothing after it: "Resolution 714"
        counts_after = counted_tok is not None and counted_tok.i >= num.end
        return (direct.i == p.i and p.text[:1].isupper() and p.pos_ in ("PROPN", "NOUN", "X")
                and pl not in VAGUE and pl.rstrip(".") not in _MONTHS and pl not in QUALIFIER_WORDS
                and not counts_after)

    def _in_citation(self, char: int) -> bool:
        text = self.f.text
        ln = self.lines.line_at(char)
        if ln is None:
            return False
        # the parenthesis around the number, on its line
        seg = text[ln.start:ln.end]
        rel = char - ln.start
        o = seg.rfind("(", 0, rel)
        c = seg.find(")", rel)
        if o >= 0 and (c < 0 or seg.find("(", o + 1, rel) < 0) and seg.rfind(")", o, rel) < 0:
            inner = seg[o:c + 1] if c >= 0 else seg[o:]
            if _CITATION_RE.search(inner) or re.search(r",\s*(?:1[5-9]|20)\d\d\s*[,)]", inner) and \
                    inner.count(",") >= 2:
                return True
        if len(seg) <= 300 and _CITATION_RE.search(seg):
            return True
        return False
