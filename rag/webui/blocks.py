"""The Gradio page: a chat tab with sources and document view, a knowledge-base tab, and the eval tab.

Every handler catches its own errors and shows one line (or a per-file list); nothing raises into Gradio,
so a user never sees a traceback. Per-session values (history, knobs) live in components and gr.State.
"""
from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import Any

import gradio as gr

from rag.config import Settings
from rag.webui import kb_admin
from rag.webui.assets import CSS, HEAD, SCROLL_TO_DOC_FOCUS
from rag.webui.chat import GENERATORS, session_settings, stream_turn
from rag.webui.render import Turn, render_chat, render_document, render_error_list, render_sources

log = logging.getLogger(__name__)

EXAMPLES = [
    "重庆要如何培育数字经济新增长点？",
    "《以新金融理念推进智慧政务建设》一文的作者是谁？",
    "超大城市为什么需要“数治”？",
    "高性能超算中心的存储容量要达到多少？",
]
DOC_PLACEHOLDER = '<div class="sources empty">点击来源下方的“在文档中查看”，这里会显示整篇文档并标出该段落。</div>'
GENERATOR_LABELS = {"extractive": "抽取式（快速）", "local": "本地模型", "openai": "OpenAI 兼容接口"}


def launch_options(settings: Settings) -> dict[str, Any]:
    """Page-level options; in Gradio 6 these go to launch(), not Blocks()."""
    return {"css": CSS, "head": HEAD, "theme": gr.themes.Soft(), "server_name": settings.host,
            "server_port": settings.port, "show_error": False}


def _doc_rows(kb_name: str, settings: Settings) -> tuple[list[list[Any]], list[str]]:
    try:
        docs = kb_admin.list_documents(kb_name, settings)
    except Exception as e:  # a broken/missing KB must not break the page
        log.warning("listing %s failed: %s", kb_name, e)
        return [], []
    rows = [[d.doc_id, d.title, len(d.text), d.source] for d in docs]
    return rows, [d.doc_id for d in docs]


def _ok(msg: str) -> str:
    return f'<div class="upload-ok">{html.escape(msg)}</div>'


def _err(msg: str) -> str:
    return f'<div class="upload-errors">{html.escape(msg)}</div>'


JOB_POLL_S = 0.5


def _job_status(job) -> str:  # type: ignore[no-untyped-def]
    """排队中，第N个 while the job waits; its step and percentage while it runs."""
    from rag.jobs import JOBS

    place = JOBS.position(job)
    if place:
        ahead = f"，前面还有 {place - 1} 个导入任务" if place > 1 else ""
        text = f"排队中：第 {place} 个{ahead}（{len(job.files)} 个文件）"
    else:
        text = f"正在导入 {int(job.progress * 100)}%：{job.message}"
    return f'<div class="upload-status" data-state="{html.escape(job.state)}">{html.escape(text)}</div>'


READER_ONLY = "此账号只有读者权限：可以提问和检索，不能新建知识库、上传或删除文档。"


