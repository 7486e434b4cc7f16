"""Relative and deictic temporal expressions: "8 days later", "two days after <event>", "the next morning",
"that year", "yesterday", "last Friday" -- what each states, and the event phrase it is measured from.

The candidates found here are anchored by `timex.py`; `merge_relative_with_date` folds a relative
expression into the absolute date that restates it ("8 days later on June 15, 1986").
"""
from __future__ import annotations

import re

from .timex_find import (
    _WD_FULL, MONTHS, NUMBER_WORDS, PART_WORDS, UNIT_WORDS, VAGUE_COUNTS, WEEKDAY_NAMES, Cand, TokenIndex,
    _skip_space,
)
from .timex_normalize import SEASON_CODES

_COUNT_WORDS = sorted([k for k in list(NUMBER_WORDS) + list(VAGUE_COUNTS) if k], key=len, reverse=True)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_COUNT_ALT = "|".join(w.replace(" ", r"\s+") for w in _COUNT_WORDS)
_COUNT = rf"(?:\d{{1,3}}(?:,\d{{3}})*|(?:{_TENS})[-\s](?:{_ONES})|half\s+an?|{_COUNT_ALT})"
_UNIT = "|".join(sorted(UNIT_WORDS, key=len, reverse=True))
_MOD = (r"(?P<mod>just|only|about|around|roughly|approximately|nearly|almost|barely|exactly|some|"
        r"more\s+than|less\s+than|fewer\s+than|over|under|at\s+least|at\s+most|precisely)")
_DIR = (r"(?P<dir>later|earlier|afterwards|afterward|before|after|prior\s+to|previously|beforehand|"
        r"ago|into|hence|on(?=\s*[,.;:!?)—–]))")

REL_PATTERNS: list[tuple[str, re.Pattern]] = [(n, re.compile(p, re.I)) for n, p in [
    ("count", rf"(?<![\w-])(?:{_MOD}\s+)?(?P<n>{_COUNT})\s+(?P<unit>{_UNIT})\s+{_DIR}(?![\w])"),
    ("bare", rf"(?<![\w-])(?P<unit>days|weeks|months|years|decades|hours|minutes)\s+{_DIR}(?![\w])"),
    ("the_unit", r"(?<![\w-])the\s+(?P<unit>day|night|morning|evening|week|month|year)\s+"
                 r"(?P<dir>before|after|prior\s+to|earlier|later|previously)(?![\w])"),
    ("next", r"(?<![\w-])(?:the|that)\s+(?P<which>next|following|previous|preceding|prior|subsequent|ensuing)\s+"
             r"(?P<unit>day|morning|afternoon|evening|night|week|weekend|month|year|decade|spring|summer|"
             r"autumn|fall|winter)(?![\w-])(?!\s+(?:of|or)\b)"),
    ("next_wd", rf"(?<![\w-])(?:the|that)\s+(?P<which>next|following|previous|preceding)\s+(?P<wd>{_WD_FULL})(?![\w])"),
    ("same", r"(?<![\w-])(?:(?P<lat>later|earlier)\s+(?:on\s+)?(?:in\s+)?)?(?:that\s+(?:very\s+|same\s+)?|"
             r"the\s+(?:very\s+)?same\s+)(?P<unit>day|morning|afternoon|evening|night|week|weekend|month|"
             r"year|decade|spring|summer|autumn|fall|winter)(?![\w-])"),
    ("part_same", r"(?<![\w-])the\s+(?P<pw>beginning|start|end|middle|close|first\s+half|second\s+half)\s+of\s+"
                  r"(?:the|that)\s+(?:same\s+)?(?P<unit>month|year|decade)(?![\w-])"),
    ("later_in", r"(?<![\w-])(?P<lat>later|earlier)\s+in\s+the\s+(?P<unit>day|week|month|year)(?![\w-])"),
]]

