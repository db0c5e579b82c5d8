"""The web chat in a real browser: real embedding model, FAISS, generators, Gradio server and Chromium."""
from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from rag.config import PROJECT_ROOT

SAMPLE_DIR = PROJECT_ROOT / "data" / "sample"

UNIQUE_FACT_TEXT = (
    "星光读书会简介\n\n"
    "星光读书会是一个社区阅读组织。星光读书会由林晓雯于2023年在蓝鲸湾社区创办，"
    "每月第一个周六在蓝鲸湾图书馆举办共读活动。\n"
)


def ask(page: Page, question: str, timeout_ms: int = 120_000) -> None:
    """Type a question, send it, and wait until that turn's answer is final (not streaming)."""
    before = page.locator("#chat-box .msg.bot").count()
    page.locator("#question textarea").fill(question)
    page.locator("#send-btn").click()
    final = page.locator(f"#turn-{before} .answer:not(.streaming)")
    final.wait_for(timeout=timeout_ms)


def open_tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def upload(page: Page, files: list[dict]) -> None:
    """Drop files on the upload area (in-memory payloads, so any file name can be tried)."""
    page.locator("#upload input[type=file]").set_input_files(files)


def test_sample_question_is_answered_with_a_clickable_citation(page: Page, shot_dir: Path):
    ask(page, "高性能超算中心的存储容量要达到多少？")
    answer = page.locator("#turn-0 .answer")
    expect(answer).to_contain_text("50PB")
    marker = answer.locator("a.cite").first
    expect(marker).to_be_visible()
    page.screenshot(path=str(shot_dir / "01_answer.png"), full_page=True)

    target = marker.get_attribute("data-target")
    marker.click()
    source = page.locator(f"#{target}")
    expect(source).to_have_class("source active")
    expect(source.locator("mark")).to_contain_text("50PB")
    expect(source.locator(".src-file")).to_contain_text(".txt")
    page.screenshot(path=str(shot_dir / "02_citation_clicked.png"), full_page=True)

    source.get_by_role("button", name="在文档中查看").click()
    doc = page.locator("#doc-box .doc-view")
    expect(doc.locator("mark.span")).to_contain_text("50PB")
    expect(doc.locator("#doc-focus")).to_be_visible()
    # the whole document is shown, not just the passage
    assert len(doc.locator(".doc-text").inner_text()) > 3 * len(source.locator(".src-text").inner_text())
    page.screenshot(path=str(shot_dir / "03_document_view.png"), full_page=True)

    # A second question folds the first turn's sources; its marker still unfolds and highlights them.
    ask(page, "超大城市为什么需要“数治”？")
    expect(page.locator("#turn-1 .answer")).to_be_visible()
    expect(page.locator("#sources-0")).not_to_have_attribute("open", "")
    page.locator("#turn-0 a.cite").first.click()
    expect(page.locator("#sources-0")).to_have_attribute("open", "")
    expect(page.locator(f"#{target}")).to_have_class("source active")


def test_question_outside_the_documents_is_visibly_refused(page: Page, shot_dir: Path):
    page.locator("#question textarea").fill("2022年世界杯冠军是哪支球队？")
    page.locator("#question textarea").press("Enter")  # Enter sends, like the button
    answer = page.locator("#turn-0 .answer:not(.streaming)")
    answer.wait_for(timeout=120_000)
    expect(answer).to_have_class("answer refused")
    expect(answer.locator(".badge.refuse")).to_have_text("资料中无答案")
    expect(answer.locator("a.cite")).to_have_count(0)
    page.screenshot(path=str(shot_dir / "04_refusal.png"), full_page=True)


def test_uploaded_document_can_be_asked_about(page: Page, shot_dir: Path):
    open_tab(page, "知识库")
    # A hostile name: the stored file must land inside the KB folder as 星光读书会.txt.
    # With both newspaper pages alongside, embedding takes long enough to watch the job's progress (the status is
    # also shown at once when the job is submitted: a fast machine imports one page in under a poll interval).
    page_copy = b"\n\n".join((SAMPLE_DIR / name).read_bytes()
                              for name in ("004_f0bf289586f4ddda.txt", "000_57414710c54d5ef4.txt"))
    upload(page, [{"name": "../../星光读书会.txt", "mimeType": "text/plain",
                   "buffer": UNIQUE_FACT_TEXT.encode("utf-8")},
                  {"name": "报纸副本.txt", "mimeType": "text/plain", "buffer": page_copy}])
    expect(page.locator("#upload-result .upload-status")).to_contain_text(re.compile(r"正在导入|排队中"),
                                                                          timeout=60_000)
    page.screenshot(path=str(shot_dir / "05_upload_progress.png"))
    result = page.locator("#upload-result")
    expect(result).to_contain_text("已导入 2 个文件", timeout=180_000)
    expect(page.locator("#docs-table")).to_contain_text("星光读书会")
    page.screenshot(path=str(shot_dir / "05b_upload_ok.png"), full_page=True)

    open_tab(page, "问答")
    ask(page, "星光读书会是谁创办的？")
    answer = page.locator("#turn-0 .answer")
    expect(answer).to_contain_text("林晓雯")
    expect(answer.locator("a.cite").first).to_be_visible()
    expect(page.locator("#sources-box")).to_contain_text("星光读书会")
    page.screenshot(path=str(shot_dir / "06_upload_answer.png"), full_page=True)


