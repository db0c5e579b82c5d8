"""clean_text on the artefacts that really occur in data/sample/*.txt (PDF-extracted newspaper pages)."""
from __future__ import annotations

import re

import pytest

from rag.clean import clean_text
from rag.config import PROJECT_ROOT

SAMPLE_DIR = PROJECT_ROOT / "data" / "sample"

PAGE_000 = SAMPLE_DIR / "000_57414710c54d5ef4.txt"
PAGE_004 = SAMPLE_DIR / "004_f0bf289586f4ddda.txt"


@pytest.fixture(scope="module")
def raw000() -> str:
    return PAGE_000.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def clean000(raw000: str) -> str:
    return clean_text(raw000)


@pytest.fixture(scope="module")
def clean004() -> str:
    return clean_text(PAGE_004.read_text(encoding="utf-8"))


def test_stray_spaces_between_chinese_removed(raw000: str, clean000: str) -> None:
    assert "会给经 济发展" in raw000  # the artefact as extracted
    assert "会给经济发展带来不利影响" in clean000
    assert "加快释放数字资产红利" in clean000  # was "加快释 放数字资产红利"
    # no space is left between two Chinese characters inside wrapped prose
    assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]{5}", clean000.split("## 在战")[0])


def test_spaces_in_notes_removed(clean000: str) -> None:
    assert "（作者系市扶贫办顶岗干部、重庆社会科学院农业农村所博士、副研究员）" in clean000
    assert "（作者均系重庆市中国特色社会主义理论体系研究中心重庆邮电大学分中心教授）" in clean000


def test_deliberate_spaces_kept(clean000: str, clean004: str) -> None:
    assert "□樊自甫 万晓榆" in clean000  # two authors
    assert "## 在战“疫”中 读懂国家治理优势" in clean000  # two-part headline
    assert "新渝报讯（记者 侯小梅 实习生 彭茜）" in clean004  # names in a dateline
    assert "新渝报讯（记者 邓小强）" in clean004
    assert "加力巩固向好态势 确保就业形势总体稳定" in clean004
    assert "新渝报记者 黄舒 摄" in clean004


def test_spaces_between_latin_words_kept() -> None:
    text = "本系统使用 FAISS 与 BM25 检索，模型为 multilingual e5 small 。"
    out = clean_text(text)
    assert "FAISS 与 BM25" in out
    assert "multilingual e5 small" in out
    assert clean_text("We use Python and FAISS here.") == "We use Python and FAISS here."


def test_ascii_commas_between_chinese_become_fullwidth(raw000: str, clean000: str) -> None:
    assert "带来不利影响,但也" in raw000
    assert "带来不利影响，但也有效拉动了线上消费需求" in clean000
    assert "," not in clean000  # the sample has no legitimate ASCII comma
    assert clean_text("共有1,000人参加。") == "共有1,000人参加。"  # digit grouping untouched
    assert clean_text("Hello, world.") == "Hello, world."


def test_other_ascii_punctuation_and_quotes(clean000: str) -> None:
    assert "（作者系重庆市政府参事；常青华、师子峰对此文亦有贡献）" in clean000
    assert "推动“线上办公”替代“传统办公”" in clean000
    assert "消费者主导（C2M）转型" in clean000
    assert clean_text("会议于11:30开始。") == "会议于11:30开始。"


def test_lines_broken_mid_sentence_are_joined(raw000: str, clean000: str) -> None:
    assert "成为政\n\n府政务服务的全能窗口" in raw000
    assert "让每一个银行网点成为政府政务服务的全能窗口。" in clean000
    assert '作为"银\n\n企的联络人"' in raw000
    assert "园区主动作为“银企的联络人”，切实有效解决" in clean000
    assert "深耕数据治理，助力数字政府的转型。一是" in clean000


def test_broken_headline_becomes_one_title_line(raw000: str, clean000: str) -> None:
    assert raw000.startswith("服\n\n务企\n\n业\n\n复工")
    assert clean000.startswith("服务企业复工复产要合\n\n□樊自甫 万晓榆\n\n新冠肺炎疫情")