DEICTIC_PATTERNS: list[tuple[str, re.Pattern]] = [(n, re.compile(p, re.I)) for n, p in [
    ("word", r"(?<![\w-])(?P<w>the\s+day\s+after\s+tomorrow|the\s+day\s+before\s+yesterday|today|"
             r"yesterday|tomorrow|tonight)(?![\w-])"),
    ("this", r"(?<![\w-])(?:(?P<lat>earlier|later)\s+)?(?P<which>this|last|next)\s+"
             r"(?P<unit>morning|afternoon|evening|week|weekend|month|year|spring|summer|autumn|fall|"
             r"winter|decade|century)(?![\w-])"),
    ("this_wd", rf"(?<![\w-])(?P<which>this|last|next)\s+(?P<wd>{_WD_FULL})(?![\w])"),
    ("this_month", r"(?<![\w-])(?P<which>this|last|next)\s+(?P<mname>" + "|".join(MONTHS) + r")(?![\w])"),
]]

_DURATION_BEFORE = re.compile(r"(?i)(?:^|[^\w])(for|within|during|throughout|lasting|the\s+(?:first|last|"
                              r"next|past|following|previous|final|initial)|over\s+the|in\s+the|"
                              r"only\s+the)\s+$")
_REL_STOP_PUNCT = set(",;:()[]{}—–\"“”‘’!?.")


def parse_count(s: str) -> tuple[int, int, bool] | None:
    """A count phrase as (lo, hi, vague); None for 'half a' (handled by the caller)."""
    t = " ".join(s.lower().split())
    if t.startswith("half a"):
        return None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})*", t):
        v = int(t.replace(",", ""))
        return v, v, False
    m = re.fullmatch(rf"({_TENS})[-\s]({_ONES})", t)
    if m:
        v = NUMBER_WORDS[m.group(1)] + NUMBER_WORDS[m.group(2)]
        return v, v, False
    if t in NUMBER_WORDS:
        return NUMBER_WORDS[t], NUMBER_WORDS[t], False
    if t in VAGUE_COUNTS:
        lo, hi = VAGUE_COUNTS[t]
        return lo, hi, True
    return None


def find_deictic(text: str) -> list[Cand]:
    """Expressions relative to the time of writing ("yesterday", "last year", "next Friday")."""
    out: list[Cand] = []
    for name, pat in DEICTIC_PATTERNS:
        for m in pat.finditer(text):
            c = _deictic_from_match(name, m, text)
            if c is not None:
                out.append(c)
    return out


def _deictic_from_match(name: str, m: re.Match, text: str) -> Cand | None:
    g = m.groupdict()
    c = Cand(m.start(), m.end(), "deictic", name)
    if name == "word":
        w = " ".join(g["w"].lower().split())
        shifts = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
                  "the day after tomorrow": 2, "the day before yesterday": -2}
        c.unit, c.n, c.direction, c.mode = "day", (abs(shifts[w]),) * 2, (shifts[w] > 0) - (shifts[w] < 0), "shift"
        c.word = w
        return c
    if re.search(r"(?i)\bthe\s+$", text[max(0, m.start() - 5):m.start()]):
        return None                                         # "the last year": a duration
    which = g["which"].lower()
    direction = {"this": 0, "last": -1, "next": 1}[which]
    c.word, c.direction = which, direction
    if name == "this":
        unit = g["unit"].lower()
        if unit in ("morning", "afternoon", "evening"):
            if which != "this":
                return None
            c.unit, c.mode = "day", "same"
        elif unit in SEASON_CODES:
            c.unit, c.mode = SEASON_CODES[unit], "season"
        elif unit in ("week", "weekend"):
            c.unit, c.mode = "week", "week"
        else:
            c.unit = UNIT_WORDS[unit]
            c.mode = "same" if direction == 0 else "shift"
            c.n = (1, 1) if direction else (0, 0)
        lat = (g.get("lat") or "").lower()
        if lat and direction == 0:
            c.mode = "later_same" if lat == "later" else "earlier_same"
        return c
    if name == "this_wd":
        c.mode, c.weekday = "weekday", WEEKDAY_NAMES[g["wd"].lower()]
        return c
    if name == "this_month":
        if g["mname"][0].islower():
            return None
        c.mode, c.month = "month", MONTHS[g["mname"].lower()]
        return c
    return None


# ---------------------------------------------------------------- relative expressions

