"""The `topic` rule (rag/verify/rules/topic.py) on crafted passages and real sample passages."""
from __future__ import annotations

from rag.verify import verify_answer

from tests.verify.support import REFUSAL, passage


def test_an_article_sharing_almost_no_words_with_the_question_is_about_something_else():
    # cmrc DEV_1135: the asked-about eel's article is absent; another eel's depth was offered.
    store = [passage("深化国家绿色数据中心试点", 70, title="A")]
    v = verify_answer("蟒鳗生活的水深达50PB级[1]。", store, REFUSAL, question="蟒鳗生活的水深是多少？")
    assert not v.sentences[0].supported and "说的是别的事" in v.sentences[0].reason
    ok = verify_answer("超算中心的存储容量达50PB级[1]。", store, REFUSAL, question="超算中心的存储容量是多少？")
    assert ok.sentences[0].supported
