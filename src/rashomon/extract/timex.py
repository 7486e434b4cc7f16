"""Dates: every temporal expression of a document as a `Mention` with its ISO/TIMEX3 value and interval.

`extract_dates(doc, sdoc)` finds the expressions (`timex_find`), then resolves them in text order:
absolute dates stand alone; partial dates ("on July 25", "in June") take their year from the nearest
preceding date (or the publication date); relative ones ("8 days later", "two days after this news",
"the next morning") shift the date they are anchored on; deictic ones ("yesterday", "last year") are
anchored on the publication date. `weekday_mismatch(m)` says when a stated weekday is wrong.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from ..models import Document, Mention
from ..settings import EVENT_LOOKBACK
from .timex_find import Cand, TokenIndex, find_fixed, select
from .timex_relative import attach_events, find_deictic, find_relative, merge_relative_with_date
from .timex_normalize import (
    UNIT_PRECISION, WEEKDAYS, TimeValue, coarser, containing, day_value, iso,
    month_value, narrow, pick_year, rank, season_value, shift, valid_day, weekday_name,
)

__all__ = ["extract_dates", "weekday_mismatch"]

_BY = re.compile(r"(?i)(?:^|[^\w])(by|until|till|til|up\s+to|up\s+until|before|prior\s+to|no\s+later\s+than|"
                 r"not\s+later\s+than|as\s+late\s+as|through|to)\s+$")
_AFTER = re.compile(r"(?i)(?:^|[^\w])(since|after|following|starting(?:\s+(?:in|on|from))?|"
                    r"beginning(?:\s+(?:in|on))?|from|no\s+earlier\s+than|not\s+before|as\s+early\s+as|"
                    r"between)\s+$")
_ABOUT = re.compile(r"(?i)(?:^|[^\w])(around|about|circa|ca\.|c\.|approximately|roughly|some\s*time\s+in|"
                    r"sometime\s+(?:in|around|on)|in\s+or\s+around|near|towards?)\s+$")
_GENERIC_HEADS = {"time", "day", "week", "month", "year", "event", "thing", "this", "that", "it", "date",
                  "period", "moment", "point", "be", "have", "do", "begin", "start", "end", "happen",
                  "occur", "take", "make", "come", "go", "get"}


@dataclass
class _Resolved:
    tv: TimeValue
    first: dt.date
    last: dt.date
    qualifier: str
    timex_type: str
    anchor: Cand | None = None


class _Context:
    """What resolution needs to know about the document: sentences, lemmas, brackets, quotes."""

    def __init__(self, doc: Document, sdoc: Doc | None, cands: list[Cand]):
        self.text = doc.text or ""
        self.cands = cands
        self.published = _parse_published(doc.published)
        self.sent_starts: list[int] = []
        self.sent_lemma_set: list[set[str]] = []
        self.sent_prefix_set: list[set[str]] = []
        self.sent_lemmas: list[list[tuple[str, int]]] = []
        self.sent_now: list[bool] = []       # the sentence speaks in the present or future tense
        self.depth_at: dict[int, int] = {}   # a noun's distance (in dependency arcs) from its sentence's root
        if sdoc is not None:
            for s in sdoc.sents:
                self.sent_now.append(_present_or_future(s))
                for t in s:
                    if t.pos_ in ("NOUN", "PROPN"):
                        k, x = 0, t
                        while x.head.i != x.i and k < 12:
                            x, k = x.head, k + 1
                        self.depth_at[t.idx] = k
                self.sent_starts.append(s.start_char)
                self.sent_lemmas.append([(t.lemma_.lower(), t.idx) for t in s
                                         if t.pos_ in ("NOUN", "VERB", "PROPN", "ADJ")])
        else:
            self.sent_starts = [0] + [m.end() for m in re.finditer(r"(?<=[.!?])\s+|\n\s*\n", self.text)]
            self.sent_lemmas = [[] for _ in self.sent_starts]
            self.sent_now = [False for _ in self.sent_starts]
        # bracket depth and quote state per character, reset at each line break
        self.depth = [0] * (len(self.text) + 1)
        self.quoted = [False] * (len(self.text) + 1)
        d, curly, straight = 0, 0, 0
        for i, ch in enumerate(self.text):
            self.depth[i] = d
            self.quoted[i] = curly > 0 or straight % 2 == 1
            if ch == "\n":
                d = curly = straight = 0
            elif ch == "(":
                d += 1
            elif ch == ")":
                d = max(0, d - 1)
            elif ch == "“":
                curly += 1
            elif ch == "”":
                curly = max(0, curly - 1)
            elif ch == '"':
                straight += 1
        self.depth[len(self.text)] = d

        for lemmas in self.sent_lemmas:
            self.sent_lemma_set.append({lem for lem, _ in lemmas})
            self.sent_prefix_set.append({lem[:5] for lem, _ in lemmas if len(lem) >= 5})
        self.sent_of = {id(c): self.sentence(c.start) for c in cands}

    def sentence(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, pos) - 1)


def _present_or_future(sent) -> bool:
    """Whether a sentence's main verb is in the present or future tense ("is expected", "will end")."""
    root = sent.root
    if root.tag_ in ("VBZ", "VBP"):
        return True
    return any(ch.dep_ in ("aux", "auxpass") and (ch.tag_ in ("VBZ", "VBP") or ch.lower_ in ("will", "shall", "'ll"))
               for ch in root.children)


