"""Every eval metric against values computed by hand on toy inputs."""
from __future__ import annotations

import math

import pytest

from eval.metrics.answers import answer_matches, answer_metrics, gold_char_recall, verdict
from eval.metrics.citations import citation_correct, citation_metrics, key_facts, sentence_presented_unsupported
from eval.metrics.latency import latency_metrics, percentile
from eval.metrics.retrieval import (hit_at_k, judge, ndcg_at_k, recall_at_k, reciprocal_rank,
                                    retrieval_metrics)
from eval.normalize import contains, normalize


# --- normalisation ---------------------------------------------------------------------------------

def test_normalize_nfkc_quotes_dashes_space_case() -> None:
    assert normalize("“数治”") == '"数治"'
    assert normalize("「数治」") == '"数治"'
    assert normalize("２０２１—２０２５年") == "2021-2025年"  # full-width digits (NFKC) and em dash
    assert normalize("2021–2025") == "2021-2025"  # en dash
    assert normalize("华为 WeLink\n办公") == "华为welink办公"
    assert normalize("Ｃ２Ｍ") == "c2m"


def test_contains_ignores_spacing_from_pdf_lines() -> None:
    assert contains("新冠肺炎疫情虽然短期内会给经 济发展带来不利影响", "给经济发展带来不利影响")
    assert not contains("任何文本", "")


# --- retrieval ---------------------------------------------------------------------------------------

def P(doc: str, text: str = "") -> dict:
    return {"doc_id": doc, "text": text}


def test_judge_by_doc_id_counts_each_gold_doc_once() -> None:
    ranked = [P("x"), P("a"), P("a"), P("b")]
    assert judge(ranked, ["a", "b"], []) == [None, "a", None, "b"]


def test_judge_by_evidence_substring_overrides_doc_ids() -> None:
    ranked = [P("d1", "别的 段落"), P("d1", "培育数字经济 新增长点"), P("d1", "培育数字经济新增长点")]
    # evidence pins the passage; the gold doc id alone would have made rank 1 relevant
    assert judge(ranked, ["d1"], ["培育数字经济新增长点"]) == [None, "evidence", None]


def test_hit_recall_mrr_ndcg_hand_computed() -> None:
    units = [None, "a", None, "b", None]  # gold {a, b, c}; a at rank 2, b at rank 4
    assert hit_at_k(units, 1) == 0.0
    assert hit_at_k(units, 3) == 1.0
    assert recall_at_k(units, 3, 3) == pytest.approx(1 / 3)
    assert recall_at_k(units, 3, 5) == pytest.approx(2 / 3)
    assert reciprocal_rank(units, 10) == pytest.approx(0.5)
    dcg = 1 / math.log2(3) + 1 / math.log2(5)  # 0.6309 + 0.4307
    idcg = 1 + 1 / math.log2(3) + 1 / math.log2(4)  # 1 + 0.6309 + 0.5
    assert ndcg_at_k(units, 3, 10) == pytest.approx(dcg / idcg)
    assert ndcg_at_k(units, 3, 10) == pytest.approx(1.0616 / 2.1309, abs=1e-4)  # 0.4982


def test_mrr_ignores_hits_beyond_k() -> None:
    units = [None] * 10 + ["a"]
    assert reciprocal_rank(units, 10) == 0.0
    assert ndcg_at_k(units, 1, 10) == 0.0


def test_perfect_single_gold_ndcg_is_one() -> None:
    assert ndcg_at_k(["a", None], 1, 10) == 1.0


def test_retrieval_metrics_means_over_questions_with_gold() -> None:
    rows = [
        {"retrieved": [P("a"), P("x")], "gold_ids": ["a"]},  # rank 1
        {"retrieved": [P("x"), P("y"), P("b")], "gold_ids": ["b"]},  # rank 3
        {"retrieved": [P("x")], "gold_ids": [], "evidence": []},  # unanswerable: skipped
    ]
    m = retrieval_metrics(rows)
    assert m["n"] == 2
    assert m["hit@1"] == 0.5 and m["hit@3"] == 1.0 and m["hit@10"] == 1.0
    assert m["mrr@10"] == pytest.approx((1 + 1 / 3) / 2)
    assert m["ndcg@10"] == pytest.approx((1 + 1 / math.log2(4)) / 2)  # 0.75
    assert m["recall@5"] == 1.0


