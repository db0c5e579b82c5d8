"""Citations you can trust.

Given the model's answer and the passages it was shown ([1]..[n]):
1. split the answer into sentences, each with its [n] markers (markers after the full stop belong to
   the sentence before them);
2. drop markers pointing to no passage;
3. a sentence without markers gets one when a passage clearly supports it (character-bigram overlap);
4. each sentence's key facts (numbers/dates/percentages, quoted terms in “”/《》, Latin tokens, person
   names) must appear in a cited passage; otherwise another shown passage that holds them all is cited
   instead, or the sentence is unsupported with a reason;
5. every citation records its supporting span: the best-matching sentence of the passage, as offsets
   in the chunk and in the document.

Policy for partly supported answers: supported sentences are kept (with their verified markers),
unsupported ones are dropped from the answer text but kept in `sentences` with the reason, so the UI can
show what was removed and why. No supported sentence left -> the caller refuses.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rag.facts import (KeyFacts, absent_facts, counts_in, each_fact, has_facts, is_cjk, key_facts, missing_facts,
                       numbers_in, posseg, question_facts, states_quantity, subtract, variant_found)
from rag.question import (asked_attribute, asked_measure, asks_quantity, attribute_found, leading_subject, opening_verb,
                          scope_terms)
from rag.quote import quoted
from rag.sentences import split_sentences
from rag.textmatch import MARKER, QUESTION_WORDS, bigrams, content, normalize, overlap, strip_markers
from rag.types import Citation, Hit, SentenceSupport

# How much of a sentence's character bigrams must occur in a passage.
ATTACH_MIN_OVERLAP = 0.5  # to attach a citation the model forgot: the passage must clearly support it
CITED_MIN_OVERLAP = 0.25  # for a sentence the model cited itself: guards against citing an unrelated passage
# Share of the question's content bigrams the cited article must hold: below it the article is about something
# else (an answer about another eel for "线蚓鳗生活的水深是多少"); answered questions measured ≥ 0.21 on all sets.
TOPIC_MIN_OVERLAP = 0.15
NOVEL_MIN_BIGRAMS = 3  # fewer new bigrams than this ("是A组") is too little to judge
# The small model's preamble ("根据【资料】，") is not content.
_BOILERPLATE = re.compile(r"^(根据|依据|按照)?[【\[]?资料[】\]]?(中|显示|所述)?[，,：:]?")

# A sentence: text up to a terminator, closing quotes/brackets, then any markers written after the stop.
_SENTENCE = re.compile(
    r"[^。！？!?；;\n]+(?:[。！？!?；;…]+[”’」』）)\"']*)?(?:\s*[\[［【]\s*\d[\d\s,，、\-–~]*[\]］】])*"
)
_REFUSAL_PHRASES = ("没有找到相关信息", "没有找到相关", "资料中没有", "资料中未", "未提及", "没有提及", "没有提到",
                    "未提到", "无法回答", "无法确定", "没有提供", "未提供", "不包含", "无法从", "找不到")


def parse_markers(text: str) -> list[int]:
    """Numbers in [1] [1,2] [1-3] 【2】 ［3］ markers, in order, without repeats."""
    numbers: list[int] = []
    for m in MARKER.finditer(text):
        for part in re.split(r"\s*[,，、]\s*", m.group(1)):
            if re.search(r"[\-–~]", part):
                a, b = (int(x) for x in re.split(r"\s*[\-–~]\s*", part))
                values = range(a, b + 1) if 0 < b - a < 20 else [a, b]
            else:
                values = [int(part)]
            numbers += [v for v in values if v not in numbers]
    return numbers


def split_answer(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def is_refusal(text: str, refusal_text: str) -> bool:
    norm = normalize(strip_markers(text))
    return normalize(refusal_text) in norm or any(p in norm for p in _REFUSAL_PHRASES)


def passage_match_text(hit: Hit) -> str:
    """What a citation may be checked against: the chunk plus its title/author line shown to the model."""
    return f"{hit.chunk.header}\n{hit.chunk.text}"


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


@dataclass
class Verified:
    text: str  # supported sentences only, with verified markers
    sentences: list[SentenceSupport]
    citations: list[Citation]
    model_refused: bool = False


def premise_facts(facts: KeyFacts, question: str, context: str) -> KeyFacts:
    """The sentence's key facts that restate the question ("西彭园区充当了…" for "西彭园区充当了什么角色"),
    provided the shown passages mention them somewhere: they set the topic, the answer is the rest."""
    if not question:
        return KeyFacts()
    given = question_facts(question)
    repeated = KeyFacts(numbers=facts.numbers & given.numbers, quoted=facts.quoted & given.quoted,
                        latin=facts.latin & given.latin,
                        names={n for n in facts.names if normalize(n) in normalize(question)},
                        dates=facts.dates & given.dates)
    for kind, fact in absent_facts(repeated, context):
        if not (kind == "names" and variant_found(fact, context)):
            getattr(repeated, kind).discard(fact)
    return repeated


def _article(hit: Hit) -> tuple[str, str]:
    return hit.chunk.doc_id, hit.chunk.title


def _article_text(numbers: list[int], hits: list[Hit]) -> str:
    """All shown passages from the article(s) of the passages `numbers`: where a restated premise may be."""
    articles = {_article(hits[n - 1]) for n in numbers}
    return "\n".join(passage_match_text(h) for h in hits if _article(h) in articles)


def condition_sources(sentence: str, numbers: list[int], hits: list[Hit], asked: KeyFacts,
                      conditions: KeyFacts, scope: dict[str, str]) -> tuple[list[int], list[str]]:
    """(citations, unmet conditions). The question's conditions (its year, quoted terms, Latin words) and scope
    terms (periods such as 中秋/一季度, place names) must hold for the article each of the sentence's own facts comes from:
    an answer about another year, event or holiday is not an answer, even when a passage cited beside it
    matches ("中秋…收入2872.1亿元" taken from 国庆). When a cited passage's article fails them, another shown
    passage that holds the same fact in an article that meets them is cited instead."""
    if not (has_facts(conditions) or scope):
        return numbers, []

    def unmet(holders: list[int]) -> list[str]:
        text = _article_text(holders, hits)
        norm = normalize(text)
        return missing_facts(conditions, text) + [f"{kind} {t} 不在引用段落中" for t, kind in scope.items()
                                                  if normalize(t) not in norm]

    own = subtract(key_facts(sentence), asked)
    cited = list(numbers)
    first_absent: list[str] = []
    for one in each_fact(own) or [KeyFacts()]:
        holders = [n for n in cited if not missing_facts(one, passage_match_text(hits[n - 1]))] or cited
        absent = unmet(holders)
        if not absent:
            continue
        if not has_facts(one):
            return [], absent
        others = [n for n in range(1, len(hits) + 1) if n not in holders
                  and not missing_facts(one, passage_match_text(hits[n - 1])) and not unmet([n])]
        if not others:
            return [], absent
        first_absent = first_absent or absent
        cited = sorted({n for n in cited if n not in holders} | {others[0]})
    # A replacement holding one fact must not drop the others (1965 found in an article on 英国, 1974 not).
    if cited != numbers and missing_facts(own, "\n".join(passage_match_text(hits[n - 1]) for n in cited)):
        return [], first_absent
    return cited, []


def _with_premise_sources(sentence: str, numbers: list[int], hits: list[Hit]) -> list[int]:
    """Add the same-article passages holding key facts the sentence restates from the question (accepted
    from the article context), so that the citations the user clicks show every fact of the sentence."""
    texts = {n: passage_match_text(hits[n - 1]) for n in range(1, len(hits) + 1)}
    articles = {_article(hits[n - 1]) for n in numbers}
    out = list(numbers)
    for kind, fact in absent_facts(key_facts(sentence), "\n".join(texts[n] for n in out)):
        one = KeyFacts(**{kind: {fact}})
        for n, h in enumerate(hits, start=1):
            if n not in out and _article(h) in articles and not missing_facts(one, texts[n]):
                out.append(n)
                break
    return sorted(out)


def added_to_question(sentence: str, question: str) -> set[str]:
    """The sentence's character bigrams that are not in the question (the "根据资料，" preamble left out)."""
    return bigrams(_BOILERPLATE.sub("", sentence)) - bigrams(question)


