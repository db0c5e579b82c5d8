from __future__ import annotations

import re
from itertools import combinations
from dataclasses import replace

from rag.facts import KeyFacts, absent_facts, has_facts, is_cjk, variant_found
from rag.entities import common_words, lac_tagged
from rag.lexicon import PROPER_NOUN_FLAGS, RELATIVES, tagged
from rag.question import HOME_COUNTRY, NATIONWIDE, other_version
from rag.sentences import SENTENCE_END
from rag.textmatch import normalize, strip_markers
from rag.verify.passages import clauses_holding, facts_to_check
from rag.verify.reading import QuestionReading
from rag.verify.rules.base import SentenceCheck, SentenceRule

# Words that differ in one character of such a pair name the other one of two (男单/女单, 上半年/下半年).
_OPPOSITES = ("男女", "上下", "前后", "首末", "正副", "单双", "进出", "出入", "内外", "东西南北", "春夏秋冬",
              "增减", "升降", "涨跌", "初复决")
_TITLE = re.compile(r"《[^》]*》")
# Words that name each other's opposite though no letter pair above turns one into the other: births are no deaths,
# income no spending, domestic flights no international ones.
_ANTONYMS = (frozenset(("出生", "死亡")), frozenset(("收入", "支出")), frozenset(("盈利", "亏损")),
             frozenset(("顺差", "逆差")), frozenset(("获胜", "失利")), frozenset(("国内", "国际")))
# A change and its opposite: one clause states one change, so these are rivals wherever they stand in it.
_RISE = {"增长", "增加", "上升", "上涨", "提高", "提升", "升高", "增多", "扩大", "走高", "攀升"}
_FALL = {"下降", "减少", "降低", "下跌", "回落", "下滑", "减小", "缩小", "走低", "萎缩"}


def _words(text: str) -> list[tuple[str, str]]:
    """jieba's words with their flags; a proper noun LAC reads as a common noun is none (城市 in "海滨城市…城市共有"),
    and a name LAC reads where jieba saw none is one (史东)."""
    plain = strip_markers(text)
    common = common_words(plain)
    names = {w for w, tag in lac_tagged(plain) if tag in ("PER", "LOC", "ORG")}
    return [(normalize(w), "n" if flag in PROPER_NOUN_FLAGS and w in common else
             "nr" if w in names and flag not in PROPER_NOUN_FLAGS else flag)
            for w, flag in tagged(plain) if w.strip() and re.search(r"\w", w)]


def listed_together(text: str) -> frozenset[frozenset[str]]:
    """Pairs of words the text lists side by side ("入境、出境和国内三大旅游市场"): the items of a list joined by 、 (its
    last one by 、, 和, 与 or 及), any two of one list. The text itself says they are different things of one kind. An
    item is one word: a list whose middle items are phrases (新村路、交通路, cut 新村|路) gives none, and its first and
    last words are items only when as long as the middle ones."""
    words = [(normalize(w), flag) for w, flag in tagged(strip_markers(text)) if w.strip()]
    pairs: set[frozenset[str]] = set()
    i = 0
    while i < len(words):
        if words[i][0] != "、":
            i += 1
            continue
        marks = [i]  # the list's separators, each two words apart (one word between)
        while marks[-1] + 2 < len(words) and words[marks[-1] + 2][0] in ("、", "和", "与", "及"):
            marks.append(marks[-1] + 2)
        first, last = marks[0] - 1, marks[-1] + 1
        i = last
        if first < 0 or last >= len(words) or not (_whole(words, first - 1) and _whole(words, last + 1)):
            continue
        items = [words[k - 1] for k in marks] + [words[last]]
        length = len(items[1][0]) if len(items) > 2 else len(items[0][0])  # a middle item's, else the first's
        if all(len(w) == length >= 2 and flag[:1] in "nvs" for w, flag in items):
            pairs.update(frozenset((a, b)) for (a, _), (b, _) in combinations(items, 2) if a != b)
    return frozenset(pairs)


