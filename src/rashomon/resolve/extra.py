"""Name mentions spaCy's tagger misses, for the extractor to add after spaCy's entities.

`extra_name_mentions(doc, sdoc)` finds, outside spaCy's name entities:
- the shapes in `patterns` (operations, numbered resolutions, quoted title-case names, acronyms,
  ezafe compounds, compass-qualified places);
- runs of two or more proper nouns (spaCy POS ``PROPN``, "of" allowed inside) such as a headline
  "Silent Dawn" or "Morvanin Vardan Organization";
- lowercase repetitions of a multiword name the same document writes capitalized ("the
  liberation army" after "The Liberation Army");
- repetitions of a one-word place name the document names elsewhere, where spaCy saw none.
Mentions get ids ``f"{doc.id}.x{n}"``; overlapping finds keep the longest.
"""
from __future__ import annotations

import bisect
import re

from .. import data
from ..models import Document, Mention
from .forms import FUNCTION_CAPS, clean_span, is_junk, make_form
from .patterns import pattern_names

NAME_LABELS = {"PERSON": "actor", "ORG": "actor", "NORP": "actor", "GPE": "place", "LOC": "place",
               "FAC": "place", "EVENT": "other", "LAW": "other", "PRODUCT": "other",
               "WORK_OF_ART": "other", "LANGUAGE": "other", "MISC": "other"}
# month and weekday names and abbreviations (a superset of Python's calendar.month_abbr/day_abbr,
# which it replaced: "sept", "tues", "thur", "thurs" are also here)
_CALENDAR = frozenset().union(*(data.words("calendar", k) for k in (
    "months", "month_abbreviations", "weekdays", "weekday_abbreviations")))
_PLACE_PREPS = {"in", "near", "at", "from", "outside", "around", "into", "towards", "toward", "across"}
_HINT_LABEL = {"ORG": "ORG", "EVENT": "EVENT", "LAW": "LAW", "LOC": "LOC", "PERSON": "PERSON"}
_EVENT_CUE = re.compile(r"(?:operations?|offensive|attack|campaign)[ \t]+(?:called|named|dubbed|"
                        r"code-?named)[ \t]*[“\"]?$|code[- ]?name[ \t]*[“\"]?$|called[ \t]+"
                        r"(?:the|their|its)[ \t]+operation[ \t]*[“\"]?$", re.I)


def _headline(line: str) -> bool:
    """A title-case line (a headline or a menu), where capitals do not mark names."""
    words = [w for w in re.findall(r"[A-Za-z’']+", line) if len(w) >= 4]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _proper_runs(sdoc) -> list[tuple[int, int]]:
    """Character spans of runs of 2+ proper nouns ("of" inside allowed); in title-case lines only
    those with a designator ("... Organization", "Operation ...")."""
    runs = []
    toks = list(sdoc)
    text = sdoc.text
    i = 0
    while i < len(toks):
        t = toks[i]
        if (t.pos_ == "PROPN" and t.text[:1].isupper() and t.text.lower() not in FUNCTION_CAPS
                and not (t.is_sent_start and t.text.endswith("ly"))):

            j = i + 1
            while j < len(toks):
                u = toks[j]
                if u.pos_ == "PROPN" and u.text[:1].isupper() and "\n" not in u.text:
                    j += 1
                elif (u.lower_ == "of" and j + 1 < len(toks) and toks[j + 1].pos_ == "PROPN"
                      and toks[j + 1].text[:1].isupper()):
                    j += 2
                elif u.text in ("-", "‐") and j + 1 < len(toks) and toks[j + 1].text[:1].isupper() \
                        and not toks[j].whitespace_:
                    j += 2
                else:
                    break
            if j - i >= 2:
                start, end = toks[i].idx, toks[j - 1].idx + len(toks[j - 1].text)
                ls = text.rfind("\n", 0, start) + 1
                le = text.find("\n", start)
                # in a headline, capitals mark every word: keep only names with a designator
                if not _headline(text[ls: le if le >= 0 else len(text)]) or make_form(text[start:end]).hint:
                    runs.append((start, end))
            i = j
        else:
            i += 1
    return runs


