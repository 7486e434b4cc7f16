"""Denials of harm are figures of zero, so "no casualties" can be set against "12 soldiers killed"."""
import pytest

from rashomon.extract.denials import extract_denials
from rashomon.extract.nlp import load_nlp
from rashomon.models import Document


@pytest.mark.parametrize("text, phrase, counted, predicate", [
    ("No casualties were reported, a ministry spokesman said.", "No casualties", "people", "kill"),
    ("No one was killed in the blast.", "No one", "people", "kill"),
    ("Nobody died, officials said.", "Nobody", "people", "kill"),
    ("There were no deaths in the village.", "no deaths", "people", "kill"),
    ("Not a single soldier was wounded.", "Not a single soldier", "soldier", "injure"),
    ("No passengers were hurt when the train stopped.", "No passengers", "passenger", "injure"),
])
def test_denials_are_zero_figures(text, phrase, counted, predicate):
    doc = Document(text=text, id="d1")
    ms = extract_denials(doc, load_nlp()(text), [])
    assert [(m.text, m.value, m.qualifier, m.counted, m.predicate) for m in ms] == [
        (phrase, 0, "exact", counted, predicate)]
    assert all(doc.text[m.start:m.end] == m.text for m in ms)


@pytest.mark.parametrize("text", [
    "No one knows what happened next.",
    "No people's party joined the coalition.",
    "There was no damage to the bridge.",
])
def test_other_negations_are_not_figures(text):
    assert extract_denials(Document(text=text, id="d1"), load_nlp()(text), []) == []
