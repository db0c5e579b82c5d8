"""Answer, sources and document views as HTML strings.

Pure functions (no Gradio import) so they are unit-tested directly. Every piece of user or document text
goes through `html.escape`; markup is only what these functions add. Element ids are stable and unique
per turn (`src-{turn}-{n}`) so a citation marker can point at its source and the browser test can find it.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from rag.judge import CONFIDENCE_NOTES
from rag.types import Answer, Citation, Document, Hit, SentenceSupport

MARKER_RE = re.compile(r"\[(\d{1,3})\]")
UNSUPPORTED_LABEL = "未经资料支持"
REFUSED_LABEL = "资料中无答案"
JUDGE_NOTE_TITLE = "本地模型只读所引段落和问题（不看回答），判断资料是否写明所问的那一项"


@dataclass
class Turn:
    """One question and what came back: a final Answer, streamed text so far, or an error message."""

    question: str
    kb: str = ""  # knowledge base asked, so "view in document" opens the right one after a switch
    answer: Answer | None = None
    partial: str = ""
    error: str = ""
    reading: list[Hit] = field(default_factory=list)  # retrieved passages, shown while the model reads them


def source_id(turn: int, number: int) -> str:
    return f"src-{turn}-{number}"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def render_markers(text: str, turn: int, known: set[int]) -> str:
    """Escape `text` and turn each [n] whose source exists into a link to it; other [n] stay plain text."""
    out: list[str] = []
    pos = 0
    for m in MARKER_RE.finditer(text):
        out.append(_esc(text[pos:m.start()]))
        n = int(m.group(1))
        if n in known:
            sid = source_id(turn, n)
            out.append(f'<a class="cite" href="#{sid}" data-target="{sid}" title="查看来源 {n}">[{n}]</a>')
        else:
            out.append(_esc(m.group(0)))
        pos = m.end()
    out.append(_esc(text[pos:]))
    return "".join(out)


def _sentence_html(s: SentenceSupport, turn: int, known: set[int]) -> str:
    # Markers may or may not be inside the sentence text; show them once, after the sentence.
    bare = MARKER_RE.sub("", s.text)
    inline = {int(n) for n in MARKER_RE.findall(s.text)}
    numbers = sorted(set(s.citations) | inline)
    body = render_markers(bare, turn, known)
    marks = "".join(render_markers(f"[{n}]", turn, known) for n in numbers)
    if s.supported:
        return f'<span class="sent supported">{body}{marks}</span>'
    reason = f' title="{_esc(s.reason)}"' if s.reason else ""
    label = f'<span class="badge warn"{reason}>{UNSUPPORTED_LABEL}</span>'
    return f'<span class="sent unsupported"{reason}>{body}{marks}{label}</span>'


def render_answer(answer: Answer, turn: int) -> str:
    """The answer body: sentences with their markers, unsupported ones and refusals visibly flagged."""
    known = {c.number for c in answer.citations}
    if answer.refused:
        body = (f'<span class="badge refuse">{REFUSED_LABEL}</span> '
                f'{render_markers(answer.text, turn, known)}')
        refusal = answer.text.strip()
        dropped = [s for s in answer.sentences if not s.supported and (bare := MARKER_RE.sub("", s.text).strip())
                   and bare not in refusal and refusal not in bare]  # the model's own refusal adds nothing
        if dropped:  # what the model said but the material does not back, folded away
            items = "".join(_sentence_html(s, turn, known) for s in dropped)
            body += f'<details class="dropped"><summary>模型原话（{UNSUPPORTED_LABEL}，已隐藏）</summary>{items}</details>'
        cls = "answer refused"
    else:
        if answer.sentences:
            body = "".join(_sentence_html(s, turn, known) for s in answer.sentences)
        else:
            body = render_markers(answer.text, turn, known)
        cls = "answer"
    parts = [f'<div class="{cls}" data-turn="{turn}">{body}</div>']
    meta = []
    if answer.query and answer.query.strip() != answer.question.strip():
        meta.append(f'<span class="query-note">检索用问题：{_esc(answer.query)}</span>')
    if answer.generator:
        meta.append(f'<span class="gen-note">生成：{_esc(answer.generator)}</span>')
    band = answer.confidence
    if band:
        meta.append(f'<span class="judge-note {band}" title="{JUDGE_NOTE_TITLE}">{CONFIDENCE_NOTES[band]}</span>')
    total = answer.timings.get("total") if answer.timings else None
    if total is not None:
        meta.append(f'<span class="time-note">{total:.1f} 秒</span>')
    if meta:
        parts.append(f'<div class="answer-meta">{" · ".join(meta)}</div>')
    return "".join(parts)


def render_turn(t: Turn, turn: int) -> str:
    q = f'<div class="msg user"><div class="bubble">{_esc(t.question)}</div></div>'
    if t.error:
        a = f'<div class="answer error"><span class="badge error">出错</span> {_esc(t.error)}</div>'
    elif t.answer is not None:
        a = render_answer(t.answer, turn)
    else:
        a = f'<div class="answer streaming">{_esc(t.partial) or "正在检索资料…"}<span class="cursor">▍</span></div>'
    return f'{q}<div class="msg bot" id="turn-{turn}"><div class="bubble">{a}</div></div>'


def render_chat(turns: list[Turn]) -> str:
    if not turns:
        return '<div class="chat empty">请在下方输入问题，答案会附上来源编号 [n]，点击编号可查看原文。</div>'
    return '<div class="chat">' + "".join(render_turn(t, i) for i, t in enumerate(turns)) + "</div>"


def highlight_span(text: str, start: int, end: int) -> str:
    """Escape `text` with text[start:end] wrapped in <mark>; out-of-range offsets are clamped."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    if end == start:
        return _esc(text)
    return f"{_esc(text[:start])}<mark>{_esc(text[start:end])}</mark>{_esc(text[end:])}"


