"""Recover the articles on a cleaned newspaper page (or the sections of an ordinary document).

Every paragraph is classified (headline, byline, author note, body, ...); an article starts at a
headline or byline and runs until the next one, so articles are contiguous and together cover the
whole text: a continuation of an article further down the page stays with it unless a new headline
or byline intervenes. Offsets point into the text given, which is Document.text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.types import Article

HEADING, TITLE, BYLINE, NOTE, SOURCE, MARKER, SECTION, BODY = (
    "heading", "title", "byline", "note", "source", "marker", "section", "body")

_HEADING = re.compile(r"^#{1,6}\s+(.+)$")
_BYLINE = re.compile(r"^□\s*(.+)$")
_NOTE_ANYWHERE = re.compile(r"[（(]\s*(作者[^（）()]{1,120})[)）]")
_NOTE_PARA = re.compile(r"^[（(]\s*作者[^（）()]*[)）]$")
_SOURCE = re.compile(r"^(据|来源[：:]|稿件来源)\S{1,14}$")
_MARKER = re.compile(r"^[（(](上接|下转|接第|转第)[^（）()]{0,10}[)）]$")
_SECTION = re.compile(r"^([一二三四五六七八九十]{1,3}|\d{1,2})$")
_PROSE_PUNCT = re.compile(r"[，,。！？!?；;：:]")
_DATELINE = re.compile(r"^[^，。,]{0,24}[讯电]\s*[（(]")
_REPORTERS = re.compile(r"[（(]([^（）()]*(?:记者|通讯员)[^（）()]*)[)）]")
_ROLE_WORDS = re.compile(r"本报|特约|见习|实习生|记者|通讯员|摄影|文字|[文图][／/：:]")
_PHOTO_CREDIT = re.compile(r"记者\s*([\u4e00-\u9fff]{2,4})\s*摄")
_ENDS_ARTICLE = re.compile(r"(摄|电|[（(]完[)）])$")
_QA = re.compile(r"^[问答][：:]")


@dataclass
class _Para:
    start: int
    end: int
    text: str
    kind: str


@dataclass
class _Draft:
    first: int  # index of the first paragraph
    last: int
    title: str = ""
    title_from_heading: bool = False
    author: str = ""
    has_body: bool = False
    notes: list[str] = field(default_factory=list)


def find_articles(text: str) -> list[Article]:
    """Articles in reading order; contiguous, covering every paragraph of `text`."""
    paras = _paragraphs(text)
    after = _next_non_title(paras)
    drafts: list[_Draft] = []
    for i, p in enumerate(paras):
        cur = drafts[-1] if drafts else None
        if cur is None or _starts_article(paras, i, cur, after):
            cur = _Draft(first=i, last=i)
            drafts.append(cur)
        cur.last = i
        _absorb(cur, p)
    articles = []
    for d in drafts:
        body = paras[d.first:d.last + 1]
        if not d.author:
            d.author = _author_from_body(body)
        articles.append(Article(title=d.title, author=d.author, start=paras[d.first].start,
                                end=paras[d.last].end, note="；".join(d.notes)))
    return articles


def _paragraphs(text: str) -> list[_Para]:
    paras = []
    for m in re.finditer(r"[^\n]+", text):
        s = m.group()
        stripped = s.strip()
        if not stripped:
            continue
        lead = len(s) - len(s.lstrip())
        start = m.start() + lead
        paras.append(_Para(start, start + len(stripped), stripped, _classify(stripped)))
    return paras


def _classify(s: str) -> str:
    if _HEADING.match(s):
        return HEADING
    if _BYLINE.match(s) and len(s) <= 40:
        return BYLINE
    if _NOTE_PARA.match(s):
        return NOTE
    if _MARKER.match(s):
        return MARKER
    if _SOURCE.match(s) and not _PROSE_PUNCT.search(s):
        return SOURCE
    if _SECTION.match(s):
        return SECTION
    if len(s) <= 30 and not _PROSE_PUNCT.search(s):
        return TITLE
    return BODY


def _next_non_title(paras: list[_Para]) -> list[_Para | None]:
    """For each paragraph, the first later one that is not a headline (one backward pass)."""
    out: list[_Para | None] = [None] * len(paras)
    nxt = None
    for i in range(len(paras) - 1, -1, -1):
        out[i] = nxt
        if paras[i].kind not in (TITLE, HEADING):
            nxt = paras[i]
    return out


def _starts_article(paras: list[_Para], i: int, cur: _Draft, after: list[_Para | None]) -> bool:
    p = paras[i]
    if p.kind == MARKER:
        return True  # (上接1版): the text below continues an article from another page
    if p.kind in (HEADING, TITLE, BYLINE) and not cur.has_body:
        return False  # still in the current article's head (headline, column label, byline)
    if p.kind == HEADING:
        return True
    if p.kind == BYLINE:
        # a byline after body text opens a new article, unless nothing follows (stray bylines at
        # the end of a page belong to articles whose text is elsewhere)
        return i + 1 < len(paras) and paras[i + 1].kind == BODY
    if p.kind == TITLE:
        return _title_opens_article(paras, i, after[i])
    return False


def _title_opens_article(paras: list[_Para], i: int, nxt: _Para | None) -> bool:
    prev = paras[i - 1] if i > 0 else None
    if nxt is None:
        return False
    if prev is None or prev.kind in (NOTE, SOURCE) or _ENDS_ARTICLE.search(prev.text):
        return True  # the previous article has visibly ended
    if nxt.kind == BYLINE or (nxt.kind == BODY and _DATELINE.match(nxt.text)):
        return True  # headline over a byline or a dateline (新渝报讯（记者 …）)
    # a headline between two body paragraphs; an interview sub-head (followed by 问：) stays inside
    return nxt.kind == BODY and len(paras[i].text) >= 6 and not _QA.match(nxt.text)


def _absorb(d: _Draft, p: _Para) -> None:
    if p.kind == HEADING and not d.has_body:
        if not d.title_from_heading:
            d.title = _HEADING.match(p.text).group(1).strip()
            d.title_from_heading = True
    elif p.kind == TITLE and not d.has_body:
        if not d.title:
            d.title = p.text
    elif p.kind == BYLINE:
        if not d.author and not d.has_body:  # bylines after the body are strays, not this author
            d.author = _names(_BYLINE.match(p.text).group(1))
    elif p.kind in (BODY, SECTION, NOTE):
        d.has_body = d.has_body or p.kind != NOTE
    for m in _NOTE_ANYWHERE.finditer(p.text):
        d.notes.append(m.group(1).strip())


def _names(byline: str) -> str:
    """`樊自甫 万晓榆` stays; `重庆日报记者 陈维灯` -> `陈维灯`; `文/张三` -> `张三`."""
    if "记者" in byline:
        byline = byline.rsplit("记者", 1)[1]
    return " ".join(_ROLE_WORDS.sub(" ", byline).split())


_NAME = r"[\u4e00-\u9fff·]{2,5}"
# A reporter's or photographer's credit inside the text: `（记者 侯小梅 实习生 彭茜）`, `新渝报记者 黄舒 摄`,
# `□ 新华社记者 姜琳`.
_CREDITS = re.compile(_REPORTERS.pattern + "|" + rf"(?:记者|摄影)[ 　]*{_NAME}[ 　]*摄" + "|"
                      + rf"□[^\n□]{{0,12}}记者[ 　]*{_NAME}(?:[ 　]+{_NAME})*")


def reporter_credits(text: str) -> tuple[set[str], str]:
    """(the names the text gives as its reporters or photographers, the text with those credits removed)."""
    names: set[str] = set()
    for m in _CREDITS.finditer(text):
        credit = m.group()
        if "记者" in credit:
            credit = credit.rsplit("记者", 1)[1]
        names.update(n for n in _ROLE_WORDS.sub(" ", re.sub(r"摄$|[（）()□]", " ", credit.strip())).split()
                     if re.fullmatch(_NAME, n))
    return names, _CREDITS.sub(" ", text)


def _author_from_body(paras: list[_Para]) -> str:
    """Fallback when there is no byline: the dateline `新渝报讯（记者 侯小梅 实习生 彭茜）` or a photo
    credit `新渝报记者 黄舒 摄`."""
    for p in paras:
        if p.kind != BODY:
            continue
        if _DATELINE.match(p.text):
            m = _REPORTERS.search(p.text[:60])
            if m:
                return " ".join(_ROLE_WORDS.sub(" ", m.group(1)).split())
        m = _PHOTO_CREDIT.search(p.text)
        if m:
            return m.group(1)
    return ""