# --- answers -----------------------------------------------------------------------------------------

def test_answer_match_normalises_and_strips_citation_markers() -> None:
    assert answer_matches("首飞于5月[1]28日。", ["5月28日"])
    assert answer_matches("作者是 高永强[2]。", ["高永强"])
    assert not answer_matches("作者是常青华。", ["高永强"])
    assert not answer_matches("", ["高永强"])


def test_answer_match_ignores_framing_punctuation_but_not_values() -> None:
    # as CMRC 2018's official scorer: quotes, book-title marks and list commas frame an answer, they are not it
    assert answer_matches("梁公林[1]。", ["「梁公林」"])
    assert answer_matches("最佳影片是《长津湖》。", ["长津湖"])
    assert answer_matches("黑山羊、稻+、冬菜", ["黑山羊，稻+，冬菜"])
    # a decimal point, a percent sign or a comparison changes the value: never stripped
    assert not answer_matches("推出了16万条新闻报道。", ["1.6万条"])
    assert not answer_matches("同比增长28.5。", ["28.5%"])
    assert not answer_matches("1+1=2", ["1+1>2"])
    assert not answer_matches("。「」", ["「」"])  # nothing left to match is never a match


def test_an_answer_in_either_script_is_the_same_answer() -> None:
    # a page in traditional characters gives the model 110億次; the label writes 110亿次 (and the reverse)
    assert answer_matches("星河晚会总共累积110億次观看[1]。", ["110亿次"])
    assert answer_matches("星河航空的首个客户是临江航空。", ["臨江航空"])
    assert not answer_matches("星河晚会总共累积11億次观看。", ["110亿次"])
    assert citation_correct(C(1, "x", "星河晚會總共累積110億次觀看"), {"gold_ids": ["g"], "answers": ["110亿次"]})


def test_a_place_in_numerals_or_digits_is_the_same_place() -> None:
    assert answer_matches("他在第6任行政长官选举中当选[1]。", ["第六任"])
    assert answer_matches("华为排名第二。", ["第2"])
    assert answer_matches("第二十届大会", ["第20届"])
    assert not answer_matches("他在第16任行政长官选举中当选。", ["第六任"])
    assert not answer_matches("华为排名第三。", ["第2"])


def test_multi_part_answer_needs_every_part() -> None:
    parts = [["樊自甫"], ["万晓榆", "万晓瑜"]]
    assert answer_matches("作者是樊自甫和万晓榆。", answer_parts=parts)
    assert not answer_matches("作者是樊自甫。", answer_parts=parts)


def test_gold_char_recall_gives_partial_credit_by_characters_in_order() -> None:
    assert gold_char_recall("头部是平滑的弧型[3]。", ["呈平滑的弧型"]) == pytest.approx(5 / 6)
    assert gold_char_recall("光学显微镜、电子显微镜和扫描探针显微镜", ["光学，电子，和扫描探针显微镜"]) == 1.0
    assert gold_char_recall("型弧的滑平", ["平滑的弧型"]) == pytest.approx(1 / 5)  # order matters
    assert gold_char_recall("作者是樊自甫。", answer_parts=[["樊自甫"], ["万晓榆"]]) == 0.5
    assert gold_char_recall("", ["甲"]) == 0.0


def test_verdicts_and_rates_hand_computed() -> None:
    rows = [
        {"answerable": True, "answers": ["甲"], "answer_text": "答案是甲[1]", "refused": False,
         "answer_shown": True},  # correct
        {"answerable": True, "answers": ["乙"], "answer_text": "答案是丙", "refused": False,
         "answer_shown": False},  # wrong
        {"answerable": True, "answers": ["丁"], "answer_text": "资料中没有找到相关信息。", "refused": True},
        {"answerable": True, "answers": ["戊"], "answer_text": "戊", "refused": False},  # correct
        {"answerable": False, "answers": [], "answer_text": "资料中没有找到相关信息。", "refused": True},
        {"answerable": False, "answers": [], "answer_text": "1963年", "refused": False},
    ]
    assert [verdict(r) for r in rows] == ["correct", "wrong", "false_refusal", "correct",
                                          "correct_refusal", "answered_unanswerable"]
    answer, refusal = answer_metrics(rows)
    assert answer == {"accuracy": 0.5, "gold_char_recall": 0.5, "false_refusal_rate": 0.25, "answer_shown_rate": 0.5,
                      "n": 4}
    assert refusal == {"correct_refusal_rate": 0.5, "n": 2}