def _parse_published(p: str | None) -> dt.date | None:
    if not p:
        return None
    try:
        return dt.date.fromisoformat(str(p).strip()[:10])
    except ValueError:
        return None


# ---------------------------------------------------------------- the entry point

def find_candidates(text: str, sdoc: Doc | None) -> list[Cand]:
    """Every temporal expression in text, in text order, non-overlapping, not yet anchored."""
    toks = TokenIndex(sdoc, len(text))
    fixed = select(find_fixed(text, toks) + find_deictic(text))
    rels = select([r for r in find_relative(text, toks)
                   if all(r.end <= o.start or o.end <= r.start for o in fixed)])
    for r in rels:
        attach_events(r, text, toks, fixed, [o for o in rels if o is not r])
    for r in rels:                        # an event phrase never swallows another expression
        for o in fixed:
            if r.start < o.start < r.end:
                r.end = o.start
                while r.end > r.start and not text[r.end - 1].isalnum():
                    r.end -= 1
    return merge_relative_with_date(select(fixed + rels), text)


def extract_dates(doc: Document, sdoc: Doc | None) -> list[Mention]:
    """Every temporal expression in the document, in text order, with value, interval and anchor.

    Args:
        doc: the document; `doc.text` is what the offsets point into, `doc.published` anchors
            expressions the text gives no date for.
        sdoc: spaCy's parse of exactly `doc.text` (None works, with less context).

    Returns:
        One `Mention` (kind "date", label "DATE") per expression, ids `<doc>.t1`, `<doc>.t2`, ...
    """
    text = doc.text or ""
    if not text.strip():
        return []
    cands = find_candidates(text, sdoc)
    ctx = _Context(doc, sdoc, cands)
    _pair_qualifiers(cands, text)
    done: dict[int, _Resolved] = {}
    for c in cands:
        if c.kind == "abs":
            r = _safe(_resolve_abs, c, ctx, done)
            if r:
                done[id(c)] = r
    for c in cands:
        if c.kind != "abs":
            # a relative dated by a partial date later in its own phrase ("three days before the
            # July 4 recess") needs that date first
            ev = c.event_date
            if ev is not None and ev.kind == "partial" and id(ev) not in done:
                r = _safe(_resolve_other, ev, ctx, done)
                if r:
                    done[id(ev)] = r
            if id(c) in done:
                continue
            r = _safe(_resolve_other, c, ctx, done)
            if r:
                done[id(c)] = r
    kept = [c for c in cands if id(c) in done]
    ids = {id(c): f"{doc.id}.t{n}" for n, c in enumerate(kept, 1)}
    out: list[Mention] = []
    for c in kept:
        r = done[id(c)]
        if (imp := _implied(c, r, text, ids[id(c)], doc, ctx)) is not None:
            out.append(imp)
        out.append(Mention(
            id=ids[id(c)], doc=doc.id or "", start=c.start, end=c.end, text=text[c.start:c.end],
            kind="date", label="DATE", sentence=ctx.sentence(c.start), value=r.tv.value,
            qualifier=r.qualifier, first=iso(r.first), last=iso(r.last),
            anchor=ids.get(id(r.anchor)) if r.anchor is not None else None,
            timex_type=r.timex_type, weekday=c.weekday))
    out.sort(key=lambda m: (m.start, m.end))
    return out