def find_relative(text: str, toks: TokenIndex) -> list[Cand]:
    """Relative expressions ("8 days later", "the next morning", "two days after <event>", "that year"),
    without their event phrases (see `attach_events`)."""
    out: list[Cand] = []
    for name, pat in REL_PATTERNS:
        for m in pat.finditer(text):
            c = _rel_from_match(name, m, text)
            if c is not None:
                out.append(c)
    return out


def _rel_from_match(name: str, m: re.Match, text: str) -> Cand | None:
    g = m.groupdict()
    c = Cand(m.start(), m.end(), "rel", name)
    before = text[max(0, m.start() - 20):m.start()]
    if name in ("count", "bare"):
        if _DURATION_BEFORE.search(before):
            return None
        if name == "bare" and re.search(rf"(?i)(?<![\w-]){_COUNT}\s+$", before):
            return None   # "in the six months after": a counted duration the count pattern turned down
        unit = UNIT_WORDS[g["unit"].lower()]
        if name == "bare":
            lo, hi, vague = 2, 9, True
        else:
            cnt = g["n"]
            pc = parse_count(cnt)
            if pc is None:                                   # "half a year later"
                lo = hi = {"day": 0, "week": 3, "month": 15, "year": 6, "decade": 5, "century": 50,
                           "hour": 0, "minute": 0, "fortnight": 7}[unit]
                unit = {"day": "day", "week": "day", "month": "day", "year": "month", "decade": "year",
                        "century": "year", "hour": "day", "minute": "day", "fortnight": "day"}[unit]
                vague = False
            else:
                lo, hi, vague = pc
            if cnt.lower() in ("a", "an") and g["unit"].lower().endswith("s"):
                return None
        if unit == "fortnight":
            unit, lo, hi = "day", lo * 14, hi * 14
        if unit in ("hour", "minute"):
            per = 24 if unit == "hour" else 1440
            lo, hi, unit = lo // per, -(-hi // per), "day"
            vague = vague or lo != hi
        mod = (g.get("mod") or "").lower()
        if mod in ("about", "around", "roughly", "approximately", "nearly", "almost", "some"):
            c.qualifier = "about"
        elif mod in ("more than", "over", "at least"):
            c.extra["more"] = True
        elif mod in ("less than", "fewer than", "under", "at most", "barely"):
            c.extra["less"] = True
        d = " ".join(g["dir"].lower().split())
        c.unit, c.n, c.vague = unit, (lo, hi), vague
        if d == "ago":
            c.kind, c.direction, c.mode = "deictic", -1, "shift"
        elif d in ("later", "afterwards", "afterward", "hence", "on"):
            c.direction = 1
        elif d in ("earlier", "previously", "beforehand"):
            c.direction = -1
        elif d in ("after",):
            c.direction, c.extra["event_dir"] = 1, (m.start("dir"), m.end("dir"))
        elif d in ("before", "prior to"):
            c.direction, c.extra["event_dir"] = -1, (m.start("dir"), m.end("dir"))
        elif d == "into":
            c.direction, c.into, c.extra["event_dir"] = 1, True, (m.start("dir"), m.end("dir"))
        return c
    if name == "the_unit":
        unit = UNIT_WORDS[g["unit"].lower()]
        d = " ".join(g["dir"].lower().split())
        c.unit, c.n = unit, (1, 1)
        if d in ("after", "later"):
            c.direction = 1
        else:
            c.direction = -1
        if d in ("after", "before", "prior to"):
            c.extra["event_dir"] = (m.start("dir"), m.end("dir"))
        return c
    if name == "next":
        which, unit = g["which"].lower(), g["unit"].lower()
        c.direction = -1 if which in ("previous", "preceding", "prior") else 1
        if unit in SEASON_CODES:
            c.unit, c.mode = SEASON_CODES[unit], "season"
        elif unit in ("week", "weekend"):
            c.unit, c.mode, c.n = "week", "week", (1, 1)
        else:
            c.unit, c.n = UNIT_WORDS[unit], (1, 1)
        return c
    if name == "next_wd":
        which = g["which"].lower()
        c.direction = -1 if which in ("previous", "preceding") else 1
        c.mode, c.weekday = "weekday", WEEKDAY_NAMES[g["wd"].lower()]
        return c
    if name == "part_same":
        c.unit, c.mode = UNIT_WORDS[g["unit"].lower()], "same"
        c.part, c.vague = PART_WORDS[" ".join(g["pw"].lower().split())], True
        return c
    if name in ("same", "later_in"):
        unit = g["unit"].lower()
        lat = (g.get("lat") or "").lower()
        if unit in SEASON_CODES:
            c.unit, c.mode = SEASON_CODES[unit], "season"
        elif unit in ("week", "weekend"):
            c.unit, c.mode = "week", "week"
        else:
            c.unit, c.mode = UNIT_WORDS[unit], "same"
        if lat and c.mode == "same":
            c.mode = "later_same" if lat == "later" else "earlier_same"
        if name == "same" and not lat and text[m.start():m.start() + 4].lower() == "that":
            # "that day" but not "... said that day laborers": a noun right after is a compound
            if re.match(r"\s+[a-z]+(?:ers|ors|s)\b", text[m.end():m.end() + 15]) and unit == "day":
                return None
        return c
    return None


