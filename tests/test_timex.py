"""Dates: finding temporal expressions and resolving them to ISO/TIMEX3 values (rashomon.extract.timex)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rashomon.extract.nlp import load_nlp
from rashomon.extract.timex import extract_dates, weekday_mismatch
from rashomon.models import Document, Mention

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def dates(text: str, published: str | None = None, doc_id: str = "d1") -> list[Mention]:
    return extract_dates(Document(text=text, id=doc_id, published=published), load_nlp()(text))


def at(ms: list[Mention], quote: str) -> Mention:
    """The one mention overlapping the (first occurrence of the) quote."""
    text_hits = [m for m in ms if quote in m.text or m.text in quote]
    assert len(text_hits) == 1, f"{quote!r}: {[m.text for m in ms]}"
    return text_hits[0]


def none_at(ms: list[Mention], quote: str) -> None:
    assert not [m for m in ms if quote in m.text or m.text in quote], [m.text for m in ms]


# ---------------------------------------------------------------- absolute dates

@pytest.mark.parametrize("text, quote, value", [
    ("The levee failed on August 29, 2005, flooding the city.", "August 29, 2005", "2005-08-29"),
    ("Polls closed on 7 May 2015 across the country.", "7 May 2015", "2015-05-07"),
    ("Flood waters peaked on June 7th, 1986 in the valley.", "June 7th, 1986", "1986-06-07"),
    ("The merger was completed on 2001-09-04 after a vote.", "2001-09-04", "2001-09-04"),
    ("The contract was signed on 03/14/1999 in Denver.", "03/14/1999", "1999-03-14"),
    ("The receipt is dated 06/07/1986.", "06/07/1986", "1986-06-07"),
    ("The receipt is dated 25/12/1999.", "25/12/1999", "1999-12-25"),
    ("The declaration was signed on the 4th of July 1776.", "4th of July 1776", "1776-07-04"),
    ("In March 1991 the ceasefire held.", "March 1991", "1991-03"),
    ("The mill opened in 1921 on the river.", "1921", "1921"),
    ("Troops entered the capital on Sept. 11, 2001, officials said.", "Sept. 11, 2001", "2001-09-11"),
    ("The miners' strike ended in July 2012.", "July 2012", "2012-07"),
    ("THE ARMISTICE WAS SIGNED ON NOVEMBER 11, 1918.", "NOVEMBER 11, 1918", "1918-11-11"),
    ("A later charter, dated AD 622, survives.", "AD 622", "0622"),
])
def test_absolute_dates(text, quote, value):
    m = at(dates(text), quote)
    assert m.value == value
    assert m.timex_type == "absolute"
    assert m.qualifier == "exact"
    assert m.kind == "date" and m.label == "DATE"


def test_day_interval_is_one_day_and_month_interval_is_the_month():
    ms = dates("The dam burst on 9 October 1963. Rebuilding began in February 1964.")
    assert (at(ms, "9 October 1963").first, at(ms, "9 October 1963").last) == ("1963-10-09", "1963-10-09")
    assert (at(ms, "February 1964").first, at(ms, "February 1964").last) == ("1964-02-01", "1964-02-29")


def test_time_of_day_is_part_of_no_mention_and_the_value_is_the_day():
    ms = dates("On July 25th, 1988 at 2:30 pm the column set off. At 2 p.m. the radio spoke.")
    assert [m.value for m in ms] == ["1988-07-25"]
    none_at(ms, "2 p.m.")


# ---------------------------------------------------------------- vague dates, decades, seasons, ranges

@pytest.mark.parametrize("text, quote, value, first, last, qualifier", [
    ("The party was formed in the mid-1960s by students.", "mid-1960s", "196", "1963-01-01", "1967-12-31", "about"),
    ("Output collapsed in the late 1980s.", "late 1980s", "198", "1987-01-01", "1989-12-31", "about"),
    ("The rebels struck in early 1988, seizing a town.", "early 1988", "1988-early", "1988-01-01", "1988-04-30", "about"),
    ("Talks resumed in late 1987 in Geneva.", "late 1987", "1987-late", "1987-09-01", "1987-12-31", "about"),
    ("The storm season peaked in mid-July 1988.", "mid-July 1988", "1988-07", "1988-07-11", "1988-07-20", "about"),
    ("Drought gripped the plains in the summer of 1982.", "summer of 1982", "1982-SU", "1982-06-01", "1982-08-31", "about"),
    ("The lake froze in the winter of 1962.", "winter of 1962", "1962-WI", "1962-12-01", "1963-02-28", "about"),
    ("The regime fell in the early 00s.", "early 00s", "200", "2000-01-01", "2003-12-31", "about"),
    ("Shipping boomed in the 1980s.", "1980s", "198", "1980-01-01", "1989-12-31", "exact"),
    ("The canal was dug in the 19th century.", "19th century", "18", "1800-01-01", "1899-12-31", "exact"),
    ("Prices rose sharply in the first half of 2015.", "first half of 2015", "2015", "2015-01-01", "2015-06-30", "about"),
    ("Rationing lasted until the end of 1953.", "end of 1953", "1953", "1953-10-01", "1953-12-31", "by"),
])
def test_vague_dates(text, quote, value, first, last, qualifier):
    m = at(dates(text), quote)
    assert (m.value, m.first, m.last, m.qualifier) == (value, first, last, qualifier)


def test_year_ranges_span_both_years():
    ms = dates("The league's history (1965-2005) is told in three volumes. The bank was run between 1983 and 1986.")
    r = at(ms, "1965-2005")
    assert (r.value, r.first, r.last, r.qualifier) == ("1965/2005", "1965-01-01", "2005-12-31", "range")
    b = at(ms, "1983 and 1986")
    assert (b.first, b.last) == ("1983-01-01", "1986-12-31")


def test_month_range_and_long_from_to_range():
    ms = dates("In May-June 2019 the talks stalled. The dynasty ruled from 1368 to 1644.")
    assert at(ms, "May-June 2019").value == "2019-05/2019-06"
    assert (at(ms, "1368 to 1644").first, at(ms, "1368 to 1644").last) == ("1368-01-01", "1644-12-31")


def test_day_range_in_one_month():
    m = at(dates("The festival ran June 7-9, 1986 in the park."), "June 7-9, 1986")
    assert (m.value, m.first, m.last) == ("1986-06-07/1986-06-09", "1986-06-07", "1986-06-09")


# ---------------------------------------------------------------- qualifiers

@pytest.mark.parametrize("text, quote, value, qualifier", [
    ("By January 1981, the front had stabilised.", "January 1981", "1981-01", "by"),
    ("by June 1982 the rebels held the north.", "June 1982", "1982-06", "by"),
    ("Since June 19, 1981, the group has been underground.", "June 19, 1981", "1981-06-19", "after"),
    ("Only one party could run until 1990.", "1990", "1990", "by"),
    ("After 1945 the city was rebuilt.", "1945", "1945", "after"),
    ("The chapel was built around 1850.", "1850", "1850", "about"),
    ("The chapel was built circa 1850.", "1850", "1850", "about"),
])
def test_qualifiers(text, quote, value, qualifier):
    m = at(dates(text), quote)
    assert (m.value, m.qualifier) == (value, qualifier)


def test_from_to_pair_is_a_lower_and_an_upper_bound():
    ms = dates("Since June 19, 1981, to the summer of 1982, the group waged a bombing campaign.")
    assert at(ms, "June 19, 1981").qualifier == "after"
    s = at(ms, "summer of 1982")
    assert (s.value, s.qualifier) == ("1982-SU", "by")


# ---------------------------------------------------------------- partial dates

def test_partial_date_takes_the_year_of_the_preceding_date():
    ms = dates("The river crested on July 22, 1993. Levees broke on July 25, flooding farms.")
    m = at(ms, "July 25")
    assert (m.value, m.timex_type, m.anchor) == ("1993-07-25", "partial", "d1.t1")


def test_partial_date_rolls_over_into_the_next_year():
    ms = dates("In December 1987 the talks failed; on January 5 they resumed and on the 20th they ended.")
    assert at(ms, "January 5").value == "1988-01-05"
    assert at(ms, "the 20th").value == "1988-01-20"
    assert at(ms, "the 20th").anchor == at(ms, "January 5").id


def test_partial_month_and_season_take_the_year_from_context():
    ms = dates("The dam was finished in 1936. In the summer, tourists came. In early July, boats arrived.")
    assert at(ms, "the summer").value == "1936-SU"
    e = at(ms, "early July")
    assert (e.value, e.first, e.last, e.qualifier) == ("1936-07", "1936-07-01", "1936-07-10", "about")


def test_partial_date_without_context_uses_the_publication_date():
    ms = dates("Voting ends on March 3, officials said.", published="2020-02-20")
    m = at(ms, "March 3")
    assert (m.value, m.anchor, m.timex_type) == ("2020-03-03", None, "partial")


def test_partial_date_in_a_present_or_future_sentence_uses_the_publication_date():
    ms = dates("The defence said the payments were made on 12 March 2010. A verdict is expected in the autumn.",
               published="2022-04-11")
    assert at(ms, "the autumn").value == "2022-FA"


def test_partial_date_in_a_past_sentence_keeps_the_narrative_year():
    ms = dates("The minister resigned in 2013. His co-defendant died in prison in December.", published="2022-04-11")
    assert at(ms, "December").value == "2013-12"


def test_partial_date_with_no_year_anywhere_is_dropped():
    assert dates("Voting ends on March 3, officials said.") == []


def test_ordinal_day_is_not_a_date_before_a_noun():
    ms = dates("In June 1944 the 3rd Army landed. On the 2nd floor, nothing happened.")
    assert [m.value for m in ms] == ["1944-06"]


# ---------------------------------------------------------------- relative dates

def test_relative_with_its_own_absolute_date_takes_the_absolute_value():
    ms = dates("The envoy flew to Cairo on June 7th, 1986. 8 days later on June 15, 1986, he met the president.")
    m = at(ms, "8 days later on June 15, 1986")
    assert m.text == "8 days later on June 15, 1986"
    assert m.value == "1986-06-15"


def test_relative_to_an_event_noun_phrase_spans_the_phrase():
    text = ("On Monday, July 18th, 1988 the radio broadcast the news of the truce. "
            "Two days after this news, the leader spoke.")
    m = at(dates(text), "Two days after this news")
    assert m.text == "Two days after this news"
    assert (m.value, m.timex_type, m.anchor) == ("1988-07-20", "relative", "d1.t1")


def test_a_day_before_the_event():
    ms = dates("The minister left for Paris on June 7th, 1986. A day before his flight, he gave an interview.")
    m = at(ms, "A day before his flight")
    assert (m.value, m.anchor) == ("1986-06-06", "d1.t1")


def test_event_anchor_is_the_date_whose_passage_mentions_the_event():
    text = ("The council adopted the resolution on March 2, 2011. Fighting flared on March 4, 2011 in the east. "
            "Four days after adopting the resolution, the council met again.")
    ms = dates(text)
    m = at(ms, "Four days after adopting")
    assert m.value == "2011-03-06"
    assert m.anchor == at(ms, "March 2, 2011").id


def test_event_anchor_may_follow_when_nothing_before_mentions_it():
    text = ("The first clashes came in April 1979 (six months before the invasion). "
            "The invasion began on September 22, 1980.")
    ms = dates(text)
    m = at(ms, "six months before")
    assert m.value == "1980-03"
    assert m.anchor == at(ms, "September 22, 1980").id


def test_event_dated_in_the_phrase_itself():
    ms = dates("He denounced the accord just eight days after its signing on August 19, 1987.")
    m = at(ms, "eight days after")
    assert m.value == "1987-08-27"
    assert m.anchor == at(ms, "August 19, 1987").id
    assert at(ms, "August 19, 1987").value == "1987-08-19"


@pytest.mark.parametrize("second, value", [
    ("The next morning, the troops withdrew.", "1988-08-21"),
    ("The following day, the troops withdrew.", "1988-08-21"),
    ("In the same afternoon, the troops withdrew.", "1988-08-20"),
    ("That night the troops withdrew.", "1988-08-20"),
    ("A week earlier, the troops had withdrawn.", "1988-08-13"),
    ("Two weeks later, the troops withdrew.", "1988-09-03"),
    ("The next year, the troops withdrew.", "1989"),
    ("The following month, the troops withdrew.", "1988-09"),
    ("Three years later, the troops withdrew.", "1991"),
    ("Later that year the troops withdrew.", "1988"),
    ("Forty-eight hours later the troops withdrew.", "1988-08-22"),
])
def test_relative_expressions(second, value):
    ms = dates("The ceasefire took effect on August 20, 1988, after eight years of fighting. " + second)
    assert len(ms) == 2, [m.text for m in ms]
    m = ms[1]
    assert (m.value, m.timex_type, m.anchor) == (value, "relative", "d1.t1")
    assert m.first <= m.last


def test_relative_restating_the_date_before_it_is_part_of_that_date():
    ms = dates("He was jailed on 3 October 1990. He was freed in 2002, 12 years later.")
    m = at(ms, "2002, 12 years later")
    assert (m.value, m.timex_type) == ("2002", "absolute")


def test_relative_part_of_the_month():
    ms = dates("Rain fell on 14 October 1987. By the end of the month, insurers had paid out.")
    m = at(ms, "the end of the month")
    assert (m.value, m.first, m.last, m.qualifier) == ("1987-10", "1987-10-21", "1987-10-31", "by")


def test_vague_relative_is_about_and_keeps_a_narrow_interval():
    m = dates("The quake hit on 7 December 1988. A few days later, aid arrived.")[1]
    assert (m.value, m.qualifier, m.first, m.last) == ("1988-12", "about", "1988-12-09", "1988-12-12")


def test_relative_chains_on_the_previous_relative():
    ms = dates("The polls closed on 4 November 2008. Four days later the transition began. A year later, the bill passed.")
    assert [m.value for m in ms] == ["2008-11-04", "2008-11-08", "2009"]
    assert ms[2].anchor == ms[1].id


def test_relative_with_a_vague_count_of_the_unit():
    ms = dates("The company was founded in 1950 and closed 40 years later.")
    assert at(ms, "40 years later").value == "1990"


# ---------------------------------------------------------------- deictic dates (anchored on publication)

@pytest.mark.parametrize("text, value", [
    ("The bridge collapsed yesterday.", "2020-06-14"),
    ("The bridge will reopen tomorrow.", "2020-06-16"),
    ("The bridge collapsed two weeks ago.", "2020-06-01"),
    ("The bridge was inspected last year.", "2019"),
    ("The bridge will reopen next month.", "2020-07"),
    ("The bridge collapsed earlier this year.", "2020"),
    ("The bridge collapsed on Friday.", "2020-06-12"),
    ("The bridge collapsed last Friday.", "2020-06-12"),
    ("The bridge was closed last week.", "2020-06"),
    ("The bridge was closed last March.", "2020-03"),
    ("The bridge collapsed this morning.", "2020-06-15"),
])
def test_deictic_expressions_use_the_publication_date(text, value):
    ms = dates(text, published="2020-06-15")
    assert len(ms) == 1, [m.text for m in ms]
    assert (ms[0].value, ms[0].anchor) == (value, None)


def test_deictic_without_publication_date_is_dropped():
    assert dates("The bridge collapsed yesterday.") == []


def test_tomorrow_in_reported_speech_uses_the_nearby_date():
    text = ("He left the country on June 7th, 1986. A day before his flight, he said on tape:\n\n"
            "If I don't go tomorrow, the day after tomorrow might be too late.")
    ms = dates(text)
    values = {m.text: m.value for m in ms}
    assert values["tomorrow"] == "1986-06-07"
    assert values["the day after tomorrow"] == "1986-06-08"


# ---------------------------------------------------------------- weekdays

def test_weekday_mismatch_is_detected():
    ms = dates("Attacks began on Friday, July 23rd, 1988 in the south.")
    m = at(ms, "Friday, July 23rd, 1988")
    assert (m.value, m.weekday) == ("1988-07-23", "Friday")
    assert weekday_mismatch(m) == "Saturday"


def test_correct_weekday_is_not_a_mismatch():
    m = dates("On Monday, July 18th, 1988 at 2 p.m. the radio broadcast the news.")[0]
    assert (m.value, m.weekday, weekday_mismatch(m)) == ("1988-07-18", "Monday", None)


def test_partial_date_weekday_is_not_judged():
    ms = dates("The season opened in 2016. The final was on Monday, April 15.")
    assert weekday_mismatch(at(ms, "Monday, April 15")) is None


def test_weekday_in_a_name_is_not_a_date():
    assert dates("The Friday prayers were cancelled and influential Friday Imams were arrested.") == []


def test_weekday_after_a_date_in_the_narrative():
    ms = dates("On Monday, June 3, 2019 the vote was held; on Thursday the count ended.")
    assert at(ms, "Thursday").value == "2019-06-06"


# ---------------------------------------------------------------- things that are not dates

@pytest.mark.parametrize("text", [
    "The siege lasted 24 hours and the march took 3 days.",
    "Over the next 28 years the region was rebuilt.",
    "For three days the city burned; the first two weeks were the hardest.",
    "Over the past 50 years the lake has shrunk.",
    "A 10-year plan and a five-year plan were drafted after years of war.",
    "He was 45 years old and his sister was in her 30s.",
    "The group put a force of 15000 people together.",
    "See Rastgoo, The Mirror of History, p. 400.",
    "The organisation listed 1274 people killed and 1000 RPG launchers lost.",
    "The council passed Resolution 1701 unanimously.",
    "The company paid $2000 to 1,500 workers.",
    "Khoramshahr was about to fall again after the fall of the government.",
    "May God protect them, they said as they began to march.",
    "They held a seven-day mourning service.",
    "The gala was held at Mar-a-Lago, a 2-1 win at 12:30 in Room 1204.",
    "For years after the war he lived abroad.",
])
def test_not_dates(text):
    assert dates(text, published="2020-01-01") == [], [m.text for m in dates(text, published="2020-01-01")]


def test_month_names_need_a_date_context():
    ms = dates("The parliament met in May. In March, the king died.", published="1999-08-01")
    assert [m.value for m in ms] == ["1999-05", "1999-03"]


def test_citation_dates_are_kept():
    ms = dates("Rajavi saw the war as a source of cohesion. (Ali Soltani, The End of an Illusion, "
               "Iran Newspaper, July 26, 2005)")
    assert at(ms, "July 26, 2005").value == "2005-07-26"


def test_year_as_a_modifier_is_a_date():
    assert at(dates("The 2010 elections were close."), "2010").value == "2010"


# ---------------------------------------------------------------- mention fields

def test_ids_sentences_and_offsets():
    text = "The flood began on 7 June 1986.\nRain fell for weeks. Two days later the dam broke in 1986 style."
    ms = dates(text, doc_id="d7")
    assert [m.id for m in ms] == [f"d7.t{i}" for i in range(1, len(ms) + 1)]
    sents = list(load_nlp()(text).sents)
    for m in ms:
        assert m.text == text[m.start:m.end]
        assert m.doc == "d7"
        assert sents[m.sentence].start_char <= m.start < sents[m.sentence].end_char


def test_extract_dates_works_without_a_parse():
    text = "The levee failed on August 29, 2005. Two days later the city flooded. In 1986 it was fine."
    ms = extract_dates(Document(text=text, id="d1"), None)
    assert [m.value for m in ms] == ["2005-08-29", "2005-08-31", "1986"]


def test_empty_text():
    assert extract_dates(Document(text="", id="d1"), load_nlp()("")) == []


# ---------------------------------------------------------------- properties

_WORDS = ["June", "July", "May", "March", "Dec.", "Friday", "Monday", "7th", "23rd", "15", "31", "1", "1988",
          "1986", "2005", "1274", "15000", "1965-2005", "06/07/1986", "1988-07-25", "'80s", "1960s", "mid-1960s",
          "early", "late", "mid", "the", "of", "in", "on", "by", "since", "until", "after", "before", "later",
          "earlier", "ago", "next", "following", "same", "that", "this", "last", "day", "days", "week", "weeks",
          "month", "months", "year", "years", "decade", "century", "19th", "summer", "winter", "fall", "spring",
          "a", "few", "two", "Two", "eight", "8", "24", "hours", "morning", "afternoon", "night", "tomorrow",
          "yesterday", "today", "between", "and", "to", "from", "news", "flight", "resolution", "war", "he",
          "met", "left", ",", ".", "(", ")", "“", "”", '"', "\n", "\n\n", "2 p.m.", "about", "around", "AD", "BC",
          "half", "end", "beginning", "first", "second", "quarter", "-", "–", "/", "#", "p.", "Resolution"]


def _check(ms: list[Mention], text: str, doc_id: str = "d1") -> None:
    assert [m.id for m in ms] == [f"{doc_id}.t{i}" for i in range(1, len(ms) + 1)]
    ids = {m.id for m in ms}
    for m in ms:
        assert m.text == text[m.start:m.end]
        assert m.start < m.end
        assert m.first <= m.last
        assert isinstance(m.value, str) and m.value
        assert m.qualifier in ("exact", "by", "after", "about", "range")
        assert m.timex_type in ("absolute", "partial", "relative", "vague")
        assert m.anchor is None or m.anchor in ids
    assert all(a.end <= b.start for a, b in zip(ms, ms[1:]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=30),
       st.sampled_from([" ", " ", ", "]),
       st.one_of(st.none(), st.sampled_from(["2020-06-15", "1988-01-01", "bogus"])))
def test_property_date_soup_never_crashes(words, sep, published):
    text = sep.join(words)
    ms = extract_dates(Document(text=text, id="d1", published=published), load_nlp()(text))
    _check(ms, text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=0, max_size=200))
def test_property_any_text_never_crashes(text):
    ms = extract_dates(Document(text=text, id="d1", published="2001-01-01"), load_nlp()(text))
    _check(ms, text)
    _check(extract_dates(Document(text=text, id="d1"), None), text)


# ---------------------------------------------------------------- the seeds, graded like the scorer

def _locate(text: str, quote: str):
    i = text.find(quote)
    if i >= 0:
        return i, i + len(quote)
    words = quote.split()
    m = re.search(r"\s+".join(map(re.escape, words)), text) if words else None
    return (m.start(), m.end()) if m else None


@pytest.fixture(scope="module")
def seeds():
    gold_path = SHARED / "gold" / "seeds.json"
    if not gold_path.exists():
        pytest.skip("shared seeds not present")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    docs = {}
    for f in sorted((SHARED / "seeds").glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        docs[f.name] = (text, extract_dates(Document(text=text, id="d1"), load_nlp()(text)))
    return gold, docs


def test_seeds_timex_recall_and_accuracy(seeds):
    gold, docs = seeds
    total = found = checked = right = 0
    misses = []
    for t in gold["timex"]:
        text, ms = docs[t["file"]]
        total += 1
        span = _locate(text, t["quote"])
        if span is None:
            misses.append(("quote not found", t["quote"]))
            continue
        hit = [m for m in ms if m.start < span[1] and span[0] < m.end]
        if not hit:
            misses.append(("missed", t["quote"]))
            continue
        found += 1
        if not t.get("vague"):
            checked += 1
            ok = any(str(m.value) == t["value"] for m in hit)
            right += ok
            if not ok:
                misses.append(("wrong", t["quote"], t["value"], [m.value for m in hit]))
    recall, accuracy = found / total, right / checked
    assert recall >= 0.95 and accuracy >= 0.95, (recall, accuracy, misses)
    # the floors this module reached; raise them when they improve, never lower them
    assert recall >= 1.0 and accuracy >= 1.0, (recall, accuracy, misses)


def test_seeds_vague_values(seeds):
    gold, docs = seeds
    for t in gold["timex"]:
        if t.get("vague"):
            text, ms = docs[t["file"]]
            span = _locate(text, t["quote"])
            # a part of a year is written TIMEX3-style ("1988-early"), which the gold's timex list gives as "1988"
            assert any(m.value in (t["value"], t["value"] + "-early", t["value"] + "-mid", t["value"] + "-late") for m in ms if m.start < span[1] and span[0] < m.end), t


def test_seeds_weekday_mismatch(seeds):
    gold, docs = seeds
    for w in gold["weekday_mismatch"]:
        text, ms = docs[w["file"]]
        span = _locate(text, w["quote"])
        hits = [m for m in ms if m.start < span[1] and span[0] < m.end]
        assert any(m.weekday == w["stated"] and weekday_mismatch(m) == w["actual"] for m in hits), w
    # and no other weekday in the seeds is called wrong
    flagged = [(f, m.text) for f, (_, ms) in docs.items() for m in ms if weekday_mismatch(m)]
    assert len(flagged) == len(gold["weekday_mismatch"]), flagged


def test_a_month_and_day_given_in_full_before_is_that_day_again():
    text = ("Rebels raided the depot on March 3, 2015, and the town on March 5, 2015. In a 2019 film the "
            "commander admitted that the March 3 raid happened. He was born on May 1, 1970.\n\n"
            "On May 2 he spoke again.")
    ms = dates(text)
    again = [m for m in ms if "March 3" in m.text and "2015" not in m.text]
    assert [m.value for m in again] == ["2015-03-03"], [(m.text, m.value) for m in ms]
    assert at(ms, "May 2").value == "1970-05-02"   # another day: the nearest year, as before


def test_after_an_event_counts_from_the_date_that_tells_of_it():
    text = ("The Lorn dam disaster was a flood on the night of 4 May 1961 in the Lorn valley. In 1970, the "
            "builder paid $5 million to settle claims stemming from the disaster. The valley was resettled "
            "twelve years after the disaster.")
    assert at(dates(text), "twelve years after the disaster").value == "1973"


def test_a_shift_from_an_event_appended_to_a_date_restates_it():
    text = ("The gas leaked on December 3, 1984. Police arrested him on December 7, 1984, four days after "
            "the disaster. He left on December 9, 1984, two days later.")
    ms = dates(text)
    assert [m.value for m in ms if m.text == "December 7, 1984"] == ["1984-12-07"]
    assert at(ms, "two days later").value == "1984-12-09"
    # the shift also says when the disaster was: four days before December 7
    implied = at(ms, "four days after the disaster")
    assert (implied.value, implied.label, implied.predicate, implied.counted) == \
        ("1984-12-03", "IMPLIED", "disaster", "1984-12-07")
    assert not [m for m in ms if m.label == "IMPLIED" and "later" in m.text]   # no event named: nothing implied


def test_a_range_of_days_gives_a_later_month_and_day_its_year():
    text = ("Storm Pella\n- Duration: May 3–5, 2019\n\nBetween May 3–5, 2019, Pella hit the coast. It "
            "strengthened late on May 2 and made landfall early on May 3.")
    ms = dates(text)
    assert at(ms, "May 2").value == "2019-05-02"
    assert at(ms, "early on May 3").value == "2019-05-03" if any("early" in m.text for m in ms) \
        else [m.value for m in ms if m.text == "May 3"] == ["2019-05-03"]


def test_a_time_ago_appended_to_a_date_restates_it():
    ms = dates("Early on Wednesday, September 20th, 2017, two weeks ago, the storm made landfall.",
               published="2017-10-04")
    assert [m.value for m in ms] == ["2017-09-20"]


def test_a_citation_year_dates_what_the_text_gives_no_other_year():
    """A bracketed citation is no anchor while the narrative has its own dates, but where it holds the only
    year, a month and day after it take that year rather than being dropped."""
    ms = dates("(Situation Room log, 12 May; Archive file 1971)\nAt 9:40 p.m. on May 14, the minister spoke.")
    assert at(ms, "May 14").value == "1971-05-14"
    ms = dates("The talks opened on May 2, 1990. (Archive file 1971)\nOn May 14, the minister spoke.")
    assert at(ms, "May 14").value == "1990-05-14"


def test_a_counted_window_is_no_vague_date():
    """"in the six months after the storm" is a window of a count, not "months after" the storm (a vague date)."""
    ms = dates("The storm hit in 2017. About 2,975 people died in the six months after the storm made landfall.")
    assert [m.text for m in ms] == ["2017"]
    ms = dates("The storm hit in 2017. Months after the storm, people left.")
    assert [m.text for m in ms] == ["2017", "Months after the storm"]
