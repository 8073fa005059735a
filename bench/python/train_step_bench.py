#!/usr/bin/python3
"""PyTorch baseline for rnn4j: the time of ONE training step of LSTM, GRU and NRU on the
sequential-MNIST shape, for 1 and 2 threads (see bench/python/README.md).

One training step = forward over the whole sequence, cross-entropy on the last step's logits,
zero_grad, backward, clip_grad_norm_(1.0) (rnn4j's trainer clips too; --no-clip drops it) and
Adam(lr 1e-3).step(). Data: x [B, T, D] uniform in [0, 1), labels uniform in 0..C-1, the same
batch every step. Models: torch_cells.py.

Every configuration (cell, H, threads) runs in its own child process, so that the thread
variables are set before torch (and OpenBLAS) load, and so that the resident-set high-water mark
belongs to that configuration alone. Per configuration it prints one table row as soon as it is
done; after the table, one JSON line per configuration (with --json FILE, appended to FILE instead,
each as soon as its configuration is done).

    /usr/bin/python3 bench/python/train_step_bench.py --quick            # smoke test, < 1 min
    /usr/bin/python3 bench/python/train_step_bench.py                    # the full set
    /usr/bin/python3 bench/python/train_step_bench.py --cells lstm,hand-lstm --hidden 128 --threads 1

PyTorch (Debian python3-torch) is needed only to run this script, never by rnn4j.
"""

import argparse
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CELLS = ("lstm", "hand-lstm", "gru", "hand-gru", "nru")     # = torch_cells.CELLS (no torch import here)
DEFAULT_HIDDEN = {"lstm": [128, 256], "hand-lstm": [128, 256], "gru": [128], "hand-gru": [128],
                  "nru": [212]}
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
QUICK_T = 16


# ---------------------------------------------------------------- child: one configuration

def rss_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def blas_info():
    """What OpenBLAS says about itself (the libblas.so.3 torch loaded), or what is known."""
    info = {"libblas": None}
    try:
        with open("/proc/self/maps") as f:
            paths = sorted({ln.split()[-1] for ln in f if "libblas" in ln or "libopenblas" in ln})
        info["libblas"] = paths
    except OSError:
        pass
    try:
        import ctypes
        lib = ctypes.CDLL("libblas.so.3")
        lib.openblas_get_config.restype = ctypes.c_char_p
        lib.openblas_get_corename.restype = ctypes.c_char_p
        info["openblas_config"] = lib.openblas_get_config().decode()
        info["openblas_core"] = lib.openblas_get_corename().decode()
        info["openblas_threads"] = lib.openblas_get_num_threads()
        info["openblas_parallel"] = {0: "sequential", 1: "pthreads", 2: "openmp"}.get(
            lib.openblas_get_parallel(), "?")
    except (OSError, AttributeError):
        info["openblas_config"] = "libblas.so.3 is not OpenBLAS"
    return info


def run_child(spec):
    rss_process_start = rss_mib()
    import torch
    import torch.nn.functional as F
    sys.path.insert(0, HERE)
    import torch_cells

    torch.set_num_threads(spec["threads"])
    torch.manual_seed(spec["seed"])
    B, T, D, C, H = spec["batch"], spec["seq_len"], spec["input"], spec["classes"], spec["hidden"]
    M, K = spec["memory"], spec["heads"]
    rss_torch = rss_mib()
    model = torch_cells.build(spec["cell"], D, H, C, M, K)
    opt = torch.optim.Adam(model.parameters(), lr=spec["lr"])
    x = torch.rand(B, T, D)
    y = torch.randint(0, C, (B,))
    rss_before = rss_mib()

    def step():
        t0 = time.perf_counter()
        loss = F.cross_entropy(model(x), y)
        t1 = time.perf_counter()
        opt.zero_grad()
        loss.backward()
        t2 = time.perf_counter()
        if spec["clip"] > 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), spec["clip"])
        opt.step()
        t3 = time.perf_counter()
        return t3 - t0, t1 - t0, t2 - t1, t3 - t2, loss.item()

    warm = [step()[0] for _ in range(spec["warmup"])]
    runs = [step() for _ in range(spec["reps"])]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0   # KiB on Linux
    total = [r[0] for r in runs]
    med = statistics.median(total)
    flops = torch_cells.forward_flops(spec["cell"], B, T, D, H, C, M, K)
    train_flop = 3 * sum(flops.values())
    result = dict(spec)
    result.update({
        "params": sum(p.numel() for p in model.parameters()),
        "step_s_median": med, "step_s_min": min(total), "step_s_max": max(total),
        "timestep_us_median": med / T * 1e6,
        "forward_s_median": statistics.median(r[1] for r in runs),
        "backward_s_median": statistics.median(r[2] for r in runs),
        "clip_adam_s_median": statistics.median(r[3] for r in runs),
        "step_s_all": total, "warmup_s_all": warm, "last_loss": runs[-1][4] if runs else None,
        "flop_forward": flops, "flop_train": train_flop,
        "gflops": train_flop / med / 1e9 if runs else None,
        "peak_rss_mib": peak, "rss_before_steps_mib": rss_before,
        "rss_after_import_mib": rss_torch, "rss_python_start_mib": rss_process_start,
        "torch": torch.__version__, "torch_threads": torch.get_num_threads(),
        "torch_interop_threads": torch.get_num_interop_threads(),
        "torch_parallel": " ".join(ln.strip() for ln in torch.__config__.parallel_info().splitlines()
                                   if "parallel backend" in ln),
        "env": {v: os.environ.get(v) for v in THREAD_VARS + ("OMP_WAIT_POLICY",)},
        "blas": blas_info(),
        "python": platform.python_version(),
        "load_after": os.getloadavg(),
    })
    print(json.dumps(result), flush=True)


