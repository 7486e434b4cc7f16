"""Every numeric threshold of the pipeline, in one place, each with a line on where its value comes from.

Modules import their thresholds from here (`from ..settings import MERGE`); language data (word lists,
patterns) lives in `rashomon.data`, and layout sizes (pixels, page sizes) stay with the code that draws.
"Set by hand" means nobody measured the value: changing it is a guess until a corpus says otherwise.
"""
from __future__ import annotations

# ---------------------------------------------------------------- ingest (ingest/furniture.py)

# Set by hand when ingest/furniture.py was written; not tuned on any corpus.
HEAD_LINES = 12          # non-blank lines at the top that may hold breadcrumbs, date line and byline
# Set by hand when ingest/furniture.py was written; not tuned on any corpus.
DATE_LINES = 5           # a bare date is the date line only among the first lines of the header
# Set by hand when ingest/furniture.py was written; not tuned on any corpus.
PROSE_WORDS = 8          # a paragraph of prose has at least this many words and ends a sentence
# Set by hand when ingest/furniture.py was written; not tuned on any corpus.
LONG_PARAGRAPH = 20      # a paragraph this long after a teaser heading means the article goes on
# Set by hand when ingest/furniture.py was written; not tuned on any corpus.
MAX_TEASERS = 8          # link titles a heading in mid-page may take with it

# ---------------------------------------------------------------- extract (extract/timex.py)

# Set by hand when extract/timex.py was written; not tuned on any corpus.
EVENT_LOOKBACK = 60      # sentences an event's date ("N days after the attack") is looked for, backwards

# Set by hand when extract/clock.py was written; not tuned on any corpus: "around 6:00 AM" is read as
# within half an hour of six, the unit such times are rounded to.
TIME_ABOUT_MINUTES = 30

# ---------------------------------------------------------------- resolve

# Measured on the labelled names (resolve/scoring.py's docstring), single linkage at threshold t:
# t=0.84 precision 0.861 recall 0.978; t=0.85-0.86 precision 1.000 recall 0.910 F1 0.953 (the best);
# t=0.87 precision 1.000 recall 0.860. tests/test_resolve.py checks MERGE stays on that plateau.
MERGE = 0.86
# Set by hand with MERGE (resolve/scoring.py): a contextual signal scores just under MERGE, so it merges
# only inside one document or with shared context (resolve/cluster.py); not tuned on any corpus.
CONTEXTUAL = MERGE - 0.02
# Set by hand with MERGE (resolve/scoring.py): fuzzy similarity without a consonant skeleton to back it
# stays this far below MERGE and never merges; not tuned on any corpus.
UNSUPPORTED = MERGE - 0.1
# Set by hand when resolve/cluster.py was written; not tuned on any corpus.
MIN_CONTEXT = 3          # co-occurring keys that make a cluster's context "rich" (the VETO rule)
# Measured with benchmarks/bench_resolve.py --context (resolve/cluster.py's docstring): every
# cross-document merge on the seeds has sim >= 0.32 (median 0.76), unrelated documents share nothing
# (sim 0); 0.2 sits between the two.
TIE = 0.2
# Set by hand when resolve/resolver.py was written (a cap on candidate pairs for speed); not tuned on
# any corpus.
BLOCK_CAP = 60           # token blocks larger than this are only used for the rarest token of a key

# ---------------------------------------------------------------- align (align/copies.py)

# Set by hand when align/copies.py was written; not tuned on any corpus.
COPY_SHINGLE = 5         # words per shingle
# Set by hand when align/copies.py was written (datasketch's default); not tuned on any corpus.
COPY_NUM_PERM = 128      # MinHash permutations
# Set by hand when align/copies.py was written; not tuned on any corpus.
COPY_THRESHOLD = 0.6     # estimated Jaccard similarity of two passages' shingle sets
# Set by hand when align/copies.py was written; not tuned on any corpus.
COPY_MIN_WORDS = 12      # shorter passages carry too few shingles to judge

# ---------------------------------------------------------------- frame

# Argued in frame/logodds.py's docstring: at a_0 = a tenth of the corpus a word used 11 times by one
# side only can reach |z| >= 1.96 on a corpus of a few thousand words, while 2 vs 0 stays at z ~ 0.6
# on the seeds; tests/test_frame.py checks both on a worked example.
DEFAULT_ALPHA0_SHARE = 0.1
# The conventional two-sided 95% level of a standard normal z (Monroe, Colaresi & Quinn 2008).
Z_THRESHOLD = 1.96
# The uninformative pseudo-count of Monroe, Colaresi & Quinn (2008) for a word the prior does not know.
LOGODDS_FLOOR = 0.01
# Set by hand when frame/groups.py was written (the silhouette cut tries k in 2..min(6, n-1)); not
# tuned on any corpus.
MAX_GROUPS = 6
# Measured on the seeds through the real pipeline (frame/groups.py, tests/test_frame.py): the grouping
# is the same for every weighting in {0, .5, 1}^3 where descriptors weigh at least as much as each
# other block; names and vocabulary alone group long historical texts against short ones (topic).
BLOCK_WEIGHTS = {"names": 0.5, "descriptors": 1.0, "vocabulary": 0.5}
# Set by hand when frame/groups.py was written; not tuned on any corpus.
Z_CLIP = 4.0             # one runaway word (a name used 40 times by one document) must not be the vector
# Set by hand when frame/labels.py was written; not tuned on any corpus.
DESCRIPTOR_MAX_TOKENS = 10  # a longer descriptor is almost always a parse going astray
# Set by hand when frame/predicates.py was written; not tuned on any corpus.
PREDICATE_MAX_CLIMB = 6  # parse-tree steps climbed from a span to the verb that governs it


