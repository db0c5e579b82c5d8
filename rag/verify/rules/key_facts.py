from __future__ import annotations

from rag.entities import lac_tagged
from rag.facts import is_cjk, missing_facts, with_digits
from rag.lexicon import tagged
from rag.textmatch import normalize, overlap, strip_markers
from rag.verify.passages import facts_to_check
from rag.verify.rules.base import SentenceCheck, SentenceRule


class KeyFactsCited(SentenceRule):
    """The sentence's key facts (numbers, ordinals such as 第二代, dates — a day with its year only as the passage dates
    it, not 1951年12月24日 from 1950年12月24日 —, quoted terms, Latin words, person and place names — a country by either
    of its names, 沙特 for 沙特阿拉伯) occur in what it cites, and it shares enough of its words with a cited passage; an
    organisation it names (中央党校; not a person's title LAC reads as one, 西晋元帝) is named by the cited article: a fact
    the passages do not state is not supported ("樊自甫…出生于1963年" when no 1963 is there). A numeral before a measure
    word or a unit is a number (`由三人组成` states `3人`, `默哀三分钟` `3分钟`; not 一, as often "a" as one), and so are tenths
    (`八成` states `8成`), and a figure compared with a year is the next year's (`比2021年增加…` states 2022); a snippet's
    page date states its year only (`Dec 12, 2022 ...` gives no 12集). Chinese numerals are read digit by digit only
    as years (一九六三年; 唯一一次 states no 11), and the words of a quoted title are no names or places (全宇宙 of 《瞬息全宇宙》).
    Numbers are read in digits on both sides when the overlap is measured (`65岁` shares its words with `享年六十五岁`); a
    numbered sequel's title does not name the first work (a passage on 《流浪地球2》 names no 《流浪地球》); and a name only
    Baidu's LAC reads, where jieba reads the same letters as a word of another kind (罗诉 of 罗诉韦德案), is no name."""
    id = "key_facts"
    needs_question = False

    def reason(self, check: SentenceCheck) -> str:
        if not check.cited:
            return "句子没有引用，也没有段落明显支持它"
        facts = facts_to_check(check.sentence, check.question.text, check.cited, check.hits)
        missing = missing_facts(facts, check.cited_text)
        if missing:
            return "；".join(missing)
        organisation = _organisation_unnamed(check)
        if organisation:
            return f"机构名 {organisation} 不在引用段落中"
        # numbers count in digits or Chinese numerals alike: "65岁" shares its words with "享年六十五岁"
        best = max(max(overlap(check.sentence, check.passage(n)),
                       overlap(with_digits(check.sentence), with_digits(check.passage(n)))) for n in check.cited)
        if best < check.settings.verify_cited_min_overlap:
            return f"与引用段落内容重合度过低（{best:.2f}）"
        return ""


def _organisation_unnamed(check: SentenceCheck) -> str:
    """An organisation the sentence names (Baidu's LAC: ORG, 3+ Chinese letters) that neither the question nor the cited
    articles name, or "": `中央党校` where the page says `市委党校` is the model's own. One whose last word jieba reads
    as a person's name is a person's title (西晋元帝: 西 + 晋元帝), not an organisation."""
    asked, article = normalize(check.question.text), normalize(check.article)
    return next((word for word, tag in lac_tagged(strip_markers(check.sentence))
                 if tag == "ORG" and len(word) >= 3 and all(map(is_cjk, word))
                 and normalize(word) not in asked and normalize(word) not in article
                 and tagged(word)[-1][1] != "nr"), "")