# ---------------------------------------------------------------- child: equivalence checks

def run_check():
    """float64: hand-lstm == nn.LSTM, hand-gru == nn.GRU, nru == tools/fixtures nru_step."""
    import torch
    sys.path.insert(0, HERE)
    sys.path.insert(0, os.path.join(HERE, "..", "..", "tools", "fixtures"))
    import torch_cells
    import make_nru_fixtures as fx

    torch.set_default_dtype(torch.float64)
    torch.manual_seed(7)
    B, T, D, C = 3, 6, 2, 4
    x = torch.rand(B, T, D)
    out = {}
    with torch.no_grad():
        ref, hand = torch_cells.NnLstm(D, 5, C), torch_cells.HandLstm(D, 5, C)
        hand.w_ih.copy_(ref.rnn.weight_ih_l0)
        hand.w_hh.copy_(ref.rnn.weight_hh_l0)
        hand.b.copy_(ref.rnn.bias_ih_l0 + ref.rnn.bias_hh_l0)
        hand.fc.load_state_dict(ref.fc.state_dict())
        out["hand-lstm vs nn.LSTM"] = (hand(x) - ref(x)).abs().max().item()

        ref, hand = torch_cells.NnGru(D, 5, C), torch_cells.HandGru(D, 5, C)
        hand.w_ih.copy_(ref.rnn.weight_ih_l0)
        hand.w_hh.copy_(ref.rnn.weight_hh_l0)
        hand.b_ih.copy_(ref.rnn.bias_ih_l0)
        hand.b_hh.copy_(ref.rnn.bias_hh_l0)
        hand.fc.load_state_dict(ref.fc.state_dict())
        out["hand-gru vs nn.GRU"] = (hand(x) - ref(x)).abs().max().item()

        H, M, K = 5, 9, 4
        nru = torch_cells.Nru(D, H, C, M, K)
        c = dict(I=D, H=H, M=M, k1=K, k2=K, head_inputs="H_M", reduction="MEAN", outer_product="SHARED",
                 relu=False, layer_norm=False, p=5.0, eps=1e-12)
        heads = [nru.hm2alpha, nru.hm2beta, nru.hm2v_alpha, nru.hm2v_beta]
        prm = {"Wx": nru.hmi2h.weight[:, :D], "bx": nru.hmi2h.bias, "Wh": nru.hmi2h.weight[:, D:],
               "Whead": torch.cat([l.weight for l in heads]), "bhead": torch.cat([l.bias for l in heads])}
        assert {k: tuple(v.shape) for k, v in prm.items()} == fx.param_shapes(c)
        h1 = h2 = torch.zeros(B, H)
        m1 = m2 = torch.zeros(B, M)
        for t in range(T):
            h1, m1 = nru.step(x[:, t], h1, m1)
            h2, m2, _, _ = fx.nru_step(x[:, t], h2, m2, prm, c)
        out["nru vs make_nru_fixtures.nru_step"] = max((h1 - h2).abs().max().item(),
                                                       (m1 - m2).abs().max().item())
    ok = all(v < 1e-12 for v in out.values())
    print(json.dumps({"check": out, "ok": ok}), flush=True)


# ---------------------------------------------------------------- parent: the driver

