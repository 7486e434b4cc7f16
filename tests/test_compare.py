"""Alignment and comparison on texts about unrelated events: what must be a conflict, an agreement,
an inconsistency — and what must not."""
from __future__ import annotations

import datetime as dt

import pytest

import rashomon
from rashomon.compare.values import compatible, number_interval, severity
from rashomon.models import Mention


def _run(tmp_path, texts: dict[str, str]) -> dict:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return rashomon.analyze([folder], db=tmp_path / "t.db")


def _findings(data, kind):
    return [f for f in data["findings"] if f["type"] == kind]


def _values(data, finding):
    ms = {m["id"]: m for m in data["mentions"]}
    return sorted(str(ms[i]["value"]) for i in finding["mentions"])


def _has(data, finding, values):
    """A finding states these values: a conflict sets the first against the second (on different
    sides of its `groups`); an agreement or inconsistency holds each of them (as many times as listed)."""
    ms = {m["id"]: m for m in data["mentions"]}
    if finding["type"] == "conflict" and len(values) == 2:
        sides = finding.get("groups") or [[i] for i in finding["mentions"]]
        vals = [{str(ms[i]["value"]) for i in side} for side in sides]
        return any(values[0] in x and values[1] in y for i, x in enumerate(vals) for j, y in enumerate(vals) if i != j)
    got = _values(data, finding)
    return all(got.count(v) >= values.count(v) for v in values)


# ------------------------------------------------------------------ values and qualifiers

def _date(value, first, last, qualifier="exact"):
    return Mention(id="x", doc="d1", start=0, end=1, text="x", kind="date", label="DATE", sentence=0,
                   value=value, first=first, last=last, qualifier=qualifier)


def _fig(value, qualifier="exact"):
    return Mention(id="x", doc="d1", start=0, end=1, text="x", kind="quantity", label="CARDINAL", sentence=0,
                   value=value, qualifier=qualifier)


def test_an_upper_bound_agrees_with_a_date_before_it():
    by_june = _date("1982-06", "1982-06-01", "1982-06-30", "by")
    in_may = _date("1982-05", "1982-05-01", "1982-05-31")
    assert compatible(by_june, in_may)


def test_early_in_a_year_does_not_contain_its_autumn():
    early = _date("2019", "2019-01-01", "2019-04-30")
    november = _date("2019-11-20", "2019-11-20", "2019-11-20")
    assert not compatible(early, november)


def test_rounded_figure_agrees_with_the_exact_one_and_over_does_not():
    assert compatible(_fig(1300), _fig(1274))
    assert not compatible(_fig(2500, "over"), _fig(1300))
    assert compatible(_fig([20, 99], "about"), _fig(72))


def test_one_day_apart_is_minor_a_year_apart_is_major():
    a = _date("2021-03-03", "2021-03-03", "2021-03-03")
    b = _date("2021-03-04", "2021-03-04", "2021-03-04")
    c = _date("2022-03-03", "2022-03-03", "2022-03-03")
    assert severity(a, b) == "minor"
    assert severity(a, c) == "major"


def test_number_interval_of_round_figures():
    assert number_interval(_fig(1300)) == (1250.0, 1350.0)
    assert number_interval(_fig(30)) == (30.0, 30.0)


# ------------------------------------------------------------------ end to end on composed texts

FLOOD = {
    "a_ministry.txt": (
        "Dam failure floods Edlin\n\n"
        "The Marrow dam collapsed on March 3, 2021, sending water through the town of Edlin.\n\n"
        "According to the interior ministry, more than 300 people were killed in the Edlin flood.\n"),
    "b_relief.txt": (
        "Relief groups count the dead\n\n"
        "The Valley Relief Committee said 120 people were killed in the Edlin flood.\n\n"
        "Rescuers reached Edlin on March 5, 2021.\n"),
    "c_wire.txt": (
        "Edlin flood toll disputed\n\n"
        "The Marrow dam collapsed on March 3, 2021 after a week of rain.\n\n"
        "Local officials said about 125 people were killed in the Edlin flood.\n\n"
        "In 1998, 40 people were killed when a bridge fell in Portis.\n"),
}


@pytest.fixture(scope="module")
def flood(tmp_path_factory):
    return _run(tmp_path_factory.mktemp("flood"), FLOOD)