def _whole(words: list[tuple[str, str]], k: int) -> bool:
    """Does the word at k leave its neighbour in a list whole? Not a single-letter noun or adjective, which ends or
    opens a name jieba cut (志丹|路, 广|中路); a particle, a preposition or punctuation does."""
    if not 0 <= k < len(words):
        return True
    word, flag = words[k]
    return len(word) > 1 or not re.search(r"\w", word) or flag[:1] not in "nasbfj"


def _rivals(a: tuple[str, str], b: tuple[str, str], listed: frozenset[frozenset[str]] = frozenset()) -> bool:
    """Two names of the same kind for different things: two proper nouns neither of which is a form of the
    other (same first character: 徐夫人/徐氏 may be one person), one word with one character turned into its
    opposite, or two words the passage lists side by side (入境、出境和国内)."""
    (wa, fa), (wb, fb) = a, b
    if frozenset((wa, wb)) in listed or frozenset((wa, wb)) in _ANTONYMS:
        return True
    if fa in PROPER_NOUN_FLAGS and fb in PROPER_NOUN_FLAGS and min(len(wa), len(wb)) >= 2:
        return wa[0] != wb[0] and wa not in wb and wb not in wa
    if len(wa) == len(wb) >= 2:
        changed = [(x, y) for x, y in zip(wa, wb) if x != y]
        return len(changed) == 1 and any(changed[0][0] in p and changed[0][1] in p for p in _OPPOSITES)
    return False


def swapped_names(sentence: str, question: str, clause: str,
                  listed: frozenset[frozenset[str]] = frozenset()) -> list[tuple[str, str]]:
    """(question's word, clause's word) where the sentence puts a word of the question that the clause lacks in
    the place the clause has a rival of it: the two share the word before or the word after them. A particle
    (的, 了) is no shared place: "《四海》的导演" and "韩寒的第4部作品" put their names in different places, nor is the
    first part of a name the question gives whole (阿部 of 阿部正丰 and 阿部定吉: a father and his son)."""
    said, source = _words(_TITLE.sub("《》", sentence)), _words(_TITLE.sub("《》", clause))  # a title's words are its own
    asked, clause_norm = normalize(question), normalize(clause)
    persons = {normalize(w) for w, tag in lac_tagged(question) if tag == "PER"}

    def around(words: list[tuple[str, str]], i: int) -> tuple[str, str]:
        def place(k: int) -> str:
            return words[k][0] if 0 <= k < len(words) and not words[k][1].startswith("u") else ""
        return place(i - 1), place(i + 1)

    def shares_place(one: tuple[str, str], other: tuple[str, str]) -> bool:
        return bool((one[0] and one[0] == other[0]) or (one[1] and one[1] == other[1]))

    out = []
    for i, a in enumerate(said):
        if a[0] not in asked or a[0] in clause_norm:
            continue
        before, after = around(said, i)
        if before + a[0] in persons:
            before = ""  # the first part of the asked name (阿部|正丰): two of one family share no place (阿部|定吉)
        for j, b in enumerate(source):
            b_before, b_after = around(source, j)
            if shares_place((before, after), (b_before, b_after)) and _rivals(a, b, listed):
                out.append((a[0], b[0]))
            elif {a[0], b[0]} & _RISE and {a[0], b[0]} & _FALL:
                out.append((a[0], b[0]))
    return out