def novel_content_found(sentence: str, question: str, passage: str) -> bool:
    """False when the sentence adds content to the question (≥ NOVEL_MIN_BIGRAMS new character bigrams)
    and not one of those bigrams occurs in the passage: "2022年印度新当选总统是佐科-维多多" restates
    the question and names someone the passage never mentions."""
    added = added_to_question(sentence, question)
    return len(added) < NOVEL_MIN_BIGRAMS or bool(added & bigrams(passage))


GRAFT_MIN_CHARS = 6  # a copied run this long is the passage's own clause, not a coincidence
GRAFT_WINDOW = 8  # characters before that run where the passage would state the question's verb


def grafted_predicate(sentence: str, question: str, passage: str) -> str:
    """The question's verb when the sentence is the question's opening with a clause of the passage glued on
    ("张安疆担任" + "重庆将围绕…" from "张安疆表示，重庆将围绕…"): the passage never says what the verb
    claims. A clause is a run that starts after punctuation in the passage and has a verb of its own near
    its start; a noun phrase after a synonym verb ("以…为首的独立委员会", "进行5战3胜制的系列赛") is an answer.
    "" when the sentence is not built so, or the passage states the verb right before the run."""
    opening, verb = opening_verb(question)
    if not verb:
        return ""
    body = content(sentence)
    rest = body[len(opening):] if body.startswith(opening) else ""
    text = content(passage)
    at = text.find(rest[:GRAFT_MIN_CHARS]) if len(rest) >= GRAFT_MIN_CHARS else -1
    if at < 0 or verb in text[max(0, at - GRAFT_WINDOW):at] or not _after_punctuation(passage, at):
        return ""
    return verb if any(f == "v" and len(w) > 1 for w, f in posseg().cut(rest[:GRAFT_MIN_CHARS])) else ""