def test_death_toll_from_different_parties_conflicts(flood):
    conflicts = _findings(flood, "conflict")
    assert any(_has(flood, f, ["120", "300"]) for f in conflicts), conflicts
    f = next(f for f in conflicts if _has(flood, f, ["120", "300"]))
    assert "interior ministry" in f["explanation"] and "Valley Relief Committee" in f["explanation"]


def test_compatible_tolls_and_dates_agree(flood):
    agreements = _findings(flood, "agreement")
    assert any(_has(flood, f, ["120", "125"]) for f in agreements), agreements
    assert any(_has(flood, f, ["2021-03-03", "2021-03-03"]) for f in agreements), agreements


def test_a_figure_about_another_event_is_not_compared(flood):
    for f in flood["findings"]:
        assert "40" not in _values(flood, f), f


def test_rescue_date_is_not_the_collapse_date(flood):
    for f in _findings(flood, "conflict"):
        assert "2021-03-05" not in _values(flood, f), f


BIOS = {
    "bio1.txt": ("Helga Brandt, engineer\n\n"
                 "Helga Brandt founded Brandt Turbines in 1952 in Kiel.\n\n"
                 "She met the minister in 1960.\n"),
    "bio2.txt": ("A life in turbines\n\n"
                 "Brandt Turbines was founded by Helga Brandt in 1954.\n\n"
                 "She met the minister in 1966.\n"),
}


def test_founding_years_conflict_but_recurring_meetings_do_not(tmp_path):
    data = _run(tmp_path, BIOS)
    conflicts = _findings(data, "conflict")
    assert any(_has(data, f, ["1952", "1954"]) for f in conflicts), conflicts
    assert not any("1960" in _values(data, f) for f in conflicts)
    event_ids = {m["event"] for m in data["mentions"] if m["value"] in ("1952", "1954")}
    labels = [e["label"] for e in data["events"] if e["id"] in event_ids]
    assert labels and "founded" in labels[0]


RELEASE = ("Port authority statement\n\n"
           "The Harlow port authority said the new container terminal opened on May 2, 2019, "
           "after four years of construction that employed more than 900 workers from the region. "
           "The terminal will handle two million containers a year, the authority said in its statement, "
           "and it expects shipping lines from Asia and Europe to call at Harlow within the next year.\n")


def test_a_republished_text_is_not_independent_corroboration(tmp_path):
    copy = RELEASE.replace("Port authority statement", "Harlow Daily: terminal news")
    other = ("Terminal opens\n\nThe Harlow container terminal opened on May 2, 2019, the port authority said.\n")
    data = _run(tmp_path, {"release.txt": RELEASE, "copy.txt": copy, "report.txt": other})
    assert data["copies"], "the copied release was not detected"
    agreements = _findings(data, "agreement")
    # the release and its copy are one source: the date they share is corroborated by the report alone
    dated = [f for f in agreements if any(m.startswith("d") for m in f["mentions"]) and "republished" in f["explanation"]]
    assert dated, agreements
    assert all("2 independent sources" in f["explanation"] for f in dated), dated
    assert not any(not f["independent"] and "republished" not in f["explanation"] for f in agreements)


def test_weekday_that_does_not_match_its_date_is_an_inconsistency(tmp_path):
    text = "Storm report\n\nThe storm reached Calder on Tuesday, October 3, 2022, and the roads closed.\n"
    data = _run(tmp_path, {"s.txt": text})
    incs = _findings(data, "inconsistency")
    assert any("Tuesday" in f["explanation"] and "Monday" in f["explanation"] for f in incs), incs


def test_shared_numbers_in_unrelated_sentences_are_not_findings(tmp_path):
    a = "Town notes\n\nThe library opened in 1990 with 300 books.\n"
    b = "Harbour notes\n\nThe harbour was dredged in 1990 and 300 boats were moved.\n"
    data = _run(tmp_path, {"a.txt": a, "b.txt": b})
    assert not _findings(data, "conflict")
    assert not _findings(data, "agreement")


QUAKE = {
    "agency.txt": (
        "Earthquake kills hundreds in Varna province\n\n"
        "A magnitude 6.8 earthquake struck the mountain town of Belgor on Tuesday, April 12, 2022, "
        "destroying more than 1,200 homes.\n\n"
        "The national disaster agency said 412 people were killed and about 3,000 injured.\n\n"
        "In 2009, a smaller quake killed 37 people in the same valley.\n"),
    "opposition.txt": (
        "Belgor quake: opposition disputes toll\n\n"
        "The earthquake that hit Belgor on April 11, 2022 killed at least 600 people, the opposition "
        "Civic Union said on Thursday.\n\n"
        "The government says 412 people died.\n"),
    "aid.txt": (
        "Aid arrives in Belgor\n\n"
        "Aid convoys reached Belgor a week after the earthquake of April 12, 2022. The Red Crescent said "
        "about 400 people had been killed.\n"),
}


