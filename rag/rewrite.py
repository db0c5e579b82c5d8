"""Follow-up questions ("那他担任什么职务？") -> a standalone query for retrieval.

The model rewrites from the conversation (prompts/rewrite.txt); when there is no LLM, or its output is
unusable, a rule resolves pronouns with the last named subject of an earlier question.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rag.textmatch import bigrams, strip_markers
from rag.config import Settings
from rag.generate.base import Generator, Message
from rag.prompts import render_prompt

_PRONOUN = re.compile(r"他们|她们|它们|他(?!人)|她|它|其(?![他它中实次余一])|该(?:人|文|文章|作者|机构|项目)?|此人|这个人|这篇文章|这位")
_LEAD = re.compile(r"^(?:那么|那|还有|另外|此外|然后|而且|并且|再问一下|请问)[，,\s]*")
_ENTITY_FLAGS = ("nr", "nrfg", "nrt", "ns", "nt", "nz")
MAX_TURNS = 3  # older turns rarely hold the referent and cost prompt tokens


def normalize_history(history: Sequence[Any] | None) -> list[Message]:
    """[{"role","content"}] or [(user, assistant)] pairs -> messages (non-text content dropped)."""
    messages: list[Message] = []
    for item in history or []:
        if isinstance(item, dict):
            content = item.get("content")
            if isinstance(content, str) and item.get("role") in ("user", "assistant") and content.strip():
                messages.append({"role": item["role"], "content": content})
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            for role, content in zip(("user", "assistant"), item):
                if isinstance(content, str) and content.strip():
                    messages.append({"role": role, "content": content})
    return messages


def looks_like_follow_up(question: str) -> bool:
    core = re.sub(r"[？?！!。，,\s]", "", question)
    return bool(_PRONOUN.search(question) or _LEAD.match(question) or len(core) <= 5)


def subject_of(question: str) -> str:
    """The named thing a question is about: a 《title》/“term”, else jieba's first noun phrase."""
    m = re.search(r"《([^》]+)》|“([^”]+)”", question)
    if m:
        return m.group(0)
    from rag.lexicon import tagged

    words = [(w, f) for w, f in tagged(_LEAD.sub("", question)) if w.strip()]
    named = [w for w, f in words if f in _ENTITY_FLAGS and not _PRONOUN.fullmatch(w)]
    if named:
        i = next(i for i, (w, _) in enumerate(words) if w == named[0])
        phrase = named[0]
        # names joined by 和/与/、 stay together (樊自甫和万晓榆), so "他们" resolves to both
        while i + 2 < len(words) and words[i + 1][0] in ("和", "与", "、", "及") and words[i + 2][1] in _ENTITY_FLAGS:
            phrase += words[i + 1][0] + words[i + 2][0]
            i += 2
        if i + 1 < len(words) and words[i + 1][1] == "n" and len(words[i + 1][0]) >= 2:
            phrase += words[i + 1][0]  # a title right after the name: 樊自甫 教授 -> 樊自甫教授
        return phrase
    run: list[str] = []
    for w, f in words:  # first run of nouns
        if f.startswith("n") and not _PRONOUN.fullmatch(w):
            run.append(w)
        elif run:
            break
    return "".join(run) if len("".join(run)) >= 2 else ""


def rule_rewrite(question: str, history: list[Message]) -> str:
    entity = next((e for m in reversed(history) if m["role"] == "user"
                   for e in [subject_of(m["content"])] if e), "")
    if not entity or entity in question:
        return question
    core = _LEAD.sub("", question.strip())
    if _PRONOUN.search(core):
        return _PRONOUN.sub(entity, core, count=1)
    return f"{entity}{'' if core.startswith('的') else '的'}{core}"


def _history_text(history: list[Message]) -> str:
    lines = []
    for m in history[-2 * MAX_TURNS:]:
        who = "用户" if m["role"] == "user" else "助手"
        lines.append(f"{who}：{strip_markers(m['content'])[:150]}")
    return "\n".join(lines)


def _clean_model_output(text: str) -> str:
    line = next((ln.strip() for ln in text.strip().splitlines() if ln.strip()), "")
    line = re.sub(r"^(?:【?独立问题】?|改写后的问题|改写)[:：]?\s*", "", line)
    return line.strip(" \"'“”「」")


def rewrite_query(question: str, history: Sequence[Any] | None, settings: Settings,
                  generator: Generator | None = None) -> str:
    """Standalone query for `question` given the conversation; unchanged when it needs no context."""
    messages = normalize_history(history)
    if not messages or not looks_like_follow_up(question):
        return question
    fallback = rule_rewrite(question, messages)
    if generator is None or not generator.uses_llm:
        return fallback
    prompt = render_prompt("rewrite", settings, history=_history_text(messages), question=question)
    candidate = _clean_model_output(generator.complete([{"role": "user", "content": prompt}],
                                                       temperature=0.0, max_tokens=64))
    if not is_faithful_rewrite(question, candidate) or (_PRONOUN.search(candidate) and fallback != question):
        return fallback  # the model answered instead, or left the pronoun unresolved
    return candidate


def is_faithful_rewrite(question: str, candidate: str) -> bool:
    """A rewrite keeps the question's own words (minus pronouns) and is still a question; a small model
    sometimes answers instead ("高永强担任智慧政务建设的推进者。")."""
    if not 2 <= len(candidate) <= 3 * len(question) + 40:
        return False
    asks = re.compile(r"[？?吗呢]|什么|哪|谁|多少|几|如何|怎么|怎样|为什么|是否")
    if asks.search(question) and not asks.search(candidate):
        return False
    own = bigrams(re.sub(r"[呢吗啊呀吧]", " ", _PRONOUN.sub(" ", _LEAD.sub("", question))))
    return not own or len(own & bigrams(candidate)) / len(own) >= 0.6