def _after_punctuation(passage: str, at: int) -> bool:
    """Does the `at`-th letter/digit of `passage` (counted as content() counts) follow punctuation?"""
    seen = 0
    previous = ""
    for c in normalize(strip_markers(passage)):
        if c.isalnum():
            if seen == at:
                return bool(previous) and not previous.isalnum()
            seen += 1
        if not c.isspace():
            previous = c
    return False


_WHEN = re.compile(r"什么时候|什么时间|哪一年|哪年|哪一天|哪天|几月份?|何时")
_TIME = re.compile(r"\d{4}年|\d{1,2}月")
PREDICATE_MIN_SHARE = 0.5  # share of the question's predicate bigrams a passage sentence must have to state it


def conflicting_time(sentence: str, question: str, context: str) -> str:
    """For a when-question, the time the shown passages give for the question's predicate when the
    sentence gives another ("…是在几月份圆满收官的" answered 11月3日 while the passage says "7月份…圆满收官"):
    the sentence took a date from a neighbouring event. "" when the passages tie no time to the predicate,
    or one of the times they tie to it is the sentence's."""
    asked = _WHEN.search(question)
    said = set(_TIME.findall(normalize(strip_markers(sentence))))
    if not asked or not said:
        return ""
    predicate = bigrams(question[asked.end():])
    if not predicate:
        return ""
    tied: set[str] = set()
    for start, end in split_sentences(context):
        piece = normalize(context[start:end])
        if len(predicate & bigrams(piece)) >= PREDICATE_MIN_SHARE * len(predicate):
            tied |= set(_TIME.findall(piece))
    return "、".join(sorted(tied)) if tied and not tied & said else ""


_ASKS_FOR_TITLE = re.compile(r"文章|标题|题目|哪篇|篇名|书名|哪部|哪本|作品|报道")


def only_title(sentence: str, question: str, numbers: list[int], hits: list[Hit]) -> bool:
    """The sentence is nothing but the title of an article it cites, for a question that does not ask
    which article or work: the small model's way of pointing at a passage it could not answer from."""
    titles = {content(hits[n - 1].chunk.title) for n in numbers} - {""}
    return content(sentence) in titles and not _ASKS_FOR_TITLE.search(question)


def _check(sentence: str, numbers: list[int], hits: list[Hit], question: str = "") -> tuple[list[int], str]:
    """Verified citation numbers for a sentence (empty + reason when unsupported)."""
    texts = {n: passage_match_text(hits[n - 1]) for n in range(1, len(hits) + 1)}
    all_facts = key_facts(sentence)

    def facts_for(cited: list[int]) -> KeyFacts:
        # A fact restated from the question may sit elsewhere in the cited passage's article.
        return subtract(all_facts, premise_facts(all_facts, question, _article_text(cited, hits)))

    if numbers:
        facts = facts_for(numbers)
        reasons = missing_facts(facts, "\n".join(texts[n] for n in numbers))
        best_overlap = max(overlap(sentence, texts[n]) for n in numbers)
        if not reasons and best_overlap >= CITED_MIN_OVERLAP:
            # Keep the cited passages that share content with the sentence and, when one passage holds
            # every key fact, only such passages: a second citation must not be mere topic overlap.
            kept = [n for n in numbers if overlap(sentence, texts[n]) >= CITED_MIN_OVERLAP] or numbers
            whole = [n for n in kept if not missing_facts(facts, texts[n])]
            return contributing(sentence, question, whole if whole and has_facts(facts) else kept, texts), ""
        if not reasons:
            reasons = [f"与引用段落内容重合度过低（{best_overlap:.2f}）"]
    else:
        reasons = ["句子没有引用，也没有段落明显支持它"]
    # The model may have cited the wrong passage: cite the shown passage that holds every key fact,
    # or else two passages that together hold them ("…充当了“银企联络人”和“团购管家”的角色").
    scored = sorted(((overlap(sentence, t), n) for n, t in texts.items()), key=lambda x: (-x[0], x[1]))
    threshold = CITED_MIN_OVERLAP if numbers else ATTACH_MIN_OVERLAP
    close = [n for score, n in scored if score >= threshold]
    for n in close:
        if not missing_facts(facts_for([n]), texts[n]):
            return [n], ""
    if has_facts(all_facts):
        for i, a in enumerate(close):
            for b in close[i + 1:]:
                pair = sorted((a, b))
                if not missing_facts(facts_for(pair), texts[a] + "\n" + texts[b]):
                    return pair, ""
    return [], "；".join(reasons)


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