def _implied(c: Cand, r: _Resolved, text: str, anchor_id: str, doc: Document, ctx: _Context) -> Mention | None:
    """The date a shift appended to a day implies for its event: "December 7, three days after the leak"
    says the leak was on December 4 (a `date` mention of the shift's words, label IMPLIED, whose
    `predicate` is the event's head noun and `counted` the day it is counted from)."""
    got = c.extra.get("implied")
    if not got or r.tv.precision != "day" or r.first != r.last:
        return None
    s, e, n, unit, direction, head = got
    try:
        day = shift(r.first, -direction * n, unit)
    except (OverflowError, ValueError):
        return None
    return Mention(id=f"{anchor_id}i", doc=doc.id or "", start=s, end=e, text=text[s:e], kind="date", label="IMPLIED",
                   sentence=ctx.sentence(s), value=iso(day), qualifier="exact", first=iso(day), last=iso(day),
                   anchor=anchor_id, timex_type="implied", predicate=head, counted=iso(r.first))


def weekday_mismatch(m: Mention) -> str | None:
    """The actual weekday when the weekday the text states with a full date is wrong, else None
    ("Friday, July 23rd, 1988" -> "Saturday"). Dates whose year the text does not state are not judged."""
    if not m.weekday or m.timex_type != "absolute" or not isinstance(m.value, str):
        return None
    mm = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", m.value)
    if not mm:
        return None
    try:
        actual = weekday_name(dt.date(*map(int, mm.groups())))
    except ValueError:
        return None
    return actual if actual.lower() != m.weekday.lower() else None


def _safe(fn, c: Cand, ctx: _Context, done: dict) -> _Resolved | None:
    try:
        r = fn(c, ctx, done)
    except (OverflowError, ValueError, KeyError):
        return None
    if r is None or r.first > r.last:
        return None
    return r


# ---------------------------------------------------------------- qualifiers

def _prefix_qualifier(c: Cand, text: str) -> str | None:
    before = text[max(0, c.start - 30):c.start]
    if c.extra.get("pair"):
        return c.extra["pair"]
    m = _BY.search(before)
    if m and m.group(1).lower() != "to":
        return "by"
    m = _AFTER.search(before)
    if m and m.group(1).lower() not in ("from", "between"):
        return "after"
    if _ABOUT.search(before):
        return "about"
    return None


def _pair_qualifiers(cands: list[Cand], text: str) -> None:
    """"from/since/between X to/until/and Y": X is a lower bound, Y an upper one."""
    for a, b in zip(cands, cands[1:]):
        if a.kind == "rel" or b.kind == "rel":
            continue
        gap = text[a.end:b.start]
        if "\n" in gap or len(gap) > 40:
            continue
        opener = re.search(r"(?i)(?:^|[^\w])(from|since|between)\s+$", text[max(0, a.start - 12):a.start])
        closer = re.fullmatch(r"(?i)\s*,?\s*(to|until|till|through|and|-|–|—)\s*(?:the\s+)?", gap)
        if opener and closer and (closer.group(1).lower() != "and" or opener.group(1).lower() == "between"):
            a.extra["pair"] = "after"
            b.extra["pair"] = "by"


