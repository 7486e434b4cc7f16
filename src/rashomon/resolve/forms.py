"""Name forms: cleaning a mention's surface into a name, and the keys one name form is matched by.

`clean_span` trims what spaCy tends to include around a name (articles, quotes, possessives,
unclosed parentheses, a lowercase word after it, a headline glued on by a missing line break);
`Form` holds one cleaned name and its keys (tokens, transliteration, skeleton, core without
designators, direction qualifiers, numbers, initials) for the scorer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .acronyms import acronym_letters, initials
from .fold import STOPWORDS, content, singular, skeleton, tokens, translit
from .titles import TITLE_WORDS, split_title

# Generic words that say what kind of thing a name is; "X Organization" and "X" are one name.
# Legal forms of companies: "Orrin Chemical Company", "Orrin Chemical" and "Orrin Chemical Co." are one name.
LEGAL_FORMS = frozenset("corporation corp company co inc incorporated ltd limited plc llc".split())
ORG_DESIGNATORS = frozenset("organization organisation org corps group party movement front".split()) | LEGAL_FORMS
PLACE_DESIGNATORS = frozenset(
    "pass gorge strait straits valley camp base mount mountain mountains heights square bridge "
    "municipality".split())
EVENT_DESIGNATORS = frozenset("operation operations".split())
DESIGNATORS = ORG_DESIGNATORS | PLACE_DESIGNATORS | EVENT_DESIGNATORS
ORG_HEADS = ORG_DESIGNATORS | frozenset(
    "army council committee committees union league association society brigade brigades militia "
    "regime government ministry court assembly agency institute university bank company guard "
    "guards parliament cabinet police force forces navy command".split())
PLACE_HEADS = PLACE_DESIGNATORS | frozenset(
    "river lake city town village province district county region island islands desert plain "
    "plains airport port bay road highway".split())
# Adjectives common in organisation names: a core made only of these is not a name by itself.
GENERIC_ADJ = frozenset(
    "national democratic islamic popular revolutionary united supreme people peoples republican "
    "socialist communist liberal labor labour security military central federal general "
    "international free new great royal high joint special civil public state".split())
# Words that make a name an event or a law when they are its head.
EVENT_HEADS = frozenset("operation offensive campaign battle war raid uprising revolution massacre "
                        "siege invasion ceasefire attack coup incident crisis affair disaster tragedy "
                        "bombing explosion".split())
LAW_HEADS = frozenset("resolution act law treaty accord accords agreement convention charter "
                      "protocol decree constitution amendment".split())
# Sentence-initial words that are not part of a following name.
FUNCTION_CAPS = frozenset(
    "in on at by for from after before when while if as but and so since although with without "
    "under over during between into about against among this that these those there here then "
    "it its his her their our my your we they he she i you a an the of to or nor yet also".split())
NATIONALITY_LIKE = re.compile(r"^[A-Z][a-z]{2,}(?:i|ian|ean|ese|ish)$")

_CAMEL = re.compile(r"[A-Z][a-z]{2,}(?=[A-Z])")
_LOWER_WORD = re.compile(r"^[a-z][a-z’']*$")
_PARTICLES = frozenset("al el ul ibn bin bint ben abu de da di du van von der le la del".split())
_QUOTE_CHARS = "\"“”„«»‹›'‘’`"


def clean_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The (start, end) of the name inside text[start:end]: the first line only, no article,
    quotes, possessive, unclosed parenthesis or trailing lowercase words. start == end when
    nothing name-like is left."""
    s, e = start, end
    seg = text[s:e]
    # first line that has a letter in it
    for m in re.finditer(r"[^\n]+", seg):
        if re.search(r"[A-Za-z\u00C0-\u024F]", m.group()):
            s, e = start + m.start(), start + m.end()
            break
    else:
        return start, start
    # a headline glued to the name by a lost line break: "BlogThe MEV's" → "The MEV's"
    seg, base = text[s:e], s
    for m in _CAMEL.finditer(seg):
        if m.start() == 0 or seg[m.start() - 1] in " \t":
            s2 = base + m.end()
            if re.search(r"[A-Za-z]", text[s2:e]):
                s = s2
    # unclosed parenthesis: "Operation Korvel (Wikipedia"
    seg = text[s:e]
    if seg.count("(") > seg.count(")"):
        e = s + seg.rindex("(")
    elif seg.count(")") > seg.count("("):
        e = s + seg.index(")")
    changed = True
    while changed and s < e:
        changed = False
        seg = text[s:e]
        stripped = seg.strip(" \t\r\n,;:.!?–—-" + _QUOTE_CHARS + "()[]")
        if stripped != seg:
            i = seg.index(stripped) if stripped else len(seg)
            # keep the final period of an abbreviation ("U.S.", "D.C.")
            if stripped and seg[i + len(stripped):].startswith(".") and re.search(
                    r"(?:^|[.\s])[A-Z]$", stripped):
                stripped += "."
            s2, e2 = s + i, s + i + len(stripped)
            changed = (s2, e2) != (s, e)
            s, e = s2, e2
            if s >= e:
                return s, s
        words = list(re.finditer(r"\S+", text[s:e]))
        if len(words) > 1:
            first, last = words[0].group(), words[-1].group()
            rest = text[s + words[1].start():e]
            if first.lower() in ("the", "a", "an") or (
                    _LOWER_WORD.match(first) and first.lower() not in _PARTICLES
                    and first.lower() not in ("west", "east", "north", "south", "operation")
                    and re.search(r"[A-Z]", rest)):
                s += words[1].start()
                changed = True
                continue
            if _LOWER_WORD.match(last) and last.lower() not in _PARTICLES and last.lower() not in (
                    "e", "ye") and not (last.lower() in EVENT_DESIGNATORS and len(words) > 1) \
                    and re.search(r"[A-Z]", text[s:s + words[-2].end()]):
                e = s + words[-2].end()
                changed = True
                continue
        m = re.search(r"(?:['’]s|(?<=s)['’])$", text[s:e])
        if m:
            e = s + m.start()
            changed = True
            continue
        m = re.search(r"(?<=[A-Z]{2})s$", text[s:e])  # "MVOs"
        if m:
            e -= 1
            changed = True
    return s, e