class RivalName(SentenceRule):
    """The clause of the cited passage that states the sentence's fact is about another thing of the same kind as the
    one the question names: it has another place, person or organisation, or the opposite of the question's word (女单
    for 男单), where the sentence puts the question's; or it states the opposite change (增长 where the sentence says
    下降); or it names another version of a name the question numbers (not one the question names as well), and not
    the asked one (the K-4's range, `射程超过3000公里的K-4`, for the K-15's; a variant is another version: 小米13's charging
    for 小米13 Pro's). `地震在叙利亚造成1,234人死亡` from `此次地震在土耳其境内造成1,234人死亡，在叙利亚境内造成567人死亡` states Turkey's toll; that the
    article names 叙利亚 elsewhere (which `question_conditions` accepts) does not make it Syria's. A proper noun is one
    jieba and Baidu's LAC agree on, or one LAC alone reads (城市, which jieba tags as a place, is no rival of 莱姆里杰斯).
    And every passage sentence the fact comes from naming the opposite of a question word (男单 for 女单, 初试 for 复试),
    where none names the word and the question does not name the opposite itself, states the other one's fact (the
    question's letters read pair by pair, as jieba may cut 女双 into 女 + 双). Words the passage itself lists side by
    side (`入境、出境和国内三大旅游市场`) are rivals: the 国内 figure is no 入境 figure; so are a few antonyms no letter pair turns
    into each other (出生/死亡, 收入/支出, 国内/国际). The first part of a name the question gives whole is no shared place (阿部
    of 阿部正丰 and of his father 阿部定吉). The words of a quoted title are the title's (四海 in 《四海》 is no place to swap for
    大陆). And for a date, figure or rank asked of a person, in a passage sentence that names the asked person and
    another, a clause whose subject is the other (or 后者/前者 meaning them) is the other's
    (`颜丙涛将在2027年12月复出，而…赵心童将在明年9月复出`: 2027年12月 is no return date of 赵心童's); so is one whose subject is another
    place, the asked one named after its verb (`河南以总产量…的成绩低于黑龙江`), or any named place for a nationwide question (全国,
    我国). A fact whose every clause names another work's title than the one the question quotes, and not it, is that
    work's (`于1981年出版的著作《企业控制力，企业影响力》` gives no year of 《制造共识》) — unless the clause opens with 是 in a
    sentence that names the asked title before it (`《海，…》（…）是德国作家法兰克·薛庆…为了撰写小说《群》…` says what
    the asked work is). Of two clauses holding the same fact and equally like the sentence (`改革之前，…，而改革之后，…
    被独立设置`), the fact is another's only if both are. A clause without a subject of its own continues its
    sentence's: a figure every sentence of which has another place as a subject before it, the asked place never named
    there, is that place's (`四川省的出生率…，而自然增长率…为1.3‰` for 天津's), and one after a clause whose subject is
    another person is that person's (`林若溪也跟随丈夫到星河市，四年后王强在星河市去世，时年四十二岁` gives no
    age of 林若溪's); a name given again in brackets after the asked one (`强尼·奥列辛斯基（英语：Johnny Oleksinski）给出4颗星`)
    is the same person. A sentence giving its facts in several
    clauses is read clause by clause: a fact it gives to the other itself, as the passage does, is not claimed for the
    asked one (`对欧盟、非洲出口增速均超过20%，对拉丁美洲出口增速超过40%`). A question asking about someone by their
    relation to the person it names (`张之臻…16强对手的世界排名`) asks another person's fact."""
    id = "rival_name"

    def reason(self, check: SentenceCheck) -> str:
        # a where-answer's place does not choose the clause: there a person named otherwise in an article about
        # him (史东 for 斯通) looked like a rival, and no wrong answer of the stored runs was caught by it
        facts = replace(facts_to_check(check.sentence, check.question.text, check.cited, check.hits), places=set())
        if not has_facts(facts):
            return ""
        holding = clauses_holding(facts, check.cited_text)
        if not holding:
            return ""
        said = {w for w, _ in _words(check.sentence)}
        shared = [len(said & {w for w, _ in _words(c)}) for c in holding]
        # the clauses most like the sentence; when two holding the same facts are equally like it, the fact is another's
        # only if both are (`改革之前，…合署办公，而改革之后，…被独立设置`: the 之后 clause states it)
        likest = [c for c, n in zip(holding, shared) if n == max(shared)]
        likest = [c for c in likest if absent_facts(facts, c) == absent_facts(facts, likest[0])]  # the same fact
        listed = listed_together(check.cited_text)
        swaps = [swapped_names(_stating(check.sentence, facts, c), check.question.text, c, listed) for c in likest]
        if all(swaps):
            asked, stated = swaps[0][0]
            return f"引用段落说的是{stated}，不是问题问的{asked}"
        clause = next(c for c, swapped in zip(likest, swaps) if not swapped)
        other, asked = _other_subject(clause, check)
        stating = _stating(check.sentence, facts, clause)
        if other and not (stating != check.sentence and normalize(other) in normalize(stating)):
            # (one of several clauses giving the fact to the other itself, as the passage does, claims nothing for the
            # asked one)
            return f"引用段落中这一事实说的是{other}，不是问题问的{asked}"
        return _other_version(clause, check.question.versions) or _other_title(facts, check) \
            or _opposite_sourced(check) or _place_of_sentence(check)


