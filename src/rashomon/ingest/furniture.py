"""Page furniture: the lines of a saved web page that are not the article, and the header metadata.

`clean_text` works line by line and never edits a line it keeps, so every sentence of the article
survives verbatim (later stages and the scorer locate quotes of the original in the cleaned text).
It removes:

- header lines: breadcrumbs ("Home » World » …", "HomeWorldTitle", a line that ends with the title
  below it), section labels ("Blog", "Opinion"), date lines ("Tuesday, October 8, 2024",
  "Published: 8 Oct 2024") and bylines ("By Jane Roe", "- By Jane Roe | Reuters"), which become
  `published` and `author`;
- page chrome anywhere: share/comment prompts, ads, newsletter and cookie notices, tag lists,
  copyright lines, reading times, "Read more: …" links, previous/next-article links, separator lines
  ("-", "***") and image file names left as alt text ("dam collapse (1)", "IMG_2031.jpg");
- teaser blocks: a heading such as "Related posts", "Latest news", "Must read", "You might also
  like" or "Leave a Comment" near the end of the page takes everything after it; elsewhere it takes
  the link titles that follow it, up to the next paragraph of prose;
- the tail: once the last paragraph of prose has been followed by page chrome (a credit line,
  a heading), the rest of the page is chrome too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..settings import DATE_LINES, HEAD_LINES, LONG_PARAGRAPH, MAX_TEASERS, PROSE_WORDS
from .dates import MONTHS, WEEKDAYS, parse_date

__all__ = ["Cleaned", "clean_text"]



@dataclass
class Cleaned:
    """Article text without furniture, and the metadata found in the page header."""

    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    removed: list[tuple[int, str, str]] = field(default_factory=list)  # (line no., rule, line)


# ---------------------------------------------------------------- normalizing a line for matching

_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "\u00a0": " "})
_LEAD_MARKUP = " #>*_•·▪►»›|=~+-"       # markdown headings/quotes/emphasis, bullets, rules
_TRAIL_MARKUP = " *_:|=~#"
_COUNT = re.compile(r"\s*[(\[]\d+[)\]]$")


def _soft(line: str) -> str:
    """The line without markdown/bullet markup, with straight quotes and single spaces (case kept)."""
    return " ".join(line.translate(_QUOTES).split()).lstrip(_LEAD_MARKUP).rstrip(_TRAIL_MARKUP)


def _norm(line: str) -> str:
    """A line as compared against the phrase lists: soft-normalized, lower case, no trailing count."""
    return _COUNT.sub("", _soft(line)).lower().strip(" :")


def _words(line: str) -> int:
    return len(line.split())


_TERMINAL = re.compile(r"""[.!?](?:["'”’»)\]]+)?$""")
_ELLIPSIS = re.compile(r"""(?:\.\.\.|…|\[…\]|\[\.\.\.\])(?:["'”’»)\]]+)?$""")


def _ends_sentence(line: str) -> bool:
    s = line.rstrip()
    return bool(_TERMINAL.search(s)) and not _ELLIPSIS.search(s)


# ---------------------------------------------------------------- phrase lists (lower case, straight quotes)

# A heading after which a page lists other articles (or reader comments).
TEASER_HEADINGS = (
    "related posts", "related post", "related articles", "related article", "related stories",
    "related news", "related content", "related coverage", "related reading", "related topics",
    "related", "latest news", "latest stories", "latest posts", "latest articles", "latest videos",
    "latest", "recent posts", "recent news", "recent articles", "recent stories", "must read",
    "must-read", "must reads", "you might also like", "you may also like", "you might like",
    "you may like", "you might be interested in", "you may be interested in", "also of interest",
    "recommended", "recommended for you", "recommended to you", "recommended stories",
    "recommended articles", "recommended reading", "more stories", "more news", "more articles",
    "more on this story", "more on this topic", "more like this", "more from", "more in",
    "latest from", "also on", "most read", "most popular", "most viewed", "most shared",
    "popular posts", "popular stories", "popular now", "popular articles", "trending",
    "trending now", "trending stories", "top stories", "top news", "editor's picks",
    "editors' picks", "editor's choice", "don't miss", "do not miss", "read next",
    "what to read next", "up next", "in case you missed it", "around the web", "from the web",
    "sponsored stories", "promoted stories", "from our partners", "other news", "see also",
    "also read", "read also", "read more", "more to read", "comments", "leave a comment",
    "leave a reply", "post a comment", "join the conversation", "join the discussion",
    "reader comments", "responses", "what readers say",
)
# Headings that are usually followed by a name ("More from Reuters", "More in World").
_OPEN_HEADINGS = ("more from", "more in", "latest from", "also on", "more stories from")

# Whole lines that are chrome wherever they stand.
FURNITURE_LINES = frozenset((
    "share", "share this", "share this article", "share this story", "share this post",
    "share this page", "share article", "share story", "share on facebook", "share on twitter",
    "share on x", "share on whatsapp", "share on linkedin", "share via email", "share via",
    "tweet", "email", "e-mail", "print", "copy link", "link copied", "like this", "like loading...",
    "loading...", "comment", "comments", "leave a comment", "leave a reply", "post a comment",
    "add a comment", "add comment", "write a comment", "join the conversation",
    "join the discussion", "show comments", "view comments", "cancel reply", "no comments yet",
    "be the first to comment", "advertisement", "advertisements", "advertising", "sponsored",
    "sponsored content", "paid content", "promoted", "ad", "story continues below",
    "story continues below advertisement", "article continues below advertisement",
    "article continues below", "continue reading below", "scroll to continue with content",
    "subscribe", "subscribe now", "sign up", "newsletter", "log in", "login", "sign in",
    "register", "menu", "main menu", "search", "skip to content", "skip to main content",
    "skip to navigation", "back to top", "scroll to top", "close", "read more",
    "continue reading", "read full article", "read the full story", "listen to this article",
    "print this article", "font size", "text size", "post navigation", "previous article",
    "next article", "previous post", "next post", "previous story", "next story", "previous",
    "next", "prev", "older posts", "newer posts", "follow us", "more", "tags", "topics", "related",
))
# Labels after which the next line is the linked title of another article.
_LINK_LABELS = frozenset((
    "previous article", "next article", "previous post", "next post", "previous story",
    "next story", "previous", "next", "prev", "read next", "up next",
))
SOCIAL = frozenset((
    "facebook", "twitter", "x", "whatsapp", "linkedin", "telegram", "reddit", "pinterest",
    "instagram", "youtube", "tiktok", "email", "e-mail", "print", "messenger", "vk", "tumblr",
    "flipboard", "copy", "link", "share", "tweet", "sms", "mastodon", "bluesky", "threads",
))
# Navigation words a breadcrumb or menu line is made of.
NAV_WORDS = frozenset((
    "home", "homepage", "news", "blog", "blogs", "world", "opinion", "opinions", "politics",
    "analysis", "breaking", "breaking news", "exclusive", "live", "features", "feature",
    "editorial", "editorials", "commentary", "op-ed", "latest", "local", "national",
    "international", "middle east", "europe", "asia", "africa", "americas", "business", "sport",
    "sports", "culture", "history", "articles", "article", "stories", "story", "reports",
    "interview", "interviews", "press release", "press releases", "menu", "search", "video",
    "videos", "photos", "multimedia", "podcast", "podcasts", "about", "contact", "about us",
    "contact us", "magazine", "archive", "archives", "top stories", "main", "start", "index",
))

# (rule, pattern on the normalized line, may the line end a sentence?)
_FURNITURE_PATTERNS = (
    ("share", re.compile(r"^click to (?:share|print|email|tweet|open|copy)\b"), True),
    ("share", re.compile(r"^share (?:this|on|via|to|article|story|post|page)\b.{0,60}$"), False),
    ("social", re.compile(r"^(?:follow|like) us (?:on|at)\b.{0,80}$|^follow @\w+$"), True),
    ("subscribe", re.compile(r"^(?:subscribe|sign up|register)\b.{0,20}\b(?:newsletter|updates|inbox)\b.{0,80}$"), True),
    ("subscribe", re.compile(r"^get (?:our|the) (?:\w+ )?(?:newsletter|briefing)\b.{0,80}$"), True),
    ("read more", re.compile(r"^(?:read more|read also|also read|see also|related|related articles?|"
                             r"related stor(?:y|ies)|read next)\s*[:|»›>→–—-]\s*\S.{0,200}$"), False),
    ("read more", re.compile(r"^(?:more|watch|listen|read|recommended)\s*:\s*\S.{0,200}$"), False),
    ("read more", re.compile(r"^(?:read more|continue reading|read the full (?:story|article))\b.{0,40}$"), False),
    ("tags", re.compile(r"^(?:tags?|tagged|filed under|posted in|categories|category|topics|keywords|"
                        r"related topics)\s*:.{0,300}$"), True),
    ("copyright", re.compile(r"^(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4})).{0,200}$"), True),
    ("copyright", re.compile(r"^.{0,120}\ball rights reserved\.?$"), True),
    ("reading time", re.compile(r"^(?:\d+\s*(?:min|mins|minutes?)\s*(?:read|reading|listen)?|"
                                r"(?:estimated )?(?:reading|read|listening) time\s*:?\s*\d+.{0,20})$"), True),
    ("comments", re.compile(r"^\d+\s+(?:comments?|responses?|replies)$|^comments?\s*\(\d+\)$"), True),
    ("comment form", re.compile(r"^(?:your email address will not be published|required fields are marked|"
                                r"save my name, email|notify me of (?:new|follow-up)|"
                                r"you must be logged in to post a comment)"), True),
    ("cookies", re.compile(r"^(?:we use cookies|this (?:web)?site uses cookies|accept (?:all )?cookies|"
                           r"cookie (?:policy|settings|preferences))\b.{0,300}$"), True),
    ("ad", re.compile(r"^advertisement(?:\s*[-–—:|]\s*.{0,40})?$"), True),
    ("standards", re.compile(r"^our standards\s*:.{0,80}$"), True),
    ("photo credit", re.compile(r"^(?:image|photo|picture|video) (?:source|credit)s?\s*[:,].{0,80}$"), True),
)

_IMAGE_FILE = re.compile(
    r"(?:[a-z][\w\- ]*?\s*\(\d+\)"                                # "dam collapse aerial (1)"
    r"|[\w\-. ]+\.(?:jpe?g|png|gif|webp|svg|avif|tiff?|bmp)"      # "IMG_2031.JPG"
    r"|[a-z0-9]+(?:[_-][a-z0-9]+){2,})",                         # "dam-collapse-aerial_2"
    re.I,
)


def _furniture_rule(line: str) -> str | None:
    """The rule a line of chrome matches wherever it stands, or None."""
    s = _soft(line)
    if not s:
        return "separator" if line.strip() else None
    if not re.search(r"\w", s):
        return "separator"
    n = _norm(line)
    if n in FURNITURE_LINES:
        return "chrome"
    tokens = re.split(r"[\s|/•·,]+", n)
    if tokens and all(t in SOCIAL for t in tokens if t):
        return "share"
    if _words(s) <= 40:
        sentence = _ends_sentence(s)
        for rule, pattern, sentence_ok in _FURNITURE_PATTERNS:
            if (sentence_ok or not sentence) and pattern.search(n):
                return rule
    if len(s) <= 120 and _IMAGE_FILE.fullmatch(s) and (s[0].islower() or "." in s or "(" in s):
        return "image file name"
    if _keyword_dateline(s):
        return "date line"
    return None


def _teaser_heading(line: str) -> bool:
    """Whether a line is a heading over a list of other articles or of reader comments."""
    s = _COUNT.sub("", _soft(line)).strip(" :")
    low = s.lower()
    for h in TEASER_HEADINGS:
        if not low.startswith(h):
            continue
        rest = s[len(h):]
        if not rest.strip(" :-|»›>"):
            return True
        if rest[:1].isalpha() and rest[:1].islower():
            continue                                   # "Related" + "ly", "Latest" + "ly"
        if not re.search(r"[a-z]", rest):              # "You might also likeRELATED"
            return True
        if h in _OPEN_HEADINGS and _words(rest) <= 5 and not _ends_sentence(s):
            return True
    return False


# ---------------------------------------------------------------- header metadata

_MONTH_OR_DAY = frozenset(MONTHS) | frozenset(WEEKDAYS)
_PARTICLES = frozenset(("de", "van", "von", "der", "den", "al", "el", "bin", "ibn", "da", "di", "du",
                        "la", "le", "del", "dos", "das", "ter", "ten", "y", "and", "&", "st."))
_BYLINE = re.compile(r"^(?:by|written by|words by|story by|text by|reported by|reporting by|"
                     r"posted by|author|authors|byline)\s*:?\s+(?P<rest>.+)$", re.I)
_DATE_KEYWORD = re.compile(r"^(?P<kw>(?:first |originally )?published|posted|updated|last updated|"
                           r"last modified|modified|date|dated)(?:\s+on)?\s*:?\s*(?P<date>.+)$", re.I)
_SEGMENTS = re.compile(r"\s*(?:\||•|·|—|–|\s-\s)\s*")


def _name(s: str) -> str | None:
    """`s` as a person's or agency's name (capitalized words), or None."""
    s = s.strip(" ,;")
    tokens = s.split()
    if not 1 <= len(tokens) <= 6 or any(ch.isdigit() for ch in s):
        return None
    if not tokens[0][0].isupper() or tokens[0].lower().strip(".,") in _MONTH_OR_DAY:
        return None
    for t in tokens:
        if t.lower() in _PARTICLES:
            continue
        if not t[0].isupper() or t.lower().strip(".,") in _MONTH_OR_DAY:
            return None
        if t.endswith(".") and len(t) > 4:
            return None                                # a sentence's end, not an initial
    return s


def _byline(segment: str) -> tuple[str | None, str | None] | None:
    """(author, published) when a segment is a byline such as "By Jane Roe, Reuters", else None."""
    m = _BYLINE.match(segment.strip())
    if not m:
        return None
    rest = m.group("rest").strip()
    name_part, affiliation = rest, ""
    cut = re.search(r"\s*(?:,|;|\(|\s(?:in|for|at)\s)\s*", rest)
    if cut:
        name_part, affiliation = rest[:cut.start()], rest[cut.start():].strip(" ,;()")
    name = _name(name_part)
    if not name:
        return None
    published = None
    if affiliation:
        published = parse_date(affiliation)
        if not published and (_words(affiliation) > 6 or _ends_sentence(affiliation) and
                              not re.search(r"\b[A-Z][a-z]{0,3}\.$", affiliation)):
            return None
    return name, published


def _dated_byline(segment: str) -> tuple[str, str] | None:
    """(author, published) for "Posted on March 5, 2021 by Jane Roe" and the like."""
    m = re.match(r"^(?P<date>.+?)\s+by\s+(?P<name>.+)$", segment, re.I)
    if not m:
        return None
    kw = _keyword_dateline(m.group("date"))
    iso = kw[0] if kw else parse_date(m.group("date"))
    name = _name(m.group("name"))
    return (name, iso) if iso and name else None


def _keyword_dateline(s: str) -> tuple[str, bool] | None:
    """(ISO date, is it an update) for "Published: 8 Oct 2024" / "Updated on …", else None."""
    m = _DATE_KEYWORD.match(s.strip())
    if not m:
        return None
    iso = parse_date(m.group("date"))
    if not iso:
        return None
    return iso, bool(re.search(r"updated|modified", m.group("kw"), re.I))


def _reading_time(s: str) -> bool:
    return bool(re.fullmatch(r"\d+\s*(?:min|mins|minutes?)(?:\s*(?:read|reading|listen))?", s.strip(), re.I)
                or re.fullmatch(r"(?:estimated )?(?:reading|read) time\s*:?\s*\d+.{0,20}", s.strip(), re.I))


def _meta_line(line: str) -> dict | None:
    """{author, published, updated} when a line is a date line and/or byline, else None."""
    s = _soft(line)
    if not s or _words(s) > 20:
        return None
    found: dict = {}
    whole = parse_date(s)
    if whole:
        return {"published": whole, "bare": True}
    for seg in (x for x in _SEGMENTS.split(s) if x.strip()):
        seg = seg.strip()
        iso = parse_date(seg)
        if iso:
            found.setdefault("published", iso)
            continue
        kw = _keyword_dateline(seg)
        if kw:
            found.setdefault("updated" if kw[1] else "published", kw[0])
            continue
        by = _byline(seg) or _dated_byline(seg)
        if by:
            found.setdefault("author", by[0])
            if by[1]:
                found.setdefault("published", by[1])
            continue
        if _reading_time(seg):
            continue
        return None
    return found or None


_CREDIT = re.compile(r"(?:^|[\s,|;:(])(?:[Bb]y|[Ww]ritten by|[Rr]eporting by|[Ee]dit(?:ing|ed) by|"
                     r"[Pp]hotos? by|[Cc]ompiled by)\s*:?\s+(?P<name>[A-Z][^,;|()]*)")


def _credit_line(line: str) -> str | None:
    """The name in a credit line at the foot of an article ("Site.com, By Jane Roe, reporter")."""
    s = _soft(line)
    if _words(s) > 15 or _ends_sentence(s) and not re.search(r"\b[A-Z][a-z]{0,3}\.$", s):
        return None
    m = _CREDIT.search(s)
    if not m or _words(s[:m.start()]) > 3:
        return None
    name = m.group("name").strip()
    return _name(name) or _name(" ".join(name.split()[:3])) or name


def _breadcrumb(line: str) -> bool:
    """A trail of navigation links: "Home » World » Title", "Home / News", "HomeWorldTitle"."""
    s = _soft(line)
    if re.match(r"^you are here\b", s, re.I):
        return True
    parts = [p for p in re.split(r"\s*(?:»|›|→|>|\s/\s|\s\|\s|\\)\s*", s) if p.strip()]
    if len(parts) >= 2 and parts[0].lower() in NAV_WORDS:
        return True
    if len(parts) >= 3 and all(_words(p) <= 8 and not _ends_sentence(p) for p in parts):
        return True
    first = re.match(r"^([A-Z][a-z]+)(?=[A-Z])", s)    # "HomeWorld…", "BlogThe title"
    if first and first.group(1).lower() in NAV_WORDS:
        return True
    tokens = [t for t in re.split(r"[\s|/»›>,]+", s.lower()) if t]
    return len(tokens) >= 2 and tokens[0] in ("home", "homepage") and all(
        t in NAV_WORDS or t in ("&", "and") for t in tokens)


def _comparable(line: str) -> str:
    return re.sub(r"[^\w]+", " ", _soft(line).lower()).strip()


# ---------------------------------------------------------------- prose

def _prose_flags(lines: list[str]) -> tuple[list[bool], list[bool]]:
    """(is prose, is a long paragraph) for each line; hard-wrapped lines count with their paragraph."""
    n = len(lines)
    prose, long_ = [False] * n, [False] * n
    i = 0
    while i < n:
        j = i
        # join hard-wrapped lines: no sentence end, and the next line goes on in lower case
        while (j + 1 < n and lines[j].strip() and _words(lines[j]) >= 5
               and not _ends_sentence(lines[j]) and lines[j + 1][:1].islower()):
            j += 1
        para = " ".join(lines[i:j + 1])
        is_prose = _words(para) >= PROSE_WORDS and _ends_sentence(para)
        is_long = is_prose and _words(para) >= LONG_PARAGRAPH
        for k in range(i, j + 1):
            prose[k], long_[k] = is_prose, is_long
        i = j + 1
    return prose, long_


# ---------------------------------------------------------------- the cleaner

def clean_text(raw: str) -> Cleaned:
    """Remove page furniture from a page's text and read its header metadata.

    Kept lines are verbatim (only trailing whitespace is dropped); runs of blank lines become one.
    """
    lines = [line.rstrip() for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    n = len(lines)
    drop: dict[int, str] = {}
    meta: dict = {}
    nonblank = [i for i in range(n) if lines[i].strip()]
    prose, long_ = _prose_flags(lines)
    prose_lines = [i for i in nonblank if prose[i]]
    first_prose = prose_lines[0] if prose_lines else n
    last_prose = prose_lines[-1] if prose_lines else n

    # the header: breadcrumbs, section labels, date line, byline
    head = [i for i in nonblank[:HEAD_LINES] if i < first_prose]
    for k, i in enumerate(head):
        line = lines[i]
        found = _meta_line(line)
        if found and found.pop("bare", False) and (k >= DATE_LINES or "published" in meta):
            found = None                               # a date standing alone lower down is content
        if found:
            for key, value in found.items():
                meta.setdefault(key, value)
            drop[i] = "byline" if "author" in found else "date line"
        elif _breadcrumb(line) or _norm(line) in NAV_WORDS:
            drop[i] = "breadcrumb"
        else:
            later = [_comparable(lines[j]) for j in head[k + 1:k + 4]]
            me = _comparable(line)
            if any(_words(t) >= 3 and len(t) >= 15 and me.endswith(t) for t in later):
                drop[i] = "breadcrumb"                 # "BlogThe title" above "The title"
    for i in nonblank[:6]:                             # a byline under a one-sentence standfirst
        if i not in drop and i >= first_prose and not long_[i]:
            found = _meta_line(lines[i])
            if found and "author" in found:
                for key, value in found.items():
                    meta.setdefault(key, value)
                drop[i] = "byline"

    # chrome lines and teaser blocks
    total = sum(len(lines[i]) for i in nonblank) or 1
    before = 0
    skip_until = -1
    for idx, i in enumerate(nonblank):
        line = lines[i]
        before += len(line)
        if i in drop or i <= skip_until:
            continue
        if _teaser_heading(line):
            rest = nonblank[idx + 1:]
            late = (before - len(line)) / total >= 0.5
            if i > last_prose or (late and not any(long_[j] for j in rest)):
                for j in [i, *rest]:
                    drop.setdefault(j, "teaser block")
                break
            drop[i] = "teaser heading"
            for j in rest[:MAX_TEASERS]:
                if prose[j]:
                    break
                drop.setdefault(j, "teaser")
                skip_until = j
            continue
        rule = _furniture_rule(line)
        if rule:
            drop[i] = rule
            if rule == "date line":
                kw = _keyword_dateline(_soft(line))
                if kw:
                    meta.setdefault("updated" if kw[1] else "published", kw[0])
            if _norm(line) in _LINK_LABELS and idx + 1 < len(nonblank):
                nxt = nonblank[idx + 1]
                if not prose[nxt] and _words(lines[nxt]) <= 20:
                    drop.setdefault(nxt, "next/previous link")
                    skip_until = nxt
            continue
        if i > last_prose and prose_lines:
            name = _credit_line(line)
            if name:
                drop[i] = "credit line"
                meta.setdefault("author", name)

    # the tail: after the last paragraph of prose, chrome is followed only by chrome
    if prose_lines:
        tail = [i for i in nonblank if i > last_prose]
        for k, i in enumerate(tail):
            if i in drop:
                for j in tail[k + 1:]:
                    drop.setdefault(j, "after page chrome")
                break

    kept: list[str] = []
    for i, line in enumerate(lines):
        if i in drop:
            continue
        if not line.strip():
            if kept and kept[-1] != "":
                kept.append("")
            continue
        kept.append(line)
    while kept and kept[-1] == "":
        kept.pop()
    text = "\n".join(kept)

    title = None
    first = next((line for line in kept if line.strip()), None)
    if first and _words(first) <= 20 and len(first) <= 200 and not first.rstrip().endswith("."):
        title = first.strip()
    return Cleaned(
        text=text,
        title=title,
        author=meta.get("author"),
        published=meta.get("published") or meta.get("updated"),
        removed=[(i + 1, rule, lines[i]) for i, rule in sorted(drop.items()) if lines[i].strip()],
    )
