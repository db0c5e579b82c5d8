"""What the local model and its answerability judge hold in memory (prints figures; not a test)

    .venv/bin/python bench/bench_llm_memory.py

Each form runs in a fresh process of its own, one after the other: the generator alone; the generator and the judge
in a context of its own over the same loaded model (what rag.judge.local does); and, for comparison, the judge as a
second load of the model file (what it did before). llama.cpp repacks the Q4_K weights for the CPU's kernels into
memory of its own at each load, so a second load holds a second copy. RSS after loading and one judgement, and the time the judge takes to load.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from rag.config import load_settings
from rag.generate import get_generator
from rag.judge import get_judge

def status():
    d = {l.split(':')[0]: int(l.split()[1]) for l in open('/proc/self/status') if l.startswith(('VmRSS', 'RssAnon'))}
    return d['VmRSS'] // 1024, d['RssAnon'] // 1024

form = sys.argv[1]
settings = load_settings()
generator = get_generator(settings.replace(llm="local"))
if form == "second-load":  # the judge's context on a model loaded once more, as before
    from llama_cpp import Llama
    import rag.judge.local as local
    from rag.generate.local import SideContext
    local.side_context = lambda path, n_ctx, n_threads, role: SideContext(Llama(
        model_path=str(path), n_ctx=n_ctx, n_threads=n_threads, n_threads_batch=n_threads, verbose=False))
loading = 0.0
if form != "generator":
    start = time.perf_counter()
    judge = get_judge(settings.replace(llm="local", judge="local"))
    loading = time.perf_counter() - start
    judge.reply_margin([{"role": "user", "content": "天空是蓝色的吗？只回答“是”或“否”。"}])
rss, anon = status()
print(json.dumps({"form": form, "rss": rss, "anon": anon, "load": round(loading, 2),
                  "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))
"""


FORMS = (("generator", "generator alone"), ("side", "generator + judge in its own context over the same model"),
         ("second-load", "generator + judge on a second load of the model (before)"))


def main() -> None:
    print("| form | RSS MB | anonymous MB | peak RSS MB | judge load s |\n|---|---|---|---|---|")
    for key, label in FORMS:
        out = subprocess.run([sys.executable, "-c", CHILD, key, str(ROOT)], capture_output=True, text=True,
                             check=True).stdout.strip().splitlines()[-1]
        row = json.loads(out)
        print(f"| {label} | {row['rss']} | {row['anon']} | {row['peak']} | {row['load']} |", flush=True)

if __name__ == "__main__":
    main()
