#!/usr/bin/python3
"""Builds the one-table summary of docs/benchmarks.md from a results folder of
bench/scripts/run-benchmarks.sh (suites peak, e2e, pytorch-steps, pytorch-stream of ONE run):

    bench/scripts/run-benchmarks.sh peak e2e pytorch-steps pytorch-stream table
    /usr/bin/python3 bench/scripts/e2e_table.py bench/results/<time>      # again, from the files

Reads peak.json (JMH GemmBench, fwdPreSet:128x1024x256 at 1 and 2 threads: the GEMM peak of
this machine), e2e.jsonl (TrainStepTimer, StreamTimer), pytorch-steps.jsonl (train_step_bench.py)
and pytorch-stream.jsonl (stream_bench.py), and prints Markdown:

* training steps: rnn4j on 1 and 2 threads; PyTorch's library module (nn.LSTM, nn.GRU) and its
  hand-written loop (for the NRU: the reference loop) on 1 and 2 threads; rnn4j's best against
  PyTorch's fastest; the FLOP floor = the step's GEMM flops ÷ the measured GEMM peak on 1 and 2
  threads, and rnn4j's time ÷ that floor;
* streaming (B = 1): µs per step, rnn4j against PyTorch.

Only the standard library; missing files or rows print as "–".
"""

import json
import os
import sys

MODELS = [  # label, rnn4j cell, H, PyTorch module cell (None: no module), PyTorch loop cell
    ("LSTM-128", "lstm", 128, "lstm", "hand-lstm"),
    ("LSTM-256", "lstm", 256, "lstm", "hand-lstm"),
    ("GRU-128", "gru", 128, "gru", "hand-gru"),
    ("NRU (H 212, M 256, K 4)", "nru", 212, None, "nru"),
]
STREAM = [("LSTM-128", "lstm", 128, "lstm", "hand-lstm"), ("NRU (H 212, M 256, K 4)", "nru", 212, None, "nru")]


def lines(path):
    if not os.path.exists(path):
        return []
    out = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                out.append(json.loads(line))
    return out


def peak(folder):
    """GFLOP/s of the peak shape per thread count, from JMH's JSON."""
    path = os.path.join(folder, "peak.json")
    if not os.path.exists(path):
        return {}
    res = {}
    for r in json.load(open(path)):
        shape = r["params"]["shape"].split(":")[1]
        m, n, k = (int(v) for v in shape.split("x"))
        res[int(r["params"]["threads"])] = r["primaryMetric"]["score"] * 2 * m * n * k / 1e9
    return res


def fmt_s(v):
    return "–" if v is None else f"{v:.3f} s"


def main():
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        sys.exit("usage: e2e_table.py RESULTS_FOLDER  (a folder written by bench/scripts/run-benchmarks.sh)")
    folder = sys.argv[1]
    rnn = lines(os.path.join(folder, "e2e.jsonl"))
    torch_steps = lines(os.path.join(folder, "pytorch-steps.jsonl"))
    torch_stream = lines(os.path.join(folder, "pytorch-stream.jsonl"))
    pk = peak(folder)

    def rnn_step(cell, H, th):
        # the engine's default split (AUTO) when the file has several (TrainStepTimer --split)
        rows = [r for r in rnn if r.get("bench") == "train-step" and r["cell"] == cell and r["H"] == H
                and r["threads"] == th]
        auto = [r for r in rows if r.get("split", "AUTO") == "AUTO"]
        return (auto or rows or [None])[0]

    def torch_step(cell, H, th):
        for r in torch_steps:
            if r["cell"] == cell and r["hidden"] == H and r["threads"] == th:
                return r
        return None

    p1, p2 = pk.get(1), pk.get(2)
    print(f"GEMM peak (JMH, fwdPreSet 128×1024×256, weights pre-packed): "
          f"{'–' if p1 is None else f'{p1:.0f}'} GFLOP/s on 1 thread, {'–' if p2 is None else f'{p2:.0f}'} on 2.")
    print()
    print("| model | rnn4j 1 thread | rnn4j 2 threads | PyTorch module 1 / 2 threads | PyTorch loop 1 / 2 threads "
          "| rnn4j best vs PyTorch fastest | GEMM GFLOP per step | floor 1 / 2 threads | rnn4j ÷ floor 1 / 2 threads |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    for label, cell, H, lib, loop in MODELS:
        r1, r2 = rnn_step(cell, H, 1), rnn_step(cell, H, 2)
        t = {(c, th): torch_step(c, H, th) for c in (lib, loop) if c for th in (1, 2)}
        ours = [r["median_s"] for r in (r1, r2) if r]
        theirs = [(r["step_s_median"], c, th) for (c, th), r in t.items() if r]
        best = min(ours) if ours else None
        fastest = min(theirs) if theirs else None

        def pair(c):
            if not c:
                return "–"
            a, b = t.get((c, 1)), t.get((c, 2))
            return f"{fmt_s(a and a['step_s_median'])} / {fmt_s(b and b['step_s_median'])}"

        def cell_text(r):
            return "–" if r is None else f"{r['median_s']:.3f} s ({r['gflops']:.0f} GFLOP/s)"

        flops = (r1 or r2 or {}).get("gemm_flops_per_step")
        f1 = flops / (p1 * 1e9) if flops and p1 else None
        f2 = flops / (p2 * 1e9) if flops and p2 else None
        ratio = "–"
        if best and fastest:
            which = "module" if fastest[1] == lib else "loop"
            ratio = f"**{fastest[0] / best:.1f}×** (vs {which}, {fastest[2]} thread{'s' if fastest[2] > 1 else ''})"
        vs_floor = "–"
        if f1 and f2 and r1 and r2:
            vs_floor = f"{r1['median_s'] / f1:.2f} / {r2['median_s'] / f2:.2f}"
        print(f"| {label} | {cell_text(r1)} | {cell_text(r2)} | {pair(lib)} | {pair(loop)} | {ratio} "
              f"| {'–' if not flops else f'{flops / 1e9:.1f}'} | {fmt_s(f1)} / {fmt_s(f2)} | {vs_floor} |")
    print()
    print("| streaming, B = 1 | rnn4j (1 thread) | PyTorch module 1 / 2 threads | PyTorch loop 1 / 2 threads | rnn4j vs PyTorch fastest |")
    print("|---|--:|--:|--:|--:|")
    for label, cell, H, lib, loop in STREAM:
        ours = next((r for r in rnn if r.get("bench") == "stream" and r["cell"] == cell and r["H"] == H), None)
        theirs = {(r["cell"], r["threads"]): r["median_us"] for r in torch_stream if r["hidden"] == H}

        def pair(c):
            if not c:
                return "–"
            a, b = theirs.get((c, 1)), theirs.get((c, 2))
            return " / ".join("–" if v is None else f"{v:.1f} µs" for v in (a, b))

        cands = [v for (c, _), v in theirs.items() if c in (lib, loop)]
        ratio = f"**{min(cands) / ours['median_us']:.1f}×**" if ours and cands else "–"
        ours_text = "–" if not ours else f"{ours['median_us']:.2f} µs"
        print(f"| {label} | {ours_text} | {pair(lib)} | {pair(loop)} | {ratio} |")

if __name__ == "__main__":
    main()