def extra_name_mentions(doc: Document, sdoc) -> list[Mention]:
    """Name mentions spaCy's entities do not cover (see the module docstring)."""
    text = doc.text
    ents = [(e.start_char, e.end_char, e.label_) for e in sdoc.ents if e.label_ in NAME_LABELS]
    ent_starts = sorted(ents)
    sent_starts = [s.start_char for s in sdoc.sents]

    def overlaps_ent(s: int, e: int) -> bool:
        """Whether a find cuts across one of spaCy's names (a find that contains whole names is a
        longer name: "UN Security Council Resolution 714" around "UN Security Council")."""
        return any(es < e and s < ee and not (s <= es and ee <= e) for es, ee, _ in ent_starts)

    def inner_label(s: int, e: int) -> str | None:
        for es, ee, lab in ent_starts:
            if s <= es and ee <= e:
                return lab
        return None

    found: list[tuple[int, int, str]] = []
    for s, e, label in pattern_names(text):
        s, e = clean_span(text, s, e)
        if e <= s or is_junk(text[s:e]):
            continue
        if label == "MISC":
            hint = make_form(text[s:e]).hint
            label = _HINT_LABEL.get(hint or "", None) or inner_label(s, e) or "MISC"
            if _EVENT_CUE.search(text[max(0, s - 40):s]):
                label = "EVENT"
        found.append((s, e, label))
    surnames = {e.text.split()[-1] for e in sdoc.ents if e.label_ == "PERSON" and e.text.split()}
    for s, e in _proper_runs(sdoc):
        s, e = clean_span(text, s, e)
        if e <= s or is_junk(text[s:e]) or len(text[s:e].split()) < 2:
            continue
        hint = make_form(text[s:e]).hint
        label = _HINT_LABEL.get(hint or "", "MISC")
        if label == "MISC" and len(text[s:e].split()) <= 3 and text[s:e].split()[-1] in surnames:
            label = "PERSON"  # "Teodor Halvard" where the document calls Halvard a person
        found.append((s, e, label))
    # a lone capitalised word after a preposition of place, mid-sentence ("near Tarn", "in Edlin"): a place
    for t in sdoc:
        if (t.pos_ == "PROPN" and t.text[:1].isupper() and not t.is_sent_start and t.i > 0
                and sdoc[t.i - 1].lower_ in _PLACE_PREPS and t.text.lower() not in FUNCTION_CAPS
                and t.text.lower() not in _CALENDAR and not t.ent_type_
                and not (t.i + 1 < len(sdoc) and sdoc[t.i + 1].pos_ == "PROPN")):
            found.append((t.idx, t.idx + len(t.text), "GPE"))
    # lowercase repetitions of a multiword capitalized name of this document
    known = {}
    for s, e, lab in ents + found:
        cs, ce = clean_span(text, s, e)
        name = text[cs:ce]
        words = name.split()
        if len(words) >= 2 and name[:1].isupper() and "\n" not in name:
            # the name and its shorter tails that keep the head ("liberation army")
            for i in range(len(words) - 1):
                known.setdefault(" ".join(words[i:]).lower(), lab)
    for low, lab in known.items():
        if not re.search(r"[a-z]", low) or len(low) < 6:
            continue
        for m in re.finditer(rf"(?<![\w-]){re.escape(low)}(?![\w-])", text):
            found.append((m.start(), m.end(), lab))
    # a place this document names elsewhere, written again where spaCy saw no name ("Varno (pop. ...")
    places = {text[s:e] for s, e, lab in ents if lab in ("GPE", "LOC") and re.fullmatch(r"[A-Z][a-z]{3,}", text[s:e])}
    for name in sorted(places):
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            if any(es == m.start() and ee == m.end() for es, ee, _ in ents):
                continue
            found.append((m.start(), m.end(), "GPE" if any(text[s:e] == name and lab == "GPE" for s, e, lab in ents)
                          else "LOC"))
    # keep the longest of overlapping finds, outside spaCy's names
    found.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
    kept: list[tuple[int, int, str]] = []
    for s, e, lab in found:
        if overlaps_ent(s, e) or any(ks < e and s < ke for ks, ke, _ in kept):
            continue
        kept.append((s, e, lab))
    kept.sort()
    out = []
    for n, (s, e, lab) in enumerate(kept, 1):
        sent = max(0, bisect.bisect_right(sent_starts, s) - 1)
        out.append(Mention(id=f"{doc.id}.x{n}", doc=doc.id, start=s, end=e, text=text[s:e],
                           kind=NAME_LABELS.get(lab, "other"), label=lab, sentence=sent))
    return out