@pytest.fixture(scope="module")
def quake(tmp_path_factory):
    return _run(tmp_path_factory.mktemp("quake"), QUAKE)


def test_the_date_of_a_named_happening_in_one_place_is_compared(quake):
    conflicts = _findings(quake, "conflict")
    assert any(_has(quake, f, ["2022-04-11", "2022-04-12"]) and f["severity"] == "minor"
               for f in conflicts), conflicts


def test_tolls_compared_across_parties_and_an_older_toll_left_alone(quake):
    conflicts = _findings(quake, "conflict")
    assert any(_has(quake, f, ["412", "600"]) for f in conflicts)
    assert any(_has(quake, f, ["412", "412"]) for f in _findings(quake, "agreement"))
    for f in quake["findings"]:
        assert "37" not in _values(quake, f)
    f = next(f for f in conflicts if _has(quake, f, ["412", "600"]))
    assert "Civic Union" in f["explanation"]


# ------------------------------------------------------------------ properties

from hypothesis import given, strategies as st  # noqa: E402

_quals = st.sampled_from(["exact", "over", "under", "about", "at least", "at most"])


@given(st.integers(0, 10**7), _quals, st.integers(0, 10**7), _quals)
def test_figure_compatibility_is_symmetric(x, qx, y, qy):
    a, b = _fig(x, qx), _fig(y, qy)
    assert compatible(a, b) == compatible(b, a)
    assert compatible(a, a)


@given(st.dates(dt.date(1000, 1, 1), dt.date(2999, 12, 31)), st.integers(0, 400),
       st.sampled_from(["exact", "by", "after", "about"]),
       st.dates(dt.date(1000, 1, 1), dt.date(2999, 12, 31)), st.integers(0, 400),
       st.sampled_from(["exact", "by", "after", "about"]))
def test_date_compatibility_is_symmetric_and_severity_defined(d1, n1, q1, d2, n2, q2):
    a = _date(d1.isoformat(), d1.isoformat(), (d1 + dt.timedelta(days=n1)).isoformat(), q1)
    b = _date(d2.isoformat(), d2.isoformat(), (d2 + dt.timedelta(days=n2)).isoformat(), q2)
    assert compatible(a, b) == compatible(b, a)
    assert severity(a, b) in ("major", "minor")


SIEGE = {
    "chronicle.txt": (
        "The Siege of Qal'at Nur\n\n"
        "The siege of Qal'at Nur began on October 3, 1842, when the army of Emir Yusuf al-Khatib surrounded "
        "the fortress.\n\n"
        "After 40 days, the defenders surrendered on November 12, 1842. The chronicler wrote that 1,500 "
        "defenders were killed during the siege.\n\n"
        "In 1850 the fortress was rebuilt by the emir's son.\n"),
    "reassessment.txt": (
        "Qalat Noor: a reassessment\n\n"
        "Modern historians place the start of the siege of Qalat Noor on October 5, 1842. Emir Yousef "
        "al-Khateeb commanded a force of some 4,000 soldiers.\n\n"
        "British consular reports estimated that fewer than 600 defenders died. The fortress fell on "
        "November 12, 1842.\n"),
}


def test_a_siege_told_by_a_chronicle_and_a_reassessment(tmp_path):
    data = _run(tmp_path, SIEGE)
    conflicts = _findings(data, "conflict")
    assert any(_has(data, f, ["1842-10-03", "1842-10-05"]) for f in conflicts), conflicts
    # the inferred story time (November vs October 1842) is approximate and does not block the toll
    assert any(_has(data, f, ["1500", "600"]) for f in conflicts), conflicts
    assert any(_has(data, f, ["1842-11-12", "1842-11-12"]) for f in _findings(data, "agreement"))
    assert not any("1850" in _values(data, f) for f in data["findings"])


PROTEST = {
    "wire.txt": ("Crowds in Marin Square\n\n"
                 "Police said 12,000 people joined the protest in Marin Square on Saturday, May 6, 2023. "
                 "Organizers from the Civic Forum put the crowd at 80,000.\n"),
    "forum.txt": ("Marin Square rally\n\n"
                  "Tens of thousands of people rallied in Marin Square on May 6, 2023, according to the Civic "
                  "Forum, which organized the protest. The city police estimated the crowd at 15,000.\n"),
}