def _stating(sentence: str, facts: KeyFacts, clause: str) -> str:
    """The part of the sentence that states what the passage clause states: where the sentence gives its facts in
    several clauses (`对欧盟、非洲出口增速均超过20%，对拉丁美洲出口增速超过40%`), the clauses holding the passage clause's facts,
    so that a name the sentence puts beside another of its facts is no swap; else the whole sentence."""
    own = clauses_holding(facts, sentence, items=False)
    if len(own) < 2:
        return sentence
    every = {fact for _, fact in absent_facts(facts, "")}

    def held(text: str) -> set[str]:
        return every - {fact for _, fact in absent_facts(facts, text)}

    stated = held(clause)
    return "，".join(c for c in own if stated & held(c)) or sentence


def _other_title(facts: KeyFacts, check: SentenceCheck) -> str:
    """Why every clause stating the fact names another work's title than the one the question quotes, and not it
    (`自己于1981年出版的著作《企业控制力，企业影响力》` for 《制造共识》's year), or "". A title the sentence itself
    names is its answer (a magazine asked for), no rival; a title's own commas end no clause."""
    asked = [normalize(t[1:-1]) for t in _TITLE.findall(check.question.text)]
    facts = replace(facts, quoted=set())
    if not asked or not has_facts(facts):
        return ""
    said = normalize(check.sentence)
    masked = _TITLE.sub(lambda m: m.group().replace("，", "\x00").replace(",", "\x01"), check.cited_text)
    others = []
    for clause in clauses_holding(facts, masked, items=False):
        titles = [t for t in (normalize(x[1:-1].replace("\x00", "，").replace("\x01", ","))
                              for x in _TITLE.findall(clause)) if t not in said]
        if not titles or any(a in t or t in a for a in asked for t in titles) \
                or _continues_asked_title(masked, clause, asked):
            return ""
        others.append(titles[0])
    return f"引用段落中这一事实说的是《{others[0]}》，不是问题问的《{asked[0]}》" if others else ""


def _continues_asked_title(text: str, clause: str, asked: list[str]) -> bool:
    """Does `clause` open with 是 or 为, no subject of its own, in a sentence that names an asked title before it?
    It then says what that work is (`《海，另一个未知的宇宙》（…）是德国作家法兰克·薛庆…为了撰写小说《群》…`)."""
    at = text.find(clause)
    close = clause.find("）")
    if close >= 0 and "（" not in clause[:close]:
        clause = clause[close + 1:]  # the end of a bracket opened in an earlier clause (…「讯息」，附标题…）是…)
    if at < 0 or not clause.lstrip().startswith(("是", "为")):
        return False
    opening = SENTENCE_END.split(text[:at])[-1].replace("\x00", "，").replace("\x01", ",")
    return any(a in normalize(t[1:-1]) for a in asked for t in _TITLE.findall(opening))


_ASKS_RANK = re.compile(r"排名|名次|第几")


def _other_subject(clause: str, check: SentenceCheck) -> tuple[str, str]:
    """For a question on a person's or place's date, figure or rank: (the other person or place the fact's clause has
    as its subject, the asked one), or ("", ""). Other questions (谁的皇后, 哪两位) are not judged: their answers are
    other persons."""
    q = check.question
    if not (q.answer_type in ("time", "quantity") or _ASKS_RANK.search(q.text)):
        return "", ""
    text = normalize(check.cited_text)
    at = text.find(normalize(clause))
    if at < 0:
        return "", ""
    start = max((m.end() for m in SENTENCE_END.finditer(text, 0, at)), default=0)
    end = SENTENCE_END.search(text, at)
    sentence = text[start:end.end() if end else len(text)]
    person = _other_person(clause, sentence, text[start:at], q.text)
    return person if person[0] else _other_place(clause, q)