def test_refused_answer_is_never_correct_even_if_text_contains_answer() -> None:
    row = {"answerable": True, "answers": ["甲"], "answer_text": "甲？资料中没有找到相关信息。", "refused": True}
    assert verdict(row) == "false_refusal"


# --- citations ---------------------------------------------------------------------------------------

def C(n: int, doc: str, text: str) -> dict:
    return {"number": n, "doc_id": doc, "title": "", "text": text}


def test_answers_counted_by_the_judges_band_hand_computed() -> None:
    from eval.metrics.confidence import confidence_metrics

    def row(band, text, answerable=True, refused=False):
        return {"answerable": answerable, "answers": ["50PB"], "answer_text": text, "refused": refused,
                "judged": {"margin": 1.0, "confidence": band} if band else None}

    out = confidence_metrics([
        row("high", "存储容量达50PB级[1]。"), row("high", "存储容量达50PB级[1]。"), row("high", "10PB[1]。"),
        row("low", "50PB[1]。", answerable=False),  # an unanswerable question answered
        row("low", "资料中没有找到相关信息。", refused=True),  # refused: no answer shown, no band counted
        row(None, "50PB[1]。"),  # not judged (another generator)
    ])
    assert list(out) == ["high", "low"]  # in band order, empty bands left out
    assert out["high"] == {"answered": 3, "right": 2, "unanswerable": 0, "right_share": 2 / 3}
    assert out["low"] == {"answered": 1, "right": 0, "unanswerable": 1, "right_share": 0.0}


def test_citation_correct_by_doc_evidence_or_answer() -> None:
    by_doc = {"gold_ids": ["g"], "answers": ["甲"]}
    assert citation_correct(C(1, "g", "无关"), by_doc)
    assert citation_correct(C(1, "x", "这里有甲"), by_doc)
    assert not citation_correct(C(1, "x", "无关"), by_doc)
    assert citation_correct(C(1, "x", "无关"), {"gold_ids": [], "citation_gold_ids": ["x"], "answers": ["甲"]})
    with_ev = {"gold_ids": ["g"], "evidence": ["证据文字"], "answers": ["甲"]}
    assert not citation_correct(C(1, "g", "同一文档的别处"), with_ev)  # evidence pins the passage
    assert citation_correct(C(1, "g", "证据 文字"), with_ev)


def test_key_facts() -> None:
    assert key_facts("500余桶消毒液、100余万个口罩[1]，使用WeLink，依据《办法》。") == [
        "500", "100", "welink", "办法"]


def test_title_with_a_subtitle_inside_the_brackets_supports_the_short_title() -> None:
    cits = [C(1, "d", "《法治政府建设实施纲要（2021—2025年）》明确提出")]
    s = {"text": "《法治政府建设实施纲要》覆盖2021—2025年[1]。", "citations": [1], "supported": True}
    assert not sentence_presented_unsupported(s, cits)


def test_a_number_the_passage_writes_in_numerals_is_carried() -> None:
    cits = [C(1, "d", "在第六任行政长官选举中，李家超当选。")]
    s = {"text": "李家超在第6任行政长官选举中当选[1]。", "citations": [1], "supported": True}
    assert not sentence_presented_unsupported(s, cits)
    assert sentence_presented_unsupported({**s, "text": "李家超在第7任行政长官选举中当选[1]。"}, cits)


def test_byline_answer_is_supported_by_the_cited_article_author() -> None:
    cit = {**C(1, "x", "要抢抓疫情带来的数字化转型机遇"), "author": "樊自甫 万晓榆"}
    row = {"gold_ids": ["g"], "evidence": ["樊自甫"], "answers": ["樊自甫、万晓榆"]}
    assert citation_correct(cit, row)
    assert not citation_correct({**cit, "author": ""}, row)


def test_presented_unsupported_detects_missing_fact() -> None:
    cits = [C(1, "d", "组织团购了500余桶消毒液")]
    ok = {"text": "团购了500余桶消毒液[1]。", "citations": [1], "supported": True}
    bad = {"text": "团购了600余桶消毒液[1]。", "citations": [1], "supported": True}
    flagged = {"text": "团购了600余桶消毒液[1]。", "citations": [1], "supported": False}
    no_cite = {"text": "共50家企业。", "citations": [], "supported": True}
    assert not sentence_presented_unsupported(ok, cits)
    assert sentence_presented_unsupported(bad, cits)
    assert not sentence_presented_unsupported(flagged, cits)  # honestly marked: not "presented"
    assert sentence_presented_unsupported(no_cite, cits)