def test_crowd_estimates_from_police_and_organizers(tmp_path):
    data = _run(tmp_path, PROTEST)
    conflicts = _findings(data, "conflict")
    assert any(_has(data, f, ["15000", "80000"]) for f in conflicts), conflicts
    ms = {m["id"]: m for m in data["mentions"]}
    eighty = next(m for m in ms.values() if m["text"] == "80,000")
    assert eighty["attributed_to"] and "Civic Forum" in eighty["attributed_to"]
    assert any(_has(data, f, ["2023-05-06", "2023-05-06"]) for f in _findings(data, "agreement"))


def test_a_denial_conflicts_with_a_toll(tmp_path):
    texts = {
        "ministry.txt": ("Army repels drone attack on Sorvik\n\n"
                         "The Ministry of Defence said its air defences shot down 27 drones over Sorvik on "
                         "June 4, 2024. No casualties were reported, a ministry spokesman said.\n"),
        "front.txt": ("Drones hit Sorvik airport\n\n"
                      "Eastern Front forces struck the Sorvik airport on June 4, 2024, the group said.\n\n"
                      "According to the Eastern Front, at least 12 soldiers were killed in the strike on Sorvik.\n"),
    }
    data = _run(tmp_path, texts)
    assert any(_has(data, f, ["0", "12"]) for f in _findings(data, "conflict")), data["findings"]


def test_a_document_that_dates_one_happening_twice_contradicts_itself(tmp_path):
    text = ("Brandt Turbines at seventy\n\n"
            "Helga Brandt founded Brandt Turbines in 1952 in Kiel.\n\n"
            "Her memoir is plain about the start: in 1954, Helga Brandt founded Brandt Turbines with two "
            "engineers.\n")
    data = _run(tmp_path, {"history.txt": text})
    incs = _findings(data, "inconsistency")
    assert any(_has(data, f, ["1952", "1954"]) for f in incs), incs


def test_a_person_dies_once(tmp_path):
    texts = {
        "obit.txt": "Poet remembered\n\nThe poet Lena Varga died on March 2, 1961 in Pest, her family said.\n",
        "encyclopedia.txt": "Lena Varga\n\nLena Varga passed away on March 12, 1961, after a long illness.\n",
    }
    data = _run(tmp_path, texts)
    assert any(_has(data, f, ["1961-03-02", "1961-03-12"]) for f in _findings(data, "conflict")), \
        data["findings"]


def test_taking_office_is_one_happening(tmp_path):
    texts = {
        "a.txt": "New governor\n\nMarta Ilic took office as governor of Vesna on January 9, 2015.\n",
        "b.txt": "Vesna politics\n\nMarta Ilic was sworn in as governor of Vesna on January 19, 2015.\n",
    }
    data = _run(tmp_path, texts)
    assert any(_has(data, f, ["2015-01-09", "2015-01-19"]) for f in _findings(data, "conflict")), \
        data["findings"]


def test_a_rising_toll_is_a_minor_conflict_and_equal_tolls_agree(tmp_path):
    texts = {
        "a.txt": "Bus crash in Tarn\n\nA bus plunged into a ravine near Tarn on August 2, 2020, killing 57 people, "
                 "police said.\n",
        "b.txt": "Tarn crash toll\n\nThe death toll from the bus crash near Tarn rose to 61 on Monday, the health "
                 "ministry said.\n",
        "c.txt": "Tarn mourns\n\nThe crash near Tarn on August 2, 2020 left 57 dead and 20 injured, according to "
                 "the regional governor.\n",
    }
    data = _run(tmp_path, texts)
    conflicts = [f for f in _findings(data, "conflict") if _has(data, f, ["57", "61"])]
    assert conflicts and all(f["severity"] == "minor" for f in conflicts)
    assert any(_has(data, f, ["57", "57"]) for f in _findings(data, "agreement"))
    assert any(_has(data, f, ["2020-08-02", "2020-08-02"]) for f in _findings(data, "agreement"))