def _unique_citations(answer: Answer) -> list[Citation]:
    seen: dict[int, Citation] = {}
    for c in answer.citations:
        seen.setdefault(c.number, c)
    return [seen[n] for n in sorted(seen)]


def render_citation(c: Citation, turn: int) -> str:
    sid = source_id(turn, c.number)
    head = [f'<span class="src-num">[{c.number}]</span>']
    if c.title:
        head.append(f'<span class="src-title">《{_esc(c.title)}》</span>')
    if c.author:
        head.append(f'<span class="src-author">作者：{_esc(c.author)}</span>')
    if c.note:
        head.append(f'<span class="src-note">（{_esc(c.note)}）</span>')
    # doc_id is the short relative name; the full source path is in the tooltip
    head.append(f'<span class="src-file" title="{_esc(c.source)}">文件：{_esc(c.doc_id or c.source)}</span>')
    if c.page:
        head.append(f'<span class="src-page">第{c.page}页</span>')
    return (
        f'<div class="source" id="{sid}" data-number="{c.number}">'
        f'<div class="src-head">{" ".join(head)}</div>'
        f'<div class="src-text">{highlight_span(c.text, c.span_start, c.span_end)}</div>'
        f'{instruction_warning(c.text)}'
        f'<button class="view-doc" type="button" data-key="{turn}-{c.number}">在文档中查看</button>'
        f"</div>"
    )


def instruction_warning(text: str) -> str:
    """A warning for a passage holding sentences addressed to an AI (rag/injection.py); "" when none."""
    from rag.injection import instruction_spans

    spans = instruction_spans(text)
    if not spans:
        return ""
    quoted = "；".join(_snippet(text[s:e].strip(), 40) for s, e in spans[:2])
    return (f'<div class="src-warning">⚠ 此段含疑似写给 AI 的指令（“{_esc(quoted)}”），'
            f'已视为资料内容而非指令，不作为回答依据</div>')


