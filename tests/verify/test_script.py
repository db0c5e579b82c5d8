"""The verifier reads question, answer and passages in one script (rag.verify.pipeline): a question typed in
traditional characters asks what its simplified form asks, and what is shown stays as it was written."""
from __future__ import annotations

import pytest

from rag.verify import verify_answer

from tests.verify.support import REFUSAL, first_verdict, hit

SIMPLIFIED = hit("星河航空成立于2015年，创办人是林若溪。该公司总部设在广州，员工约三千人。", title="星河航空")
TRADITIONAL = hit("星河航空成立於2015年，創辦人是林若溪。該公司總部設在廣州，員工約三千人。", title="星河航空")


@pytest.mark.parametrize("question, answer", [
    ("星河航空的創辦人是誰？", "广州[1]。"),  # 誰 asks for someone: a place is no answer
    ("星河航空的總部設在哪個城市？", "约三千人[1]。"),  # 哪個 asks for a place or a name: a count is none
])
def test_a_question_in_traditional_characters_asks_what_its_simplified_form_asks(question, answer):
    verdict = first_verdict(answer, question, [SIMPLIFIED])
    assert not verdict.supported and verdict.rule == "answer_type"


@pytest.mark.parametrize("question, answer, shown", [
    ("星河航空的創辦人是誰？", "星河航空的创办人是林若溪[1]。", SIMPLIFIED),
    ("星河航空的创办人是谁？", "星河航空的創辦人是林若溪[1]。", TRADITIONAL),
    ("星河航空的总部设在哪个城市？", "廣州[1]。", TRADITIONAL),
])
def test_either_script_answers_and_is_shown_as_written(question, answer, shown):
    verified = verify_answer(answer, [shown], REFUSAL, question=question)
    assert verified.sentences[0].supported
    assert verified.text == answer  # the model's own characters, not the verifier's reading of them
    citation = verified.citations[0]
    assert citation.text == shown.chunk.text  # the page's own characters, highlighted where it says so
    assert "林若溪" in citation.text[citation.span_start:citation.span_end] or \
        "廣州" in citation.text[citation.span_start:citation.span_end]
