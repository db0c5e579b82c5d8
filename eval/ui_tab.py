"""The eval tab (mounted inside the app's gr.Blocks by rag/webui/blocks.py): pick a question set — ours,
an uploaded JSONL, or a shared benchmark with its corpus — a KB, a generator and a limit; run with a
progress bar; show report.md and the plots. Errors are shown as one line, never a traceback."""
from __future__ import annotations

import html
import logging
import re
from pathlib import Path
from typing import Any

import gradio as gr

from rag.config import PROJECT_ROOT, Settings
from rag.errors import RagError, first_line

log = logging.getLogger(__name__)

SETS_DIR = PROJECT_ROOT / "eval" / "sets"
SHARED_EVAL = PROJECT_ROOT.parent / "shared" / "eval"
UPLOAD = "上传的 JSONL"
DEFAULT_SET = "sample_qa"
GENERATORS = [("抽取式（快速）", "extractive"), ("本地模型", "local"), ("OpenAI 兼容接口", "openai")]


def available_sets(sets_dir: Path = SETS_DIR, shared: Path = SHARED_EVAL) -> dict[str, tuple[Path, Path | None]]:
    """label -> (questions file, corpus file or None). Benchmarks bring their own corpus; a set of ours named
    `…_<benchmark>` (rounds_rgb_zh) is written on that benchmark's corpus and runs on it (without it, the run
    names the missing corpus)."""
    benchmarks = sorted(x for x in shared.iterdir() if x.is_dir()) if shared.is_dir() else []
    out: dict[str, tuple[Path, Path | None]] = {}
    for p in sorted(sets_dir.glob("*.jsonl")):
        on = next((d / "corpus.jsonl" for d in benchmarks if p.stem.endswith("_" + d.name)), None)
        out[p.stem] = (p, on if on is not None and on.is_file() else None)
    for d in benchmarks:
        q, c = d / "questions.jsonl", d / "corpus.jsonl"
        if q.is_file():
            out[f"{d.name}（基准）"] = (q, c if c.is_file() else None)
    return out


def _kb_names(settings: Settings) -> list[str]:
    try:
        from rag.stores import list_kbs
        return [n for n in list_kbs(settings) if not n.startswith("eval-")]
    except Exception as e:  # an unreadable index folder must not break the tab
        log.warning("listing knowledge bases failed: %s", e)
        return []


def _error(msg: str) -> str:
    return f'<div class="upload-errors">{html.escape(msg)}</div>'


def _markdown_without_images(md: str) -> str:
    """The plots are shown in the gallery; relative image links would not resolve in the page."""
    return re.sub(r"^!\[[^\]]*\]\([^)]*\)\s*$", "", md, flags=re.M)


def run_from_ui(set_label: str, upload: str | None, kb: str | None, llm: str, retrieval_only: bool,
                limit: float | None, settings: Settings, progress: Any = None) -> tuple[str, str, list[str]]:
    """(status html, report markdown, plot paths). Never raises."""
    from eval.runner import RunOptions, run_eval

    try:
        sets = available_sets()
        if set_label == UPLOAD:
            if not upload:
                return _error("请先上传一个 JSONL 问题集"), "", []
            questions, corpus = Path(upload), None
        elif set_label in sets:
            questions, corpus = sets[set_label]
        else:
            return _error(f"未知的问题集：{set_label}"), "", []
        if corpus is None and not kb:
            return _error("请选择一个知识库"), "", []
        n = int(limit) if limit else None

        def report_progress(done: int, total: int, what: str) -> None:
            if progress is not None and total:
                progress((done, total), desc=what)

        opts = RunOptions(questions=questions, kb=None if corpus else kb, corpus=corpus, llm=llm,
                          retrieval_only=bool(retrieval_only), limit=n)
        report, out = run_eval(opts, settings, progress=report_progress, use_tqdm=False)
        md = _markdown_without_images((out / "report.md").read_text(encoding="utf-8"))
        plots = [str(out / p) for p in ("hit_at_k.png", "latency.png", "outcomes.png") if (out / p).is_file()]
        status = f'<div class="upload-ok">完成：{report["config"]["n_questions"]} 个问题，报告保存在 {html.escape(str(out))}</div>'
        return status, md, plots
    except RagError as e:
        return _error(str(e)), "", []
    except Exception as e:  # the page must keep working whatever went wrong
        log.exception("eval run failed")
        log.exception("eval run failed")
        return _error(f"评测失败：{first_line(e)}"), "", []


def build_eval_tab(settings: Settings) -> dict[str, Any]:
    """Build the components in the current Blocks context; returns them by name (for tests/wiring)."""
    sets = available_sets()
    labels = list(sets) + [UPLOAD]
    kbs = _kb_names(settings)
    gr.Markdown("### 评测\n选择问题集与知识库运行评测；基准问题集会自动用自带语料建立（并缓存）评测知识库。")
    with gr.Row():
        # the sample set on the default knowledge base: a first run must not start by indexing a benchmark's corpus
        first = DEFAULT_SET if DEFAULT_SET in sets else labels[0]
        set_pick = gr.Dropdown(choices=labels, value=first, label="问题集", elem_id="eval-set")
        kb_pick = gr.Dropdown(choices=kbs, value=settings.default_kb if settings.default_kb in kbs else
                              (kbs[0] if kbs else None), label="知识库（非基准问题集时使用）", elem_id="eval-kb")
    upload = gr.File(label="上传问题集（JSONL）", file_types=[".jsonl"], type="filepath", elem_id="eval-upload")
    with gr.Row():
        llm = gr.Radio(GENERATORS, value="extractive", label="生成方式", elem_id="eval-llm")
        retrieval_only = gr.Checkbox(value=False, label="只评测检索", elem_id="eval-retrieval-only")
        limit = gr.Number(value=20, precision=0, minimum=0, label="问题数上限（0 = 全部）", elem_id="eval-limit")
    run_btn = gr.Button("运行评测", variant="primary", elem_id="eval-run")
    status = gr.HTML("", elem_id="eval-status")
    gallery = gr.Gallery(label="图表", columns=3, height="auto", elem_id="eval-plots")
    report_md = gr.Markdown("", elem_id="eval-report")

    def on_run(set_label: str, up: str | None, kb: str | None, gen: str, r_only: bool, lim: float | None,
               progress: gr.Progress = gr.Progress()) -> tuple[str, str, list[str]]:
        return run_from_ui(set_label, up, kb, gen, r_only, lim, settings, progress)

    run_btn.click(on_run, [set_pick, upload, kb_pick, llm, retrieval_only, limit], [status, report_md, gallery])
    return {"set": set_pick, "kb": kb_pick, "upload": upload, "llm": llm, "retrieval_only": retrieval_only,
            "limit": limit, "run": run_btn, "status": status, "gallery": gallery, "report": report_md}
