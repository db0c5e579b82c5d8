"""What each verifier rule buys (`python -m eval ablate DIR [DIR ...]`): a run's stored outputs re-verified with
all rules, then with each rule switched off in turn; per dev and test half, the change in accuracy, correct
refusal and citation precision when the rule is removed. A rule whose removal costs nothing on test is a
candidate for deletion; one whose removal helps on test is doing harm."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from rag.config import Settings
from eval.report import load_report
from eval.reverify import reverify_report

FIGURES = (("answer.accuracy", "acc"), ("answer.false_refusal_rate", "FR"), ("refusal.correct_refusal_rate", "CR"),
           ("citations.precision", "prec"))


def ablation(report: dict[str, Any], settings: Settings, rule_ids: list[str], where: str) -> dict[str, Any]:
    """{"all": splits of the full verifier, rule id: splits with that rule off}; splits as in report["splits"]."""
    out = {"all": reverify_report(report, settings, where)["splits"]}
    for rule in rule_ids:
        skip = ",".join(x for x in [settings.verify_skip, rule] if x)
        out[rule] = reverify_report(report, settings.replace(verify_skip=skip), where)["splits"]
    return out


def format_ablation(name: str, result: dict[str, Any]) -> str:
    base = result["all"]
    head = " ".join(f"{split}.{short:>4}" for split in ("dev", "test") for _, short in FIGURES)
    lines = [f"## {name}", "", f"{'verifier':22s} {head}"]
    for rule, splits in result.items():
        cells = []
        for split in ("dev", "test"):
            for key, _ in FIGURES:
                value, ref = splits.get(split, {}).get(key), base.get(split, {}).get(key)
                if value is None:
                    cells.append(f"{'—':>8}")
                elif rule == "all":
                    cells.append(f"{value:8.3f}")
                else:
                    cells.append(f"{value - ref:+8.3f}")
        label = "all rules" if rule == "all" else f"without {rule}"
        lines.append(f"{label:22s} " + " ".join(cells))
    return "\n".join(lines)


def ablate_dirs(dirs: list[Path], settings: Settings) -> str:
    from rag.verify.registry import RULE_IDS

    skipped = set(filter(None, settings.verify_skip.split(",")))
    rules = [r for r in RULE_IDS if r not in skipped]
    return "\n\n".join(format_ablation(str(d), ablation(load_report(d), settings, rules, str(d))) for d in dirs)
