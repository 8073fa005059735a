#!/usr/bin/python3
"""PyTorch baseline for rnn4j's streaming benchmark (StreamTimer): inference on ONE sequence
(B = 1), one timestep per call, the state carried from call to call, the readout applied at
every step, as a service that answers per event would run it.

Models (torch_cells.py weights and layouts): `lstm` = nn.LSTM fed a length-1 sequence with its
(h, c) passed back in, `hand-lstm` = the hand-written cell step, `nru` = the NRU reference cell's
step; each followed by the Linear readout. Under torch.inference_mode(). Each (cell, threads)
configuration runs in its own child process with the thread variables set before torch loads.

Per configuration: warm-up steps, then N steps each timed alone (perf_counter_ns); it prints the
median, p10 and p90 in µs per step, the GEMM flops of one step (2·M·N·K of the products, the rule
of train_step_bench.py with B = T = 1), GFLOP/s at the median, and the peak resident set, and one
JSON line per configuration (with --json FILE, appended to FILE).

    /usr/bin/python3 bench/python/stream_bench.py                      # lstm, hand-lstm, nru × threads 1,2
    /usr/bin/python3 bench/python/stream_bench.py --cells lstm --threads 1 --reps 20000

PyTorch (Debian python3-torch) is needed only to run this script, never by rnn4j.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CELLS = ("lstm", "hand-lstm", "nru")
DEFAULT_HIDDEN = {"lstm": 128, "hand-lstm": 128, "nru": 212}
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def child(args):
    sys.path.insert(0, HERE)
    import torch
    import torch_cells

    torch.manual_seed(args.seed)
    cell, H, D, C, M, K = args.child, args.hidden, 1, 10, args.memory, args.heads
    model = torch_cells.build(cell, D, H, C, M, K).eval()
    x = torch.rand(args.warmup + args.reps, 1, D)

    if cell == "lstm":
        state = (torch.zeros(1, 1, H), torch.zeros(1, 1, H))

        def step(x_t, s):
            out, s = model.rnn(x_t.unsqueeze(1), s)          # [1, 1, D] → [1, 1, H]
            return model.fc(out[:, 0]), s
    elif cell == "hand-lstm":
        state = (torch.zeros(1, H), torch.zeros(1, H))

        def step(x_t, s):
            h, c = s
            gates = torch.nn.functional.linear(x_t, model.w_ih, model.b) + torch.nn.functional.linear(h, model.w_hh)
            i, f, g, o = gates.chunk(4, 1)
            i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
            c = f * c + i * g
            h = o * torch.tanh(c)
            return model.fc(h), (h, c)
    else:
        state = (torch.zeros(1, H), torch.zeros(1, M))

        def step(x_t, s):
            h, m = model.step(x_t, *s)
            return model.fc(h), (h, m)

    times = []
    with torch.inference_mode():
        for t in range(args.warmup + args.reps):
            t0 = time.perf_counter_ns()
            y, state = step(x[t], state)
            dt = time.perf_counter_ns() - t0
            if t >= args.warmup:
                times.append(dt / 1000.0)
    flops = torch_cells.forward_flops(cell, 1, 1, D, H, C, M, K)
    flops = sum(flops.values()) if isinstance(flops, dict) else flops
    times.sort()
    med = statistics.median(times)
    rec = {"bench": "stream", "cell": cell, "hidden": H, "memory": M if cell == "nru" else None,
           "heads": K if cell == "nru" else None, "B": 1, "threads": args.threads,
           "torch": torch.__version__, "warmup": args.warmup, "reps": args.reps,
           "median_us": med, "p10_us": times[len(times) // 10], "p90_us": times[(9 * len(times)) // 10],
           "gemm_flops_per_step": flops, "gflops": flops / med / 1e3,
           "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
           "load1": os.getloadavg()[0], "state_finite": bool(torch.isfinite(y).all())}
    print(json.dumps(rec))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cells", default=",".join(CELLS), help="comma-separated subset of %(default)s")
    ap.add_argument("--threads", default="1,2", help="torch threads, comma-separated (default %(default)s)")
    ap.add_argument("--hidden", type=int, default=None, help="H for every cell (default lstm 128, nru 212)")
    ap.add_argument("--memory", type=int, default=256, help="NRU memory M (default %(default)s)")
    ap.add_argument("--heads", type=int, default=4, help="NRU heads K (default %(default)s)")
    ap.add_argument("--warmup", type=int, default=2000, help="untimed steps first (default %(default)s)")
    ap.add_argument("--reps", type=int, default=20000, help="timed steps (default %(default)s)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", metavar="FILE", help="append the JSON lines to FILE instead of printing them")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        args.threads = int(args.threads)
        import torch
        torch.set_num_threads(args.threads)
        child(args)
        return
    cells = [c.strip() for c in args.cells.split(",") if c.strip()]
    for c in cells:
        if c not in CELLS:
            ap.error(f"--cells: {c!r} is not one of {', '.join(CELLS)}")
    try:
        threads = [int(t) for t in args.threads.split(",")]
    except ValueError:
        ap.error(f"--threads takes a comma-separated list of integers, got {args.threads!r}")
    if args.reps < 10 or args.warmup < 0:
        ap.error("--reps must be >= 10 and --warmup >= 0")
    print(f"{'cell':10} {'H':>4} {'threads':>7} {'median µs':>10} {'p10':>8} {'p90':>8} {'GFLOP/s':>8} {'RSS MiB':>8}")
    lines = []
    for c in cells:
        H = args.hidden or DEFAULT_HIDDEN[c]
        for th in threads:
            env = dict(os.environ)
            for v in THREAD_VARS:
                env[v] = str(th)
            cmd = [sys.executable, os.path.abspath(__file__), "--child", c, "--threads", str(th), "--hidden", str(H),
                   "--memory", str(args.memory), "--heads", str(args.heads), "--warmup", str(args.warmup),
                   "--reps", str(args.reps), "--seed", str(args.seed)]
            out = subprocess.run(cmd, env=env, capture_output=True, text=True)
            if out.returncode != 0:
                sys.stderr.write(out.stderr)
                sys.exit(f"stream_bench: {c} with {th} threads failed (exit {out.returncode})")
            line = out.stdout.strip().splitlines()[-1]
            r = json.loads(line)
            print(f"{c:10} {H:>4} {th:>7} {r['median_us']:>10.2f} {r['p10_us']:>8.2f} {r['p90_us']:>8.2f}"
                  f" {r['gflops']:>8.2f} {r['peak_rss_mib']:>8.0f}", flush=True)
            if args.json:
                with open(args.json, "a") as f:
                    f.write(line + "\n")
            else:
                lines.append(line)
    for line in lines:
        print(line)


if __name__ == "__main__":
    main()