def _glosses(before: str, asked: list[str]) -> bool:
    """Does the clause open inside brackets that follow the asked person's name, giving it in another script
    (`强尼·奥列辛斯基（英语：Johnny Oleksinski）给出4颗星`)? Then its subject is that person under their other name."""
    text = normalize(before)
    opened = max(text.rfind("("), text.rfind("（"))
    return opened > max(text.rfind(")"), text.rfind("）")) and any(normalize(text[:opened]).endswith(normalize(a))
                                                                    for a in asked)


# Someone named by their relation to another: the question's person is then not the one its figure is about. Not a
# title that is also a relation (滕皇后 is the empress herself; 王妃, 夫人 likewise).
_ASKS_RELATION = re.compile("|".join(("对手", "队友", "搭档", "教练", "老师", "学生", "弟子", "助手",
                                       *(r for r in RELATIVES if r not in ("皇后", "王妃", "夫人")))))


def _other_person(clause: str, sentence: str, before: str, question: str) -> tuple[str, str]:
    """The clause's subject — or the one meant by 后者/前者, the last or first person named `before` it — when its
    passage sentence names the asked person elsewhere (`颜丙涛将在2027年12月复出，而…赵心童将在明年9月复出` for 赵心童's
    return; `张之臻的对手是…弗里茨，后者的世界排名第十位` for 张之臻's rank). A clause without a subject continues the last clause
    before it in its sentence that has one (`林若溪也跟随丈夫到星河市，四年后王强在星河市去世，时年四十二岁`: 42 is 王强's
    age, not 林若溪's). A sentence that never names the asked person may call them otherwise (史东 for 斯通), so it is not
    judged; nor is a question asking about someone by their relation to the named person (张之臻…对手的世界排名)."""
    asked = [w for w, tag in lac_tagged(question) if tag == "PER" and len(w) >= 2]
    if not asked or _ASKS_RELATION.search(question) or any(variant_found(a, clause) for a in asked) \
            or not any(variant_found(a, sentence) for a in asked) or _glosses(before, asked):
        return "", ""
    subjects = _subject_and_predicate(clause, "PER")[0]
    meant = re.match(r"\W*(后者|前者)", normalize(clause))
    if meant:
        named = [w for w, tag in lac_tagged(before) if tag == "PER" and len(w) >= 2]
        subjects = named[-1:] if meant.group(1) == "后者" else named[:1]
    elif not subjects:  # a clause without a subject of its own continues the last one before it that has one
        for previous in reversed(re.split(r"[，,；;]", before)):
            subjects = _subject_and_predicate(previous, "PER")[0]
            if subjects:
                if any(variant_found(a, previous) for a in asked):
                    return "", ""  # the asked person's own clause goes on
                break
    others = [w for w in subjects if w not in question and all(w[0] != a[0] for a in asked)]
    return (others[0], asked[0]) if others else ("", "")


def _other_place(clause: str, q: QuestionReading) -> tuple[str, str]:
    """Another place as the clause's subject, the asked one named after its verb (`河南以总产量…的成绩低于黑龙江` for
    黑龙江's; not a co-subject, `山东省和烟台港…出资`), or for a nationwide question (全国, 我国) any named place (河南's
    total for 全国's)."""
    asked = _asked_places(q)
    subjects, predicate = _subject_and_predicate(clause, "LOC")
    subjects = [w for w in subjects if w not in q.text and not HOME_COUNTRY.search(w)]
    if not subjects:
        return "", ""
    if asked and not any(p in s or s in p for p in asked for s in subjects) and any(p in predicate for p in asked):
        return subjects[0], asked[0]
    if not asked and NATIONWIDE.search(q.text):
        return subjects[0], "全国"
    return "", ""


