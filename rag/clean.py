"""Undo PDF-extraction artefacts in Chinese text.

The rules were written against what real newspaper pages look like after extraction
(data/sample/*.txt): stray spaces where the PDF wrapped a column ("经 济发展"), lines and paragraphs
cut mid-sentence, headlines broken into one-character lines, ASCII punctuation between Chinese
characters, page numbers and running headers. Output: paragraphs separated by exactly "\n\n",
no newline inside a paragraph.
"""
from __future__ import annotations

import re
import unicodedata
import statistics
from collections import Counter

# --- character classes -------------------------------------------------------------------------
_IDEO = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007"
_CJK_PUNCT = "\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026\u2014\u00b7"
_CJKISH = re.compile(f"[{_IDEO}{_CJK_PUNCT}]")
_IDEO_RE = re.compile(f"[{_IDEO}]")

# A line ending in one of these (optionally followed by closing quotes/brackets) ends a sentence.
_FINAL = "。！？!?…；;."
_CLOSERS = "”’」』）)》\"'"
_ENDS_SENTENCE = re.compile(rf"[{re.escape(_FINAL)}][{re.escape(_CLOSERS)}]*$")
# Punctuation that makes a short line read as prose rather than a headline.
_PROSE_PUNCT = re.compile(r"[，,。！？!?；;：:]")

# Lines that start a block of their own and are never glued to the line before them.
_BLOCK_START = re.compile(
    r"^(#{1,6}\s"  # markdown heading (the sample marks some headlines this way)
    r"|□"  # byline: □作者
    r"|[（(]\s*作者"  # author note: (作者系…)
    r"|[（(](上接|下转|转第|接第)"  # continuation marker: (上接1版)
    r"|[问答][：:]"  # interview Q&A
    r"|[^，。,\s]{1,12}讯\s*[（(]"  # news dateline: 新渝报讯（记者 …）
    r"|[-*+•·]\s"  # list items
    r"|\d{1,3}[.、)）]\s*[^\d\s]"
    r"|[一二三四五六七八九十]{1,3}、"
    r"|[（(][一二三四五六七八九十\d]{1,3}[)）])"
)

# --- page furniture ----------------------------------------------------------------------------
# Page numbers: decorated forms (`- 3 -`, `第3页`, `3/10`, `Page 3`) anywhere; a bare number only
# as the first or last line of a page, since elsewhere it may be a table cell.
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–·]\s*\d{1,4}\s*[-—–·]"
    r"|第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?)$",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
_EDITION = re.compile(r"第\s*[0-9一二三四五六七八九十]+\s*版|[A-Z]\d{1,2}\s*版")
_DATE_WEEKDAY = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.{0,6}星期[一二三四五六日天]")
_EDITOR = re.compile(r"^(责任编辑|责编|美编|校对|版式设计|本版编辑|编辑)\s*[：:]")


def clean_text(raw: str, *, join_lines: bool = True) -> str:
    """Return cleaned text: paragraphs separated by "\n\n".

    join_lines=False keeps every input line as its own paragraph; use it for formats whose line
    breaks are real block boundaries (docx, html) rather than PDF wrapping.
    """
    pages = [page.split("\n") for page in _normalise(raw).split("\f")]
    lines = _drop_furniture(pages)
    lines = [_ascii_punct_to_cjk(line.strip()) for line in lines]
    paragraphs = _join_lines(_merge_broken_headline(lines)) if join_lines else [l for l in lines if l]
    out = []
    for p in paragraphs:
        p = _fix_spaces(_pair_ascii_quotes(p))
        if p:
            out.append(p)
    return "\n\n".join(out)


# PDF fonts often map CJK characters to their Kangxi-radical or compatibility code points (⽔⽶ for 水米):
# they look the same but match nothing. NFKC maps each to one ordinary character, so offsets hold.
_COMPAT_CJK = re.compile("[\u2e80-\u2fdf\uf900-\ufaff]")


def _ordinary_cjk(ch: str) -> str:
    norm = unicodedata.normalize("NFKC", ch)
    return norm if len(norm) == 1 else ch