def display(text: str) -> str:
    """A name as it should be shown: one line, single spaces."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Form:
    """One name form and its matching keys."""

    text: str                      # the form as written (cleaned, titles kept)
    name: str                      # without leading titles
    title: str                     # the leading titles ("Sheikh"), or ""
    toks: tuple[str, ...]          # folded tokens (function words kept)
    words: tuple[str, ...]         # content tokens
    key: str                       # exact-match key
    joined: str                    # content tokens without spaces
    tk: str                        # transliteration key of `joined`
    tks: tuple[str, ...]           # transliteration key per content token (singular)
    skel: str                      # consonant skeleton of `joined`
    core: tuple[str, ...]          # content tokens without designators and compass qualifiers
    core_tk: str
    designators: frozenset[str]
    qualifiers: frozenset[str]     # compass words: west, north...
    numbers: frozenset[str]
    acronym: str | None            # the letters when the form is an acronym
    inits: frozenset[str]          # initialisms of the form (multiword forms)
    head: str                      # head word: the last content word before "of" (singular)
    core_head: str                 # the last core word before "of" (singular)
    hint: str | None               # a type the words imply: EVENT, LAW, ORG, LOC, PERSON

    @property
    def n(self) -> int:
        return len(self.words)


@lru_cache(maxsize=100_000)
def make_form(text: str) -> Form:
    """The Form of a cleaned name."""
    text = display(text)
    title, name = split_title(text)
    toks = tokens(name) or (text.lower(),)
    words = content(toks)
    acr = acronym_letters(name)
    numbers = frozenset(t for t in words if t.isdigit())
    quals = frozenset(t for t in words if t in ("west", "east", "north", "south", "upper", "lower"))
    if len(quals) == len(words):
        quals = frozenset()
    designators = set()
    core = list(t for t in words if t not in quals)
    # designators: trailing (and a leading "operation"/"camp"/"mount"), never the whole name
    while len(core) > 1 and core[-1] in DESIGNATORS:
        designators.add(core.pop())
    while len(core) > 1 and core[0] in (EVENT_DESIGNATORS | {"camp", "mount"}):
        designators.add(core.pop(0))
    named_after = "of" in toks and toks[-1] != "of" and toks.index("of") < len(toks) - 2 \
        and (toks[-1] in LAW_HEADS or toks[-1] in EVENT_HEADS)
    if named_after:
        # "Gulf of Sirte Resolution", "Bay of Pigs Invasion": a law or happening named after a
        # place is headed by its last word, and is not the place
        head = words[-1]
    elif "of" in toks:
        before_of = content(toks[:toks.index("of")])
        head = before_of[-1] if before_of else words[-1]
        # "operation of Korvel": the designator is the head
        if head in EVENT_DESIGNATORS and len(core) >= 1:
            designators.add(head)
            core = [t for t in core if t != head] or core
    else:
        nonnum = [t for t in words if not t.isdigit()]
        head = nonnum[-1] if nonnum else words[-1]
    raw_head, head = head, singular(head)
    core_before_of = core if named_after else [t for t in core if "of" not in toks or t in toks[:toks.index("of")]]
    core_head = singular(core_before_of[-1]) if core_before_of else head
    tks = tuple(translit(singular(t)) for t in words)
    joined = "".join(words)
    hint = None
    lw = set(words)
    if lw & LAW_HEADS or (numbers and head in LAW_HEADS):
        hint = "LAW"
    elif lw & EVENT_DESIGNATORS or raw_head in EVENT_HEADS or head in EVENT_HEADS:
        hint = "EVENT"
    elif raw_head in ORG_HEADS or head in ORG_HEADS or lw & ORG_DESIGNATORS:
        hint = "ORG"
    elif raw_head in PLACE_HEADS or designators & PLACE_DESIGNATORS:
        hint = "LOC"
    elif title and not acr and not TITLE_WORDS.issuperset(words):
        hint = "PERSON"
    elif quals:
        hint = "PLACE"
    return Form(
        text=text, name=name, title=title, toks=toks, words=words, key=" ".join(words),
        joined=joined, tk=translit(joined), tks=tks, skel=skeleton(joined),
        core=tuple(core), core_tk="".join(translit(singular(t)) for t in core),
        designators=frozenset(designators), qualifiers=quals, numbers=numbers, acronym=acr,
        inits=frozenset(initials(name)) if not acr else frozenset(), head=head, core_head=core_head,
        hint=hint,
    )


def is_junk(text: str) -> bool:
    """A cleaned form with nothing to name: empty, no letters, or only function words."""
    if not text or not re.search(r"[A-Za-z\u00C0-\u024F]", text):
        return True
    toks = tokens(text)
    return not toks or all(t in STOPWORDS for t in toks)
