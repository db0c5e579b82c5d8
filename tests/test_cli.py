"""`python -m rag ...`: bad inputs give one clear line each, the rest of the batch is indexed."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rag.cli import main
from rag.config import PROJECT_ROOT

GOOD_1 = "当天，代表团一行参观了大足石刻，在讲解员的解说下，了解了石刻背后的历史、艺术、科学价值与文化内涵。"
GOOD_2 = "西彭园区已分批次组织了11家银行和50余家企业进行了对接座谈，持续做好企业资金保障工作。"


def run_cli(index_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "RAG_INDEX_DIR": str(index_dir)}
    return subprocess.run([sys.executable, "-m", "rag", *args], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture()
def index_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "index"
    monkeypatch.setenv("RAG_INDEX_DIR", str(d))  # main() reads settings from the environment
    return d


def test_bad_inputs_one_line_each_rest_indexed(tmp_path: Path, index_dir: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "dazu.txt").write_text(GOOD_1, encoding="utf-8")
    assert main(["ingest", str(docs / "dazu.txt"), "--kb", "clikb", "-q"]) == 0
    before = sorted(p.name for p in (index_dir / "clikb").iterdir())

    (docs / "xipeng.txt").write_text(GOOD_2, encoding="utf-8")
    (docs / "empty.txt").write_text("", encoding="utf-8")
    (docs / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (docs / "table.xyz").write_text("不支持的格式", encoding="utf-8")
    missing = docs / "missing.txt"
    proc = run_cli(index_dir, "ingest", str(docs / "dazu.txt"), str(docs / "xipeng.txt"), str(missing),
                   str(docs / "empty.txt"), str(docs / "binary.txt"), str(docs / "table.xyz"),
                   "--kb", "clikb", "-q")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    error_lines = [line for line in proc.stderr.splitlines() if line.startswith("失败")]
    assert len(error_lines) == 4, proc.stderr
    for bad in ("missing.txt", "empty.txt", "binary.txt", "table.xyz"):
        assert sum(bad in line for line in error_lines) == 1, (bad, error_lines)
    assert "added 1, updated 0, unchanged 1, failed 4" in proc.stdout

    from rag.config import load_settings
    from rag.stores import open_kb

    kb = open_kb("clikb", load_settings(index_dir=index_dir))
    assert sorted(Path(d.doc_id).name for d in kb.documents()) == ["dazu.txt", "xipeng.txt"]
    assert before != sorted(p.name for p in kb.path.iterdir())  # a new version was committed


def test_search_json_shape(tmp_path: Path, index_dir: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "a.txt").write_text(GOOD_1 + "\n\n" + GOOD_2, encoding="utf-8")
    assert main(["ingest", str(tmp_path / "a.txt"), "--kb", "jsonkb", "-q"]) == 0
    capsys.readouterr()
    assert main(["search", "西彭园区组织了多少家银行对接？", "--kb", "jsonkb", "-k", "2", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert 1 <= len(hits) <= 2
    keys = {"rank", "score", "dense_score", "sparse_score", "text", "doc_id", "source", "title", "author",
            "chunk_id", "start", "end"}
    assert set(hits[0]) == keys
    assert hits[0]["rank"] == 1 and "11家银行" in hits[0]["text"]
    assert isinstance(hits[0]["dense_score"], float) and isinstance(hits[0]["start"], int)

    assert main(["search", "西彭园区组织了多少家银行对接？", "--kb", "jsonkb"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("[1]") and "余弦" in out


def test_kb_list_stats_reindex_delete(tmp_path: Path, index_dir: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "a.txt").write_text(GOOD_1, encoding="utf-8")
    assert main(["ingest", str(tmp_path / "a.txt"), "--kb", "mgmt", "-q"]) == 0
    assert main(["ingest", str(tmp_path / "a.txt"), "--kb", "mgmt", "-q"]) == 0
    assert "added 0, updated 0, unchanged 1, failed 0" in capsys.readouterr().out
    assert main(["kb", "list"]) == 0
    assert capsys.readouterr().out.startswith("mgmt\t文档 1")
    assert main(["kb", "stats", "mgmt", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["docs"] == 1 and stats["model"] == "multilingual-e5-small" and stats["index_type"] == "flat"
    assert main(["reindex", "--kb", "mgmt", "-q"]) == 0
    assert "重新嵌入 1 个段落" in capsys.readouterr().out
    assert main(["kb", "delete", "mgmt"]) == 0
    capsys.readouterr()
    assert main(["kb", "stats", "mgmt"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "mgmt" in err and len(err.strip().splitlines()) == 1


def test_missing_kb_is_one_line_without_traceback(tmp_path: Path) -> None:
    proc = run_cli(tmp_path / "empty-index", "search", "问题", "--kb", "nope")
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()]
    assert "nope" in proc.stderr and "python -m rag ingest" in proc.stderr and "Traceback" not in proc.stderr


def test_a_setting_that_is_not_a_number_is_one_line_naming_the_variable(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("RAG_TOP_K", "abc")
    proc = run_cli(tmp_path / "empty-index", "search", "问题", "--kb", "nope")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()] and "RAG_TOP_K" in proc.stderr


def test_shell_reads_questions_until_exit(tmp_path: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "a.txt").write_text(GOOD_1 + "\n\n" + GOOD_2, encoding="utf-8")
    assert main(["ingest", str(tmp_path / "a.txt"), "--kb", "shellkb", "-q"]) == 0
    answers = iter(["代表团参观了什么？", "exit"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    assert main(["shell", "--kb", "shellkb", "-k", "1"]) == 0
    out = capsys.readouterr().out
    assert "[1]" in out and "大足石刻" in out


def test_ask_subcommand_is_registered() -> None:
    from rag.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert {"ingest", "search", "kb", "reindex", "shell"} <= set(sub.choices)
    if (PROJECT_ROOT / "rag" / "cli_ask.py").exists():
        assert "ask" in sub.choices


def test_a_citation_names_its_article_and_file_once():
    from rag.cli_ask import format_citations
    from rag.types import Answer, Citation

    def cite(n: int, title: str) -> Citation:
        return Citation(number=n, chunk_id="a.txt#0", doc_id="a.txt", source="data/a.txt", title=title, author="",
                        text=GOOD_2, span_start=0, span_end=10, doc_start=100, doc_end=110)

    lines = format_citations(Answer(question="q", query="q", text="t", refused=False,
                                    citations=[cite(1, "园区新闻"), cite(2, "")])).splitlines()
    assert lines[0].startswith("[1] 《园区新闻》 data/a.txt 字符 100-110：西彭园区")
    assert lines[1].startswith("[2] data/a.txt 字符 100-110：") and lines[1].count("data/a.txt") == 1
