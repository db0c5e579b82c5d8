"""What a citation is checked against: the passages shown to the model, their articles, the facts a sentence
restates from the question, and the supporting span a citation highlights."""
from __future__ import annotations

import re
from dataclasses import replace

from rag.entities import lac_tagged
from rag.facts import (KeyFacts, abbreviation_found, absent_facts, key_facts, missing_facts, question_facts, subtract,
                        variant_found)
from rag.sentences import CLAUSE_MARKS, split_sentences
from rag.textmatch import bigrams, content, normalize, overlap, simplified
from rag.types import Citation, Hit


def passage_match_text(hit: Hit) -> str:
    """What a citation may be checked against: the chunk plus its title/author line shown to the model."""
    return f"{hit.chunk.header}\n{hit.chunk.text}"


def in_simplified(hit: Hit) -> Hit:
    """The passage as the rules read it: its text, title, byline, note and neighbouring text in simplified
    characters, one for one, so a page written in traditional ones (首個客戶) states what a question or answer in
    simplified ones asks (首个客户); what is shown and highlighted stays the page's own."""
    c = hit.chunk
    chunk = replace(c, text=simplified(c.text), title=simplified(c.title), author=simplified(c.author),
                    note=simplified(c.note))
    return replace(hit, chunk=chunk, before=simplified(hit.before), after=simplified(hit.after))


def article_of(hit: Hit) -> tuple[str, str]:
    return hit.chunk.doc_id, hit.chunk.title


def article_text(numbers: list[int], hits: list[Hit]) -> str:
    """All shown passages from the article(s) of the passages `numbers`, each with the article's text just before
    and after it: where a restated premise, the article's subject or the question's conditions may be."""
    articles = {article_of(hits[n - 1]) for n in numbers}
    return "\n".join("\n".join(t for t in (h.before, passage_match_text(h), h.after) if t)
                     for h in hits if article_of(h) in articles)


def cited_text(numbers: list[int], hits: list[Hit]) -> str:
    return "\n".join(passage_match_text(hits[n - 1]) for n in numbers)


# A passage that repeats this many letters of the question in a row, word for word, is about what the question asks.
TOPIC_RUN = 7


_SAYS_SOMETHING = {"v", "vn", "PER", "LOC", "ORG"}


def names_topic_implicitly(question: str, term: str, text: str, min_run: int = TOPIC_RUN) -> bool:
    """Does the text repeat `min_run`+ letters of the question in a row, outside the question's `term`? Such a
    passage is about what the question asks even where it never names its topic: a continuation that calls it
    该协定 ("该协定在韩国的生效日期为…" for "RCEP在韩国的生效日期"), a law's article without the law's name. A
    passage about another thing of the kind rarely repeats the question at such length (the longest among the
    stored runs' refusals: 6, `海上保安本部` for another 管区's office). The run says something of the topic — it holds
    a verb or a name as Baidu's LAC reads it (生效, 鼓励…投保, 韩国) —: a statistic's name alone (`单集收视率最高`) is said
    of any drama."""
    if not term:
        return False
    letters = content(text)
    for part in normalize(question).split(normalize(term)):
        part = content(part)
        for i in range(len(part) - min_run + 1):
            end = i + min_run
            if part[i:end] not in letters:
                continue
            while end < len(part) and part[i:end + 1] in letters:
                end += 1
            if any(tag in _SAYS_SOMETHING for _, tag in lac_tagged(part[i:end])):
                return True
    return False


def premise_facts(facts: KeyFacts, question: str, context: str) -> KeyFacts:
    """The sentence's key facts that restate the question ("西彭园区充当了…" for "西彭园区充当了什么角色"),
    provided the shown passages mention them somewhere, or (a quoted title, a Latin name) repeat the question at
    length without naming it: they set the topic, the answer is the rest."""
    if not question:
        return KeyFacts()
    given = question_facts(question)
    repeated = KeyFacts(numbers=facts.numbers & given.numbers, quoted=facts.quoted & given.quoted,
                        latin=facts.latin & given.latin,
                        names={n for n in facts.names if normalize(n) in normalize(question)},
                        dates=facts.dates & given.dates)
    for kind, fact in absent_facts(repeated, context):
        if not (kind == "names" and (variant_found(fact, context) or abbreviation_found(fact, context))) \
                and not (kind in ("quoted", "latin") and names_topic_implicitly(question, fact, context)):
            getattr(repeated, kind).discard(fact)
    # a place the question names is its condition, judged by question_conditions with its scope
    repeated.places = {n for n in facts.places if normalize(n) in normalize(question)}
    repeated.full_dates = facts.full_dates & given.full_dates
    return repeated