def _subject_and_predicate(clause: str, kind: str) -> tuple[list[str], str]:
    """The persons or places (LAC's PER, LOC) a clause names before its first verb or preposition — its subject
    ("前大师赛冠军颜丙涛将在…复出", "河南以总产量…"), not an agent or object ("被辽道宗任命为…", "低于黑龙江") — and the
    clause from that verb on."""
    subjects, at = [], 0
    for word, tag in lac_tagged(clause):
        if tag in ("v", "p", "vd"):  # not vn: 大师|赛 (vn) 冠军 is a title before the name
            return subjects, clause[at:]
        if tag == kind and len(word) >= 2:
            subjects.append(word)
        at += len(word)
    return subjects, ""


def _opposite_sourced(check: SentenceCheck) -> str:
    """Why the passage sentences the answer's facts come from name the opposite of a word of the question (男单 for
    女单: one character turned into its opposite) and none names the word itself, or "": the 男单 final's score is no
    answer for the 女单 final, wherever in the sentence the score stands. A sentence naming neither (the next one, on the
    same exam) does not count; an opposite the question itself names (华南 beside 华北) is none."""
    sources = [normalize(s) for s in check.source_sentences]
    if not sources:
        return ""
    asked = normalize(check.question.text)
    # the question's words, and the letter pairs around an opposite's letter, which jieba may cut apart (女|双)
    # (in a fixed order: the words first, then each pair opening with the opposite's letter before the one ending in it)
    pairs = [asked[k:k + 2] for i, ch in enumerate(asked) if any(ch in p for p in _OPPOSITES) for k in (i, i - 1)
             if k >= 0 and len(asked[k:k + 2]) == 2 and all(map(is_cjk, asked[k:k + 2]))]
    words = sorted({w for w, _ in _words(check.question.text) if len(w) >= 2})
    for word in dict.fromkeys(words + pairs):
        for i, ch in enumerate(word):
            for other in {word[:i] + c + word[i + 1:] for pair in _OPPOSITES if ch in pair for c in pair if c != ch}:
                if other not in asked and any(other in s for s in sources) and not any(word in s for s in sources):
                    return f"引用段落说的是{other}，不是问题问的{word}"
    return ""


def _asked_places(q: QuestionReading) -> list[str]:
    """The places the question asks about: place names of its scope that Baidu's LAC also reads as places."""
    return [t for t, kind in q.scope.items() if kind == "地名" and (t, "LOC") in lac_tagged(q.text)]


def _place_of_sentence(check: SentenceCheck) -> str:
    """For a date or figure asked of a place: why every passage sentence the fact comes from is about another place —
    one a clause before the fact has as its subject, the asked place never named in the sentence (`四川省的出生率…，而
    自然增长率…为1.3‰` gives no 天津 figure: a clause without a subject of its own continues its sentence's) — or ""."""
    q = check.question
    if q.answer_type not in ("time", "quantity") or not check.own_facts:
        return ""
    asked = _asked_places(q)
    if not asked:
        return ""
    said = {x for f in check.own_facts for x in f.numbers | f.dates}
    others = []
    for sentence in check.source_sentences:
        if any(variant_found(a, sentence) for a in asked):
            return ""
        at = min((sentence.find(x) for x in said if x in sentence), default=len(sentence))
        subjects = [w for clause in re.split(r"[，,；;]", sentence[:at])
                    for w in _subject_and_predicate(clause, "LOC")[0] if w not in q.text and not HOME_COUNTRY.search(w)]
        if not subjects:
            return ""
        others.append(subjects[-1])
    return f"引用段落中这一事实说的是{others[0]}，不是问题问的{asked[0]}" if others else ""


def _other_version(clause: str, asked: dict[tuple[str, str], str]) -> str:
    """Why the clause stating the fact is about another version of a name the question gives with a version number
    ("射程超过3000公里的K-4" for a question on the K-15), without naming the asked one, or ""."""
    other, written = other_version(clause, asked)
    return f"引用段落说的是{other}，不是问题问的{written}" if other else ""