_FUNCTION_POS = {"ADP", "DET", "CCONJ", "SCONJ", "PUNCT", "SPACE", "PART", "PRON"}


def attach_events(c: Cand, text: str, toks: TokenIndex, dates: list[Cand], others: list[Cand] = ()) -> None:
    """For "N units after/before/into <event>": find the event phrase, its head lemma, and a date that
    dates the event itself ("eight days after its issuance on August 19, 1987"); extend the span over
    the phrase up to (not into) the first name or number in it."""
    ev = c.extra.get("event_dir")
    if not ev:
        return
    dir_start, dir_end = ev
    after_dir = _skip_space(text, dir_end)
    # a date straight after: "two days before July 4, 1988"
    for d in dates:
        if d.start == after_dir or (d.start > after_dir and not text[after_dir:d.start].strip(" ,")):
            c.event_date = d
            c.end = dir_end
            return
    stops = sorted(d.start for d in dates if d.start >= dir_end)
    next_stop = stops[0] if stops else len(text)
    rel_stops = [o.start for o in others if o.start >= dir_end]
    rel_stop = min(rel_stops) if rel_stops else len(text)
    sdoc = toks.sdoc
    phrase: list = []
    head = None
    clipped_by_date = False
    if sdoc is not None:
        t = toks.token_at(dir_end - 1)
        if t is None:
            return
        root = None
        objs = [ch for ch in t.children if ch.dep_ in ("pobj", "pcomp") and ch.i > t.i]
        if objs:
            root = objs[0]
        elif t.dep_ == "mark" and t.head.i > t.i:
            root = t.head
        sent_end = t.sent.end
        if root is not None:
            sub = {x.i for x in root.subtree}
            i = t.i + 1
            while i < sent_end and i in sub and len(phrase) < 15:
                tok = sdoc[i]
                if tok.idx >= next_stop:
                    clipped_by_date = next_stop < rel_stop
                    break
                if tok.text in _REL_STOP_PUNCT or "\n" in tok.text or tok.idx >= rel_stop:
                    break
                phrase.append(tok)
                i += 1
            if i < sent_end and i not in sub and next_stop - 1 <= sdoc[i].idx < rel_stop and next_stop < len(text) \
                    and not text[sdoc[i - 1].idx + len(sdoc[i - 1]):next_stop].strip(" "):
                clipped_by_date = True
            head = root
        else:
            # the parser attached the phrase elsewhere: take a short noun phrase after the word
            i = t.i + 1
            while i < sent_end and len(phrase) < 6:
                tok = sdoc[i]
                if tok.idx >= next_stop:
                    clipped_by_date = next_stop < rel_stop
                    break
                if tok.text in _REL_STOP_PUNCT or "\n" in tok.text or tok.idx >= rel_stop or \
                        (phrase and tok.pos_ in ("VERB", "AUX")):
                    break
                phrase.append(tok)
                if tok.pos_ in ("NOUN", "PROPN") and (i + 1 >= sent_end or sdoc[i + 1].pos_ not in ("NOUN", "PROPN")):
                    break
                i += 1
        while phrase and (phrase[-1].pos_ in _FUNCTION_POS and phrase[-1].pos_ != "PRON" or
                          phrase[-1].pos_ == "PRON" and phrase[-1].dep_ == "poss"):
            phrase.pop()
    if clipped_by_date:
        c.event_date = next((d for d in dates if d.start == next_stop), None)
    if not phrase:
        if c.event_date is None:
            # "two days before, he had ...": an adverb, anchored on the preceding date
            c.extra.pop("event_dir", None)
            if c.into:
                c.into = False
        c.end = dir_end
        return
    if head is None or head not in phrase:
        content = [x for x in phrase if x.pos_ in ("NOUN", "VERB", "PROPN")]
        head = content[-1] if content else phrase[-1]
    c.event = (phrase[0].idx, phrase[-1].idx + len(phrase[-1]))
    c.event_head = head.lemma_.lower()
    # the span takes the event phrase up to the first name or number in it (names are their own mentions)
    end = dir_end
    for x in phrase:
        if toks.in_name_ent(x.idx, x.idx + len(x)) or x.like_num or x.pos_ == "NUM":
            break
        end = x.idx + len(x)
    kept = [x for x in phrase if x.idx + len(x) <= end]
    while kept and kept[-1].pos_ in _FUNCTION_POS:
        kept.pop()
    c.end = kept[-1].idx + len(kept[-1]) if kept else dir_end


