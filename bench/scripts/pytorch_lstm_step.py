#!/usr/bin/python3
"""PyTorch baseline for rnn4j's LSTM training step (docs/benchmarks.md; cpu-performance.md section 4).

One training step on the sequential-MNIST shape: x (B=100, T=784, 1) uniform in [0, 1), random
labels 0..9; LSTM(1, H) -> Linear(H, 10) on the last step's output -> cross_entropy; zero_grad,
backward, clip_grad_norm_(1.0), Adam(lr=1e-3).step().

  kind    nn.LSTM : nn.LSTM(1, H, batch_first=True) + Linear(H, 10) applied to out[:, -1]
          hand    : a Python loop over t of gates = F.linear(x[:, t], W_ih, b) + F.linear(h, W_hh),
                    chunk(4) -> i, f, g, o; c = f*c + i*g; h = o*tanh(c)  (research-code style)
  H       hidden units
  threads torch.set_num_threads(threads)
  steps   timed steps (after 1 warm-up step)

Usage (Debian python3-torch 1.13; its BLAS is libblas.so.3 = OpenBLAS, parallel backend OpenMP):
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/scripts/pytorch_lstm_step.py nn.LSTM 128 1 5
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/scripts/pytorch_lstm_step.py hand 128 1 5

OMP_NUM_THREADS sizes ATen's OpenMP intra-op pool and OPENBLAS_NUM_THREADS OpenBLAS's own pthread
pool; set both to the thread count (or OpenBLAS to 1). If they are unset, this script sets them to
`threads` before importing torch; on a 2-core machine two pools of 2 spinning threads oversubscribe
the cores and 2 threads come out slower than 1.

Prints every step's time, the forward / backward+clip+Adam split and the median seconds per step;
the last line is `median_s_per_step <value>`.
"""
import os
import statistics
import sys
import time

if len(sys.argv) != 5 or sys.argv[1] not in ("nn.LSTM", "hand"):
    sys.exit("usage: pytorch_lstm_step.py {nn.LSTM|hand} H threads steps")
KIND, H, THREADS, STEPS = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
os.environ.setdefault("OMP_NUM_THREADS", str(THREADS))
os.environ.setdefault("OPENBLAS_NUM_THREADS", str(THREADS))

import torch  # noqa: E402  (after the thread variables)
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(THREADS)
torch.manual_seed(0)
B, T, I, C = 100, 784, 1, 10


class HandLstm(nn.Module):
    """LSTM written as a per-step Python loop with the same parameters as nn.LSTM."""

    def __init__(self, i, h, classes):
        super().__init__()
        k = 1.0 / h ** 0.5
        self.w_ih = nn.Parameter(torch.empty(4 * h, i).uniform_(-k, k))
        self.w_hh = nn.Parameter(torch.empty(4 * h, h).uniform_(-k, k))
        self.b = nn.Parameter(torch.empty(4 * h).uniform_(-k, k))
        self.h = h
        self.fc = nn.Linear(h, classes)

    def forward(self, x):
        bsz = x.shape[0]
        h = x.new_zeros(bsz, self.h)
        c = x.new_zeros(bsz, self.h)
        for t in range(x.shape[1]):
            gates = F.linear(x[:, t], self.w_ih, self.b) + F.linear(h, self.w_hh)
            i, f, g, o = gates.chunk(4, 1)
            i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
            c = f * c + i * g
            h = o * torch.tanh(c)
        return self.fc(h)


class NnLstm(nn.Module):
    """nn.LSTM(1, H, batch_first=True) + Linear(H, 10) on out[:, -1]."""

    def __init__(self, i, h, classes):
        super().__init__()
        self.lstm = nn.LSTM(i, h, batch_first=True)
        self.fc = nn.Linear(h, classes)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[:, -1])


model = NnLstm(I, H, C) if KIND == "nn.LSTM" else HandLstm(I, H, C)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
x = torch.rand(B, T, I)
y = torch.randint(0, C, (B,))


def step():
    t0 = time.perf_counter()
    loss = F.cross_entropy(model(x), y)
    t1 = time.perf_counter()
    opt.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    t2 = time.perf_counter()
    return t2 - t0, t1 - t0, t2 - t1, loss.item()


print(f"# torch {torch.__version__}, kind={KIND}, H={H}, threads={torch.get_num_threads()}, "
      f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}, "
      f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}, B={B}, T={T}", flush=True)
step()  # warm-up
totals, fwds, bwds = [], [], []
for s in range(STEPS):
    tot, fwd, bwd, loss = step()
    totals.append(tot)
    fwds.append(fwd)
    bwds.append(bwd)
    print(f"step {s}: {tot:.4f} s  (forward {fwd:.4f}, backward+clip+adam {bwd:.4f}, loss {loss:.4f})", flush=True)
print(f"all steps (s): {' '.join(f'{t:.4f}' for t in totals)}")
print(f"median forward {statistics.median(fwds):.4f} s, backward+clip+adam {statistics.median(bwds):.4f} s")
print(f"median_s_per_step {statistics.median(totals):.4f}")