def test_the_town_every_document_names_still_gets_a_place_agreement(tmp_path):
    texts = {
        "a.txt": "Fighting in Dorna\n\nRebels seized Dorna on May 2, 2016, after a week of shelling.\n\n"
                 "Residents of Dorna fled east.\n",
        "b.txt": "Dorna falls\n\nThe rebel front captured Dorna with little resistance, its commander said.\n",
        "c.txt": "Dorna after the war\n\nToday Dorna is rebuilding its market.\n",
    }
    data = _run(tmp_path, texts)
    places = [f for f in _findings(data, "agreement") if f["what"].startswith("place")]
    assert any({"Dorna"} == set(_values(data, f)) and len(f["mentions"]) >= 2 for f in places), places


def test_tolls_over_different_windows_are_not_compared(tmp_path):
    texts = {
        "agency.txt": ("Chemical leak at Varno works\n\n"
                       "The leak at the Varno works began on May 4, 1991. The regional agency said 300 people died "
                       "within hours of the leak. Another 1,200 have died since, the agency said.\n"),
        "clinic.txt": ("Varno survivors remember\n\n"
                       "Doctors at the Varno clinic say 450 people were killed immediately when the leak began at "
                       "the Varno works. A further 2,000 died in the following years, the clinic said.\n"),
    }
    data = _run(tmp_path, texts)
    conflicts = _findings(data, "conflict")
    assert any(_has(data, f, ["300", "450"]) for f in conflicts), conflicts
    # the first hours' toll is never set against the later years' toll
    for f in conflicts:
        assert not _has(data, f, ["300", "2000"]) and not _has(data, f, ["450", "1200"]), f


def test_distances_in_different_units_meet(tmp_path):
    texts = {
        "coastguard.txt": ("Ferry sinks off Corran\n\n"
                           "The ferry Aldis sank 12 miles off the Corran coast on June 9, 2019, the coastguard said.\n"),
        "owners.txt": ("Aldis owners speak\n\n"
                       "The Aldis went down about 40 kilometres off the Corran coast on June 9, 2019, its owners said.\n"),
        "port.txt": ("Corran port mourns\n\n"
                     "The Aldis sank 19 kilometres off the Corran coast on June 9, 2019, port officials said.\n"),
    }
    data = _run(tmp_path, texts)
    conflicts = _findings(data, "conflict")
    # 12 miles is 19.3 km: it agrees with 19 km and both conflict with about 40 km
    assert any(_has(data, f, ["12", "40"]) and _has(data, f, ["19", "40"]) for f in conflicts), conflicts
    assert not any(_has(data, f, ["12", "19"]) for f in conflicts), conflicts


def test_a_vague_value_between_two_sides_takes_neither():
    from rashomon.compare.findings import _sides
    from rashomon.models import Mention

    def fig(i, v, q="exact"):
        return Mention(id=f"d{i}.q1", doc=f"d{i}", start=0, end=3, text=str(v), kind="quantity", label="CARDINAL",
                       sentence=0, value=v, qualifier=q)

    ms = [fig(1, 150), fig(2, 155), fig(3, 155, "about")]
    sides, between = _sides(ms, {})
    assert [[m.value for m in s] for s in sides] == [[150], [155]]
    assert [m.id for m in between] == ["d3.q1"]   # about 155 agrees with both 150 and 155


def test_the_year_a_company_was_bought_is_compared_through_a_relative_clause(tmp_path):
    texts = {
        "history.txt": ("Norvel Foods\n\nCastra Group acquired Norvel Foods in 2004, ending a decade of "
                        "family ownership.\n"),
        "profile.txt": ("A bakery chain's long road\n\nNorvel Foods was a bakery chain which Castra Group "
                        "bought in 2006.\n"),
    }
    data = _run(tmp_path, texts)
    assert any(_has(data, f, ["2004", "2006"]) for f in _findings(data, "conflict")), data["findings"]


def test_damage_done_by_another_storm_is_not_compared(tmp_path):
    texts = {
        "wire.txt": ("Storm Pella batters Kessel\n\nStorm Pella struck Kessel on October 2, 2023. In Kessel, Storm "
                     "Oren also caused $2 billion in damage.\n"),
        "agency.txt": ("Pella's cost\n\nStorm Pella caused $40 billion in damage in Kessel, the weather agency said "
                       "on October 20, 2023.\n"),
        "insurers.txt": ("Insurers count the cost of Pella\n\nDamage from Storm Pella in Kessel was estimated at $55 "
                         "billion, insurers said on October 21, 2023.\n"),
    }
    data = _run(tmp_path, texts)
    conflicts = _findings(data, "conflict")
    assert any(_has(data, f, ["40000000000", "55000000000"]) for f in conflicts), conflicts
    assert not any("2000000000" in _values(data, f) for f in conflicts), conflicts