def build_demo(settings: Settings, kb_name: str, keys_on: bool = False) -> gr.Blocks:
    kbs = kb_admin.kb_names(settings)
    rows, doc_ids = _doc_rows(kb_name, settings)

    with gr.Blocks(title="中文文档问答") as demo:
        gr.Markdown("## 中文文档问答\n答案只依据知识库中的资料；每句话后的 [n] 指向来源段落，点击可查看原文。")
        kb_select = gr.Dropdown(choices=kbs, value=kb_name, label="当前知识库", interactive=True,
                                elem_id="kb-select")
        turns_state = gr.State([])

        with gr.Tabs():
            with gr.Tab("问答", id="chat-tab"):
                with gr.Row():
                    with gr.Column(scale=3):
                        chat_html = gr.HTML(render_chat([]), elem_id="chat-box", min_height=420, max_height="62vh",
                                            autoscroll=True)
                        with gr.Row():
                            question = gr.Textbox(label="问题", placeholder="输入关于文档的问题，按回车发送",
                                                  elem_id="question", scale=8, lines=1, max_lines=4)
                            with gr.Column(scale=1, min_width=110):
                                send = gr.Button("发送", variant="primary", elem_id="send-btn")
                                clear = gr.Button("清空对话", elem_id="clear-btn", size="sm")
                        gr.Examples(examples=[[q] for q in EXAMPLES], inputs=[question], label="示例问题")
                        with gr.Accordion("设置（只影响本会话）", open=False, elem_id="settings-acc"):
                            top_k = gr.Slider(1, 10, value=settings.top_k, step=1, label="检索段落数（top_k）",
                                              elem_id="top-k")
                            dense_weight = gr.Slider(0.0, 1.0, value=settings.dense_weight, step=0.05,
                                                     label="向量检索权重（其余为 BM25 关键词）", elem_id="dense-weight")
                            llm = gr.Radio([(GENERATOR_LABELS[g], g) for g in GENERATORS], value=settings.llm,
                                           label="生成方式", elem_id="llm")
                            temperature = gr.Slider(0.0, 1.5, value=settings.temperature, step=0.05,
                                                    label="温度（temperature）", elem_id="temperature")
                    with gr.Column(scale=2):
                        gr.Markdown("### 来源")
                        sources_html = gr.HTML(render_sources([]), elem_id="sources-box", max_height="50vh")
                        gr.Markdown("### 在文档中查看")
                        doc_html = gr.HTML(DOC_PLACEHOLDER, elem_id="doc-box", max_height="60vh")
                        # Hidden bridge: the page script writes "turn-number" here and clicks the button.
                        doc_request = gr.Textbox(elem_id="doc-request", visible="hidden", show_label=False, container=False)
                        doc_btn = gr.Button("显示文档", elem_id="doc-request-btn", visible="hidden")

            with gr.Tab("知识库", id="kb-tab"):
                with gr.Row():
                    new_kb = gr.Textbox(label="新建知识库", placeholder="名称：中文、字母、数字、_ 或 -",
                                        elem_id="new-kb", scale=4)
                    create_btn = gr.Button("新建并切换", elem_id="create-kb-btn", scale=1)
                kb_msg = gr.HTML("", elem_id="kb-msg")
                upload = gr.File(label="上传文件到当前知识库（可拖放多个：txt md csv pdf docx pptx xlsx epub html，"
                                       "图片与扫描版 PDF 会做文字识别）",
                                 file_count="multiple", type="filepath", elem_id="upload")
                upload_result = gr.HTML("", elem_id="upload-result", min_height=80)
                docs_table = gr.Dataframe(value=rows, headers=["文档", "标题", "字数", "来源"],
                                          interactive=False, wrap=True, elem_id="docs-table", label="文档列表")
                with gr.Row():
                    doc_pick = gr.Dropdown(choices=doc_ids, value=None, label="选择要删除的文档",
                                           elem_id="doc-pick", scale=4)
                    delete_btn = gr.Button("删除文档", variant="stop", elem_id="delete-doc-btn", scale=1)

            _mount_eval_tab(settings)

        # ---- chat ----
        def respond(q: str, turns: list[Turn], kb: str, k: float, dw: float, gen: str, temp: float):
            q = (q or "").strip()
            if not q:
                yield gr.update(), gr.update(), turns, gr.update()
                return
            try:
                s = session_settings(settings, k, dw, gen, temp)
            except ValueError as e:
                turns = turns + [Turn(question=q, kb=kb, error=str(e))]
                yield render_chat(turns), render_sources(turns), turns, ""
                return
            done = list(turns)
            reading_shown = False
            for t in stream_turn(q, done, kb, s):
                cur = done + [t]
                if t.answer is None and not t.error:
                    # the passages being read, once, as soon as retrieval is done; then only the answer streams
                    sources = render_sources(cur) if t.reading and not reading_shown else gr.update()
                    reading_shown = reading_shown or bool(t.reading)
                    yield render_chat(cur), sources, done, ""
                else:
                    yield render_chat(cur), render_sources(cur), cur, ""

        chat_inputs = [question, turns_state, kb_select, top_k, dense_weight, llm, temperature]
        chat_outputs = [chat_html, sources_html, turns_state, question]
        send.click(respond, chat_inputs, chat_outputs, concurrency_limit=8)
        question.submit(respond, chat_inputs, chat_outputs, concurrency_limit=8)
        clear.click(lambda: ([], render_chat([]), render_sources([]), DOC_PLACEHOLDER), None,
                    [turns_state, chat_html, sources_html, doc_html], queue=False)

        def show_document(key: str, turns: list[Turn]) -> str:
            try:
                t_idx, num = (int(x) for x in (key or "").split("-", 1))
                turn = turns[t_idx]
                cit = next(c for c in turn.answer.citations if c.number == num)
            except (ValueError, IndexError, StopIteration, AttributeError):
                return _err("找不到这个来源（对话可能已清空）")
            try:
                doc = kb_admin.open_kb(turn.kb, settings).get_document(cit.doc_id)
            except Exception as e:
                return _err(kb_admin.describe_error(e))
            if doc is None:
                return _err(f"文档“{cit.doc_id}”已不在知识库“{turn.kb}”中")
            cs, ce = (cit.chunk_start, cit.chunk_end) if cit.chunk_end > cit.chunk_start else (cit.doc_start, cit.doc_end)
            return render_document(doc, cs, ce, cit.doc_start, cit.doc_end)

        doc_btn.click(show_document, [doc_request, turns_state], [doc_html], concurrency_limit=8).then(
            None, None, None, js=SCROLL_TO_DOC_FOCUS)

        # ---- knowledge bases ----
        def refresh_docs(kb: str):
            r, ids = _doc_rows(kb, settings)
            return r, gr.update(choices=ids, value=None)

        kb_select.change(refresh_docs, [kb_select], [docs_table, doc_pick])

        def may_edit(request: gr.Request | None) -> bool:
            from rag.api.auth import page_may_edit

            return page_may_edit(request, keys_on)

        def do_create(name: str, request: gr.Request):
            if not may_edit(request):
                return gr.update(), _err(READER_ONLY), gr.update()
            try:
                created = kb_admin.create_kb(name, settings)
            except Exception as e:
                return gr.update(), _err(kb_admin.describe_error(e)), gr.update()
            return (gr.update(choices=kb_admin.kb_names(settings), value=created),
                    _ok(f"已新建知识库“{created}”并切换到它。"), "")

        create_btn.click(do_create, [new_kb], [kb_select, kb_msg, new_kb])

        def do_upload(files: list[str] | None, kb: str, request: gr.Request):
            # A generator: the upload is staged and queued at once (rag.jobs), then its place in the KB's queue
            # and its progress are shown until it is done; other sessions' uploads queue behind or before it.
            if not files:
                yield gr.update(), gr.update(), gr.update(), None
                return
            uploads = [(Path(f), Path(f).name) for f in files]
            try:
                if not may_edit(request):
                    yield _err(READER_ONLY), gr.update(), gr.update(), None
                    return
                job = kb_admin.submit_upload(kb, uploads, settings)
            except Exception as e:
                log.exception("upload into %s failed", kb)
                yield _err(kb_admin.describe_error(e)), gr.update(), gr.update(), None
                return
            finally:
                for tmp, _ in uploads:  # Gradio's temp copies: good ones were staged, refused ones are dropped
                    Path(tmp).unlink(missing_ok=True)
            yield _job_status(job), gr.update(), gr.update(), None  # at once: queued or started, not silence
            while not job.done_event.wait(JOB_POLL_S):
                yield _job_status(job), gr.update(), gr.update(), None
            if job.state == "failed":
                yield _err(job.error), gr.update(), gr.update(), None
                return
            report = job.result
            parts = []
            if report.added:
                parts.append(_ok(f"已导入 {len(report.added)} 个文件到“{kb}”：{'、'.join(report.added)}"))
            if report.updated:
                parts.append(_ok(f"已更新 {len(report.updated)} 个同名文档：{'、'.join(report.updated)}"))
            parts.append(render_error_list(f"{len(report.errors)} 个文件未导入：", report.errors))
            r, ids = _doc_rows(kb, settings)
            yield "".join(parts), r, gr.update(choices=ids, value=None), None

        # several sessions may upload at once: their jobs queue in rag.jobs, not in Gradio's event queue
        upload.upload(do_upload, [upload, kb_select], [upload_result, docs_table, doc_pick, upload],
                      show_progress="hidden", concurrency_limit=None)

        def do_delete(doc_id: str | None, kb: str, request: gr.Request):
            if not may_edit(request):
                return _err(READER_ONLY), gr.update(), gr.update()
            if not doc_id:
                return _err("请先选择要删除的文档"), gr.update(), gr.update()
            try:
                kb_admin.delete_document(kb, doc_id, settings)
            except Exception as e:
                log.exception("deleting %s from %s failed", doc_id, kb)
                return _err(kb_admin.describe_error(e)), gr.update(), gr.update()
            r, ids = _doc_rows(kb, settings)
            return _ok(f"已从“{kb}”删除文档“{doc_id}”。"), r, gr.update(choices=ids, value=None)

        delete_btn.click(do_delete, [doc_pick, kb_select], [kb_msg, docs_table, doc_pick])

        def on_load(kb: str):
            # The page was built at start; KBs and documents may have changed since (other sessions, CLI).
            names = kb_admin.kb_names(settings)
            kb = kb if kb in names else (names[0] if names else kb)
            r, ids = _doc_rows(kb, settings)
            return gr.update(choices=names, value=kb), r, gr.update(choices=ids, value=None)

        demo.load(on_load, [kb_select], [kb_select, docs_table, doc_pick])
    return demo


def _mount_eval_tab(settings: Settings) -> None:
    """The eval engineer's tab, when eval/ui_tab.py is importable; the chat works without it."""
    try:
        from eval.ui_tab import build_eval_tab
    except ImportError as e:
        log.info("eval tab not mounted: %s", e)
        return
    with gr.Tab("评测", id="eval-tab"):
        try:
            build_eval_tab(settings)
        except Exception as e:
            log.exception("eval tab failed to build")
            gr.HTML(_err(f"评测页加载失败：{kb_admin.describe_error(e)}"))
