"""The `only_title` rule (rag/verify/rules/only_title.py) on crafted passages and real sample passages."""
from __future__ import annotations

from rag.verify import verify_answer

from tests.verify.support import REFUSAL, passage


def test_an_answer_that_is_only_the_cited_title_is_unsupported():
    # sample s55: asked which news agency, the small model gave the article's title
    shown = [passage("新冠肺炎疫情虽然短期内", 420, title="服务企业复工复产要合")]
    for question, supported in (("服务企业复工复产的问答是哪家通讯社播发的？", False), ("谈服务企业复工复产的是哪篇文章？", True)):
        v = verify_answer("《服务企业复工复产要合》[1]。", shown, REFUSAL, question=question)
        assert v.sentences[0].supported is supported and ("标题" in v.sentences[0].reason) is not supported
