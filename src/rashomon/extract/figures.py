"""Figures: every number in a text that counts something, with its qualifier, the counted noun and the
predicate that says what happened to the counted things.

`extract_figures(doc, sdoc, taken)` reads spaCy's tokens and dependency parse of `doc.text` and returns
one quantity `Mention` per figure, in text order. Line breaks are hard boundaries: list lines without
final punctuation ("Over 120 tanks") are read on their own even when spaCy glues them together.

Representation (see also docs/ARCHITECTURE.md):

* `value` is an `int` when integral, else a `float`; `[lo, hi]` for ranges. Scales are applied
  ("2 million" -> 2000000, "$1.2bn", "100 to 200 thousand" -> [100000, 200000]).
* Explicit ranges ("between 10 and 20", "from 10 to 20", "100 to 200 thousand", "12-14", "two or
  three") have qualifier `range`; "rose from 200 to 350" is two figures, not a range.
* Vague multiples have qualifier `about` and value `[2 * unit, 10 * unit - 1]`: "tens of" ->
  `[20, 99]`, "hundreds of" -> `[200, 999]`, "thousands of" -> `[2000, 9999]`, "tens of thousands" ->
  `[20000, 99999]`, "several hundred" / "a few thousand" likewise; "dozens" -> `[24, 99]`,
  "scores of" -> `[40, 99]`.
* Qualifier words: over ("over", "more than", "above", "in excess of", ...), under ("under",
  "less than", "fewer than", "below"), about ("about", "around", "nearly", "almost", "some", "an
  estimated", "-odd", "or so", ...), at least ("at least", "no fewer than", "... or more",
  "1,000-plus"), at most ("at most", "up to", "no more than", "as many as", "as high as"); `exact`
  when nothing is stated (round numbers too: comparison handles rounding).
* Not figures: years ("in 1998", "the 2019 election", "1983 and 1986"), dates, times, durations and
  ages (numbers counting days, months, years ..., "aged 19 and 23"), ordinals, ratios ("1 in 5"),
  phone numbers, street addresses, identifiers ("Resolution 598", "resolution # 598", "Article 5",
  "Boeing 737", "No. 5"), page, volume and chapter numbers and whatever sits in a bibliographic
  citation, footnote markers ("[1]", "(1)"), list numbering ("1. "), scores and splits ("3-2",
  "50-50") and calibres ("cannons 80 mm", "155mm howitzers").
* Percentages count "percent", money counts its currency ("dollar", "euro", ...); "Label: figure"
  lines count the label ("Spoiled ballots: about 95,000" -> "ballot").
* `counted` is the lemma of the counted noun; when none is stated and the predicate is a casualty word
  ("the number of 1,300 killed", "put the death toll at 57") it is "people".
* `predicate` is the lemma of a past participle on the counted noun ("1274 people killed"), else of
  the governing verb or event noun ("were killed", "the killing of 40"), else of a relative clause; a
  measured quantity takes what it measures ("the death toll rose to 300" -> "death", "turnout stood
  at 61%" -> "turnout"); a line of a list ("72 tanks") takes it from the line that introduces the
  list ("What was destroyed by the enemy?" -> "destroy").
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from spacy.tokens import Doc, Token

from ..models import Document, Mention

# ---------------------------------------------------------------- vocabularies

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_ABBR_SCALES = {"k": 1000, "m": 10**6, "mn": 10**6, "mln": 10**6, "bn": 10**9, "b": 10**9, "tn": 10**12}
# vague multiples: word -> (lower bound, upper bound) of one "unit" count
_VAGUE = {"tens": (20, 99), "dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999),
          "thousands": (2000, 9999), "millions": (2 * 10**6, 10**7 - 1),
          "billions": (2 * 10**9, 10**10 - 1)}
_VAGUE_SCALE = {"thousands": 1000, "millions": 10**6, "billions": 10**9}
_FEW = {"several", "few", "many", "some"}  # "several hundred", "a few thousand", "many thousands"

_CURRENCY = {"$": "dollar", "us$": "dollar", "usd": "dollar", "a$": "dollar", "c$": "dollar",
             "€": "euro", "eur": "euro", "£": "pound", "gbp": "pound", "¥": "yen", "₹": "rupee",
             "rs": "rupee", "rs.": "rupee", "₽": "ruble", "chf": "franc"}
_PERCENT = {"%", "percent", "pc", "per cent", "percentage"}

# qualifier phrases that precede a number (longest match wins)
_PRE_QUALIFIERS = {
    ("over",): "over", ("more", "than"): "over", ("above",): "over", ("upwards", "of"): "over",
    ("upward", "of"): "over", ("in", "excess", "of"): "over", ("exceeding",): "over",
    ("greater", "than"): "over", ("well", "over"): "over", ("just", "over"): "over",
    ("well", "above"): "over", ("just", "above"): "over", ("well", "more", "than"): "over",
    ("under",): "under", ("less", "than"): "under", ("fewer", "than"): "under", ("below",): "under",
    ("just", "under"): "under", ("just", "below"): "under", ("well", "under"): "under",
    ("about",): "about", ("around",): "about", ("approximately",): "about", ("approx",): "about",
    ("approx.",): "about", ("roughly",): "about", ("nearly",): "about", ("almost",): "about",
    ("some",): "about", ("an", "estimated"): "about", ("estimated",): "about", ("circa",): "about",
    ("ca.",): "about", ("close", "to"): "about", ("just", "about"): "about", ("an", "approximate"): "about",
    ("approximate",): "about", ("in", "the", "region", "of"): "about", ("on", "the", "order", "of"): "about",
    ("some", "estimated"): "about", ("nearly", "about"): "about", ("an", "estimate", "of"): "about",
    ("at", "least"): "at least", ("no", "fewer", "than"): "at least", ("no", "less", "than"): "at least",
    ("not", "less", "than"): "at least", ("not", "fewer", "than"): "at least",
    ("a", "minimum", "of"): "at least", ("at", "the", "very", "least"): "at least",
    ("at", "most"): "at most", ("no", "more", "than"): "at most", ("not", "more", "than"): "at most",
    ("up", "to"): "at most", ("a", "maximum", "of"): "at most", ("as", "many", "as"): "at most",
    ("as", "much", "as"): "at most", ("as", "high", "as"): "at most", ("as", "low", "as"): "at least",
    ("as", "few", "as"): "at least", ("as", "little", "as"): "at least",
}
# single prepositions that are qualifiers only when spaCy hangs them on the number
_AMBIGUOUS_PREPS = {"over", "under", "about", "around", "above", "below", "some"}
_ABOUT_VERBS = {"talk", "speak", "know", "learn", "hear", "think", "ask", "worry", "care", "read",
                "complain", "argue", "joke", "forget", "dream"}
_POST_QUALIFIERS = {("or", "more"): "at least", ("or", "so"): "about", ("plus",): "at least",
                    ("+",): "at least", ("odd",): "about", ("or", "fewer"): "at most",
                    ("or", "less"): "at most", ("-", "plus"): "at least", ("-", "odd"): "about"}

_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
           "sept", "oct", "nov", "dec"}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
             "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"}
_TIME_NOUNS = {"second", "minute", "hour", "day", "week", "weekend", "fortnight", "month", "year",
               "decade", "century", "millennium", "night", "morning", "evening", "afternoon", "season",
               "semester", "yr", "hr", "min", "sec", "am", "pm", "a.m.", "p.m.", "o'clock", "o’clock"}
_TIME_AFTER = {"am", "pm", "a.m.", "p.m.", "a.m", "p.m", "o'clock", "o’clock", "gmt", "utc", "hrs", "h",
               "bst", "cet", "est", "pst", "edt", "pdt"}
# words that make a year-like number a year ("in 1998", "since 2001"); the weak ones only when it counts
# nothing ("from 1500 to 2000 people" counts)
_DATE_PREPS = {"in", "since", "until", "till", "til", "by", "during", "before", "after", "circa",
               "year", "years", "early", "mid", "late", "spring", "summer", "autumn", "fall", "winter",
               "fiscal", "c.", "ca.", "throughout"}
_WEAK_DATE_PREPS = {"from", "between", "through", "of", "to", "and"}
_POSS_DETS = {"the", "this", "that", "its", "their", "his", "her", "our", "whose", "my", "your"}
# words before a number that make it an identifier, not a count
_ID_WORDS = {"resolution", "resolutions", "article", "articles", "section", "sections", "chapter",
             "chapters", "ch", "chap", "page", "pages", "p", "pp", "p.", "pp.", "vol", "vol.", "volume",
             "volumes", "no", "no.", "nos", "nos.", "number", "#", "№", "item", "clause", "paragraph",
             "para", "art", "art.", "sec", "sec.", "fig", "fig.", "figure", "table", "note", "footnote",
             "amendment", "bill", "act", "law", "flight", "route", "highway", "room", "gate", "platform",
             "bus", "tel", "tel.", "phone", "fax", "ext", "ext.", "box", "code", "version", "v", "v.",
             "rule", "verse", "issue", "edition", "ed", "ed.", "part", "docket", "appendix",
             "exhibit", "annex", "schedule", "level", "grade", "category", "magnitude", "model", "camp",
             "unit", "squad", "brigade", "division", "battalion", "regiment", "district", "zone",
             "block", "sector", "phase", "stage", "channel", "street", "avenue",
             "apartment", "suite", "floor", "precinct", "ward", "lot", "plot", "exit", "junction", "km",
             "mile", "kilometre", "kilometer", "marker", "sura", "surah"}
_STREETS = {"street", "st", "avenue", "ave", "road", "rd", "parkway", "pkwy", "boulevard", "blvd", "lane",
            "ln", "drive", "dr", "way", "place", "pl", "square", "sq", "court", "ct", "terrace", "highway",
            "hwy", "plaza", "strasse", "straße", "rue", "via", "calle", "avenida"}
_MEASURE_PREFIX = {"magnitude", "level", "grade", "category"}  # "magnitude 7.3": the measure is counted
_CALIBRE_UNITS = {"mm", "millimetre", "millimeter", "millimetres", "millimeters", "cal", "calibre",
                  "caliber", "-mm", "inch"}
_CITATION_RE = re.compile(
    r"\b(?:pp?|vol|nos?|chap|ch|ed|eds|trans|ibid|op\.? ?cit)\.\s*\d|\bibid\b|\bop\.? cit\b|"
    r"\bpp?\.\s*\d|\bISBN\b|\bdoi:|\bet al\.", re.I)
_PHONE_RE = re.compile(r"(?<![\w,.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)\s?)?\d{2,5}(?:[\s.-]\d{2,5}){1,3}(?![\w,])")
_PHONE_WORDS = re.compile(r"\b(?:tel|phone|telephone|call|fax|mobile|cell|hotline|whatsapp|dial|sms|text)\b\W*$",
                          re.I)
_DATE_CUE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b(?:mon|tues?|wed|thu|thurs|fri|sat|sun)"
    r"(?:day)?\b|\b(?:second|minute|hour|day|night|week|weekend|fortnight|month|year|decade|century|"
    r"morning|evening|afternoon|season|spring|summer|autumn|fall|winter|ago|old|today|yesterday|"
    r"tomorrow|noon|midnight)s?\b|\b1\d{3}\b|\b20\d\d\b|\d(?:st|nd|rd|th)\b|\d['’]?s\b|[ap]\.?m\b|:\d\d|"
    r"\bo['’]clock\b", re.I)
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_SUFFIXED = re.compile(r"^(\d+(?:\.\d+)?)(k|m|mn|mln|bn|b|tn)$", re.I)
_TOKEN_RANGE = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)[-–—](\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)$")
_PLUS_TOKEN = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)\+$")
_DASHES = {"-", "–", "—", "‒", "−"}
# nouns that name a measure of something else ("the death toll", "the number of dead")
_MEASURE_NOUNS = {"number", "total", "toll", "count", "figure", "tally", "sum", "estimate", "amount",
                  "statistic", "statistics", "figures", "numbers", "list", "group", "rate", "level"}
_CASUALTY = {"death", "casualty", "fatality", "injury", "kill", "injure", "wound", "die", "dead", "arrest",
             "detain", "displace", "evacuate", "execute", "murder", "massacre", "rescue", "hospitalize", "hospitalise", "abduct",
             "kidnap", "martyr", "slaughter", "behead", "hang", "shoot", "imprison", "jail"}
_LIGHT_VERBS = {"be", "have", "do", "become", "seem", "remain", "follow"}
# verbs whose object/complement figure is a measure of something else: look for what it measures
_MEASURE_VERBS = {"rise", "climb", "reach", "hit", "stand", "put", "estimate", "increase", "jump", "grow",
                  "top", "exceed", "surpass", "total", "number", "amount", "raise", "revise", "soar",
                  "swell", "double", "triple", "fall", "drop", "decline", "decrease", "reduce", "come",
                  "range", "vary", "edge", "near", "approach", "pass", "cross", "place",
                  "set"}
_REPORT_VERBS = {"say", "report", "announce", "list", "claim", "state", "tell", "confirm", "record",
                 "put", "give", "publish", "release", "cite", "quote", "document", "register", "declare",
                 "assert", "write", "note", "add", "reveal", "disclose", "show", "indicate", "suggest"}
_CHANGE_VERBS = {"rise", "increase", "grow", "climb", "jump", "fall", "drop", "decline", "decrease",
                 "reduce", "cut", "raise", "lower", "soar", "surge", "plunge", "double", "revise", "change",
                 "go", "swell", "shrink", "slash", "boost", "expand", "up", "lift", "move", "shift", "slip",
                 "sink", "tumble", "leap", "balloon", "spike", "dip", "ease", "narrow", "widen"}
# verbs that only say a figure is there ("included 300 children"), and those that only link a cause to
# it through a preposition ("resulted in 300 deaths", "led to 300 arrests")
_VACUOUS_VERBS = {"include", "involve", "contain", "comprise", "mean", "feature", "cause", "see", "get"}
# participles that describe the counted things rather than say what happened to them
_DESCRIBING = {"age", "base", "locate", "name", "call", "include", "dub", "know", "title", "entitle",
               "number", "total", "station", "house", "register", "list", "estimate", "approximate",
               "dedicate", "arm", "equip", "aged"}
# words right after a bare figure that say what happened to it ("1,304 dead", "40 wounded")
_STATE_WORDS = {"dead", "killed", "injured", "wounded", "missing", "displaced", "detained", "arrested",
                "executed", "hurt", "evacuated", "homeless", "captured", "imprisoned", "rescued"}
_PARTICLES = {"off", "up", "down", "out", "away", "over", "back"}  # "lay off", "wipe out", "shut down"
_LINK_VERBS = {"result", "lead", "bring", "cause", "amount", "add", "contribute"}
# subjects that are the counted things' owners or speakers, not a measured quantity
_PERSONS = {"official", "people", "person", "man", "woman", "child", "company", "government", "ministry",
            "police", "army", "group", "organization", "organisation", "union", "party", "source",
            "report", "authority", "agency", "it", "they", "team", "country", "city", "state", "victim"}
_EVENT_SUFFIXES = ("tion", "sion", "ment", "ing", "cide")
_EVENT_NOUNS = {"death", "loss", "arrest", "release", "attack", "murder", "massacre", "capture",
                "return", "flight", "exodus", "departure", "martyrdom", "rescue", "escape", "evacuation",
                "injury", "casualty", "fatality", "damage", "destruction", "sale", "purchase", "strike",
                "kill", "defeat", "surrender", "birth", "rise", "fall", "drop", "increase", "cut",
                "layoff", "dismissal", "elimination", "seizure", "abduction", "kidnapping", "raid",
                "bombing", "shooting", "execution", "detention", "disappearance", "deportation", "hire",
                "vote", "win", "gain"}
_NOT_COUNTED = {"of", "another", "other", "others", "more", "less", "each", "times", "time", "per",
                "percent", "%"}
_ONE_IDIOMS = {"another", "day", "time", "hand", "side", "way", "thing", "point", "other", "of",
               "anyone", "someone", "by", "after", "moment", "instance", "occasion", "kind", "sort",
               "form", "piece", "part", "night", "morning", "evening", "afternoon", "week", "month",
               "year", "reason", "example", "question", "issue", "aspect", "word", "step"}
_TYPE_NOUNS = {"type", "kind", "sort", "variety", "form", "model", "class", "category", "brand"}
_BULLETS = "-*•·▪◦‣–—>"


# ---------------------------------------------------------------- lines and lists (shared with attribution)

@dataclass
class Line:
    """One non-blank line of a text: its character span and where it stands in a list layout."""

    index: int
    start: int
    end: int
    text: str
    heading: bool = False       # a short title-like line without a number ("Spoils of War")
    intro: bool = False         # a line introducing what follows (ends with ":" or "?")
    item: bool = False          # a line of a list under the nearest intro line
    intro_line: int | None = None  # index (in the list of lines) of the intro line of an item


_STOP = {"of", "the", "a", "an", "and", "or", "in", "on", "at", "to", "for", "by", "with", "from", "&",
         "de", "la", "le", "du", "vs", "vs.", "is", "are", "was"}
_WORD_RE = re.compile(r"[\w’'.$%+-]+", re.U)
_FINITE = re.compile(r"^(?:is|are|was|were|has|have|had|will|would|can|could|should|may|might|must|"
                     r"did|does|do|said|says)$", re.I)


def _is_heading(text: str) -> bool:
    words = _WORD_RE.findall(text)
    if not words or len(words) > 10 or re.search(r"\d", text):
        return False
    if any(_num_word_value(w.lower()) is not None for w in words) or words[0].lower() in _VAGUE:
        return False
    content = [w for w in words if w.lower() not in _STOP]
    return bool(content) and all(w[0].isupper() or not w[0].isalpha() for w in content)


def _looks_like_item(text: str) -> bool:
    s = text.strip()
    words = _WORD_RE.findall(s)
    if not words or len(words) > 12 or s.endswith((":", "?")):
        return False
    if s[0] in _BULLETS or re.match(r"^\(?\d+[.)]\s", s):
        return True
    if any(_FINITE.match(w) for w in words):
        return False
    if len(words) > 8 and s.endswith("."):
        return False
    return True


def text_lines(text: str) -> list[Line]:
    """The non-blank lines of a text, with their list layout: a line ending with ":" or "?" introduces
    the short verbless lines after it ("72 tanks"), until a heading or an ordinary paragraph."""
    lines: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        s = raw.strip()
        if s:
            lead = len(raw) - len(raw.lstrip())
            start = pos + lead
            lines.append(Line(len(lines), start, start + len(s), s))
        pos += len(raw) + 1
    intro: int | None = None
    for ln in lines:
        ln.heading = _is_heading(ln.text) and not ln.text.endswith((":", "?"))
        ln.intro = ln.text.endswith((":", "?", "："))
        if ln.intro:
            intro = ln.index
            continue
        if intro is not None and not ln.heading and _looks_like_item(ln.text):
            ln.item, ln.intro_line = True, intro
        else:
            intro = None
    return lines


class _LineIndex:
    """Maps characters and tokens to lines."""

    def __init__(self, text: str):
        self.lines = text_lines(text)
        self.starts = [ln.start for ln in self.lines]
        self.breaks = [i for i, c in enumerate(text) if c == "\n"]

    def key(self, char: int) -> int:
        """A line key for a character: the number of line breaks before it."""
        return bisect.bisect_right(self.breaks, char - 1) if self.breaks else 0

    def same(self, a: Token, b: Token) -> bool:
        return self.key(a.idx) == self.key(b.idx)

    def line_at(self, char: int) -> Line | None:
        i = bisect.bisect_right(self.starts, char) - 1
        if i >= 0 and self.lines[i].start <= char <= self.lines[i].end:
            return self.lines[i]
        return None


# ---------------------------------------------------------------- numbers

_STARTERS = set(_UNITS) | set(_TENS) | set(_VAGUE) | _FEW | {"a", "an", "half"}


def _num_word_value(w: str) -> int | None:
    if w in _UNITS:
        return _UNITS[w]
    if w in _TENS:
        return _TENS[w]
    m = re.fullmatch(r"(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[-‐](one|two|three|four|"
                     r"five|six|seven|eight|nine)", w)
    if m:
        return _TENS[m.group(1)] + _UNITS[m.group(2)]
    return None


def _dec(s: str) -> Decimal | None:
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation:
        return None


@dataclass
class _Number:
    start: int              # first token
    end: int                # one past the last token
    value: Decimal
    scaled: bool = False    # carries its own scale word ("2 million")
    scale: int = 1
    year_like: bool = False
    words: bool = False     # written out ("seven")
    vague: tuple[Decimal, Decimal] | None = None
    token_range: tuple[Decimal, Decimal] | None = None


def _parse_number(sdoc: Doc, i: int, stop: int) -> _Number | None:
    """The number expression starting at token i (not crossing token `stop`), or None."""
    t = sdoc[i]
    low = t.lower_
    n = min(len(sdoc), stop)

    def scales(j: int, val: Decimal, scaled: bool, scale: int, glued_ok: bool) -> tuple[int, Decimal, bool, int]:
        if glued_ok and j < n and not sdoc[j - 1].whitespace_ and sdoc[j].lower_.rstrip(".") in _ABBR_SCALES:
            f = _ABBR_SCALES[sdoc[j].lower_.rstrip(".")]
            return j + 1, val * f, True, scale * f
        while j < n and (sdoc[j].lower_ in _SCALES or sdoc[j].lower_ == "dozen"):
            f = _SCALES.get(sdoc[j].lower_, 12)
            val, scaled, scale, j = val * f, True, scale * f, j + 1
        return j, val, scaled, scale

    if _DIGITS.match(t.text):
        val = _dec(t.text)
        if val is None:
            return None
        j, val2, scaled, scale = scales(i + 1, val, False, 1, True)
        year_like = (not scaled and re.fullmatch(r"\d{4}", t.text) is not None and 1000 <= val <= 2100)
        return _Number(i, j, val2, scaled, scale, year_like)
    m = _SUFFIXED.match(t.text)
    if m:
        f = _ABBR_SCALES[m.group(2).lower()]
        j, val, _, scale = scales(i + 1, Decimal(m.group(1)) * f, True, f, False)
        return _Number(i, j, val, True, scale)
    m = _TOKEN_RANGE.match(t.text)
    if m:
        a, b = _dec(m.group(1)), _dec(m.group(2))
        if a is None or b is None:
            return None
        j, bb, scaled, scale = scales(i + 1, b, False, 1, True)
        aa = a * scale if scaled else a
        num = _Number(i, j, bb, scaled, scale)
        num.token_range = (aa, bb)
        num.year_like = all(re.fullmatch(r"\d{4}", x) and 1000 <= int(x) <= 2100 for x in m.groups())
        return num
    m = _PLUS_TOKEN.match(t.text)
    if m:
        return _Number(i, i + 1, _dec(m.group(1)) or Decimal(0))
    # written-out numbers
    if low in ("a", "an") and i + 1 < n and sdoc[i + 1].lower_ in ("hundred", "thousand", "million",
                                                                   "billion", "trillion", "dozen"):
        j, val, scaled, scale = scales(i + 1, Decimal(1), False, 1, False)
        return _Number(i, j, val, scaled, scale, words=True)
    if low == "half" and i + 2 < n and sdoc[i + 1].lower_ in ("a", "an") and sdoc[i + 2].lower_ in (
            "million", "billion", "dozen", "thousand", "hundred", "trillion"):
        j, val, scaled, scale = scales(i + 2, Decimal("0.5"), False, 1, False)
        return _Number(i, j, val, scaled, scale, words=True)
    if _num_word_value(low) is None:
        return None
    total, current, j, seen = Decimal(0), Decimal(0), i, False
    last = None  # "unit" | "tens" | "scale"
    while j < n:
        w = sdoc[j].lower_
        v = _num_word_value(w)
        if v is not None:
            if last in ("unit", "tens") and not (last == "tens" and v < 10 and w in _UNITS):
                break
            if last == "tens" and w in _UNITS and v < 10:
                current += v
                last = "unit"
            else:
                current += v
                last = "tens" if (w in _TENS) else "unit"
            seen, j = True, j + 1
            continue
        if w in _DASHES and last == "tens" and j + 1 < n and sdoc[j + 1].lower_ in _UNITS \
                and _UNITS[sdoc[j + 1].lower_] < 10 and not sdoc[j - 1].whitespace_:
            j += 1
            continue
        if w == "hundred" and seen:
            current = (current or 1) * 100
            last, j = "scale", j + 1
            continue
        if w in ("thousand", "million", "billion", "trillion", "dozen") and seen:
            f = _SCALES.get(w, 12)
            total += (current or 1) * f
            current, last, j = Decimal(0), "scale", j + 1
            continue
        if w == "and" and last == "scale" and j + 1 < n and _num_word_value(sdoc[j + 1].lower_) is not None:
            j += 1
            continue
        break
    if not seen:
        return None
    val = total + current
    scaled = any(sdoc[k].lower_ in _SCALES or sdoc[k].lower_ == "dozen" for k in range(i, j))
    scale = 1
    for k in range(i, j):
        if sdoc[k].lower_ in _SCALES:
            scale = max(scale, _SCALES[sdoc[k].lower_])
    # a trailing digit scale ("two million") is already in; digits after words are not joined
    return _Number(i, j, val, scaled, scale, words=True)


def _parse_vague(sdoc: Doc, i: int, stop: int) -> _Number | None:
    """Vague multiples: "dozens", "hundreds of", "tens of thousands", "several hundred", "a few thousand"."""
    n = min(len(sdoc), stop)
    low = sdoc[i].lower_
    if low in _VAGUE:
        lo, hi = _VAGUE[low]
        j = i + 1
        if low in ("tens", "scores") and not (j < n and sdoc[j].lower_ == "of"):
            return None
        if low in ("hundreds", "thousands", "millions", "dozens", "tens", "scores") and j + 1 < n \
                and sdoc[j].lower_ == "of" and sdoc[j + 1].lower_ in _VAGUE_SCALE:
            f = _VAGUE_SCALE[sdoc[j + 1].lower_]
            lo, hi, j = lo * f, (hi + 1) * f - 1, j + 2
        num = _Number(i, j, Decimal(lo))
        num.vague = (Decimal(lo), Decimal(hi))
        return num
    # several hundred / a few thousand / many thousands
    k = i
    if low == "a" and k + 1 < n and sdoc[k + 1].lower_ == "few":
        k += 1
    if sdoc[k].lower_ in _FEW and k + 1 < n:
        w = sdoc[k + 1].lower_
        unit = _SCALES.get(w) or _SCALES.get(w[:-1] if w.endswith("s") else "", None)
        if w in ("dozen", "dozens"):
            num = _Number(i, k + 2, Decimal(24))
            num.vague = (Decimal(24), Decimal(99))
            return num
        if unit and unit >= 100:
            j = k + 2
            if j + 1 < n and sdoc[j].lower_ == "of" and sdoc[j + 1].lower_ in _VAGUE_SCALE:
                unit *= _VAGUE_SCALE[sdoc[j + 1].lower_]
                j += 2
            num = _Number(i, j, Decimal(2 * unit))
            num.vague = (Decimal(2 * unit), Decimal(10 * unit - 1))
            return num
    return None


def _py(v: Decimal) -> int | float:
    if v == v.to_integral_value():
        return int(v)
    return float(v)


# ---------------------------------------------------------------- the figure finder

@dataclass
class _Figure:
    start: int              # first token of the mention (qualifier / currency included)
    end: int                # one past the last token
    num: _Number
    value: object
    qualifier: str
    label: str | None = None
    currency: str | None = None
    percent: bool = False
    hi_num: _Number | None = None  # the upper bound of an explicit range
    lo_num: _Number | None = None


class _Finder:
    def __init__(self, doc: Document, sdoc: Doc, taken: list[tuple[int, int]]):
        self.doc, self.sdoc, self.text = doc, sdoc, doc.text
        self.taken = sorted(taken)
        self.lines = _LineIndex(doc.text)
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
    def run(self) -> list[_Figure]:
        figs: list[_Figure] = []
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

    def figure_at(self, i: int, stop: int) -> _Figure | None:
        sdoc = self.sdoc
        low = sdoc[i].lower_
        if not (low[:1].isdigit() or low in _STARTERS or (low[:1] in "+" and low[1:2].isdigit())
                or _num_word_value(low) is not None):
            return None
        num = _parse_vague(sdoc, i, stop) or _parse_number(sdoc, i, stop)
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
                return _Figure(i, end, num, None, "skip")
            qualifier, value = "range", [a, b]
        # ratios: "1 in 5 homes", "one in three"
        if value is None and end + 1 < stop and sdoc[end].lower_ in ("in", "out") and not num.scaled:
            k = end + 1 + (sdoc[end].lower_ == "out" and sdoc[end + 1].lower_ == "of")
            other = _parse_number(sdoc, k, stop) if k < stop else None
            if other is not None and not other.scaled and num.value <= other.value <= 1000 and num.value <= 100:
                return _Figure(i, other.end, num, None, "skip")
        # explicit ranges: between X and Y, X to Y, X-Y, X or Y, from X to Y
        if value is None and end < stop:
            sep = sdoc[end].lower_
            if sep in ("to", "and", "or", "through", "thru") or sep in _DASHES:
                hi = _parse_number(sdoc, end + 1, stop) if end + 1 < stop else None
                prev = self.prev_word(start, skip=())
                between = prev is not None and prev.lower_ == "between" and sep == "and"
                frm = prev is not None and prev.lower_ == "from" and sep == "to"
                ok = hi is not None and (sep not in ("and",) or between)
                if ok and sep == "or":
                    ok = num.words == hi.words and not num.year_like
                if ok and num.year_like and hi.year_like and not (num.value % 100 == 0 and hi.value % 100 == 0):
                    return _Figure(i, hi.end, num, None, "skip")  # "from 1990 to 1995", "1983 and 1986"
                if ok:
                    lo_v = num.value
                    if hi.scaled and not num.scaled and lo_v * hi.scale <= hi.value:
                        lo_v = lo_v * hi.scale
                    change = frm and self._change_verb(prev)
                    if sep in _DASHES and lo_v >= hi.value:
                        return _Figure(i, hi.end, num, None, "skip")  # a score, a split or a page span
                    if not change and lo_v <= hi.value and not (sep == "or" and hi.value > lo_v * 10):
                        qualifier, value = "range", [lo_v, hi.value]
                        lo_num, hi_num, end = num, hi, hi.end
                        if between or frm:
                            start = prev.i
        if value is None:
            value = num.value
        fig = _Figure(start, end, num, value, qualifier, lo_num=lo_num, hi_num=hi_num)
        # currency symbol before the number
        p = self.prev_word(fig.start, skip=())
        if p is not None and p.lower_ in _CURRENCY and p.i == fig.start - 1:
            fig.currency, fig.start = _CURRENCY[p.lower_], p.i
        elif p is not None and len(p.text) > 1 and p.text[-1] in "$€£¥" and p.i == fig.start - 1:
            fig.currency, fig.start = _CURRENCY.get(p.text[-1], "dollar"), p.i
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

    def _qualifies(self, word: Token, fig: _Figure) -> bool:
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

    def _qualify(self, fig: _Figure, stop: int) -> None:
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
            if phrase in _PRE_QUALIFIERS:
                best = (k, _PRE_QUALIFIERS[phrase])
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


# ---------------------------------------------------------------- counted, predicate, exclusions

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


class _Analyzer:
    """Counted noun, predicate and the not-a-figure rules for one figure."""

    def __init__(self, finder: _Finder):
        self.f = finder
        self.sdoc = finder.sdoc
        self.lines = finder.lines

    def same_line(self, a: Token, b: Token) -> bool:
        return self.lines.same(a, b)

    def num_head(self, num: _Number) -> Token:
        toks = [self.sdoc[k] for k in range(num.start, num.end)]
        for t in toks:
            if not (num.start <= t.head.i < num.end) or t.head.i == t.i:
                return t
        return toks[-1]

    def counted(self, fig: _Figure) -> tuple[Token | None, str | None]:
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
        if cand is None and j + 1 < stop and sdoc[j].text in _DASHES and not sdoc[j - 1].whitespace_:
            nxt = sdoc[j + 1]
            if nxt.lower_ == "strong":
                k = j + 2
                while k < stop and sdoc[k].pos_ in ("ADJ",):
                    k += 1
                cand = sdoc[k] if k < stop and sdoc[k].pos_ in ("NOUN", "PROPN") else None
            elif nxt.pos_ in ("NOUN", "PROPN", "ADJ") or nxt.lower_ in _TIME_NOUNS:
                k = j + 1
                while k + 2 < stop and sdoc[k + 1].text in _DASHES and sdoc[k].pos_ == "ADJ":
                    k += 2  # 14-square-mile
                cand = sdoc[k]
        if cand is None and head.dep_ in ("nummod", "quantmod", "amod", "compound", "nmod") \
                and head.head.pos_ in ("NOUN", "PROPN") and head.head.i >= j \
                and self.same_line(head, head.head) and head.head.lower_ not in _SCALES:
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
        if cand is not None and (cand.lower_ in _NOT_COUNTED | _SCALES.keys() or cand.pos_ == "PRON"):
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
        if p is not None and p.lower_ in _MEASURE_PREFIX and fig.start == fig.num.start:
            return p, p.lower_  # "a magnitude 7.3 quake"
        if cand is None and fig.currency:
            return None, fig.currency
        if cand is None:
            return None, None
        return cand, _lemma(cand)

    def colon_label(self, fig: _Figure) -> list[Token]:
        """The label of a "Label: figure" line ("Spoiled ballots: about 95,000"), or []."""
        sdoc = self.sdoc
        lo = self.f.line_start(fig.start)
        colon = fig.start - 1
        while colon >= lo and sdoc[colon].is_space:
            colon -= 1
        if colon <= lo or sdoc[colon].text != ":" or colon - lo > 8:
            return []
        toks = [t for t in sdoc[lo:colon] if not t.is_punct and t.text not in _BULLETS]
        return toks

    def predicate(self, fig: _Figure, anchor: Token | None) -> str | None:
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

    def _climb(self, fig: _Figure, t: Token) -> str | None:
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

    # -- not figures
    def excluded(self, fig: _Figure, counted_tok: Token | None, counted: str | None) -> bool:
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
        if counted in _TIME_NOUNS:
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
                if pl in _WEAK_DATE_PREPS or pl in _DASHES or pl == "," or label not in ("CARDINAL", "QUANTITY"):
                    return True
        # street addresses: "1600 Amphitheatre Parkway", "10 Downing Street"
        if counted_tok is not None and counted_tok.text[:1].isupper() and \
                any(sdoc[k].lower_.rstrip(".") in _STREETS for k in range(num.end, min(len(sdoc), num.end + 4))
                    if self.same_line(sdoc[k], first)):
            return True
        # identifiers: "Resolution 598", "resolution # 598", "Article 5", "No. 5", "Boeing 737", "C 8"
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
                and direct.i >= ent.start and direct.lower_ not in _PRE_QUALIFIERS_WORDS:
            return True
        return False

    def _after_age(self, i: int) -> bool:
        """Whether the number at token i follows "aged", across a list of numbers ("aged 19 and 23")."""
        k, lo = i - 1, self.f.line_start(i)
        while k >= lo and k >= i - 8:
            t = self.sdoc[k]
            if t.lower_ in ("aged", "age", "ages", "ageing", "aging"):
                return True
            if not (t.like_num or t.lower_ in (",", "and", "or", "to", "between", "from") or t.text in _DASHES):
                return False
            k -= 1
        return False

    def _identifier(self, num: _Number, counted_tok: Token | None) -> bool:
        direct = self.f.prev_word(num.start, skip=())
        if direct is None:
            return False
        if direct.text in ("#", "№"):
            return True
        p = self.f.prev_word(num.start, skip=(".", "#", "№"))
        if p is None:
            return False
        pl = p.lower_
        if (pl in _ID_WORDS or pl.rstrip(".") in _ID_WORDS) and pl not in _MEASURE_PREFIX:
            return True
        # a capitalised name right before a number that counts nothing after it: "Resolution 598"
        counts_after = counted_tok is not None and counted_tok.i >= num.end
        return (direct.i == p.i and p.text[:1].isupper() and p.pos_ in ("PROPN", "NOUN", "X")
                and pl not in _VAGUE and pl.rstrip(".") not in _MONTHS and pl not in _PRE_QUALIFIERS_WORDS
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


_PRE_QUALIFIERS_WORDS = {w for k in _PRE_QUALIFIERS for w in k}


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


# ---------------------------------------------------------------- entry point

def extract_figures(doc: Document, sdoc: Doc, taken: list[tuple[int, int]]) -> list[Mention]:
    """Every figure in `doc` that counts something, as quantity mentions in text order.

    Args:
        doc: the document; `sdoc` is spaCy's parse of exactly `doc.text`.
        sdoc: the parse.
        taken: character spans already claimed (by dates); numbers inside them are skipped.

    Returns:
        Mentions with kind "quantity", ids `<doc>.q<n>`.
    """
    if not doc.text or len(sdoc) == 0:
        return []
    finder = _Finder(doc, sdoc, taken)
    an = _Analyzer(finder)
    sents = list(sdoc.sents)
    sent_starts = [s.start_char for s in sents]
    found: list[tuple[_Figure, Token | None, str | None, str | None]] = []
    for fig in finder.run():
        if fig.qualifier == "skip":
            continue
        tok, counted = an.counted(fig)
        if an.excluded(fig, tok, counted):
            continue
        pred = an.predicate(fig, tok)
        found.append((fig, tok, counted, pred))
    # list lines take the predicate of their intro line
    lines = finder.lines
    out: list[Mention] = []
    for fig, tok, counted, pred in found:
        start = sdoc[fig.start].idx
        last = sdoc[fig.end - 1]
        end = last.idx + len(last.text.rstrip(".")) if last.text.rstrip(".") else last.idx + len(last.text)
        if pred is None:
            ln = lines.line_at(start)
            if ln is not None and ln.item and ln.intro_line is not None:
                pred = _intro_predicate(sdoc, lines.lines[ln.intro_line])
        if counted is None and pred in _CASUALTY:
            counted = "people"
        label = _label(finder, fig, counted)
        value = fig.value
        if isinstance(value, list):
            value = [_py(Decimal(value[0])), _py(Decimal(value[1]))]
        else:
            value = _py(Decimal(value))
        si = max(0, bisect.bisect_right(sent_starts, start) - 1)
        out.append(Mention(id="", doc=doc.id or "", start=start, end=end, text=doc.text[start:end],
                           kind="quantity", label=label, sentence=si, value=value,
                           qualifier=fig.qualifier, counted=counted, predicate=pred))
    out.sort(key=lambda m: (m.start, m.end))
    for k, m in enumerate(out, 1):
        m.id = f"{doc.id}.q{k}"
    return out


_CURRENCY_WORDS = {"dollar", "euro", "pound", "yen", "rupee", "ruble", "rouble", "rial", "riyal", "dinar",
                   "dirham", "franc", "lira", "yuan", "renminbi", "peso", "real", "rand", "won", "shekel",
                   "toman", "afghani", "naira", "cedi", "shilling", "krona", "krone", "zloty", "ringgit",
                   "baht", "dong", "rupiah", "taka", "kyat", "birr", "kwacha", "hryvnia", "lari", "manat",
                   "tenge", "som", "sum", "cent", "penny", "pence", "bitcoin"}


def _label(finder: _Finder, fig: _Figure, counted: str | None = None) -> str:
    if fig.percent:
        return "PERCENT"
    if fig.currency:
        return "MONEY"
    for k in range(fig.num.start, fig.num.end):
        e = finder.ent_of.get(k)
        if e is not None and e.label_ in ("CARDINAL", "QUANTITY"):
            return e.label_
    if counted in _CURRENCY.values() or counted in _CURRENCY_WORDS:
        return "MONEY"
    return "CARDINAL"


_INTRO_SKIP = {"base", "accord", "include", "follow", "provide", "read", "look", "go", "summarize",
               "summarise", "break", "compile", "gather", "collect", "observe", "monitor", "update"}


def _intro_predicate(sdoc: Doc, line: Line) -> str | None:
    """What the intro line of a list says happened: "What was destroyed by the enemy?" -> "destroy",
    "The damage sustained by the MKO ... was as follow:" -> "sustain"."""
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


__all__ = ["extract_figures", "text_lines", "Line"]