def int_list(text, what):
    try:
        values = [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise SystemExit(f"{what}: expected comma-separated integers, got {text!r}")
    if not values or min(values) < 1:
        raise SystemExit(f"{what}: expected positive integers, got {text!r}")
    return values


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="Time one PyTorch training step (forward, loss, backward, clip, Adam) per configuration.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Cells: lstm (nn.LSTM), hand-lstm, gru (nn.GRU), hand-gru, nru. Defaults: H 128,256 for lstm and "
               "hand-lstm, 128 for gru and hand-gru, 212 for nru (M 256, K 4).")
    ap.add_argument("--cells", default=",".join(CELLS), help="comma-separated subset of %(default)s")
    ap.add_argument("--threads", default="1,2", help="torch threads to run, comma-separated (default %(default)s)")
    ap.add_argument("--blas-threads", default="same",
                    help="OPENBLAS_NUM_THREADS: 'same' as --threads (default) or a fixed number")
    ap.add_argument("--hidden", action="append", default=[],
                    help="H override: 'H[,H...]' for every cell, or 'CELL=H[,H...]'; repeatable")
    ap.add_argument("--memory", type=int, default=256, help="NRU memory M (default %(default)s)")
    ap.add_argument("--heads", type=int, default=4, help="NRU heads K (default %(default)s; K·M must be a square)")
    ap.add_argument("--batch", type=int, default=100, help="B (default %(default)s)")
    ap.add_argument("--seq-len", type=int, default=None, help="T (default 784; %d with --quick)" % QUICK_T)
    ap.add_argument("--input", type=int, default=1, help="input width D (default %(default)s)")
    ap.add_argument("--classes", type=int, default=10, help="C (default %(default)s)")
    ap.add_argument("--warmup", type=int, default=None, help="untimed steps first (default 1)")
    ap.add_argument("--reps", type=int, default=None, help="timed steps (default 5; 2 with --quick)")
    ap.add_argument("--nru-reps", type=int, default=None, help="timed steps for nru (default 3; 1 with --quick)")
    ap.add_argument("--lr", type=float, default=1e-3, help="Adam learning rate (default %(default)s)")
    ap.add_argument("--clip", type=float, default=1.0, help="global-norm clip (default %(default)s)")
    ap.add_argument("--no-clip", action="store_true", help="no gradient clipping")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--quick", action="store_true",
                    help="smoke test: T=%d, the first default H of each cell only, 1 warm-up, 2 reps (nru 1), "
                         "plus --check" % QUICK_T)
    ap.add_argument("--check", action="store_true",
                    help="first check in float64 that hand-lstm/hand-gru equal nn.LSTM/nn.GRU and nru equals "
                         "tools/fixtures/make_nru_fixtures.py nru_step")
    ap.add_argument("--json", metavar="FILE",
                    help="append one JSON line per configuration to FILE (instead of printing them after the table)")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per configuration (default %(default)s)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--check-child", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)

    a.cells = [c.strip() for c in a.cells.split(",") if c.strip()]
    bad = [c for c in a.cells if c not in CELLS]
    if bad or not a.cells:
        raise SystemExit(f"--cells: unknown {bad or 'empty list'}; accepted: {','.join(CELLS)}")
    a.threads = int_list(a.threads, "--threads")
    if a.blas_threads != "same":
        a.blas_threads = int_list(a.blas_threads, "--blas-threads")[0]
    hidden = {c: list(DEFAULT_HIDDEN[c][:1] if a.quick else DEFAULT_HIDDEN[c]) for c in CELLS}
    for h in a.hidden:
        if "=" in h:
            cell, values = h.split("=", 1)
            if cell not in CELLS:
                raise SystemExit(f"--hidden: unknown cell {cell!r}; accepted: {','.join(CELLS)}")
            hidden[cell] = int_list(values, "--hidden " + cell)
        else:
            values = int_list(h, "--hidden")
            hidden = {c: list(values) for c in CELLS}
    a.hidden = hidden
    if a.seq_len is None:
        a.seq_len = QUICK_T if a.quick else 784
    if a.warmup is None:
        a.warmup = 1
    if a.reps is None:
        a.reps = 2 if a.quick else 5
    if a.nru_reps is None:
        a.nru_reps = 1 if a.quick else 3
    if a.quick:
        a.check = True
    if a.no_clip:
        a.clip = 0.0
    for name in ("batch", "seq_len", "input", "classes", "reps", "nru_reps", "memory", "heads"):
        if getattr(a, name) < 1:
            raise SystemExit(f"--{name.replace('_', '-')} must be >= 1, got {getattr(a, name)}")
    if "nru" in a.cells and math.isqrt(a.heads * a.memory) ** 2 != a.heads * a.memory:
        raise SystemExit(f"--heads, --memory: K·M = {a.heads * a.memory} must be a perfect square "
                         f"(the shared outer product is S×S with S = √(K·M)); e.g. K 4, M 256")
    if a.warmup < 0:
        raise SystemExit(f"--warmup must be >= 0, got {a.warmup}")
    return a