# ---------------------------------------------------------------- folding into absolute dates

def _plain_shift(c: Cand) -> bool:
    return c.kind == "rel" and c.mode == "shift" and c.event is None and c.event_date is None \
        and "event_dir" not in c.extra


def _appended_shift(c: Cand) -> bool:
    """A shift from an event, or from the time of writing, appended to a date it restates: "on December 7,
    three days after the leak", "on September 20, two weeks ago,"."""
    return (c.kind == "rel" and c.mode == "shift" and (c.event is not None or "event_dir" in c.extra)) or \
        (c.kind == "deictic" and c.mode == "shift")


def merge_relative_with_date(cands: list[Cand], text: str) -> list[Cand]:
    """"8 days later on June 15, 1986" is one expression whose value is the stated date, and so are
    "in 2002, 12 years later." and "on December 7, three days after the leak." (a relative restating
    the date just before it)."""
    out: list[Cand] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        if c.kind in ("abs", "partial") and i + 1 < len(cands) and (
                _plain_shift(cands[i + 1]) or _appended_shift(cands[i + 1])):
            nxt = cands[i + 1]
            if re.fullmatch(r"\s*,\s*", text[c.end:nxt.start]) and \
                    re.match(r"\s*(?:[.;:)!?]|$)" if _plain_shift(nxt) else r"\s*(?:[.;:,)!?]|$)",
                             text[nxt.end:nxt.end + 3]):
                if nxt.kind == "rel" and nxt.event is not None and nxt.direction and nxt.n[0] == nxt.n[1] > 0 \
                        and nxt.unit in ("day", "week", "month", "year") and nxt.event_head:
                    # "December 7, three days after the leak": the date stays the date; the shift says when
                    # the leak was (three days before it), a date of its own
                    c.extra["implied"] = (nxt.start, nxt.end, nxt.n[0], nxt.unit, nxt.direction, nxt.event_head)
                else:
                    c.end = nxt.end
                c.merged_rel = True
                out.append(c)
                i += 2
                continue
        if c.kind == "rel" and c.mode == "shift" and c.event is None and c.event_date is None \
                and "event_dir" not in c.extra and i + 1 < len(cands):
            nxt = cands[i + 1]
            gap = text[c.end:nxt.start]
            if nxt.kind in ("abs", "partial") and nxt.tv is not None or nxt.kind == "partial" and nxt.month:
                if re.fullmatch(r"\s*,?\s*(?:(?i:on|in))?\s*", gap) and "\n" not in gap:
                    nxt.start = c.start
                    nxt.merged_rel = True
                    out.append(nxt)
                    i += 2
                    continue
        out.append(c)
        i += 1
    return out