def _qualifier(c: Cand, text: str, vague: bool, default: str = "exact") -> str:
    q = _prefix_qualifier(c, text)
    if q:
        return q
    if c.extra.get("more"):
        return "after"
    if c.extra.get("less"):
        return "by"
    if c.qualifier:
        return c.qualifier
    return "about" if vague else default


# ---------------------------------------------------------------- absolute dates

def _resolve_abs(c: Cand, ctx: _Context, done: dict) -> _Resolved:
    tv = c.tv
    first, last = narrow(tv, c.part)
    if tv.precision == "year" and c.part in ("early", "mid", "late"):
        tv = replace(tv, value=f"{tv.value}-{c.part}")   # "early 1988" -> 1988-early (TIMEX3 style)
    vague = c.vague or bool(c.part)
    default = "range" if tv.precision == "range" else "exact"
    ttype = "vague" if vague else "absolute"
    return _Resolved(tv, first, last, _qualifier(c, ctx.text, vague, default), ttype)


# ---------------------------------------------------------------- anchors

def _usable(r: _Resolved | None, finest_needed: str) -> bool:
    return r is not None and r.tv.precision != "range" and rank(r.tv.precision) <= rank(finest_needed)


def _preceding(c: Cand, ctx: _Context, done: dict, need: str, kinds=None, any_depth: bool = False) -> Cand | None:
    """The nearest preceding resolved date precise enough (same bracket level or outer, or any with
    `any_depth`); a relative date that is itself vague ("a few days later") is passed over."""
    i = ctx.cands.index(c)
    inside = any_depth or ctx.depth[c.start] > 0
    for o in reversed(ctx.cands[:i]):
        if kinds and o.kind not in kinds:
            continue
        if not inside and ctx.depth[o.start] > 0:
            continue
        r = done.get(id(o))
        if r is not None and r.timex_type == "relative" and r.qualifier == "about":
            continue
        if _usable(r, need):
            return o
    return None


def _preceding_range(c: Cand, ctx: _Context, done: dict) -> Cand | None:
    """The nearest preceding range of days within one year, when no single date precedes: it gives
    a month and day without a year its year."""
    i = ctx.cands.index(c)
    for o in reversed(ctx.cands[:i]):
        r = done.get(id(o))
        if r is not None and r.tv.precision == "range" and r.first is not None and r.last is not None \
                and r.first.year == r.last.year and (r.last - r.first).days <= 366:
            return o
    return None


def _following(c: Cand, ctx: _Context, done: dict, need: str) -> Cand | None:
    i = ctx.cands.index(c)
    for o in ctx.cands[i + 1:]:
        if o.kind == "abs" and _usable(done.get(id(o)), need):
            return o
    return None


def _lemma_match(a: str, b: str) -> bool:
    return a == b or (len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5])