_DATE_UNITS = "年月日号时点分秒"
_NUMBER_AT = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")


def counted_elsewhere(sentence: str, question: str, passage: str) -> list[str]:
    """The sentence's numbers (those not in the question) that the passage uses for something else: the words
    right after the number ("11家规模以上工业企业") share no character bigram with the words around it anywhere
    in the passage ("组织了11家银行"; "达成合作意向15项" does match "15项合作意向"). Dates, model numbers
    (iPhone 13) and numbers the passage writes otherwise are not judged."""
    sent, text = normalize(strip_markers(sentence)), normalize(passage)
    asked = numbers_in(question) if question else set()
    out = []
    for m in _NUMBER_AT.finditer(sent):
        number = m.group()
        after = content(sent[m.end():m.end() + 10])[:6]
        if (number in asked or len(after) < 3 or after[0] in _DATE_UNITS or not is_cjk(after[0])
                or (m.start() and sent[m.start() - 1].isascii() and sent[m.start() - 1].isalpha())):
            continue
        wanted = bigrams(after)
        windows = [content(text[max(0, p.start() - 20):p.start()])[-16:] + content(text[p.end():p.end() + 14])[:10]
                   for p in _NUMBER_AT.finditer(text) if p.group() == number]
        if windows and not any(wanted & bigrams(w) for w in windows):
            out.append(f"数字 {number} 在引用段落中说的是别的")
    return out


