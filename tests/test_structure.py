"""Articles (title, byline, author note, offsets) recovered from the cleaned sample pages."""
from __future__ import annotations

import pytest

from rag.clean import clean_text
from rag.config import PROJECT_ROOT
from rag.structure import find_articles
from rag.types import Article

SAMPLE_DIR = PROJECT_ROOT / "data" / "sample"


def _page(name: str) -> tuple[str, list[Article]]:
    text = clean_text((SAMPLE_DIR / name).read_text(encoding="utf-8"))
    return text, find_articles(text)


@pytest.fixture(scope="module")
def page000() -> tuple[str, list[Article]]:
    return _page("000_57414710c54d5ef4.txt")


@pytest.fixture(scope="module")
def page004() -> tuple[str, list[Article]]:
    return _page("004_f0bf289586f4ddda.txt")


def _by_title(articles: list[Article], title: str) -> Article:
    matches = [a for a in articles if a.title == title]
    assert len(matches) == 1, [a.title for a in articles]
    return matches[0]


def test_titles_and_bylines_page000(page000) -> None:
    _, arts = page000
    assert [(a.title, a.author) for a in arts] == [
        ("服务企业复工复产要合", "樊自甫 万晓榆"),
        ("", "廖"),  # the headline of this article was lost in extraction; the byline survives
        ("以新金融理念推进智慧政务建设", "高永强"),
        ("在战“疫”中 读懂国家治理优势", "全定成"),
        ("多措并举巩固提升脱贫攻坚成果", "肖端"),
    ]


def test_smart_government_article_answers_who_wrote_it(page000) -> None:
    """《以新金融理念推进智慧政务建设》的作者是谁 -> 高永强, plus his note."""
    text, arts = page000
    art = _by_title(arts, "以新金融理念推进智慧政务建设")
    assert art.author == "高永强"
    assert art.note == "作者系重庆市政府参事；常青华、师子峰对此文亦有贡献"
    body = text[art.start:art.end]
    assert body.startswith("## 以新金融理念推进智慧政务建设\n\n决策建议\n\n□高永强")
    assert "引导其深度参与政府智慧政务平台建设" in body
    assert body.endswith("（作者系重庆市政府参事；常青华、师子峰对此文亦有贡献）")


def test_author_notes(page000) -> None:
    _, arts = page000
    assert arts[0].note == "作者均系重庆市中国特色社会主义理论体系研究中心重庆邮电大学分中心教授"
    assert arts[1].note == "作者系西彭园区党工委书记、管委会主任"
    # a note glued to the end of a paragraph is still found
    assert arts[3].note == "作者系市委党校在职研究生"


def test_continued_article_stays_attributed(page000) -> None:
    """The first article's text is interrupted by fragments of other columns; everything up to its
    author note stays with it."""
    text, arts = page000
    first = text[arts[0].start:arts[0].end]
    assert "培育新业态新产业" in first
    assert "构建新型生产关系，适应数字生产力发展" in first
    assert first.endswith("分中心教授）")


def test_page004_news_items(page004) -> None:
    _, arts = page004
    got = [(a.title, a.author) for a in arts]
    assert ("老挝、缅甸代表团到大足考察交流", "侯小梅 彭茜") in got  # from 新渝报讯（记者 … 实习生 …）
    assert ("大足区政协特邀界别开展拓宽农民增收渠道主题协商", "邓小强") in got
    assert ("公益课堂学叶雕", "黄舒") in got  # photo credit 新渝报记者 黄舒 摄
    assert ("重庆印发污染源自动监控管理办法", "") in got
    assert ("加力巩固向好态势 确保就业形势总体稳定", "") in got
    # the continuation from page 1 is its own (untitled) article, not part of the item above it
    cont = [a for a in arts if a.title == ""]
    assert len(cont) == 1
    assert arts[0].title == "超大城市需用“数治”"
    assert arts[0].note.startswith("作者系重庆市习近平法治思想研究院")


def test_interview_subheads_stay_inside_their_article(page004) -> None:
    text, arts = page004
    last = arts[-1]
    assert last.title == "加力巩固向好态势 确保就业形势总体稳定"
    assert "重中之重抓好高校毕业生等青年就业" in text[last.start:last.end]


@pytest.mark.parametrize("page", ["page000", "page004"])
def test_articles_are_contiguous_and_cover_the_text(page, request) -> None:
    text, arts = request.getfixturevalue(page)
    assert arts[0].start == 0
    assert arts[-1].end == len(text)
    for a, b in zip(arts, arts[1:]):
        assert a.end < b.start
        assert text[a.end:b.start] == "\n\n"  # only the paragraph break between them
    for a in arts:
        if a.title:
            assert a.title in text[a.start:a.start + len(a.title) + 4]


def test_plain_text_is_one_untitled_article() -> None:
    text = "推进智慧政务建设，是提升政府治理能力的重要实践。\n\n大型银行具有明显优势。"
    arts = find_articles(text)
    assert len(arts) == 1
    assert (arts[0].title, arts[0].author, arts[0].start, arts[0].end) == ("", "", 0, len(text))


def test_markdown_headings_and_bylines() -> None:
    text = "# 第一篇\n\n□张三\n\n正文一。\n\n# 第二篇\n\n正文二。（作者系某大学教授）"
    arts = find_articles(text)
    assert [(a.title, a.author, a.note) for a in arts] == [
        ("第一篇", "张三", ""), ("第二篇", "", "作者系某大学教授")]
    assert text[arts[1].start:arts[1].end] == "# 第二篇\n\n正文二。（作者系某大学教授）"


def test_empty_text_has_no_articles() -> None:
    assert find_articles("") == []
    assert find_articles("\n\n  \n") == []
