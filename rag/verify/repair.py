"""Citation repair, before any rule judges a claim: keep the model's citations when they hold the sentence's key
facts; otherwise cite the shown passage (or pair of passages) that does; prefer a passage whose article speaks of
the attribute asked; drop citations that add nothing; and, once a claim is verified, add the same-article passages
holding facts it restates from the question, so every fact is in what the user clicks. (A claim a rule rejects as
cited is tried against each other shown passage by the pipeline: `rag.verify.pipeline.recited`.)

Repair never rejects: when nothing better is found the model's own citations stay, and the rules decide."""
from __future__ import annotations

from rag.config import Settings
from rag.question import attribute_found
from rag.facts import KeyFacts, absent_facts, each_fact, has_facts, key_facts, missing_facts, subtract
from rag.textmatch import bigrams, overlap
from rag.types import Hit
from rag.verify.passages import (added_to_question, article_of, article_text, cited_text, facts_to_check,
                                 holding_most, passage_match_text)
from rag.verify.reading import QuestionReading


def repair(sentence: str, marked: list[int], hits: list[Hit], question: QuestionReading,
           settings: Settings) -> list[int]:
    """The citations the rules will judge."""
    cited, held = _by_key_facts(sentence, marked, hits, question.text, settings)
    if held and question.attribute:
        cited = _by_attribute(sentence, cited, hits, question)
    return cited


def _by_attribute(sentence: str, cited: list[int], hits: list[Hit], question: QuestionReading) -> list[int]:
    """When the cited article never speaks of the attribute asked (继任者) and another shown passage holds every key
    fact of the sentence, and as much of what it adds to the question, in an article that does ("他的继任…支持特拉斯"),
    cite that one: the user should see the passage that says what was asked. Unchanged otherwise."""
    if attribute_found(question.attribute, article_text(cited, hits)):
        return cited
    added = added_to_question(sentence, question.text)
    held = len(added & bigrams(cited_text(cited, hits)))
    for n in range(1, len(hits) + 1):
        text = passage_match_text(hits[n - 1])
        if (n not in cited and attribute_found(question.attribute, article_text([n], hits))
                and len(added & bigrams(text)) >= held  # it says as much of what the sentence adds
                and not missing_facts(facts_to_check(sentence, question.text, [n], hits), text)):
            return [n]
    return cited


def _by_key_facts(sentence: str, marked: list[int], hits: list[Hit], question: str,
                  settings: Settings) -> tuple[list[int], bool]:
    """(citations, whether they hold the sentence's key facts and share enough of its words)."""
    texts = {n: passage_match_text(hits[n - 1]) for n in range(1, len(hits) + 1)}
    if marked:
        facts = facts_to_check(sentence, question, marked, hits)
        if (not missing_facts(facts, cited_text(marked, hits))
                and max(overlap(sentence, texts[n]) for n in marked) >= settings.verify_cited_min_overlap):
            # Keep the cited passages that share content with the sentence and, when one passage holds every
            # key fact, only such passages: a second citation must not be mere topic overlap.
            kept = [n for n in marked if overlap(sentence, texts[n]) >= settings.verify_cited_min_overlap] or marked
            whole = [n for n in kept if not missing_facts(facts, texts[n])]
            return contributing(sentence, question, whole if whole and has_facts(facts) else kept, texts), True
    # The model may have cited the wrong passage, or none: cite the shown passage that holds every key fact,
    # or else two passages that together hold them ("…充当了“银企联络人”和“团购管家”的角色").
    scored = sorted(((overlap(sentence, t), n) for n, t in texts.items()), key=lambda x: (-x[0], x[1]))
    threshold = settings.verify_cited_min_overlap if marked else settings.verify_attach_min_overlap
    close = [n for score, n in scored if score >= threshold]
    for n in close:
        if not missing_facts(facts_to_check(sentence, question, [n], hits), texts[n]):
            return [n], True
    if has_facts(key_facts(sentence)):
        for i, a in enumerate(close):
            for b in close[i + 1:]:
                pair = sorted((a, b))
                if not missing_facts(facts_to_check(sentence, question, pair, hits), texts[a] + "\n" + texts[b]):
                    return pair, True
    return marked, False


def contributing(sentence: str, question: str, numbers: list[int], texts: dict[int, str]) -> list[int]:
    """The cited passages that each hold some of what the sentence adds to the question that no passage kept
    before them holds (most first): "研发国家是韩国和印尼[1][2]" keeps [2] only if [2] says something [1] does
    not. A passage that merely shares the topic, or repeats another, is not a source of the claim."""
    if len(numbers) < 2:
        return numbers
    added = added_to_question(sentence, question) if question else bigrams(sentence)
    found = {n: added & bigrams(texts[n]) for n in numbers}
    kept: list[int] = []
    covered: set[str] = set()
    for n in sorted(numbers, key=lambda n: (-len(found[n]), n)):
        if not kept or found[n] - covered:
            kept.append(n)
            covered |= found[n]
    return sorted(kept)


def own_facts(sentence: str, question: QuestionReading) -> list[KeyFacts]:
    """The sentence's key facts that are not the question's, one per item ([empty] when there are none)."""
    return each_fact(subtract(key_facts(sentence), question.facts)) or [KeyFacts()]


def holders_of(fact: KeyFacts, cited: list[int], hits: list[Hit]) -> list[int]:
    """The cited passages holding `fact` (all of them when none does, or for the empty fact)."""
    return [n for n in cited if not missing_facts(fact, passage_match_text(hits[n - 1]))] or cited


def content_holders(sentence: str, question: str, cited: list[int], hits: list[Hit]) -> list[int]:
    """The cited passages holding most of what the sentence adds to the question ("芝加哥" in "2022世界5G大会举办的
    地点是芝加哥"), for a sentence with no key fact of its own; all cited when none holds any of it."""
    best = holding_most(added_to_question(sentence, question), [passage_match_text(hits[n - 1]) for n in cited])
    return [cited[i] for i in best] or cited


def fact_sources(sentence: str, question: QuestionReading, cited: list[int], hits: list[Hit]) -> list[list[int]]:
    """For each of the sentence's own facts, the cited passages it comes from: those holding the fact, or for a
    sentence with no fact of its own, those holding most of what it adds to the question."""
    return [holders_of(one, cited, hits) if has_facts(one) else content_holders(sentence, question.text, cited, hits)
            for one in own_facts(sentence, question)]


def with_premise_sources(sentence: str, numbers: list[int], hits: list[Hit]) -> list[int]:
    """Add the same-article passages holding key facts the sentence restates from the question (accepted
    from the article context), so that the citations the user clicks show every fact of the sentence."""
    texts = {n: passage_match_text(hits[n - 1]) for n in range(1, len(hits) + 1)}
    articles = {article_of(hits[n - 1]) for n in numbers}
    out = list(numbers)
    for kind, fact in absent_facts(key_facts(sentence), "\n".join(texts[n] for n in out)):
        one = KeyFacts(**{kind: {fact}})
        for n, h in enumerate(hits, start=1):
            if n not in out and article_of(h) in articles and not missing_facts(one, texts[n]):
                out.append(n)
                break
    return sorted(out)