def verify_answer(answer_text: str, hits: list[Hit], refusal_text: str = "", question: str = "") -> Verified:
    """Check every sentence of `answer_text` against the passages `hits` ([1] = hits[0]).
    `question`: key facts the answer merely repeats from it need only occur in the cited passage's article;
    the question's conditions (numbers, quoted terms, Latin words, periods, places) must hold for the article each
    fact of the answer comes from, and that article must name the question's leading subject and speak of the
    attribute asked about."""
    supports: list[SentenceSupport] = []
    kept_text: list[str] = []
    best_span: dict[int, tuple[float, int, int]] = {}
    model_refused = False
    asked = question_facts(question)
    conditions = KeyFacts(numbers=asked.numbers, quoted=asked.quoted, latin=asked.latin)
    scope = scope_terms(question)
    attribute = asked_attribute(question)
    subject = leading_subject(question)
    seen: set[str] = set()
    for sentence in split_answer(answer_text):
        body = strip_markers(sentence)
        letters = content(body)
        if not letters or letters in seen:
            continue  # stray punctuation, a lone marker, or the small model looping on a sentence
        seen.add(letters)
        if refusal_text and is_refusal(body, refusal_text):
            # A refusal opening the answer decides it; one trailing after supported sentences is the
            # small model's habit of signing off ("…[1]。资料中没有找到相关信息。") and is dropped.
            model_refused = model_refused or not kept_text
            supports.append(SentenceSupport(body, [], False, "模型表示资料中没有答案"))
            continue
        marked = [n for n in parse_markers(sentence) if 1 <= n <= len(hits)]  # dangling markers dropped
        numbers, reason = _check(body, marked, hits, question)
        if numbers:
            numbers, absent = condition_sources(body, numbers, hits, asked, conditions, scope)
            if absent:
                reason = "问题条件不符：" + "；".join(absent)
        article = _article_text(numbers, hits)
        if numbers and question and overlap(QUESTION_WORDS.sub(" ", question), article) < TOPIC_MIN_OVERLAP:
            numbers, reason = [], "引用的文章与问题几乎没有共同的词语，说的是别的事"
        if numbers and subject and not variant_found(subject, article):
            # An answer about another thing of the same kind (钩盲蛇's range given for 松鸦's).
            numbers, reason = [], f"引用的文章没有提到问题所问的“{subject}”"
        if numbers and not attribute_found(attribute, article):
            # An answer copied from a passage about something else (R&D spend for "营收", a career for
            # "新任首席执行官"): the cited article never speaks of what was asked.
            numbers, reason = [], f"引用段落没有提到问题所问的“{attribute}”"
        # What the answer adds must be in the passages it cites (what the user clicks), not elsewhere in the
        # article: "徐梦桃是女子项目的[4]" cites a passage about her injury.
        cited_text = "\n".join(passage_match_text(hits[n - 1]) for n in numbers)
        if numbers and question and not added_to_question(body, question):
            numbers, reason = [], "句子只是复述问题"  # "…把高朱蒙称为什么[1]？" answers nothing
        if numbers and question and not novel_content_found(body, question, cited_text):
            numbers, reason = [], "答案中问题以外的内容不在引用段落中"
        grafted = grafted_predicate(body, question, cited_text) if numbers and question else ""
        if grafted:
            numbers, reason = [], f"答案把问题中的“{grafted}”接到了资料中另一句话上"
        if numbers and question and only_title(body, question, numbers, hits):
            numbers, reason = [], "答案只是所引文章的标题"
        other_time = conflicting_time(body, question, article) if numbers and question else ""
        if other_time:
            numbers, reason = [], f"资料中问题所问的事发生在{other_time}，不是答案所说的时间"
        elsewhere = counted_elsewhere(body, question, cited_text) if numbers else []
        if elsewhere:
            numbers, reason = [], "；".join(elsewhere)
        if numbers:
            numbers = _with_premise_sources(body, numbers, hits)
            body = in_source_words(body, numbers, hits)
        supports.append(SentenceSupport(body, numbers, bool(numbers), reason))
        if not numbers:
            continue
        kept_text.append(_with_markers(body, numbers))
        for n in numbers:
            start, end, score = supporting_span(body, hits[n - 1])
            if n not in best_span or score > best_span[n][0]:
                best_span[n] = (score, start, end)
    unanswered = _count_missing(question, [s.text for s in supports if s.supported]) if kept_text else ""
    if unanswered:
        # "票房是多少？" answered "剧场版彩色漫画书：小学馆出版", "明确了几种情况？" answered with the rules'
        # items: true of the article, no answer to the question.
        supports = [SentenceSupport(s.text, [], False, s.reason or unanswered) for s in supports]
        kept_text, best_span = [], {}
    citations = [_citation(n, hits[n - 1], best_span[n][1], best_span[n][2]) for n in sorted(best_span)]
    return Verified("".join(kept_text), supports, citations, model_refused)


def _count_missing(question: str, kept: list[str]) -> str:
    """Why the kept sentences leave a how-many question unanswered ("" when they answer it): no number at all,
    or none in the measure word the question counts in (几种 -> "7种")."""
    if not asks_quantity(question):
        return ""
    if not any(states_quantity(s) for s in kept):
        return "问题问的是数量，答案中没有数字"
    measure = asked_measure(question)
    if measure and not any(counts_in(s, measure) for s in kept):
        return f"问题问的是几{measure}，答案没有说出数目"
    return ""


def in_source_words(sentence: str, numbers: list[int], hits: list[Hit]) -> str:
    """A verified sentence that copies one of its cited passages almost verbatim, in that passage's exact
    words (rag.quote); otherwise unchanged."""
    for n in numbers:
        restored = quoted(sentence, hits[n - 1].chunk.text)
        if restored != sentence:
            return restored
    return sentence


def _with_markers(body: str, numbers: list[int]) -> str:
    marks = "".join(f"[{n}]" for n in numbers)
    m = re.search(r"[。！？!?；;…]+[”’」』）)\"']*$", body)
    if m:  # marker before the full stop, as the prompt asks: 句子[1]。
        return body[:m.start()] + marks + body[m.start():]
    return body + marks + "。"


def _citation(number: int, hit: Hit, span_start: int, span_end: int) -> Citation:
    c = hit.chunk
    return Citation(number=number, chunk_id=c.chunk_id, doc_id=c.doc_id, source=c.source, title=c.title,
                    author=c.author, text=c.text, span_start=span_start, span_end=span_end,
                    doc_start=c.start + span_start, doc_end=c.start + span_end,
                    chunk_start=c.start, chunk_end=c.end, note=c.note)
