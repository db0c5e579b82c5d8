"""Command line: `python -m rag ingest|search|kb|reindex|shell ...` (plus subcommands of other modules).

Settings come from rag/config.py (RAG_* environment variables, e.g. RAG_INDEX_DIR). Every user-facing
error is one line on stderr and exit code 1; no tracebacks.
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
from typing import Any, Sequence

from rag.config import Settings, load_settings
from rag.errors import RagError
from rag.types import Hit

# Modules that add their own subcommands via `register(subparsers)` (setting `func(args) -> int`).
PLUGIN_MODULES = ("rag.cli_ask",)


def hit_json(h: Hit) -> dict[str, Any]:
    c = h.chunk
    return {"rank": h.rank, "score": h.score, "dense_score": h.dense_score, "sparse_score": h.sparse_score,
            "text": c.text, "doc_id": c.doc_id, "source": c.source, "title": c.title, "author": c.author,
            "chunk_id": c.chunk_id, "start": c.start, "end": c.end}


def format_hit(h: Hit, width: int = 160) -> str:
    c = h.chunk
    where = f"《{c.title}》" if c.title else ""
    if c.author:
        where += f" {c.author}"
    dense = f"{h.dense_score:.3f}" if h.dense_score is not None else "-"
    sparse = f"{h.sparse_score:.2f}" if h.sparse_score is not None else "-"
    snippet = " ".join(c.text.split())
    if len(snippet) > width:
        snippet = snippet[:width] + "…"
    return (f"[{h.rank}] {h.score:.4f}  余弦 {dense}  BM25 {sparse}  {where} {c.source} 字符 {c.start}-{c.end}\n"
            f"    {snippet}")


# ---------------------------------------------------------------------- commands
def cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from rag.ingest import iter_documents
    from rag.stores import open_kb

    settings: Settings = args.settings
    docs, failed = [], 0
    items = tqdm(iter_documents(args.paths, settings), desc="读取文件", unit="个", file=sys.stderr,
                 disable=args.quiet)
    for item in items:
        if isinstance(item, RagError):
            failed += 1
            tqdm.write(f"失败：{item}", file=sys.stderr)
        else:
            docs.append(item)
    if not docs and not failed:
        raise RagError(f"没有找到可导入的文件：{' '.join(map(str, args.paths))}")
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    if docs:
        kb = open_kb(args.kb, settings, create=True)
        counts = kb.add_documents(docs, progress=not args.quiet)
    print(f"知识库 {args.kb}: added {counts['added']}, updated {counts['updated']}, "
          f"unchanged {counts['unchanged']}, failed {failed}")
    return 1 if failed else 0


def cmd_search(args: argparse.Namespace) -> int:
    from rag.retrieve import get_retriever

    settings: Settings = args.settings
    hits = get_retriever(args.kb, settings).search(args.query, args.k)
    if args.json:
        print(json.dumps([hit_json(h) for h in hits], ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print("（没有找到相关段落）")
    for h in hits:
        print(format_hit(h))
    return 0


def cmd_kb(args: argparse.Namespace) -> int:
    from rag.stores import delete_kb, list_kbs, open_kb

    settings: Settings = args.settings
    if args.action == "list":
        names = list_kbs(settings)
        if not names:
            print(f"（{settings.index_dir} 下没有知识库）")
        for name in names:
            s = open_kb(name, settings, check_model=False).stats()
            print(f"{name}\t文档 {s['docs']}\t段落 {s['chunks']}\t模型 {s['model']}")
        return 0
    if not args.name:
        raise RagError(f"kb {args.action} 需要知识库名称，例如 python -m rag kb {args.action} sample")
    if args.action == "stats":
        stats = open_kb(args.name, settings, check_model=False).stats()
        if args.json:
            print(json.dumps(stats, ensure_ascii=False, indent=2))
        else:
            for key, value in stats.items():
                print(f"{key}: {value}")
        return 0
    delete_kb(args.name, settings)
    print(f"已删除知识库 {args.name}")
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    from rag.stores import open_kb

    kb = open_kb(args.kb, args.settings, check_model=False)
    n = kb.reindex(progress=not args.quiet)
    print(f"知识库 {args.kb}: 已用模型 {kb.manifest['embedding']['model']} 重新嵌入 {n} 个段落")
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from rag.stores.migrate import migrate_kb

    source = args.source or args.settings.store
    counts = migrate_kb(args.kb, args.settings, source, args.to)
    print(f"知识库 {args.kb}：已从 {source} 复制到 {args.to}（文档 {counts['docs']}，段落 {counts['chunks']}，未重新嵌入）")
    return 0


def cmd_shell(args: argparse.Namespace) -> int:
    from rag.retrieve import get_retriever

    retriever = get_retriever(args.kb, args.settings)  # open (and fail) before prompting
    print(f"知识库 {args.kb}：输入问题回车检索，空行或 exit 退出。")
    while True:
        try:
            query = input("问题> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not query or query.lower() in {"exit", "quit", "q"}:
            return 0
        try:
            retriever.kb.refresh()
            hits = retriever.search(query, args.k)
        except RagError as e:
            print(f"错误：{e}", file=sys.stderr)
            continue
        if not hits:
            print("（没有找到相关段落）")
        for h in hits:
            print(format_hit(h))


def cmd_serve(args: argparse.Namespace) -> int:
    from rag.config import PROJECT_ROOT

    sys.path.insert(0, str(PROJECT_ROOT))  # app.py sits at the top of the project
    import app

    argv = [x for flag, value in (("--host", args.host), ("--port", args.port), ("--kb", args.kb)) if value
            for x in (flag, str(value))]
    return app.main(argv + (["--insecure"] if args.insecure else []))


# ---------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m rag", description="中文文档问答：知识库管理与检索")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("ingest", help="导入文件或文件夹到知识库（增量：未变的文件跳过）")
    p.add_argument("paths", nargs="+", metavar="PATH", help="文件或文件夹（txt/md/pdf/docx/html）")
    p.add_argument("--kb", default=None, help="知识库名称（默认 settings.default_kb）")
    p.add_argument("-q", "--quiet", action="store_true", help="不显示进度条")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("search", help="检索段落（不生成回答）")
    p.add_argument("query", help="问题")
    p.add_argument("--kb", default=None)
    p.add_argument("-k", type=int, default=None, help="返回段落数（默认 settings.top_k）")
    p.add_argument("--json", action="store_true", help="输出 JSON 列表")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("kb", help="知识库管理：list | stats NAME | delete NAME")
    p.add_argument("action", choices=["list", "stats", "delete"])
    p.add_argument("name", nargs="?", default=None)
    p.add_argument("--json", action="store_true", help="stats 输出 JSON")
    p.set_defaults(func=cmd_kb)

    p = sub.add_parser("reindex", help="用当前嵌入模型重建知识库的全部向量")
    p.add_argument("--kb", default=None)
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_reindex)

    p = sub.add_parser("migrate", help="在存储之间复制知识库（不重新嵌入）：--to milvus 或 --to embedded")
    p.add_argument("--kb", default=None)
    p.add_argument("--to", required=True, choices=["embedded", "milvus"])
    p.add_argument("--from", dest="source", default=None, choices=["embedded", "milvus"],
                   help="源存储（默认 settings.store）")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("shell", help="交互式检索")
    p.add_argument("--kb", default=None)
    p.add_argument("-k", type=int, default=None)
    p.set_defaults(func=cmd_shell)

    p = sub.add_parser("serve", help="网页与 HTTP API（同 python app.py）")
    p.add_argument("--host", default=None)
    p.add_argument("--port", type=int, default=None)
    p.add_argument("--kb", default=None)
    p.add_argument("--insecure", action="store_true", help="允许无 API 密钥时监听非本机地址")
    p.set_defaults(func=cmd_serve)

    for name in PLUGIN_MODULES:
        try:
            importlib.import_module(name).register(sub)
        except ModuleNotFoundError as e:
            if e.name != name:  # the plugin exists but something it imports is missing
                print(f"警告：子命令模块 {name} 无法加载：{e}", file=sys.stderr)
        except Exception as e:  # noqa: BLE001 - a broken plugin must not take the whole CLI down
            print(f"警告：子命令模块 {name} 无法加载：{type(e).__name__}: {e}", file=sys.stderr)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.settings = load_settings()
        if getattr(args, "kb", "") is None:
            args.kb = args.settings.default_kb
        return int(args.func(args) or 0)
    except RagError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