def thread_env(threads, blas_threads):
    blas = threads if blas_threads == "same" else blas_threads
    env = os.environ.copy()
    env.update({"OMP_NUM_THREADS": str(threads), "OPENBLAS_NUM_THREADS": str(blas),
                "MKL_NUM_THREADS": str(threads)})
    return env


def call_child(args, env, timeout):
    cmd = [sys.executable, os.path.abspath(__file__)] + args
    try:
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout:.0f} s"
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith("{")]
    if p.returncode != 0 or not lines:
        return None, (p.stderr.strip().splitlines() or ["(no output)"])[-1] + f" (exit {p.returncode})"
    return json.loads(lines[-1]), None


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def main(argv):
    a = parse_args(argv)
    if a.check_child:
        return run_check()
    if a.child:
        return run_child(json.loads(a.child))

    print(f"# machine: {cpu_name()}, {os.cpu_count()} CPUs; load {os.getloadavg()[0]:.2f} "
          f"{os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} (1/5/15 min) at {time.strftime('%Y-%m-%d %H:%M:%S')}",
          flush=True)
    status = 0
    if a.check:
        res, err = call_child(["--check-child"], thread_env(1, 1), 300)
        if err or not res["ok"]:
            status = 1
        print("# check (float64, max |difference|): " + (err or ", ".join(
            f"{k} {v:.1e}" for k, v in res["check"].items()) + ("" if res["ok"] else "  FAILED")), flush=True)

    configs = [(c, h, t) for c in a.cells for h in a.hidden[c] for t in a.threads]
    print(f"# shape B={a.batch} T={a.seq_len} D={a.input} C={a.classes}, cross-entropy on the last step; "
          f"Adam lr {a.lr:g}, clip {a.clip:g}; warm-up {a.warmup}, reps {a.reps} (nru {a.nru_reps}); "
          f"{len(configs)} configurations, each in its own process", flush=True)
    print(f"# threads: torch.set_num_threads(n), OMP_NUM_THREADS=n, MKL_NUM_THREADS=n, OPENBLAS_NUM_THREADS="
          f"{'n' if a.blas_threads == 'same' else a.blas_threads}; GFLOP/s = 3 x forward GEMM flops / median step",
          flush=True)
    header = (f"{'cell':<10} {'H':>4} {'thr':>5}  {'step s median [min-max]':<26} {'us/timestep':>11} "
              f"{'GFLOP/s':>7}  {'fwd s':>7} {'bwd s':>7} {'clip+adam':>9}  {'peak RSS MiB':>12} "
              f"{'(before)':>8}  {'load':>4}")
    first, results = True, []
    for cell, h, t in configs:
        spec = {"cell": cell, "hidden": h, "threads": t, "batch": a.batch, "seq_len": a.seq_len,
                "input": a.input, "classes": a.classes, "memory": a.memory if cell == "nru" else None,
                "heads": a.heads if cell == "nru" else None, "warmup": a.warmup,
                "reps": a.nru_reps if cell == "nru" else a.reps, "lr": a.lr, "clip": a.clip, "seed": a.seed,
                "quick": a.quick, "load_before": os.getloadavg()}
        res, err = call_child(["--child", json.dumps(spec)], thread_env(t, a.blas_threads), a.timeout)
        if err:
            status = 1
            print(f"{cell:<10} {h:>4} {t:>5}  FAILED: {err}", flush=True)
            continue
        if first:
            b = res["blas"]
            print(f"# torch {res['torch']} ({res['torch_parallel']}), python {res['python']}; BLAS "
                  f"{b.get('openblas_config')}, core {b.get('openblas_core')}, {b.get('openblas_parallel')}; "
                  f"{', '.join(b.get('libblas') or [])}", flush=True)
            print(header, flush=True)
            first = False
        thr = f"{res['torch_threads']}/{res['blas'].get('openblas_threads', '?')}"
        print(f"{cell:<10} {h:>4} {thr:>5}  {res['step_s_median']:8.4f} [{res['step_s_min']:.4f}-"
              f"{res['step_s_max']:.4f}] {res['timestep_us_median']:11.1f} {res['gflops']:7.1f}  "
              f"{res['forward_s_median']:7.4f} {res['backward_s_median']:7.4f} {res['clip_adam_s_median']:9.5f}  "
              f"{res['peak_rss_mib']:12.0f} {res['rss_before_steps_mib']:8.0f}  {res['load_after'][0]:4.2f}",
              flush=True)
        if a.json:
            with open(a.json, "a") as f:
                f.write(json.dumps(res) + "\n")
        results.append(res)
    print("# thr = torch threads / OpenBLAS threads as reported by the libraries; load = 1-min load average "
          "after the configuration", flush=True)
    if a.json:
        print(f"# json: one line per configuration appended to {a.json}")
    else:
        print("# json (one line per configuration):")
        for res in results:
            print(json.dumps(res))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
