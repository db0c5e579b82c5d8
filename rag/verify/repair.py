"""Citation repair, before any rule judges a claim: keep the model's citations when they hold the sentence's key
facts; otherwise cite the shown passage (or pair of passages) that does; prefer, for each fact, a passage whose
article meets the question's conditions and speaks of the attribute asked; drop citations that add nothing; and,
once a claim is verified, add the same-article passages holding facts it restates from the question, so every fact
is in what the user clicks.

Repair never rejects: when nothing better is found the model's own citations stay, and the rules decide."""
from __future__ import annotations

from rag.config import Settings
from rag.question import attribute_found, names_event, names_month, names_office, names_place
from rag.facts import (PAGE_DATE, KeyFacts, absent_facts, each_fact, has_facts, key_facts, missing_facts, subtract,
                        years_named)
from rag.textmatch import bigrams, normalize, overlap
from rag.types import Hit
from rag.verify.passages import (added_to_question, article_of, article_text, cited_text, facts_to_check,
                                 holding_most, names_topic_implicitly, passage_match_text)
from rag.verify.reading import QuestionReading


def repair(sentence: str, marked: list[int], hits: list[Hit], question: QuestionReading,
           settings: Settings) -> list[int]:
    """The citations the rules will judge."""
    cited, held = _by_key_facts(sentence, marked, hits, question.text, settings)
    if held and (has_facts(question.conditions) or question.scope):
        cited = _by_conditions(sentence, cited, hits, question)
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


def unmet_conditions(holders: list[int], hits: list[Hit], question: QuestionReading) -> list[str]:
    """The question's conditions and scope terms the article(s) of the passages `holders` do not meet. A quoted
    title or a Latin name the article leaves unnamed while repeating the question at length is met (该协定), and so
    is a place inside such a title (北京 of 《北京市住房租赁条例》). The question's year is met by an article that
    names no year at all (`此次地震…造成47,932人死亡`): it places its facts in no other year."""
    text = article_text(holders, hits)
    norm = normalize(text)
    c = question.conditions
    implicit = {t for t in c.quoted | c.latin if names_topic_implicitly(question.text, t, text)}
    undated = set(question.years) if not _years_besides_page_date(text, question.years) else set()
    conditions = KeyFacts(numbers=c.numbers - undated, dates=c.dates, names=c.names, quoted=c.quoted - implicit,
                          latin=c.latin - implicit)
    return missing_facts(conditions, text) + [
        f"{kind} {t} 不在引用段落中" for t, kind in question.scope.items()
        if not _meets_scope(norm, normalize(t), kind) and not any(t in i for i in implicit)]


def _years_besides_page_date(text: str, asked: frozenset[str]) -> set[str]:
    """The years the text names, less a search snippet's page date of the year before the asked one: a page on an
    edition named after the next year (2023年度国考, registered in November 2022) is dated the year before."""
    page_years = {m.group()[-4:] for m in PAGE_DATE.finditer(text)}
    return years_named(PAGE_DATE.sub("", text)) | (page_years - {str(int(y) - 1) for y in asked})


def _meets_scope(norm: str, term: str, kind: str) -> bool:
    if kind == "地名":
        return names_place(norm, term)
    if kind == "赛事":
        return names_event(norm, term)
    if kind == "职务":
        return names_office(norm, term)
    if kind == "月份":
        return names_month(norm, term)
    return term in norm or term.replace("季度", "季") in norm  # a quarter is written 前三季 as well as 前三季度


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


def _by_conditions(sentence: str, cited: list[int], hits: list[Hit], question: QuestionReading) -> list[int]:
    """For each of the sentence's own facts whose citing article fails the question's conditions (its year, a
    period such as 中秋, a place), cite instead a shown passage holding the same fact in an article that meets
    them ("中秋…收入2872.1亿元" must come from the 中秋 article, not the 国庆 one). Unchanged when some fact has
    no such passage, or when the replacement would drop another of the sentence's facts."""
    original = list(cited)
    for one in own_facts(sentence, question):
        holders = holders_of(one, cited, hits)
        if not unmet_conditions(holders, hits, question):
            continue
        if not has_facts(one):
            return original
        others = [n for n in range(1, len(hits) + 1) if n not in holders
                  and not missing_facts(one, passage_match_text(hits[n - 1]))
                  and not unmet_conditions([n], hits, question)]
        if not others:
            return original
        cited = sorted({n for n in cited if n not in holders} | {others[0]})
    # A replacement holding one fact must not drop the others (1965 found in an article on 英国, 1974 not).
    own = subtract(key_facts(sentence), question.facts)
    if cited != original and missing_facts(own, cited_text(cited, hits)):
        return original
    return cited


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