def test_bad_uploads_are_listed_with_file_and_problem(page: Page, shot_dir: Path):
    open_tab(page, "知识库")
    upload(page, [
        {"name": "setup.exe", "mimeType": "application/octet-stream", "buffer": b"MZ\x90\x00\x03\x00\x00\x00"},
        {"name": "binary.txt", "mimeType": "text/plain", "buffer": bytes(range(256)) * 8},
    ])
    errors = page.locator("#upload-result .upload-errors")
    expect(errors).to_contain_text("setup.exe", timeout=60_000)
    expect(errors).to_contain_text("不支持的文件类型")
    expect(errors).to_contain_text("binary.txt")
    expect(errors).to_contain_text("二进制")
    expect(page.locator("#docs-table")).not_to_contain_text("setup.exe")
    expect(page.locator("body")).not_to_contain_text("Traceback")
    page.screenshot(path=str(shot_dir / "07_upload_errors.png"), full_page=True)


def test_new_kb_upload_and_delete_document(page: Page, shot_dir: Path):
    open_tab(page, "知识库")
    page.locator("#new-kb textarea, #new-kb input").first.fill("e2e临时库")
    page.locator("#create-kb-btn").click()
    expect(page.locator("#kb-msg")).to_contain_text("已新建知识库“e2e临时库”")
    upload(page, [{"name": "note.md", "mimeType": "text/markdown",
                   "buffer": "# 测试笔记\n\n青柠实验室位于山城路8号。\n".encode("utf-8")}])
    expect(page.locator("#upload-result")).to_contain_text("已导入 1 个文件", timeout=180_000)
    expect(page.locator("#docs-table")).to_contain_text("note.md")

    page.locator("#doc-pick input").click()
    page.get_by_role("option", name="note.md").click()
    page.locator("#delete-doc-btn").click()
    expect(page.locator("#kb-msg")).to_contain_text("已从“e2e临时库”删除文档“note.md”")
    expect(page.locator("#docs-table")).not_to_contain_text("note.md")

    page.locator("#new-kb textarea, #new-kb input").first.fill("../坏名字")
    page.locator("#create-kb-btn").click()
    expect(page.locator("#kb-msg")).to_contain_text("知识库名称")
    page.screenshot(path=str(shot_dir / "08_kb_admin.png"), full_page=True)


def test_local_model_answers_while_another_user_is_served(page: Page, browser, app_url: str, shot_dir: Path):
    """The one step on the real local LLM (slow: 1.5B model on 2 cores). While it works for user A,
    user B (extractive generator, another browser context) gets a complete answer: the page is not frozen."""
    page.locator("#settings-acc").get_by_text("设置（只影响本会话）").click()
    page.locator("#llm").get_by_text("本地模型").click()
    page.locator("#question textarea").fill("《以新金融理念推进智慧政务建设》一文的作者是谁？")
    page.locator("#send-btn").click()
    expect(page.locator("#turn-0 .answer.streaming")).to_be_visible()

    other_ctx = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
    try:
        other = other_ctx.new_page()
        other.goto(app_url)
        ask(other, "高性能超算中心的存储容量要达到多少？", timeout_ms=120_000)
        expect(other.locator("#turn-0 .answer")).to_contain_text("50PB")
        still_working = page.locator("#turn-0 .answer.streaming").count() == 1
        other.screenshot(path=str(shot_dir / "09_other_user_served.png"), full_page=True)
    finally:
        other_ctx.close()
    assert still_working, "user B should be answered while user A's local-model answer is still streaming"

    page.locator("#turn-0 .answer:not(.streaming)").wait_for(timeout=400_000)
    answer = page.locator("#turn-0 .answer")
    expect(answer).to_contain_text("高永强")
    expect(answer.locator("a.cite").first).to_be_visible()
    expect(page.locator("#turn-0 .answer-meta")).to_contain_text("local")
    expect(page.locator("#turn-0 .answer-meta .judge-note")).to_contain_text("核对")  # the judge's band, shown
    page.screenshot(path=str(shot_dir / "10_local_model.png"), full_page=True)


def test_eval_tab_runs_a_set_and_shows_report_and_plots(page: Page, shot_dir: Path):
    open_tab(page, "评测")
    page.locator("#eval-limit input").fill("6")
    page.locator("#eval-run").click()
    status = page.locator("#eval-status")
    expect(status).to_contain_text("完成：6 个问题", timeout=300_000)
    report = page.locator("#eval-report")
    expect(report).to_contain_text("hit@1")
    expect(report).to_contain_text("accuracy")
    expect(report).to_contain_text("correct_refusal_rate")
    expect(page.locator("#eval-plots img")).to_have_count(3)
    page.screenshot(path=str(shot_dir / "11_eval_report.png"), full_page=True)


def test_eval_tab_reports_a_broken_question_file_by_name_and_line(page: Page, shot_dir: Path):
    open_tab(page, "评测")
    page.locator("#eval-set input").click()
    page.get_by_role("option", name="上传的 JSONL").click()
    page.locator("#eval-upload input[type=file]").set_input_files([{
        "name": "坏问题集.jsonl", "mimeType": "application/json",
        "buffer": '{"id": "a", "question": "好？", "answers": ["好"]}\n{"id": "b", "question": \n'.encode("utf-8")}])
    page.locator("#eval-run").click()
    errors = page.locator("#eval-status .upload-errors")
    expect(errors).to_contain_text("坏问题集.jsonl", timeout=60_000)
    expect(errors).to_contain_text("line 2: invalid JSON")
    expect(page.locator("body")).not_to_contain_text("Traceback")
    page.screenshot(path=str(shot_dir / "12_eval_bad_file.png"), full_page=True)