def test_a_denied_amount_conflicts_with_the_claim_of_it(tmp_path):
    """"500 people did not die" sets the denial against "more than 500 died" and "an estimated 512
    deaths"; a smaller toll ("more than 100") and a question are not what it denies."""
    texts = {
        "mayor.txt": ("Mayor on the Lorn flood\n\nMayor Helen Carter said on May 9, 2021 that more than 500 people "
                      "died in the Lorn flood.\n"),
        "study.txt": ("A study of the Lorn flood\n\nThe Lorn flood caused an estimated 512 deaths, according to a "
                      "university study released on May 9, 2021.\n"),
        "governor.txt": ("Governor answers\n\nGovernor Tom Hale wrote on May 10, 2021: \u201c500 people did not die in "
                         "the Lorn flood.\u201d\n\nThe flood in Lorn likely killed more than 100 people, a wire "
                         "service reported on May 10, 2021.\n"),
        "column.txt": ("A column on the Lorn flood\n\nDid 500 people die in the Lorn flood? Nobody in Lorn knows, "
                       "wrote the columnist on May 11, 2021.\n"),
    }
    data = _run(tmp_path, texts)
    ms = {m["id"]: m for m in data["mentions"]}
    denials = [f for f in _findings(data, "conflict") if f["what"].startswith("whether")]
    assert len(denials) == 1, data["findings"]
    no, yes = denials[0]["groups"]
    assert [ms[i]["text"] for i in no] == ["500"]
    assert sorted(ms[i]["value"] for i in yes) == [500, 512]
    assert all(ms[i]["attributed_to"] for i in yes + no)


def test_rain_stated_with_a_conversion_in_parentheses_meets_rain(tmp_path):
    """"8 inches (20 centimeters) of rain" is rain, even where the parse hangs "of rain" on the wind
    speed before it; the wind speed is not rain."""
    texts = {
        "weather.txt": ("Storm Pella\n\nStorm Pella hit Kessel on October 2, 2023 with winds of 120 mph or 193 kph "
                        "and 8 inches (20 centimeters) of rain, the weather service said.\n"),
        "paper.txt": ("Pella floods Kessel\n\nStorm Pella drenched Kessel with more than 25 inches of rain on "
                      "October 2, 2023, the city said.\n"),
    }
    data = _run(tmp_path, texts)
    conflicts = _findings(data, "conflict")
    assert any(_has(data, f, ["8", "25"]) for f in conflicts), conflicts
    assert not any("120" in _values(data, f) for f in conflicts), conflicts


def test_a_substance_named_alike_meets_only_in_the_same_happening(tmp_path):
    """"12 tonnes of chlorine gas" released and "30 tons of deadly chlorine fumes" spewed are one amount
    told twice; "80 tons of chlorine" held in the tank is another."""
    texts = {
        "agency.txt": ("Leak at the Kessel plant\n\nThe Kessel plant released 12 tonnes of chlorine gas on June 3, "
                       "2010, the safety agency said.\n"),
        "union.txt": ("Workers on the Kessel leak\n\nDuring the night of June 3, 2010, a valve failure at the Kessel "
                      "plant spewed 30 tons deadly chlorine fumes into the air, the union said.\n"),
        "paper.txt": ("Kessel tank\n\nBefore the leak, the Kessel tank held 80 tons of chlorine, records show. The "
                      "leak began on June 3, 2010.\n"),
    }
    data = _run(tmp_path, texts)
    conflicts = _findings(data, "conflict")
    assert any(_has(data, f, ["12", "30"]) for f in conflicts), conflicts
    assert not any("80" in _values(data, f) for f in conflicts), conflicts


def test_populations_of_one_place_are_compared(tmp_path):
    """"Kessel (pop. 48,000)" and "Kessel, a town of 61,000" give two populations of one place; the
    population of another place is not compared with them."""
    texts = {
        "wire.txt": ("Fire in Kessel\n\nA fire broke out at a mill in Kessel on May 2, 2019. Firemen from "
                     "Kessel (pop. 48,000), a mill town near Lorn, fought it all night.\n"),
        "paper.txt": ("Kessel mourns\n\nThe fire of May 2, 2019 destroyed the mill in Kessel, a town of 61,000 "
                      "people near Lorn.\n"),
        "radio.txt": ("Lorn helps\n\nFiremen from Lorn, a city of 250,000, helped in Kessel on May 2, 2019.\n"),
    }
    data = _run(tmp_path, texts)
    conflicts = _findings(data, "conflict")
    assert any(_has(data, f, ["48000", "61000"]) for f in conflicts), conflicts
    assert not any("250000" in _values(data, f) for f in conflicts), conflicts


