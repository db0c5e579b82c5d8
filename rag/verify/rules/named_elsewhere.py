from __future__ import annotations

from rag.entities import lac_tagged
from rag.facts import variant_found
from rag.textmatch import normalize
from rag.verify.passages import article_of, article_text, passage_match_text
from rag.verify.repair import fact_sources
from rag.verify.rules.base import SentenceCheck, SentenceRule


class NamedElsewhere(SentenceRule):
    """The person the question names is named by the article the answer's own facts come from. A role taken from an article
    on another actor and joined to the question's actor, whom another shown article names (`李君峰在《狂飙》中扮演徐忠`: 徐忠 from
    an article on 吴刚), is a fact no passage states. Judged only when another shown article names the person — the
    sign that two articles were joined; a name the fact's article writes otherwise (毕卡索 for 毕加索) or a word jieba
    takes for a name stays unjudged: the person is one Baidu's LAC reads as a person in the question (not jieba's
    唐山, a place, or 旺盛期 of 生育旺盛期)."""
    id = "named_elsewhere"

    def reason(self, check: SentenceCheck) -> str:
        # a person as Baidu's LAC reads the question: not jieba's "names" 唐山 (a place) or 旺盛期 (生育旺盛期)
        persons = {w for w, tag in lac_tagged(check.question.text) if tag == "PER"}
        names = sorted(n for n in check.question.facts.names if any(n in p for p in persons))
        if not names or not check.cited:
            return ""
        for holders in fact_sources(check.sentence, check.question, check.cited, check.hits):
            own = article_text(holders, check.hits)
            articles = {article_of(check.hits[n - 1]) for n in holders}
            others = normalize(" ".join(passage_match_text(h) for h in check.hits if article_of(h) not in articles))
            for name in names:
                if not variant_found(name, own) and normalize(name) in others:
                    return f"答案的事实出自没有提到“{name}”的文章，“{name}”在另一篇文章里"
        return ""