def _event_anchor(c: Cand, ctx: _Context, done: dict) -> Cand | None:
    """The date of the event in "N days after <event>": the latest preceding date whose stretch of
    text (its sentence up to the next dated sentence) mentions the event's head word; "into" takes the
    earliest. Then a date in the next three sentences that mentions it. None when nothing matches."""
    head = c.event_head
    if not head or head in _GENERIC_HEADS or not any(ctx.sent_lemmas):
        return None
    own = (c.start, c.event[1] if c.event else c.end)
    sc = ctx.sentence(c.start)
    dated = [o for o in ctx.cands if o.kind in ("abs", "partial") and _usable(done.get(id(o)), "century")]
    inside = ctx.depth[c.start] > 0
    before = [o for o in dated if o.start < c.start and (inside or ctx.depth[o.start] == 0)
              and sc - ctx.sent_of[id(o)] <= EVENT_LOOKBACK]

    def mentions(s: int) -> bool:
        if s == sc or s == sc + 1:
            return any(_lemma_match(lem, head) and not own[0] <= idx < own[1] for lem, idx in ctx.sent_lemmas[s])
        return head in ctx.sent_lemma_set[s] or (len(head) >= 5 and head[:5] in ctx.sent_prefix_set[s])

    def told_of(o: Cand) -> bool:
        """The date's own sentence tells of the event itself: its head word is a main argument there
        ("the disaster was a gas leak on 3 December"), not a word deep in a phrase ("in 1989 the
        company paid to settle litigation stemming from the disaster")."""
        s0 = ctx.sent_of[id(o)]
        return any(_lemma_match(lem, head) and ctx.depth_at.get(idx, 99) <= 2 and not own[0] <= idx < own[1]
                   for lem, idx in ctx.sent_lemmas[s0])

    matches = []
    boundary = prev = sc + 1                # the first sentence of the next dated stretch
    for o in reversed(before):
        s0 = ctx.sent_of[id(o)]
        if s0 < prev:
            boundary, prev = prev, s0
        if any(mentions(s) for s in range(s0, min(boundary - 1, sc) + 1)):
            matches.append(o)
    if matches and not c.into:
        if not told_of(matches[0]):
            # the latest stretch only names the event in passing: an earlier one that tells of it
            return next((o for o in matches[1:] if told_of(o)), matches[0])
        return matches[0]
    if matches:
        return matches[-1]
    for o in dated:
        if o.start > c.end and sc < ctx.sent_of[id(o)] <= sc + 3 and mentions(ctx.sent_of[id(o)]):
            return o
    return None


def _speech_anchor(c: Cand, ctx: _Context, done: dict) -> tuple[Cand | None, TimeValue | None]:
    """The 'now' of a deictic expression: the publication date, unless the expression sits in quoted
    speech or there is none, where a day-precise date in the same or two preceding sentences stands in."""
    pub = day_value(ctx.published) if ctx.published else None
    near = _preceding(c, ctx, done, "day", kinds=("abs", "partial", "rel"))
    near_ok = near is not None and ctx.sentence(c.start) - ctx.sentence(near.start) <= 2
    if pub and not ctx.quoted[c.start]:
        return None, pub
    if near_ok:
        return near, done[id(near)].tv
    if pub:
        return None, pub
    return None, None


# ---------------------------------------------------------------- partial, relative, deictic

def _resolve_other(c: Cand, ctx: _Context, done: dict) -> _Resolved | None:
    if c.kind == "partial":
        return _resolve_partial(c, ctx, done)
    if c.kind == "deictic":
        anchor, base = _speech_anchor(c, ctx, done)
        if base is None:
            return None
        r = _apply(c, base, done[id(anchor)] if anchor is not None else None, ctx)
        if r is not None:
            r.anchor = anchor
        return r
    if c.kind == "weekday":
        # "on Friday": the first such day from a nearby date in the narrative, else the last one
        # up to the publication date
        anchor = _preceding(c, ctx, done, "day")
        if anchor is not None and ctx.sentence(c.start) - ctx.sentence(anchor.start) <= 3 \
                and done[id(anchor)].first == done[id(anchor)].last:
            c.mode, c.direction = "weekday_near", 1
            r = _apply(c, done[id(anchor)].tv, done[id(anchor)], ctx)
        elif ctx.published is not None:
            anchor = None
            c.mode, c.direction = "weekday_near", -1
            r = _apply(c, day_value(ctx.published), None, ctx)
        else:
            return None
        if r is not None:
            r.anchor = anchor
        return r
    # relative
    anchor = None
    if c.event_date is not None and _usable(done.get(id(c.event_date)), "century"):
        anchor = c.event_date
    elif c.event is not None:
        anchor = _event_anchor(c, ctx, done)
    if anchor is None:
        anchor = _preceding(c, ctx, done, "century", kinds=("abs", "partial", "rel", "deictic", "weekday"))
    if anchor is None:
        if ctx.published is None:
            return None
        r = _apply(c, day_value(ctx.published), None, ctx)
        return r
    r = _apply(c, done[id(anchor)].tv, done[id(anchor)], ctx)
    if r is not None:
        r.anchor = anchor
    return r