def _normalise(raw: str) -> str:
    text = _COMPAT_CJK.sub(lambda m: _ordinary_cjk(m.group()), raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u3000", " ").replace("\t", " ")
    text = re.sub("[\u200b\u200c\u200d\u2060\ufeff]", "", text)  # zero-width characters
    return re.sub(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", "", text)  # control characters (\f = page break stays)


def _drop_furniture(pages: list[list[str]]) -> list[str]:
    """Remove page numbers, edition/date headers and running headers repeated on every page;
    return the remaining lines of all pages, a blank line between pages."""
    counts = Counter(l.strip() for page in pages for l in page if l.strip())
    kept: list[str] = []
    for page in pages:
        filled = [i for i, l in enumerate(page) if l.strip()]
        edges = {filled[0], filled[-1]} if filled else set()
        for i, line in enumerate(page):
            s = line.strip()
            if s and (_is_furniture(s, counts[s]) or (i in edges and _BARE_NUMBER.match(s))):
                continue
            kept.append(line)
        kept.append("")
    return kept


def _is_furniture(s: str, repeats: int) -> bool:
    if _PAGE_NUMBER.match(s):
        return True
    if len(s) <= 50 and "。" not in s:
        if _EDITION.search(s) or _DATE_WEEKDAY.search(s) or _EDITOR.match(s):
            return True
        # running header/footer: the same short line on three or more pages
        if repeats >= 3 and 4 <= len(s) <= 40 and not _PROSE_PUNCT.search(s):
            return True
    return False


def _cjkish(ch: str) -> bool:
    return bool(ch) and bool(_CJKISH.match(ch))


_ASCII_TO_CJK = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


def _ascii_punct_to_cjk(line: str) -> str:
    """`,` `;` `:` `?` `!` `(` `)` next to Chinese characters -> full-width (the PDF used ASCII)."""
    if not _IDEO_RE.search(line):
        return line
    chars = list(line)
    opened: list[bool] = []  # for each open bracket: was it converted to （ ?
    for i, ch in enumerate(line):
        target = _ASCII_TO_CJK.get(ch)
        if not target:
            continue
        prev = line[i - 1] if i > 0 else ""
        nxt = line[i + 1] if i + 1 < len(line) else ""
        if ch in "?!":
            convert = _cjkish(prev)
        elif ch == ":" and prev.isdigit() and nxt.isdigit():
            convert = False  # 11:30
        elif ch == ")":
            # close like it was opened: (C2M) after Chinese text -> （C2M）
            convert = _cjkish(prev) or _cjkish(nxt) or (bool(opened) and opened[-1])
            if opened:
                opened.pop()
        else:
            convert = _cjkish(prev) or _cjkish(nxt)
            if ch == "(":
                opened.append(convert)
        if convert:
            chars[i] = target
    return "".join(chars)


def _is_short_fragment(line: str) -> bool:
    return 0 < len(line) <= 3 and all(_IDEO_RE.match(c) for c in line)


def _merge_broken_headline(lines: list[str]) -> list[str]:
    """`服` `务企` `业` `复工` ... (one to three characters per line) -> one headline line."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if _is_short_fragment(lines[i]):
            run, j = [], i
            while j < len(lines) and (_is_short_fragment(lines[j]) or not lines[j]):
                if lines[j]:
                    run.append(j)
                j += 1
            # at least three pieces, two of them single characters (short table cells stay apart)
            if len(run) >= 3 and sum(len(lines[k]) == 1 for k in run) >= 2:
                out.extend(["", "".join(lines[k] for k in run), ""])
                i = run[-1] + 1
                continue
        out.append(lines[i])
        i += 1
    return out


def _is_block(line: str) -> bool:
    return bool(_BLOCK_START.match(line))


def _is_title_like(line: str) -> bool:
    """A short line without prose punctuation: a headline, a column label, a section numeral."""
    return len(line) <= 30 and not _PROSE_PUNCT.search(line)


def _ends_sentence(line: str) -> bool:
    return bool(_ENDS_SENTENCE.search(line))


def _join_lines(lines: list[str]) -> list[str]:
    """Glue lines the PDF broke mid-sentence, also across blank lines; keep real paragraph breaks."""
    paragraphs: list[str] = []
    current: list[str] = []  # pieces of the paragraph being built (joined once: linear time)
    title_like = block = False  # properties of the whole paragraph being built
    blank_since = False  # was there a blank line between the last piece and the next line?
    for line in lines:
        if not line:
            blank_since = True
            continue
        if current and _continues(current[-1], title_like, block, line, blank_since):
            sep = _separator(current[-1], line)
            if sep == "-":  # hyphenated English word: drop the hyphen
                current[-1] = current[-1][:-1]
            else:
                current.append(sep)
            current.append(line)
            title_like = title_like and _is_title_like("".join(current))
        else:
            if current:
                paragraphs.append("".join(current))
            current = [line]
            title_like, block = _is_title_like(line), _is_block(line)
        blank_since = False
    if current:
        paragraphs.append("".join(current))
    return paragraphs


def _continues(prev_line: str, prev_title_like: bool, prev_block: bool, line: str, blank_between: bool) -> bool:
    if _ends_sentence(prev_line) or prev_block or _is_block(line):
        return False
    if blank_between and (prev_title_like or _is_title_like(line)):
        return False  # a headline or label set apart by blank lines is its own paragraph
    if prev_title_like and len(prev_line) <= 8 and _is_title_like(line):
        return False  # short labels or table cells, one per line: no column is that narrow
    return True


def _separator(prev: str, line: str) -> str:
    if re.search(r"[A-Za-z]-$", prev) and re.match(r"[a-z]", line):
        return "-"  # infor- / mation -> information
    if re.search(r"[A-Za-z0-9]$", prev) and re.match(r"[A-Za-z0-9]", line):
        return " "  # wrapped English keeps its word space
    return ""


def _pair_ascii_quotes(p: str) -> str:
    """ASCII "…" pairs in Chinese text -> “…” (only when the paragraph has an even count)."""
    if '"' not in p or not _IDEO_RE.search(p) or p.count('"') % 2:
        return p
    parts = p.split('"')
    out = [parts[0]]
    for i, part in enumerate(parts[1:]):
        out.append("“" if i % 2 == 0 else "”")
        out.append(part)
    return "".join(out)


_SPACE_NEAR_PUNCT = re.compile(
    f"(?<=[{_CJK_PUNCT}]) +(?=[{_IDEO}{_CJK_PUNCT}])|(?<=[{_IDEO}{_CJK_PUNCT}]) +(?=[{_CJK_PUNCT}])"
)


def _fix_spaces(p: str) -> str:
    """Remove spaces the PDF inserted where a column wrapped; keep spaces between Latin words and
    deliberate ones (between names `记者 侯小梅`, inside headlines `在战“疫”中 读懂…`)."""
    p = re.sub(r" {2,}", " ", p).strip()
    p = _SPACE_NEAR_PUNCT.sub("", p)
    if not _is_wrapped(p):
        return p
    segments = p.split(" ")
    out = [segments[0]]
    for k in range(1, len(segments)):
        drop = (_ideo_pair(segments[k - 1], segments[k])
                and not _name_token(segments, k - 1) and not _name_token(segments, k))
        out.append(segments[k] if drop else " " + segments[k])
    return "".join(out)


def _ideo_pair(left: str, right: str) -> bool:
    return bool(left) and bool(right) and bool(_IDEO_RE.match(left[-1])) and bool(_IDEO_RE.match(right[0]))


def _name_token(segments: list[str], k: int) -> bool:
    """A short Chinese token with word spaces on both sides (`记者 侯小梅 实习生`) is a name or a
    label, not a piece of a wrapped column."""
    if k == 0 or k == len(segments) - 1 or len(segments[k]) > 4:
        return False
    return _ideo_pair(segments[k - 1], segments[k]) and _ideo_pair(segments[k], segments[k + 1])


def _is_wrapped(p: str) -> bool:
    """Column-wrapped prose: spaces between ideographs with long stretches of text between them."""
    gaps = len(re.findall(f"(?<=[{_IDEO}]) (?=[{_IDEO}])", p))
    segments = [len(s) for s in p.split(" ")]
    if gaps == 0 or (gaps == 1 and min(segments) < 10):
        return False  # one space next to a short piece: `记者 邓小强`, a two-part headline
    return statistics.median(segments) >= 10