def _snippet(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def render_other_passages(answer: Answer, limit: int = 120) -> str:
    """Passages retrieved but not cited, folded: for a refusal these are the closest material there was."""
    cited = {c.chunk_id for c in answer.citations}
    rest = [h for h in answer.passages if h.chunk.chunk_id not in cited]
    if not rest:
        return ""
    items = []
    for h in rest:
        c = h.chunk
        title = f"《{_esc(c.title)}》 " if c.title else ""
        items.append(f'<li><span class="src-title">{title}</span><span class="src-file">{_esc(c.doc_id)}</span>'
                     f'<div class="src-text">{_esc(_snippet(c.text, limit))}</div>{instruction_warning(c.text)}</li>')
    label = "最接近的段落（未引用）" if answer.refused else "其他检索到的段落（未引用）"
    return f'<details class="other-passages"><summary>{label}：{len(rest)} 段</summary><ul>{"".join(items)}</ul></details>'


def render_turn_sources(answer: Answer, turn: int) -> str:
    cites = _unique_citations(answer)
    others = render_other_passages(answer)
    if not cites:
        return '<div class="no-sources">本回答没有引用任何段落。</div>' + others
    return "".join(render_citation(c, turn) for c in cites) + others


def render_reading(hits: list[Hit], limit: int = 160) -> str:
    """The passages retrieved for a question still being answered: titled and numbered as the model sees them,
    marked as being read. Not citations: nothing here is verified yet."""
    items = []
    for h in hits:
        c = h.chunk
        title = f'<span class="src-title">《{_esc(c.title)}》</span> ' if c.title else ""
        items.append(f'<div class="source reading" data-rank="{h.rank}"><div class="src-head">'
                     f'<span class="src-num reading">{h.rank}</span> {title}'
                     f'<span class="src-file" title="{_esc(c.source)}">文件：{_esc(c.doc_id)}</span>'
                     f'<span class="badge reading">正在阅读</span></div>'
                     f'<div class="src-text">{_esc(_snippet(c.text, limit))}</div>{instruction_warning(c.text)}</div>')
    return (f'<div class="reading-note">检索到 {len(hits)} 段资料，模型正在阅读；回答核验后，被引用的段落会标出原文。</div>'
            + "".join(items))


def render_sources(turns: list[Turn]) -> str:
    """All turns' sources, newest first and open; older turns folded (a click on their marker unfolds them).
    A question still being answered shows the passages being read."""
    blocks = []
    for i in range(len(turns) - 1, -1, -1):
        ans = turns[i].answer
        if ans is None:
            if turns[i].reading and not turns[i].error and not blocks:
                blocks.append(f'<details class="turn-sources reading" id="sources-{i}" open>'
                              f"<summary>第 {i + 1} 问：正在阅读的资料</summary>{render_reading(turns[i].reading)}"
                              "</details>")
            continue
        open_attr = " open" if not blocks else ""
        q = turns[i].question if len(turns[i].question) <= 30 else turns[i].question[:30] + "…"
        blocks.append(
            f'<details class="turn-sources" id="sources-{i}"{open_attr}>'
            f"<summary>第 {i + 1} 问的来源：{_esc(q)}</summary>{render_turn_sources(ans, i)}</details>"
        )
    if not blocks:
        return '<div class="sources empty">回答的来源段落会显示在这里。</div>'
    return '<div class="sources">' + "".join(blocks) + "</div>"


def render_document(doc: Document, chunk_start: int, chunk_end: int, span_start: int, span_end: int) -> str:
    """The whole document with the cited chunk marked and its supporting span marked more strongly."""
    text = doc.text
    n = len(text)
    cs = max(0, min(chunk_start, n))
    ce = max(cs, min(chunk_end, n))
    ss = max(cs, min(span_start, ce))
    se = max(ss, min(span_end, ce))
    body = (
        f"{_esc(text[:cs])}<mark class=\"chunk\" id=\"doc-focus\">{_esc(text[cs:ss])}"
        f"<mark class=\"span\">{_esc(text[ss:se])}</mark>{_esc(text[se:ce])}</mark>{_esc(text[ce:])}"
    )
    title = f"《{_esc(doc.title)}》 " if doc.title else ""
    return (
        f'<div class="doc-view"><div class="doc-head">{title}<span class="src-file" title="{_esc(doc.source)}">'
        f"文件：{_esc(doc.doc_id or doc.source)}</span></div><div class=\"doc-text\">{body}</div></div>"
    )


def render_error_list(title: str, errors: list[tuple[str, str]]) -> str:
    """Per-file problems as a list naming the file and the problem."""
    if not errors:
        return ""
    items = "".join(f'<li><b class="err-file">{_esc(name)}</b>：{_esc(problem)}</li>' for name, problem in errors)
    return f'<div class="upload-errors"><div class="err-title">{_esc(title)}</div><ul>{items}</ul></div>'
