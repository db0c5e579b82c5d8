"""The rule registry: order, ids on verdicts, switching rules off, and the contract every rule keeps."""
from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from rag.config import PROJECT_ROOT, load_settings
from rag.facts import key_facts
from rag.verify import verify_answer
from rag.verify.rules.base import AnswerRule, SentenceRule
from rag.verify.registry import ANSWER_RULES, SENTENCE_RULES, RULE_IDS, active_rules, describe_rules, skip_setting

from tests.verify.support import REFUSAL, FOUNDING


def test_every_verdict_names_its_rule_and_rules_can_be_switched_off():
    q = "星河科技公司是什么时候成立的？"
    rejected = verify_answer("星河科技公司总部位于杭州[1]。", [FOUNDING], REFUSAL, question=q)
    assert rejected.sentences[0].rule == "answer_type"
    kept = verify_answer("星河科技公司总部位于杭州[1]。", [FOUNDING], REFUSAL, question=q,
                         settings=load_settings(verify_skip="answer_type"))
    assert kept.sentences[0].supported and kept.citations[0].number == 1
    invented = verify_answer("星河科技公司成立于2011年[1]。", [FOUNDING], REFUSAL, question="星河科技公司成立于哪年？")
    assert invented.sentences[0].rule == "key_facts" and "2011" in invented.sentences[0].reason


def test_registry_ids_skips_and_descriptions():
    assert len(RULE_IDS) == len(set(RULE_IDS))
    assert skip_setting(only="key_facts") == ",".join(r for r in RULE_IDS if r != "key_facts")
    assert skip_setting(without="topic,subject") == "subject,topic"
    sentence_rules, answer_rules = active_rules(load_settings(verify_skip="topic"))
    assert "topic" not in [r.id for r in sentence_rules] and len(sentence_rules) + len(answer_rules) == len(RULE_IDS) - 1
    with pytest.raises(ValueError, match="no_such_rule"):
        skip_setting(without="no_such_rule")
    text = describe_rules()
    assert all(f"{r} (" in text for r in RULE_IDS)


def test_every_rule_is_one_module_one_test_file_and_states_its_principle():
    tests_dir = Path(__file__).parent
    for rule in SENTENCE_RULES + ANSWER_RULES:
        assert type(rule).__module__ == f"rag.verify.rules.{rule.id}", f"{rule.id}: one file per rule, named by its id"
        assert (tests_dir / f"test_rule_{rule.id}.py").is_file(), f"{rule.id}: its tests go in test_rule_{rule.id}.py"
        assert type(rule).__doc__ and type(rule).__doc__ not in (SentenceRule.__doc__, AnswerRule.__doc__), \
            f"{rule.id}: the class docstring states the rule's principle"
    # and no test file for a rule that no longer exists
    assert {p.stem[len("test_rule_"):] for p in tests_dir.glob("test_rule_*.py")} == set(RULE_IDS)


def test_the_readme_states_each_rules_principle_as_its_docstring_does():
    # the README's rule table is what users read; it must not drift from the code's principles
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    rows: dict[str, str] = {}
    for rule_id, text in re.findall(r"^\| `([a-z_]+)` \| (.+) \|$", readme, flags=re.M):
        rows.setdefault(rule_id, text)  # the first table is the rules' own; a later one gives their figures
    for rule in SENTENCE_RULES + ANSWER_RULES:
        assert rows.get(rule.id) == " ".join(inspect.getdoc(rule).split()), f"README row of {rule.id} differs"