# ---------------------------------------------------------------- align and compare

# compare/values.py: figures converted between units are compared with this share of slack on each side.
# Unit words are loose in news text ("tons" for metric tonnes; a short ton is 0.907 t, a long ton
# 1.016 t), so a conversion is only as exact as that ambiguity: set from the ton/tonne spread, ~10 %.
UNIT_TOLERANCE = 0.1
# align/events.py: a theme shared only by ordinary words (not a name) aligns two dates this close at most
# (days). Set by hand when events.py was written: one month, the span of "about" on a date.
NEAR_DAYS = 31
# align/events.py: an entity named in this share of a story's documents is its topic, not evidence that
# two statements speak of one happening. Set by hand when events.py was written; not tuned on any corpus.
UBIQUITY = 0.9


# ---------------------------------------------------------------- throughput

# pipeline.py: `analyze -j 0` (the default) parses in two spaCy processes from this many pending
# documents on, in one below. Measured on a 2-core machine (the dev corpora and seeds, /tmp timing of
# extract_pending, 2026-11-30): 9 documents 2.0 s with one process, 1.8 s with two; 30 documents 7.5 s
# and 6.1 s; 65 documents 14.6 s and 12.1 s. A second process pays off once its start-up (about a second
# to load the model) is a small part of the run; our extractors run in the main process, so more than
# two parse processes add memory (~150 MB each) and little speed.
PARALLEL_FROM_DOCUMENTS = 20
PARALLEL_PROCESSES = 2


# ---------------------------------------------------------------- input limits

# pipeline.py: a text longer than this is parsed passage by passage (cut at a line break) and the parses
# joined: spaCy's own limit is 1,000,000 characters, and its parser needs about 1 GB per 100,000 words
# in one pass. 100,000 characters is about 40 pages; set by hand, not tuned on any corpus.
PASSAGE_CHARS = 100_000
# ingest/paths.py: files larger than this many megabytes are refused before they are read (settable with
# `ingest --max-size`). A 300-page report is a few megabytes of text (tens as a PDF); set by hand so a
# device or a runaway file cannot fill the memory.
MAX_FILE_MB = 100
# align/events.py: statements about one place are compared pair by pair up to this many (exact counts of
# what each pair shares, for the event's label); more go through an index, linear in the statements (a
# document of thousands of dated lines was 365 s pair by pair). 300 statements are 44,850 pairs, a few
# milliseconds; set by hand for the cost, not tuned on any corpus.
PAIRWISE_MAX = 300
# ingest/text.py: a document whose text is longer than this many characters is refused at ingest (split
# it). Measured on a 2-core machine (2026-11-30, one document of 4,000 dated sentences, 357,602 characters):
# extraction 69 s at 1.6 GB peak memory, of which about 0.5 GB is the model; so 1.5 million characters (a
# 500-page book, about 250,000 words) take about 5 minutes and 5 GB. Set from that cost, not tuned on any corpus.
MAX_TEXT_CHARS = 1_500_000
# align/events.py: two statements of one document sharing a blocking key are paired only when at most
# this many statements of that key lie between them (every pair across documents is still made). A
# document of 4,000 dated lines took 257 s pairing all its 8 million pairs; a news article or a chapter has
# far fewer statements of one kind than this, so its pairs are all made. Set by hand for the cost, not
# tuned on any corpus (figure pairs in one document are also limited to 40 sentences apart, see _pair_figures).
SAME_DOCUMENT_WINDOW = 50

# align/stories.py: a term (word, name or year) used by more documents than this makes no candidate pairs of
# documents by itself, so a word every news text uses does not pair every document with every other (a
# term used by k documents makes k²/2 pairs). Two documents that share a rarer term are still scored on
# all their terms; two that share only such common terms are taken as unrelated. Below this many
# documents the stories are exactly average linkage over all pairs. Set by hand for the cost (200
# documents make 19,900 pairs a term), not tuned on any corpus.
STORY_BLOCK_DF = 200

# web/reads.py: the web app's overview draws the timeline of at most this many findings (the first
# conflicts, then the others, in number order) and lists at most this many copies, most similar first.
# A UI choice: past about a thousand marks the timeline is
# unreadable and slow to draw. Not tuned on any corpus.
WEB_OVERVIEW_FINDINGS = 1000
WEB_OVERVIEW_COPIES = 200
