"""Web UI building blocks: answer/source/document HTML and upload sanitising (no browser needed).

The browser-level behaviour is in tests/e2e/.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from rag.types import Answer, Citation, Document, SentenceSupport
from rag.webui.render import (
    REFUSED_LABEL,
    UNSUPPORTED_LABEL,
    Turn,
    highlight_span,
    render_answer,
    render_chat,
    render_document,
    render_error_list,
    render_markers,
    render_sources,
)
from rag.webui.uploads import (
    UploadProblem,
    check_upload,
    sanitize_filename,
    store_upload,
    unique_path,
    validate_kb_name,
)

PASSAGE = "建设峰值浮点运算能力达亿亿次级、存储容量达50PB级的高性能超算中心。"


def _citation(number: int = 1, text: str = PASSAGE, fact: str = "50PB") -> Citation:
    s = text.index(fact)
    return Citation(number=number, chunk_id="p.txt#3", doc_id="p.txt", source="data/p.txt",
                    title="抢抓数字化转型机遇", author="樊自甫 万晓榆", text=text, span_start=s,
                    span_end=s + len(fact), doc_start=100 + s, doc_end=100 + s + len(fact),
                    chunk_start=100, chunk_end=100 + len(text))


def _answer(**kw) -> Answer:
    base = dict(question="超算中心存储容量多大？", query="超算中心存储容量多大？",
                text="存储容量达50PB级[1]。", refused=False, citations=[_citation()],
                sentences=[SentenceSupport("存储容量达50PB级[1]。", [1], True)], generator="extractive")
    base.update(kw)
    return Answer(**base)


# ---------------------------------------------------------------- render
def test_markers_link_to_their_source_and_text_is_escaped():
    out = render_markers("<b>x</b> 见[1]与[7]", turn=2, known={1})
    assert "&lt;b&gt;x&lt;/b&gt;" in out and "<b>" not in out
    assert '<a class="cite" href="#src-2-1" data-target="src-2-1"' in out
    assert "[7]" in out and "src-2-7" not in out  # a marker without a source stays plain text


def test_answer_marks_unsupported_sentences_with_label_and_reason():
    ans = _answer(text="存储容量达50PB级[1]。建成时间是1963年。",
                  sentences=[SentenceSupport("存储容量达50PB级[1]。", [1], True),
                             SentenceSupport("建成时间是1963年。", [], False, "数字 1963 不在引用段落中")])
    out = render_answer(ans, turn=0)
    assert out.count('class="sent supported"') == 1
    assert 'class="sent unsupported"' in out and UNSUPPORTED_LABEL in out
    assert "数字 1963 不在引用段落中" in out  # the reason is shown as a tooltip
    assert out.count('href="#src-0-1"') == 1  # marker shown once even though the sentence text carries it


def test_the_judges_band_is_shown_for_kept_answers_only():
    low = render_answer(_answer(judged={"margin": 1.2, "confidence": "low"}), 0)
    assert "judge-note low" in low and "把握较低，请查看原文" in low
    assert "judge-note high" in render_answer(_answer(judged={"margin": 3.1, "confidence": "high"}), 0)
    assert "judge-note" not in render_answer(_answer(), 0)  # not judged (another generator)
    refused = _answer(text="资料中没有找到相关信息。", refused=True, citations=[], sentences=[],
                      judged={"margin": 0.4, "confidence": "low"})
    assert "judge-note" not in render_answer(refused, 0)  # a refusal carries no band of an answer


def test_refusal_is_labelled_and_rewritten_query_shown_only_when_different():
    refused = render_answer(_answer(text="资料中没有找到相关信息。", refused=True, citations=[], sentences=[]), 0)
    assert 'class="answer refused"' in refused and REFUSED_LABEL in refused
    assert "检索用问题" not in refused
    dropped = render_answer(_answer(text="资料中没有找到相关信息。", refused=True, citations=[],
                                    sentences=[SentenceSupport("他生于1963年。", [], False, "数字 1963 不在引用段落中")]), 0)
    assert '<details class="dropped">' in dropped and "他生于1963年。" in dropped and UNSUPPORTED_LABEL in dropped
    echo = render_answer(_answer(text="资料中没有找到相关信息。", refused=True, citations=[],
                                 sentences=[SentenceSupport("资料中没有找到相关信息。", [], False, "模型表示资料中没有答案")]), 0)
    assert "dropped" not in echo  # the model's own refusal is not repeated as an unsupported sentence
    rewritten = render_answer(_answer(question="他是谁？", query="樊自甫是谁？"), 0)
    assert "检索用问题：樊自甫是谁？" in rewritten


def test_sources_show_title_author_file_and_highlight_the_span():
    turns = [Turn("q1", answer=_answer()), Turn("q2", answer=_answer(citations=[_citation(2)]))]
    out = render_sources(turns)
    assert 'id="src-0-1"' in out and 'id="src-1-2"' in out
    assert "<mark>50PB</mark>" in out
    assert "《抢抓数字化转型机遇》" in out and "作者：樊自甫 万晓榆" in out and "文件：p.txt" in out and 'title="data/p.txt"' in out
    assert 'data-key="1-2"' in out and "在文档中查看" in out
    # newest turn first and open, the older one folded
    assert out.index('id="sources-1" open') < out.index('id="sources-0"')
    assert 'id="sources-0" open' not in out


def test_refusal_sources_list_the_closest_uncited_passages():
    from rag.types import Chunk, Hit

    chunk = Chunk(chunk_id="p.txt#0", doc_id="p.txt", source="data/p.txt", text="无关<段落>" * 40, start=0,
                  end=200, title="标题")
    ans = _answer(text="资料中没有找到相关信息。", refused=True, citations=[], sentences=[],
                  passages=[Hit(chunk=chunk, score=0.1, rank=1, dense_score=0.7)])
    out = render_sources([Turn("q", answer=ans)])
    assert "本回答没有引用任何段落" in out and "最接近的段落（未引用）：1 段" in out
    assert "无关&lt;段落&gt;" in out and "…" in out and "src-0-" not in out


def test_chat_shows_streaming_partial_and_errors_escaped():
    out = render_chat([Turn("问<题>", partial="正在"), Turn("q", error="知识库 'x' 不存在")])
    assert "问&lt;题&gt;" in out and "正在" in out and 'class="cursor"' in out
    assert "出错" in out and "知识库 &#x27;x&#x27; 不存在" in out


def test_highlight_span_clamps_offsets():
    assert highlight_span("abcdef", 2, 4) == "ab<mark>cd</mark>ef"
    assert highlight_span("abc", -5, 99) == "<mark>abc</mark>"
    assert highlight_span("a<b", 3, 3) == "a&lt;b"


def test_document_view_marks_chunk_and_span_inside_the_whole_text():
    text = "开头<script>。" + PASSAGE + "结尾。"
    cs = text.index(PASSAGE)
    ss = text.index("50PB")
    doc = Document(doc_id="p.txt", source="data/p.txt", text=text, title="抢抓数字化转型机遇")
    out = render_document(doc, cs, cs + len(PASSAGE), ss, ss + 4)
    assert '<mark class="span">50PB</mark>' in out
    assert out.index('id="doc-focus"') < out.index('<mark class="span">')
    assert "开头&lt;script&gt;" in out and "结尾。" in out and "<script>" not in out


def test_error_list_names_each_file_and_problem():
    out = render_error_list("2 个文件未导入：", [("a.exe", "不支持的文件类型"), ("<x>.txt", "文件是空的")])
    assert "a.exe" in out and "不支持的文件类型" in out and "&lt;x&gt;.txt" in out
    assert render_error_list("t", []) == ""


# ---------------------------------------------------------------- uploads
@pytest.mark.parametrize("raw, expected", [
    ("报告.txt", "报告.txt"),
    ("../../etc/passwd.txt", "passwd.txt"),
    ("..\\..\\windows\\evil.md", "evil.md"),
    ("a/../b.txt", "b.txt"),
    ("bad\x00na\x1bme\n.txt", "badname.txt"),
    ("..", "upload"),
    ("", "upload"),
    ("...hidden..txt", "hidden.txt"),
    ('a<b>:c|d?.txt', "a_b__c_d_.txt"),
])
def test_sanitize_filename_strips_paths_and_control_chars(raw, expected):
    assert sanitize_filename(raw) == expected


def test_sanitize_filename_limits_length_keeping_suffix():
    out = sanitize_filename("长" * 300 + ".pdf")
    assert len(out) <= 120 and out.endswith(".pdf")


def test_unique_path_never_reuses_a_name(tmp_path: Path):
    (tmp_path / "a.txt").write_text("x")
    assert unique_path(tmp_path, "a.txt").name == "a_2.txt"
    assert unique_path(tmp_path, "a.txt", {"a_2.txt"}).name == "a_3.txt"
    assert unique_path(tmp_path, "b.txt").name == "b.txt"


def test_store_upload_stays_in_folder_and_never_overwrites(tmp_path: Path):
    src = tmp_path / "src.txt"
    src.write_text("新内容", encoding="utf-8")
    folder = tmp_path / "kb" / "uploads"
    folder.mkdir(parents=True)
    (folder / "notes.txt").write_text("旧内容", encoding="utf-8")
    dest = store_upload(src, sanitize_filename("../../notes.txt"), folder, set())
    assert dest.parent == folder and dest.name == "notes_2.txt"
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "旧内容"
    assert dest.read_text(encoding="utf-8") == "新内容"
    assert not (tmp_path / "notes.txt").exists()


def test_check_upload_accepts_text_and_rejects_type_size_binary_empty(tmp_path: Path):
    good = tmp_path / "ok.txt"
    good.write_text("重庆数字经济", encoding="utf-8")
    check_upload(good, "ok.txt", max_mb=1)  # no exception

    exe = tmp_path / "tool.exe"
    exe.write_bytes(b"MZ\x90\x00")
    with pytest.raises(UploadProblem, match="不支持的文件类型“.exe”"):
        check_upload(exe, "tool.exe", max_mb=1)

    binary = tmp_path / "fake.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(UploadProblem, match="二进制"):
        check_upload(binary, "fake.txt", max_mb=1)

    big = tmp_path / "big.md"
    big.write_bytes(b"a" * (2 * 1024 * 1024))
    with pytest.raises(UploadProblem, match="上限为 1 MB"):
        check_upload(big, "big.md", max_mb=1)

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(UploadProblem, match="空"):
        check_upload(empty, "empty.txt", max_mb=1)


@pytest.mark.parametrize("name", ["sample", "新闻_2024", "kb-1", "v1.2"])
def test_valid_kb_names(name):
    assert validate_kb_name(f" {name} ") == name


@pytest.mark.parametrize("name", ["", "../x", ".hidden", "a/b", "x" * 121, "名 字", "-lead", "a\nb"])
def test_invalid_kb_names_are_refused_with_a_reason(name):
    with pytest.raises(ValueError, match="知识库名称"):
        validate_kb_name(name)


# ---------------------------------------------------------------- uploads into a real knowledge base
def test_upload_files_into_a_real_kb_then_delete(settings, tmp_path: Path):
    from rag.webui import kb_admin

    kb_admin.create_kb("webui_uploads", settings)
    good = tmp_path / "g.txt"
    good.write_text("星光读书会由林晓雯于2023年在蓝鲸湾社区创办。", encoding="utf-8")
    exe = tmp_path / "x.exe"
    exe.write_bytes(b"MZ\x90\x00")
    fake_pdf = tmp_path / "fake.pdf"
    fake_pdf.write_text("这不是 PDF", encoding="utf-8")

    report = kb_admin.upload_files(
        "webui_uploads",
        [(good, "../../星光.txt"), (exe, "x.exe"), (fake_pdf, "报告.pdf"), (good, "星光.txt")],
        settings)

    assert report.added == ["星光.txt", "星光_2.txt"]  # the second copy is uniquified, never overwritten
    assert [name for name, _ in report.errors] == ["x.exe", "报告.pdf"]
    assert "不支持的文件类型" in report.errors[0][1] and report.errors[1][1]
    folder = settings.kb_dir("webui_uploads") / "uploads"
    assert sorted(p.name for p in folder.iterdir()) == ["星光.txt", "星光_2.txt"]  # failed file not kept
    assert not (settings.index_dir / "星光.txt").exists()
    assert [d.doc_id for d in kb_admin.list_documents("webui_uploads", settings)] == ["星光.txt", "星光_2.txt"]

    kb_admin.delete_document("webui_uploads", "星光.txt", settings)
    assert [d.doc_id for d in kb_admin.list_documents("webui_uploads", settings)] == ["星光_2.txt"]
    assert sorted(p.name for p in folder.iterdir()) == ["星光_2.txt"]
    with pytest.raises(Exception, match="没有文档"):
        kb_admin.delete_document("webui_uploads", "星光.txt", settings)
    with pytest.raises(ValueError, match="已存在"):
        kb_admin.create_kb("webui_uploads", settings)


# ---------------------------------------------------------------- chat request handling
def test_session_settings_apply_knobs_and_refuse_unknown_generator(settings):
    from rag.webui.chat import session_settings

    s = session_settings(settings, 3.0, 0.7, "extractive", 0.3)
    assert (s.top_k, s.dense_weight, s.llm, s.temperature) == (3, 0.7, "extractive", 0.3)
    with pytest.raises(ValueError, match="未知的生成方式"):
        session_settings(settings, 3, 0.5, "gpt-9", 0.1)


def test_stream_turn_reports_a_missing_kb_as_one_line_not_an_exception(settings):
    from rag.webui.chat import stream_turn

    turns = list(stream_turn("重庆数字经济？", [], "no_such_kb", settings.replace(llm="extractive")))
    final = turns[-1]
    assert final.answer is None and "no_such_kb" in final.error and "不存在" in final.error
    assert "Traceback" not in final.error


def test_history_keeps_only_answered_turns():
    from rag.webui.chat import history_of

    turns = [Turn("q1", answer=_answer()), Turn("q2", error="出错了")]
    assert history_of(turns) == [{"role": "user", "content": "q1"},
                                 {"role": "assistant", "content": "存储容量达50PB级[1]。"}]


def test_stream_turn_shows_partial_text_before_the_verified_answer(settings, sample_kb):
    from rag.webui.chat import stream_turn

    seen = [(t.partial, t.answer is not None) for t in
            stream_turn("高性能超算中心的存储容量要达到多少？", [], "sample", settings.replace(llm="extractive"))]
    assert seen[0] == ("", False)  # the turn appears at once ("正在检索资料…")
    assert any(partial and not done for partial, done in seen)  # streamed text before the final answer
    final = seen[-1]
    assert final[1] and "50PB" in final[0]


def test_sources_are_shown_as_being_read_before_the_answer(settings, sample_kb):
    from rag.webui.chat import stream_turn

    turns = []
    for t in stream_turn("高性能超算中心的存储容量要达到多少？", [], "sample", settings.replace(llm="extractive")):
        turns.append((t.answer is not None, len(t.reading), render_sources([t])))
    first_reading = next(i for i, (done, n, _) in enumerate(turns) if n)
    assert not turns[first_reading][0]  # the passages come before the answer
    html = turns[first_reading][2]
    assert "正在阅读" in html and "50PB" in html
    assert 'class="cite"' not in html and "src-0-1" not in html  # not presented as verified citations
    final = turns[-1][2]
    assert "正在阅读" not in final and "<mark>" in final  # verified: the cited span highlighted