def test_landfall_dates_are_compared_in_one_place_only(tmp_path):
    texts = {
        "agency.txt": ("Storm Pella\n\nStorm Pella made landfall on the island of Kessel on May 3, 2019, the weather "
                       "agency said.\n"),
        "paper.txt": ("Pella hits Kessel\n\nPella reached landfall on Kessel on May 4, 2019, with heavy rain.\n"),
        "radio.txt": ("Pella moves on\n\nStorm Pella made landfall on the island of Lorn on May 6, 2019.\n"),
    }
    data = _run(tmp_path, texts)
    conflicts = _findings(data, "conflict")
    assert any(_has(data, f, ["2019-05-03", "2019-05-04"]) for f in conflicts), conflicts
    assert not any("2019-05-06" in _values(data, f) for f in conflicts), conflicts


def test_ranks_on_a_scale_meet_only_in_the_same_happening(tmp_path):
    texts = {
        "agency.txt": ("Storm Pella\n\nStorm Pella made landfall on Kessel as a Category 3 storm on May 3, 2019, the "
                       "weather agency said.\n"),
        "paper.txt": ("Pella hits Kessel\n\nPella made landfall on Kessel on May 3, 2019 as a Category 4 storm.\n"),
        "radio.txt": ("Pella at sea\n\nOver open water on May 1, 2019, Storm Pella reached Category 5 strength near "
                      "Kessel.\n"),
    }
    data = _run(tmp_path, texts)
    conflicts = _findings(data, "conflict")
    assert any(_has(data, f, ["3", "4"]) for f in conflicts), conflicts
    assert not any("5" in _values(data, f) for f in conflicts), conflicts


def test_fatal_cases_count_the_dead(tmp_path):
    """"about 900 fatal cases" is a toll of the dead, set against "more than 1,400 people died"."""
    texts = {
        "court.txt": ("Varno settlement heard\n\n"
                      "The figures before the Varno court in 1993 were about 900 fatal cases from the leak at the "
                      "Varno works, the court record shows.\n"),
        "union.txt": ("Varno workers speak\n\n"
                      "More than 1,400 people died after the leak at the Varno works, the workers' union said.\n"),
    }
    data = _run(tmp_path, texts)
    assert any(_has(data, f, ["900", "1400"]) for f in _findings(data, "conflict")), _findings(data, "conflict")


def test_acts_counted_whatever_verb_tells_of_them(tmp_path):
    """"Forty sorties struck the depots" and "carried out more than 90 sorties targeting the depots" both count
    the sorties: a dispute, though one count is the subject of an attack verb and the other its object."""
    texts = {
        "navy.txt": ("Strikes on Belmar depots\n\n"
                     "On March 3, 1971, forty sorties in two waves struck the fuel depots at Belmar, the navy said.\n"),
        "local.txt": ("Belmar remembers\n\n"
                      "On March 3, 1971, the air force carried out more than 90 sorties targeting the Belmar fuel "
                      "depots, the local paper wrote.\n"),
    }
    data = _run(tmp_path, texts)
    conflicts = _findings(data, "conflict")
    assert any(_has(data, f, ["40", "90"]) and "sorties" in f["what"] for f in conflicts), conflicts


def test_early_on_a_date_is_when_not_a_window(tmp_path):
    """"early on March 9" says when the winds blew, not a window like "in the first hours": the two speeds meet."""
    texts = {
        "met.txt": ("Cyclone Nadia\n\nCyclone Nadia reached peak intensity early on March 9, 2011, while 20 miles off "
                    "Port Elise, with maximum sustained winds of 150 mph, the weather office said.\n"),
        "paper.txt": ("Port Elise counts the cost\n\nCyclone Nadia reached peak intensity on March 9, 2011, near Port "
                      "Elise, with maximum sustained winds of 120 mph, the harbour master said.\n"),
    }
    data = _run(tmp_path, texts)
    assert any(_has(data, f, ["150", "120"]) for f in _findings(data, "conflict")), _findings(data, "conflict")


