"""Quotes beside findings are whole sentences: abbreviations and initials do not end them."""
from rashomon.quotes import sentence_bounds, sentence_of

TEXT = ("Massoud Rajavi traveled to Iraq on June 7, 1986. On June 20, 1986, Mr. Rajavi established the NLA. "
        "J. Smith of St. Louis disagreed.\nA new line starts here.")


def test_a_title_does_not_end_the_sentence():
    i = TEXT.find("June 20")
    assert sentence_of(TEXT, i, i + 13) == "On June 20, 1986, Mr. Rajavi established the NLA."


def test_initials_and_saints_do_not_end_the_sentence():
    i = TEXT.find("disagreed")
    assert sentence_of(TEXT, i, i + 9) == "J. Smith of St. Louis disagreed."


def test_a_line_break_ends_the_quote_and_long_sentences_are_cut_around_the_span():
    i = TEXT.find("new line")
    assert sentence_of(TEXT, i, i + 8) == "A new line starts here."
    long = "word " * 200 + "TARGET " + "word " * 200
    a, b, cut_a, cut_b = sentence_bounds(long, long.find("TARGET"), long.find("TARGET") + 6, limit=100)
    assert cut_a and cut_b and a < long.find("TARGET") < b and b - a <= 110
