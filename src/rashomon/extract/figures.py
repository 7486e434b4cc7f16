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
  phone numbers, street addresses, identifiers ("Resolution 714", "resolution # 714", "Article 5",
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

The work is split: `numbers` reads number expressions, `lines` the list layout of the text,
`figure_finder` finds figures with their ranges, currencies and qualifiers, `counted` finds the counted
noun and the predicate, and `figure_exclusions` holds the not-a-figure rules. This module runs them.
"""
from __future__ import annotations

import bisect
from decimal import Decimal

from spacy.tokens import Doc, Token

from .. import data
from ..models import Document, Mention
from .counted import Analyzer, intro_predicate
from .figure_exclusions import Exclusions
from .figure_finder import CURRENCY, Figure, Finder
from .lines import Line, text_lines
from .numbers import to_python

# predicates whose implicit counted things are people ("the number of 1,300 killed")
_CASUALTY = data.words("harm", "casualty_predicates")


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
    finder = Finder(doc, sdoc, taken)
    an = Analyzer(finder)
    rules = Exclusions(finder)
    sents = list(sdoc.sents)
    sent_starts = [s.start_char for s in sents]
    found: list[tuple[Figure, Token | None, str | None, str | None]] = []
    for fig in finder.run():
        if fig.qualifier == "skip":
            continue
        tok, counted = an.counted(fig)
        if rules.excluded(fig, tok, counted):
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
                pred = intro_predicate(sdoc, lines.lines[ln.intro_line])
        if counted is None and pred in _CASUALTY:
            counted = "people"
        label = _label(finder, fig, counted)
        value = fig.value
        if isinstance(value, list):
            value = [to_python(Decimal(value[0])), to_python(Decimal(value[1]))]
        else:
            value = to_python(Decimal(value))
        si = max(0, bisect.bisect_right(sent_starts, start) - 1)
        out.append(Mention(id="", doc=doc.id or "", start=start, end=end, text=doc.text[start:end],
                           kind="quantity", label=label, sentence=si, value=value,
                           qualifier=fig.qualifier, counted=counted, predicate=pred))
    out.sort(key=lambda m: (m.start, m.end))
    for k, m in enumerate(out, 1):
        m.id = f"{doc.id}.q{k}"
    return out


# currency names a counted noun can be ("2 million dollars")
_CURRENCY_WORDS = data.words("figures", "currency_words")


def _label(finder: Finder, fig: Figure, counted: str | None = None) -> str:
    """The entity label of a figure: PERCENT, MONEY, or spaCy's CARDINAL / QUANTITY."""
    if fig.percent:
        return "PERCENT"
    if fig.currency:
        return "MONEY"
    for k in range(fig.num.start, fig.num.end):
        e = finder.ent_of.get(k)
        if e is not None and e.label_ in ("CARDINAL", "QUANTITY"):
            return e.label_
    if counted in CURRENCY.values() or counted in _CURRENCY_WORDS:
        return "MONEY"
    return "CARDINAL"


__all__ = ["extract_figures", "text_lines", "Line"]