def test_a_whole_against_a_share_of_it(tmp_path):
    """"knocked down all power lines" is 100 percent of the lines against "knocked out 70 percent of the power
    lines"; "all schools closed" is not set against "40 percent of the schools reopened" (another verb)."""
    texts = {
        "utility.txt": ("Storm over Lirra\n\nThe storm knocked out 70 percent of the power lines on Lirra, the utility "
                        "said. By May, 40 percent of the schools on Lirra reopened.\n"),
        "agency.txt": ("Lirra in the dark\n\nThe storm knocked down all power lines on Lirra, the weather agency "
                       "said. All schools on Lirra closed.\n"),
    }
    data = _run(tmp_path, texts)
    conflicts = _findings(data, "conflict")
    assert any(_has(data, f, ["70", "100"]) for f in conflicts), conflicts
    assert not any(_has(data, f, ["40", "100"]) for f in conflicts), conflicts


def test_a_date_counted_from_the_same_kind_of_happening_is_another_occurrence(tmp_path):
    """"Raiders attacked the depot on June 3. The attack, and an alleged one two days later, ..." dates the
    alleged attack to June 5: it is not a date of the June 3 attack, so never set against another account's
    date for it."""
    texts = {
        "a.txt": ("Kell depot raid\n\nRaiders attacked the Kell depot on June 3, 2001. The attack, and an alleged "
                  "one two days later, shaped the law under which the war would be fought.\n"),
        "b.txt": ("Kell in shock\n\nIn 2001 the mayor summarized the events since the attack on the Kell depot on "
                  "June 3 and spoke of the war.\n"),
    }
    data = _run(tmp_path, texts)
    for f in _findings(data, "conflict"):
        assert "2001-06-05" not in _values(data, f), f


def test_accounts_counting_back_to_different_days_conflict(tmp_path):
    """"on March 9, 1992, three days after the flood" and "on March 9, 1992, four days after the disaster" say the
    flood was on March 6 and on March 5: a dispute. An account counting back to the same day agrees."""
    texts = {
        "a.txt": ("Mayor Kessler held\n\nPolice detained Mayor Kessler in Dunmore on March 9, 1992, three days after "
                  "the flood, officials said.\n"),
        "b.txt": ("Kessler in custody\n\nMayor Kessler was detained in Dunmore on March 9, 1992, four days after the "
                  "disaster, his lawyer said.\n"),
        "c.txt": ("Dunmore a year on\n\nMayor Kessler was held in Dunmore on March 9, 1992, three days after the "
                  "flood, the court heard.\n"),
    }
    data = _run(tmp_path, texts)
    conflicts = _findings(data, "conflict")
    assert any(_has(data, f, ["1992-03-06", "1992-03-05"]) for f in conflicts), conflicts
    assert not any(_has(data, f, ["1992-03-06", "1992-03-06"]) for f in conflicts)


def test_one_estimate_given_two_windows(tmp_path):
    """"about 2,100 died in the six months after the flood" and "2,100 died in the five months after the flood":
    one estimate, two windows, a dispute about the window; a different count over another window is no such
    dispute."""
    texts = {
        "a.txt": ("Marren flood study\n\nAbout 2,100 people died in Marren in the six months after the flood, "
                  "according to the Oskar Institute.\n"),
        "b.txt": ("Marren toll\n\nAround 2,100 people died in Marren in the five months after the flood, according to "
                  "the Oskar Institute.\n"),
        "c.txt": ("Marren first weeks\n\nAbout 400 people died in Marren in the two months after the flood, "
                  "according to the Oskar Institute.\n"),
    }
    data = _run(tmp_path, texts)
    found = [f for f in _findings(data, "conflict") if f["what"].startswith("length of the window")]
    assert len(found) == 1 and _has(data, found[0], ["6", "5"]), data["findings"]
    assert not any(_has(data, f, ["2", "6"]) or _has(data, f, ["2", "5"]) for f in found)


@pytest.mark.parametrize("text, expected", [
    ("About 900 died in the first 72 hours after the blast.", [("72 hours", 72, "hour")]),
    ("Some 2,975 died in the six months after the storm made landfall.", [("six months", 6, "month")]),
    ("The talks lasted six months.", []),
])
def test_windows_of_a_count(text, expected):
    from rashomon.extract.nlp import load_nlp
    from rashomon.extract.windows import extract_windows
    from rashomon.models import Document

    got = [(m.text, m.value, m.counted) for m in extract_windows(Document(text=text, id="d1"), load_nlp()(text), [])]
    assert got == expected
