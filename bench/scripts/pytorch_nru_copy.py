#!/usr/bin/python3
"""Trains the NRU in PyTorch on the copy task with rnn4j's protocol, as an independent reference.

The cell is tools/fixtures/make_nru_fixtures.py's nru_step (the equations of nru-chrono.md §1.2,
the reference preset: heads read [h; m], shared outer product, mean over heads, no ReLU, 5-norm),
initialised as the authors' code does (nn.Linear defaults), with an nn.Linear readout; the copy
data follow myTorch's CopyingMemoryData (digits 1..8, marker 9 at L+T-1, 9 classes, CE on every
step). Adam(lr 1e-3), global-norm clipping 1.0, batch 10, a fresh batch every step. Prints the
mean loss over every 500 steps and its ratio to the memoryless loss, so a learning curve can be
set beside `rnn4j train --task copy --lag T --cell nru --hidden 80`.

    /usr/bin/python3 bench/scripts/pytorch_nru_copy.py --lag 20 --steps 10000 --seed 1

PyTorch (Debian python3-torch) is only needed to run this script, never by rnn4j.
"""

import argparse
import math
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools", "fixtures"))
import make_nru_fixtures as nru  # noqa: E402


def linear_init(out_f, in_f, fan_in):
    bound = 1.0 / math.sqrt(fan_in)
    return (torch.empty(out_f, in_f).uniform_(-bound, bound).requires_grad_(),
            torch.empty(out_f).uniform_(-bound, bound).requires_grad_())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lag", type=int, default=20)
    ap.add_argument("--length", type=int, default=10)
    ap.add_argument("--hidden", type=int, default=80)
    ap.add_argument("--memory", type=int, default=64)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--steps", type=int, default=10000)
    ap.add_argument("--batch", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float32)
    I, H, M, K, C = 10, args.hidden, args.memory, args.heads, 9
    L, T, B = args.length, args.lag, args.batch
    c = dict(I=I, H=H, M=M, k1=K, k2=K, head_inputs="H_M", reduction="MEAN", outer_product="SHARED",
             relu=False, layer_norm=False, p=5.0, eps=1e-12)
    shapes = nru.param_shapes(c)
    R = shapes["Whead"][0]
    wx_full, bx = linear_init(H, I + H + M, I + H + M)          # hmi2h on [x; h; m]
    whead, bhead = linear_init(R, H + M, H + M)
    w_out, b_out = linear_init(C, H, H)
    p = {"Wx": wx_full[:, :I], "bx": bx, "Wh": wx_full[:, I:], "Whead": whead, "bhead": bhead}
    params = [wx_full, bx, whead, bhead, w_out, b_out]
    opt = torch.optim.Adam(params, lr=1e-3)
    steps = 2 * L + T
    baseline = L * math.log(8) / steps
    print("PyTorch NRU on copy: L=%d T=%d H=%d M=%d K=%d, %d parameters, memoryless %.4f"
          % (L, T, H, M, K, sum(t.numel() for t in params), baseline))
    window, start = [], time.time()
    for step in range(1, args.steps + 1):
        digits = torch.randint(1, 9, (B, L))
        x = torch.zeros(steps, B, dtype=torch.long)
        y = torch.zeros(steps, B, dtype=torch.long)
        x[:L] = digits.T
        x[L + T - 1] = 9
        y[L + T:] = digits.T
        xs = torch.nn.functional.one_hot(x, 10).float()
        p["Wx"], p["Wh"] = wx_full[:, :I], wx_full[:, I:]
        h, m = torch.zeros(B, H), torch.zeros(B, M)
        loss = 0.0
        for t in range(steps):
            h, m, _, _ = nru.nru_step(xs[t], h, m, p, c)
            loss = loss + torch.nn.functional.cross_entropy(h @ w_out.T + b_out, y[t])
        loss = loss / steps
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        window.append(loss.item())
        if step % 500 == 0:
            mean = sum(window) / len(window)
            print("step %6d  loss %.4f  = %5.1f%% of memoryless  (%.0f s)" % (step, mean, 100 * mean / baseline,
                                                                          time.time() - start), flush=True)
            window = []


if __name__ == "__main__":
    sys.exit(main())
