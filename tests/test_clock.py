"""Times of day: read from the text with their zone and day, and compared when two accounts time one
happening by one party (texts written for these tests)."""
from __future__ import annotations

import pytest

from rashomon.extract import extract_document
from rashomon.extract.nlp import load_nlp
from rashomon.models import Document

from test_compare import _findings, _has, _run


def times(text: str) -> list[tuple[str, str, str | None, str | None]]:
    doc = Document(text=text, id="d1")
    return [(m.text, m.value, m.qualifier, m.first) for m in extract_document(doc, load_nlp()(text)).mentions
            if m.kind == "time"]


@pytest.mark.parametrize("text, expected", [
    ("At 9:40 p.m. on May 14, 1971, the minister spoke.", [("9:40 p.m.", "21:40", "exact", "1971-05-14")]),
    ("On May 14, 1971, the dam broke around 6:00 AM.", [("6:00 AM", "06:00", "about", "1971-05-14")]),
    ("The storm came ashore at 10:15 UTC on May 14, 1971.", [("10:15 UTC", "10:15+00:00", "exact", "1971-05-14")]),
    ("(Friday, May 14, 1971, 11:34 p.m. EDT) The minister spoke.", [("11:34 p.m. EDT", "23:34-04:00", "exact",
                                                                    "1971-05-14")]),
    ("At 12 minutes past midnight, the valve failed.", [("12 minutes past midnight", "00:12", "exact", None)]),
    ("10.30 p.m.: Smoke rises from the roof.", [("10.30 p.m.", "22:30", "exact", None)]),
])
def test_times_of_day(text, expected):
    assert times(text) == expected


@pytest.mark.parametrize("text", [
    "In 1971, 11 people were hurt.",
    "Section 2.30 of the act applies.",
    "The score was 3-2 at half time.",
    "Flight 5 UTC departures were cancelled.",
])
def test_not_times_of_day(text):
    assert times(text) == []


def test_two_times_of_one_statement_conflict(tmp_path):
    """One minister's address timed 9:40 p.m. and 9:52 p.m. on one day: a dispute. A time stamped in UTC is
    never set against one that states no zone; another speaker's time is another happening."""
    texts = {
        "archive.txt": ("Minister Halvorsen's address\n\nAt 9:40 p.m. on May 14, 1971, Minister Halvorsen addressed "
                        "the nation from the palace.\n"),
        "paper.txt": ("The night of the address\n\n(Friday, May 14, 1971, 9:52 p.m. EDT; during the border crisis) — "
                      "Minister Halvorsen announced tonight that the border was closed.\n"),
        "wire.txt": ("Border closed\n\nMinister Halvorsen spoke at 01:40 UTC on May 15, 1971, a wire service said. "
                     "On May 14, 1971, Governor Brandt addressed the crowd at 7:05 p.m.\n"),
    }
    data = _run(tmp_path, texts)
    found = [f for f in _findings(data, "conflict") if f["what"].startswith("time of day")]
    assert len(found) == 1, data["findings"]
    assert _has(data, found[0], ["21:40", "21:52-04:00"])
    assert not any(_has(data, f, ["01:40+00:00", "21:40"]) for f in _findings(data, "conflict"))