def test_real_paragraph_boundaries_kept(clean000: str, clean004: str) -> None:
    assert "努力开创重庆经济高质量发展新局面。\n\n培育新业态新产业" in clean000
    assert "\n\n## 以新金融理念推进智慧政务建设\n\n决策建议\n\n□高永强\n\n近日召开的" in clean000
    assert "加强协作交流。\n\n大足区政协特邀界别开展拓宽农民增收渠道主题协商\n\n新渝报讯" in clean004
    # headlines and section numerals are not glued to the prose around them
    assert "实实在在的绩效提升。\n\n三\n\n超大城市要想做好数字化治理" in clean004
    assert "把握恢复向好势头，多举措加力稳就业\n\n问：如何持续巩固就业恢复向好态势？" in clean004


def test_paragraph_format(clean000: str, clean004: str) -> None:
    for text in (clean000, clean004):
        assert "\n\n\n" not in text
        assert re.search(r"[^\n]\n[^\n]", text) is None  # no newline inside a paragraph
        assert text == text.strip()
        assert clean_text(text) == text  # idempotent


def test_page_furniture_removed_and_page_break_joined() -> None:
    raw = (
        "重庆日报 2020年3月5日 星期四\n\n"
        "数字经济是重要的发展方向，我们要\n\n"
        "- 3 -\n\f"
        "重庆日报 2020年3月5日 星期四\n\n"
        "抓住机遇。\n\n第2页\n\n"
        "责任编辑：张三\n\n"
        "城市 治理 数字化\n"
        "城市 治理 数字化\n"
        "城市 治理 数字化\n"
    )
    out = clean_text(raw)
    assert out == "数字经济是重要的发展方向，我们要抓住机遇。"


def test_bare_page_numbers_only_dropped_at_page_edges() -> None:
    raw = "12\n本页统计：共有\n120\n人参加。\n13\f14\n第二页正文。\n15"
    assert clean_text(raw) == "本页统计：共有120人参加。\n\n第二页正文。"


def test_hyphenated_english_words_rejoined() -> None:
    assert clean_text("The retrieval infor-\nmation is stored\nin FAISS.") == \
        "The retrieval information is stored in FAISS."


def test_join_lines_false_keeps_block_boundaries() -> None:
    raw = "第一项 预算\n第二项 人员\n说明文字"
    assert clean_text(raw, join_lines=False) == "第一项 预算\n\n第二项 人员\n\n说明文字"
    # PDF-style input: a line without final punctuation continues on the next one
    assert clean_text("推进智慧政务建设，是\n提升政府治理能力的\n重要实践。") == "推进智慧政务建设，是提升政府治理能力的重要实践。"


def test_control_and_zero_width_characters_dropped() -> None:
    assert clean_text("\ufeff智慧\u200b政务\x07建设。\r\n") == "智慧政务建设。"


def test_short_labels_one_per_line_stay_apart() -> None:
    """Table cells extracted one per line are not glued into one word salad."""
    assert clean_text("姓名\n年龄\n职务\n张三\n32\n科长") == "姓名\n\n年龄\n\n职务\n\n张三\n\n32\n\n科长"


def test_wrapped_headline_then_dateline() -> None:
    raw = "大足区政协特邀界别开展\n拓宽农民增收渠道主题协商\n新渝报讯（记者 邓小强）11月7日，大足区政协开展协商。"
    assert clean_text(raw) == ("大足区政协特邀界别开展拓宽农民增收渠道主题协商\n\n"
                               "新渝报讯（记者 邓小强）11月7日，大足区政协开展协商。")


def test_markdown_lists_and_headings_keep_their_lines() -> None:
    raw = "# Title\n\nSome English text that\nwraps over lines.\n\n- item one\n- item two\n1. first\n2. second"
    assert clean_text(raw) == ("# Title\n\nSome English text that wraps over lines.\n\n"
                               "- item one\n\n- item two\n\n1. first\n\n2. second")
