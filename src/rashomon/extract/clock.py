"""Times of day: "At 11:36 p.m.", "10.30 p.m.", "around 6:00 AM", "10:15 UTC", "56 minutes past midnight".
Each becomes a `time` mention whose value is "HH:MM", with the UTC offset when a zone is stated
("23:34-04:00" for "11:34 p.m. EDT"); `counted` keeps the zone as written (None when none is stated, a
place's name for "Edlin time"), `first`/`last` the day the text sets it on (a date in its sentence,
else the last date before it in the same paragraph), `predicate` the verb it times."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from .. import data
from ..models import Document, Mention
from .numbers import num_word_value

_CLOCK = data.load("clock")
_ZONES = _CLOCK["zones"]
_ZONE_ALT = "|".join(sorted((re.escape(z) for z in _ZONES), key=len, reverse=True))
_MERIDIEM = r"(?P<mer>[ap])(?:\.\s?m\.?|m\b)"
_TIME = re.compile(
    rf"(?<![\w:.,])(?P<h>[01]?\d|2[0-3])(?:[:.](?P<m>[0-5]\d))?\s*(?:{_MERIDIEM}|(?=[:.]?\d{{0,2}}\s*(?:{_ZONE_ALT})\b))"
    rf"(?:\s*\((?P<pzone>{_ZONE_ALT})\)|\s*(?P<zone>{_ZONE_ALT})\b|,?\s+(?P<place>[A-Z][a-z]+)\s+time\b)?", re.I)
_PAST = re.compile(r"(?<![\w-])(?P<min>\d{1,2}|[a-z]+(?:[- ][a-z]+)?)\s+minutes\s+(?P<dir>past|after|before|to)\s+"
                   r"(?P<ref>midnight|noon)\b", re.I)
def _minutes_word(text: str) -> int | None:
    return int(text) if text.isdigit() else num_word_value(text.lower().replace(" ", "-"))


def _value(hour: int, minute: int, zone: str | None) -> str:
    v = f"{hour:02d}:{minute:02d}"
    if zone and zone.lower() in _ZONES:
        off = _ZONES[zone.lower()]
        sign = "+" if off >= 0 else "-"
        h, m = divmod(int(round(abs(off) * 60)), 60)
        v += f"{sign}{h:02d}:{m:02d}"
    return v


def _found(text: str):
    """(start, end, hour, minute, zone) for every time of day in the text."""
    for m in _TIME.finditer(text):
        h, mi = int(m["h"]), int(m["m"] or 0)
        if m["mer"]:
            if h == 0 or h > 12:
                continue
            h = h % 12 + (12 if m["mer"].lower() == "p" else 0)
        elif m["m"] is None:
            continue   # "5 UTC" without minutes or a.m./p.m. is too often something else
        zone = m["zone"] or m["pzone"] or (f"{m['place']} time" if m["place"] else None)
        yield m.start(), m.end(), h, mi, zone
    for m in _PAST.finditer(text):
        n = _minutes_word(m["min"])
        if n is None or not 0 < n < 60:
            continue
        base = 0 if m["ref"].lower() == "midnight" else 12 * 60
        t = (base + (n if m["dir"].lower() in ("past", "after") else -n)) % (24 * 60)
        yield m.start(), m.end(), t // 60, t % 60, None


def extract_times(doc: Document, sdoc: Doc, taken: list[tuple[int, int]], dates: list[Mention]) -> list[Mention]:
    """A `time` mention for every time of day outside spans already taken."""
    text = doc.text or ""
    sents = list(sdoc.sents)
    starts = [s.start_char for s in sents]
    hedges = sorted(_CLOCK["hedges"], key=len, reverse=True)
    days = sorted((d for d in dates if d.first and d.first == d.last), key=lambda d: d.start)
    out: list[Mention] = []
    for s, e, h, mi, zone in sorted(_found(text)):
        if any(s < te and ts < e for ts, te in taken) or any(s < o.end and o.start < e for o in out):
            continue
        si = max((i for i, x in enumerate(starts) if x <= s), default=0)
        sent = sents[si]
        before = text[max(sent.start_char, s - 20):s].lower().rstrip()
        qualifier = "about" if any(before.endswith(w) for w in hedges) else "exact"
        # the day: a date in its sentence, else the last one before it in its paragraph
        own = [d for d in days if sent.start_char <= d.start < sent.end_char]
        para = text.rfind("\n", 0, s) + 1
        earlier = [d for d in days if para <= d.start < s]
        day = (own or earlier[-1:] or [None])[0]
        span = sdoc.char_span(s, e, alignment_mode="expand")
        verb = next((t for t in ([span.root] + list(span.root.ancestors)) if t.pos_ == "VERB"), None) \
            if span is not None else None
        out.append(Mention(id="", doc=doc.id or "", start=s, end=e, text=text[s:e], kind="time", label="TIME",
                           sentence=si, value=_value(h, mi, zone), qualifier=qualifier,
                           counted=zone.lower() if zone else None,
                           predicate=verb.lemma_.lower() if verb is not None else None,
                           first=day.first if day else None, last=day.last if day else None))
    for i, m in enumerate(out, 1):
        m.id = f"{doc.id}.c{i}"
    return out
