"""`python -m rag ask "问题" --kb NAME [--llm local|openai|extractive] [--json] [-k N]`."""
from __future__ import annotations

import argparse
import json
import sys

from rag.errors import RagError
from rag.generate import GENERATORS
from rag.types import Answer


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = subparsers.add_parser("ask", help="根据知识库回答问题（带引用）")
    p.add_argument("question", help="问题")
    p.add_argument("--kb", default=None, help="知识库名称（默认 settings.default_kb）")
    p.add_argument("--llm", choices=GENERATORS, default=None, help="生成器（默认 settings.llm）")
    p.add_argument("-k", type=int, default=None, help="检索段落数（默认 settings.top_k）")
    p.add_argument("--json", action="store_true", help="输出完整 Answer 的 JSON，不流式输出")
    p.set_defaults(func=run)
    return p


def format_citations(answer: Answer) -> str:
    lines = []
    for c in answer.citations:
        where = f"《{c.title}》 " if c.title else ""  # an untitled passage is named by its file alone
        span = c.text[c.span_start:c.span_end].replace("\n", " ").strip()
        lines.append(f"[{c.number}] {where}{c.source} 字符 {c.doc_start}-{c.doc_end}：{span[:80]}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from rag.answer import ask, ask_stream
    from rag.config import load_settings
    from rag.judge import CONFIDENCE_NOTES

    try:
        base = getattr(args, "settings", None) or load_settings()  # rag.cli puts the loaded settings here
        settings = base.replace(**{k: v for k, v in {"llm": args.llm, "top_k": args.k}.items() if v is not None})
        kb = args.kb or settings.default_kb
        if args.json:
            answer = ask(args.question, kb=kb, settings=settings)
            print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
            return 0
        answer = None
        streamed = []
        for item in ask_stream(args.question, kb=kb, settings=settings):
            if isinstance(item, Answer):
                answer = item
            else:
                streamed.append(item)
                sys.stdout.write(item)
                sys.stdout.flush()
        print()
        if answer is None:
            return 1
        if answer.query != args.question:
            print(f"（检索用问题：{answer.query}）")
        if answer.text != "".join(streamed).strip():
            print(f"核对引用后的回答：{answer.text}")
        for s in answer.sentences:
            if not s.supported:
                print(f"已删除未被资料支持的句子：{s.text}（{s.reason}）")
        if answer.citations:
            print("引用：")
            print(format_citations(answer))
        if answer.confidence:
            print(CONFIDENCE_NOTES[answer.confidence])
        return 0
    except RagError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1