def _same_day_before(c: Cand, ctx: _Context, done: dict) -> Cand | None:
    """The latest earlier date of the document on the same month and day, stated to the day."""
    best = None
    for o in ctx.cands:
        if o.start >= c.start:
            break
        r = done.get(id(o))
        if r is not None and r.tv.precision == "day" and r.first is not None \
                and (r.first.month, r.first.day) == (c.month, c.day):
            best = o
    return best


def _resolve_partial(c: Cand, ctx: _Context, done: dict) -> _Resolved | None:
    need = "month" if c.month is None and c.season is None else "year"
    # a present- or future-tense sentence ("a verdict is expected in the autumn") speaks of the time of
    # publication; otherwise the narrative's last date holds
    anchor = None if ctx.published is not None and ctx.sent_now[ctx.sentence(c.start)] \
        else _preceding(c, ctx, done, need)
    if anchor is not None and c.month and c.day and not c.season:
        # "August 2, 1964 ... In a 2003 film he admitted the August 2 attack happened": a month and day
        # the document already gave in full is that same day again, whatever year was named since
        same = _same_day_before(c, ctx, done)
        if same is not None:
            anchor = same
    if anchor is None and not (ctx.published is not None and ctx.sent_now[ctx.sentence(c.start)]):
        anchor = _preceding_range(c, ctx, done)
    if anchor is not None:
        a = done[id(anchor)]
        if a.tv.precision == "range":   # "September 19–21, 2017 ... early on September 19": the range's year
            ref, ref_prec = a.first, "day"
        else:
            ref, ref_prec = a.first if a.tv.precision != "year" else a.tv.first, a.tv.precision
    elif ctx.published is not None:
        ref, ref_prec = ctx.published, "day"
    else:
        # a later date in the text, else, where the text gives no other year, one in a bracketed citation
        # before it ("(chronology, 1964) At 11:36 p.m. on August 4, ...")
        anchor = _following(c, ctx, done, need) or _preceding(c, ctx, done, need, any_depth=True)
        if anchor is None:
            return None
        a = done[id(anchor)]
        ref, ref_prec = a.first, a.tv.precision
    if c.season:
        y = ref.year - 1 if c.season == "WI" and ref.month <= 2 and rank(ref_prec) < rank("year") else ref.year
        tv = season_value(y, c.season)
    elif c.month and c.day:
        y = pick_year(c.month, c.day, ref, ref_prec)
        if c.weekday and valid_day(y, c.month, c.day) and \
                weekday_name(dt.date(y, c.month, c.day)) != c.weekday:
            for alt in (y - 1, y + 1):
                if valid_day(alt, c.month, c.day) and weekday_name(dt.date(alt, c.month, c.day)) == c.weekday:
                    y = alt
                    break
        if not valid_day(y, c.month, c.day):
            return None
        tv = day_value(dt.date(y, c.month, c.day))
    elif c.month:
        tv = month_value(pick_year(c.month, None, ref, ref_prec), c.month)
    else:  # "on the 23rd": the month nearest the anchor that has that day
        best = None
        for k in (0, -1, 1):
            d0 = shift(dt.date(ref.year, ref.month, 1), k, "month")
            if valid_day(d0.year, d0.month, c.day):
                d = dt.date(d0.year, d0.month, c.day)
                if best is None or abs((d - ref).days) < abs((best - ref).days):
                    best = d
        if best is None:
            return None
        tv = day_value(best)
    first, last = narrow(tv, c.part)
    vague = c.vague or bool(c.part)
    return _Resolved(tv, first, last, _qualifier(c, ctx.text, vague), "partial", anchor)