def facts_to_check(sentence: str, question: str, numbers: list[int], hits: list[Hit]) -> KeyFacts:
    """The sentence's key facts its citations must hold: a fact restated from the question may sit elsewhere in
    the cited passage's article."""
    facts = key_facts(sentence)
    return subtract(facts, premise_facts(facts, question, article_text(numbers, hits)))


# Inside one clause a fact is about one thing. A comma between digits is a thousands separator (1,234), not a
# clause end; a run of spaces separates a web page's headlines, but a space beside a Latin letter or a digit is
# spacing inside a clause (`Meta 从苹果挖走了大约 100 名工程师`).
_CLAUSE_END = (f"[{re.escape(CLAUSE_MARKS.replace('、', '').replace(',', ''))}：:]" + r"|(?<!\d),|,(?!\d)"
               + r"|(?<![A-Za-z0-9])\s+(?![A-Za-z0-9])")
_CLAUSE_OR_ITEM_END = re.compile("、|" + _CLAUSE_END)
_CLAUSE_ONLY_END = re.compile(_CLAUSE_END)


def clauses_holding(facts: KeyFacts, text: str, items: bool = True) -> list[str]:
    """The clauses of `text` holding at least one of `facts`; with `items`, a list item (between 、) counts as a
    clause of its own."""
    every = len(absent_facts(facts, ""))
    if not every:
        return []
    splitter = _CLAUSE_OR_ITEM_END if items else _CLAUSE_ONLY_END
    return [c for c in splitter.split(text) if c.strip() and len(absent_facts(facts, c)) < every]


def supporting_span(sentence: str, hit: Hit) -> tuple[int, int, float]:
    """(start, end, score) of the passage sentence that best matches `sentence`, offsets in chunk.text."""
    text = hit.chunk.text
    facts = key_facts(sentence)
    best = (0, len(text), -1.0)
    for start, end in split_sentences(text) or [(0, len(text))]:
        piece = text[start:end]
        if not piece.strip():
            continue
        score = overlap(sentence, piece) - 0.2 * len(missing_facts(facts, piece))
        if score > best[2]:
            best = (start, end, score)
    return best


def make_citation(number: int, hit: Hit, span_start: int, span_end: int) -> Citation:
    c = hit.chunk
    return Citation(number=number, chunk_id=c.chunk_id, doc_id=c.doc_id, source=c.source, title=c.title,
                    author=c.author, text=c.text, span_start=span_start, span_end=span_end,
                    doc_start=c.start + span_start, doc_end=c.start + span_end,
                    chunk_start=c.start, chunk_end=c.end, note=c.note, page=c.page_at(c.start + span_start))


# The small model's preamble ("根据【资料】，") is not content.
_BOILERPLATE = re.compile(r"^(根据|依据|按照)?[【\[]?资料[】\]]?(中|显示|所述)?[，,：:]?")


def holding_most(added: set[str], texts: list[str], at_least: int = 1) -> list[int]:
    """The indices of the texts sharing the most of the bigrams `added` (what a sentence adds to the question), when
    that is at least `at_least` of them; [] otherwise."""
    counts = [len(added & bigrams(t)) for t in texts]
    best = max(counts, default=0)
    return [i for i, c in enumerate(counts) if c == best] if best >= max(at_least, 1) else []


def added_to_question(sentence: str, question: str) -> set[str]:
    """The sentence's character bigrams that are not in the question (the "根据资料，" preamble left out)."""
    return bigrams(without_preamble(sentence)) - bigrams(question)


def without_preamble(sentence: str) -> str:
    """The sentence without a "根据资料，" opening (matching only: looser than what is cut for display)."""
    return _BOILERPLATE.sub("", sentence)