def test_citation_metrics_hand_computed() -> None:
    rows = [
        {  # correct answer, 2 citations: 1 gold, 1 not; 2 sentences, 1 unsupported
            "answerable": True, "answers": ["甲"], "gold_ids": ["g"], "refused": False, "correct": True,
            "citations": [C(1, "g", "甲在这里"), C(2, "x", "无关")],
            "sentences": [{"text": "是甲[1]。", "citations": [1], "supported": True},
                          {"text": "另有说法[2]。", "citations": [2], "supported": False}],
        },
        {  # correct answer whose only citation is wrong -> not covered
            "answerable": True, "answers": ["乙"], "gold_ids": ["h"], "refused": False, "correct": True,
            "citations": [C(1, "y", "无关")],
            "sentences": [{"text": "是乙[1]。", "citations": [1], "supported": True}],
        },
        {  # refusal: ignored for precision and sentences
            "answerable": False, "answers": [], "gold_ids": [], "refused": True, "correct": False,
            "citations": [C(1, "z", "无关")], "sentences": [{"text": "没有。", "citations": [], "supported": False}],
        },
    ]
    m = citation_metrics(rows)
    assert m["precision"] == pytest.approx(1 / 3)
    assert m["coverage"] == 0.5
    assert m["unsupported_sentence_rate"] == pytest.approx(1 / 3)
    assert m["unsupported_presented_as_supported"] == 0
    assert m["n_citations"] == 3 and m["n_sentences"] == 3


# --- latency -----------------------------------------------------------------------------------------

def test_percentiles_linear_interpolation() -> None:
    xs = [1.0, 2.0, 3.0, 4.0, 10.0]
    assert percentile(xs, 50) == 3.0
    assert percentile(xs, 95) == pytest.approx(8.8)  # pos 3.8 -> 4 + 0.8 * 6
    assert percentile([], 50) is None


def test_latency_metrics_per_stage_skips_missing() -> None:
    m = latency_metrics([{"retrieval": 0.1, "total": 2.0}, {"retrieval": 0.3, "total": 4.0},
                         {"retrieval": 0.2, "first_token": None}])
    assert m["retrieval"]["p50"] == pytest.approx(0.2)
    assert m["retrieval"]["n"] == 3
    assert m["total"]["p50"] == pytest.approx(3.0)
    assert m["total"]["p95"] == pytest.approx(3.9)
    assert m["first_token"] == {"p50": None, "p95": None, "mean": None, "n": 0}


def test_rule_metrics_count_removals_by_kind():
    from eval.metrics.rules import rule_metrics

    rows = [
        {"answerable": True, "answers": ["50PB"], "sentences": [
            {"text": "存储容量达50PB级。", "supported": False, "rule": "attribute"},  # a right answer removed
            {"text": "建成于2020年。", "supported": False, "rule": "key_facts"}]},
        {"answerable": False, "answers": [], "sentences": [
            {"text": "营收超过150亿元。", "supported": False, "rule": "attribute"},
            {"text": "模型拒答。", "supported": False, "rule": ""},  # no rule: not counted
            {"text": "总部在杭州。", "supported": True, "rule": ""}]},
    ]
    assert rule_metrics(rows) == {
        "attribute": {"removed": 2, "false_rejections": 1, "on_unanswerable": 1, "on_other": 0},
        "key_facts": {"removed": 1, "false_rejections": 0, "on_unanswerable": 0, "on_other": 1},
    }


def test_question_split_is_fixed_by_id_and_halves_the_sets():
    from eval.dataset import in_split, question_split

    assert question_split("rgbzh_q195") == question_split("rgbzh_q195")
    ids = [f"q{i}" for i in range(400)]
    dev = sum(question_split(i) == "dev" for i in ids)
    assert 160 < dev < 240  # about half
    assert all(in_split(i, None) and in_split(i, "all") for i in ids[:5])
    assert [in_split(i, "dev") for i in ids[:20]] == [question_split(i) == "dev" for i in ids[:20]]
    with pytest.raises(ValueError, match="unknown split"):
        in_split("q1", "train")