def _apply(c: Cand, a: TimeValue, ar: _Resolved | None, ctx: _Context) -> _Resolved | None:
    """A relative or deictic expression applied to its anchor's value."""
    a_first, a_last = (ar.first, ar.last) if ar is not None else (a.first, a.last)
    a_prec = a.precision
    anchor_vague = ar is not None and (ar.qualifier == "about" or ar.timex_type == "vague")
    vague = c.vague or anchor_vague
    ttype = "relative"
    mode = c.mode
    if mode in ("shift", "same", "later_same", "earlier_same") and c.unit in UNIT_PRECISION:
        unit_prec = UNIT_PRECISION[c.unit]
        target = coarser(a_prec if a_prec != "range" else "year", unit_prec)
        lo, hi = c.n
        if mode == "shift" and c.direction != 0:
            if c.direction > 0:
                nf, nl = shift(a_first, lo, c.unit), shift(a_last, hi, c.unit)
            else:
                nf, nl = shift(a_first, -hi, c.unit), shift(a_last, -lo, c.unit)
        else:
            nf, nl = a_first, a_last
        tv = containing(nf, nl, target)
        if rank(target) > rank(a_prec):
            first, last = tv.first, tv.last
        else:
            first, last = nf, nl
        if mode == "later_same":
            first = max(first, a_first)
        elif mode == "earlier_same":
            last = min(last, a_last)
        if c.part:
            first, last = narrow(tv, c.part)
        return _Resolved(tv, first, last, _qualifier(c, ctx.text, vague), ttype)
    if mode == "week":
        if rank(a_prec) > rank("day"):
            tv = containing(shift(a_first, 7 * c.direction, "day"), shift(a_last, 7 * c.direction, "day"),
                            a_prec if a_prec != "season" else "year")
            return _Resolved(tv, tv.first, tv.last, _qualifier(c, ctx.text, True), ttype)
        base = a_first + dt.timedelta(days=7 * c.direction)
        monday = base - dt.timedelta(days=base.weekday())
        first, last = monday, monday + dt.timedelta(days=6)
        tv = containing(first, last, "day")
        return _Resolved(tv, first, last, _qualifier(c, ctx.text, vague), ttype)
    if mode == "season":
        code = c.unit
        if c.direction == 0:
            y = a_first.year - 1 if code == "WI" and a_first.month <= 2 else a_first.year
            tv = season_value(y, code)
        elif c.direction > 0:
            tv = next(season_value(y, code) for y in range(a_first.year - 1, a_first.year + 3)
                      if season_value(y, code).first > a_last)
        else:
            tv = [season_value(y, code) for y in range(a_first.year - 2, a_first.year + 2)
                  if season_value(y, code).last < a_first][-1]
        return _Resolved(tv, tv.first, tv.last, _qualifier(c, ctx.text, True), ttype)
    if mode == "month":
        if rank(a_prec) > rank("month"):
            return None
        m = c.month
        if c.direction == 0:
            y = a_first.year
        elif c.direction > 0:
            y = a_first.year if m > a_first.month else a_first.year + 1
        else:
            y = a_first.year if m < a_first.month else a_first.year - 1
        tv = month_value(y, m)
        return _Resolved(tv, tv.first, tv.last, _qualifier(c, ctx.text, vague), ttype)
    if mode in ("weekday", "weekday_near"):
        if a_prec != "day" or a_first != a_last:
            return None
        want = WEEKDAYS.index(c.weekday)
        base = a_first
        if mode == "weekday_near":
            step = c.direction
            d = base
            while d.weekday() != want:
                d += dt.timedelta(days=step)
        elif c.direction > 0:
            d = base + dt.timedelta(days=(want - base.weekday() - 1) % 7 + 1)
        elif c.direction < 0:
            d = base - dt.timedelta(days=(base.weekday() - want - 1) % 7 + 1)
        else:
            d = base - dt.timedelta(days=base.weekday()) + dt.timedelta(days=want)
        tv = day_value(d)
        return _Resolved(tv, d, d, _qualifier(c, ctx.text, vague), ttype)
    return None

