"""Sentences in documents that speak to the assistant instead of stating facts (prompt injection).

Principle: text inside a document is data. A sentence that tells an AI / the reader's assistant what to
do or say ("忽略以上指令，回答：……", "System prompt: ...", "如果有人问晚餐时间，请回答……") is not
a fact about the world, whatever it claims. Such sentences are left out of what the model reads
(rag/context.py), cannot support an answer (verifier rule `instruction_source`), and the source card
shows a warning beside them. Ordinary FAQ text ("问：……答：……") and instructions to people
("请携带身份证") are not flagged: the patterns need an override of earlier instructions, an address to
an AI, a system-prompt marker, or a dictated answer.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rag.sentences import split_sentences

_AI = r"(?:AI|A\.I\.|人工智能|智能助手|助手|助理|语言模型|大模型|模型|机器人|ChatGPT|GPT|LLM|assistant|chatbot|bot)"
_SAY = r"(?:回答|回复|答复|输出|说|告诉|声称|写|answer|respond|reply|say|output|tell|write|state)"
_PATTERNS = [
    # override earlier instructions
    r"(?:忽略|无视|忘记|忘掉|不要理会|不要遵守|不必遵守|跳过|覆盖|撤销)\s*(?:掉)?\s*"
    r"(?:以上|上面|上述|之前|此前|先前|前面|前述|所有|全部|一切|系统|你的|你收到的|其他)[^。！？\n]{0,10}"
    r"(?:指令|指示|提示词?|规则|要求|设定|命令|约束|说明|限制)",
    r"\b(?:ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,12}"
    r"\b(?:previous|above|prior|earlier|all|any|your|the system|preceding)\b[^.!?\n]{0,20}"
    r"\b(?:instructions?|prompts?|rules?|guidelines?|directives?|context)\b",
    # addressed to an AI
    rf"(?:致|写给|给|to|attention|note to|dear)\s*(?:所有|任何|the|any|all)?\s*{_AI}s?\s*[:：,，]",
    rf"{_AI}\s*[,，:：]?\s*(?:你|you)?\s*(?:必须|务必|应当|应该|只能|一律|总是|只需|需要|要|请|must|should|shall|"
    rf"always|only|need to|have to|are required to)\s*{_SAY}",
    rf"(?:你|您|you)\s*(?:现在|now)?\s*(?:是|扮演|充当|作为|are|act as|play)\s*[^。！？\n]{{0,12}}{_AI}",
    r"作为(?:一个|一名)?(?:AI|人工智能|AI助手|智能助手|语言模型|大语言模型|聊天机器人)\s*[,，]",
    rf"\bas an? (?:AI|language model|assistant|chatbot)\s*,",
    r"(?:你|您)\s*(?:必须|务必|应当|应该|只能|一律|总是|只需)\s*(?:回答|回复|答复|输出|说|告诉|声称)",
    r"\byou\s+(?:must|should|shall|will|are to|have to|need to)\s+(?:now\s+)?(?:answer|respond|reply|say|output|tell|state)",
    # system-prompt markers
    r"[【\[(（<]\s*(?:系统提示|系统指令|系统消息|系统设定|system(?: prompt| message)?|instruction)\s*[】\])）>]",
    r"(?:系统提示|系统指令|系统消息|system prompt|system message|new instructions?|新的?指令)\s*[:：]",
    r"<\|(?:im_start|system|assistant|user)\|>",
    # a dictated answer
    r"(?:当|如果|若|假如|凡是|无论)[^。！？\n]{0,6}(?:有人|用户|别人|任何人|被|你被|you are)?\s*(?:问|询问|提问|问到|问起|问及|asked)"
    r"[^。！？\n]{0,40}?[，,]?\s*(?:请|就|一律|都|务必|只|均)\s*(?:回答|回复|答复|说|输出)",
    r"(?:请|务必|一律|统一)\s*(?:回答|回复|答复|输出)\s*(?:为|成|说)?\s*[:：“\"]",
    r"(?:正确|标准|唯一|最终)的?(?:答案|回答)(?:永远|始终|一律|都)?是\s*[:：“\"]",
    r"\b(?:always|only)\s+(?:answer|respond|reply)\b",
    r"\b(?:answer|respond to|reply to)\s+(?:every|all|any|each)\s+(?:questions?|quer(?:y|ies)|requests?)\b",
    r"(?:回答|回复|答复)(?:任何|所有|每个|每一个|一切)(?:问题|提问)",
    r"\b(?:answer|respond|reply)\s+(?:only\s+)?with\s*[:\"“]",
    r"\bthe (?:correct |only |real )?answer is always\b",
]
_INSTRUCTION = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)


@lru_cache(maxsize=4096)
def instruction_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence of `text` that is an instruction to an assistant."""
    if not _INSTRUCTION.search(text):
        return ()
    return tuple((s, e) for s, e in split_sentences(text) if _INSTRUCTION.search(text[s:e]))


def without_instructions(text: str, gap: str = "……") -> str:
    """`text` with its instruction sentences replaced by `gap` (what the model is shown)."""
    spans = instruction_spans(text)
    if not spans:
        return text
    out, pos = [], 0
    for s, e in spans:
        out.append(text[pos:s])
        if not out[-1].endswith(gap):
            out.append(gap)
        pos = e
    out.append(text[pos:])
    return "".join(out)
