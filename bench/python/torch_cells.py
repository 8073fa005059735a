"""Models timed by train_step_bench.py, written as PyTorch research code writes them, and their
GEMM flop counts.

Every model maps x [B, T, D] (batch first) to logits [B, C] = Linear(h_T): the readout and the loss
see the LAST step only (sequential-MNIST shape: B=100, T=784, D=1, C=10).

  lstm       nn.LSTM(D, H, batch_first=True) + Linear(H, C) on out[:, -1]
  hand-lstm  a Python loop over t:  gates = F.linear(x[:, t], W_ih, b) + F.linear(h, W_hh),
             chunk(4) -> i, f, g, o;  c = σ(f)⊙c + σ(i)⊙tanh(g);  h = σ(o)⊙tanh(c)
             (the loop of cpu-performance.md §4; x·W_ihᵀ is NOT precomputed for all steps)
  gru        nn.GRU(D, H, batch_first=True) + Linear(H, C) on out[:, -1]
  hand-gru   a Python loop over t, nn.GRU's equations (reset applied after the recurrent product):
             gi = F.linear(x[:, t], W_ih, b_ih);  gh = F.linear(h, W_hh, b_hh);  blocks r | z | n
             r = σ(gi_r + gh_r);  z = σ(gi_z + gh_z);  n = tanh(gi_n + r⊙gh_n);  h = (1 − z)⊙n + z⊙h
  nru        the NRU reference cell (nru-chrono.md §1.2, apsarath/NRU NRUCell), reference preset:
             heads read [h; m], one shared outer product, mean over heads, no ReLU, 5-norm;
             one nn.Linear per map, as the authors' cell has:
               h  = ReLU(hmi2h([x_t; h; m]))                     hmi2h: H × (D+H+M)
               z  = [h; m]                                       (new h, old m)
               α  = hm2alpha(z), β = hm2beta(z)                  K each
               [p; q] = hm2v_alpha(z)  -> V = (p qᵀ) viewed [K, M], v_i = V_i / max(‖V_i‖₅, 1e-12)
               (same with hm2v_beta -> u)                        2S each, S = √(K·M)
               m  = m + mean_i(α_i v_i) − mean_i(β_i u_i)
             Same function as tools/fixtures/make_nru_fixtures.py nru_step (checked by --check).

PyTorch is needed only to run these benchmark scripts, never by rnn4j.
"""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

CELLS = ("lstm", "hand-lstm", "gru", "hand-gru", "nru")


class NnLstm(nn.Module):
    def __init__(self, D, H, C):
        super().__init__()
        self.rnn = nn.LSTM(D, H, batch_first=True)
        self.fc = nn.Linear(H, C)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.fc(out[:, -1])


class HandLstm(nn.Module):
    """LSTM as a per-step loop; one bias (nn.LSTM's b_ih + b_hh), nn.LSTM's U(±1/√H) init."""

    def __init__(self, D, H, C):
        super().__init__()
        k = 1.0 / math.sqrt(H)
        self.w_ih = nn.Parameter(torch.empty(4 * H, D).uniform_(-k, k))
        self.w_hh = nn.Parameter(torch.empty(4 * H, H).uniform_(-k, k))
        self.b = nn.Parameter(torch.empty(4 * H).uniform_(-k, k))
        self.H = H
        self.fc = nn.Linear(H, C)

    def forward(self, x):
        h = x.new_zeros(x.shape[0], self.H)
        c = x.new_zeros(x.shape[0], self.H)
        for t in range(x.shape[1]):
            gates = F.linear(x[:, t], self.w_ih, self.b) + F.linear(h, self.w_hh)
            i, f, g, o = gates.chunk(4, 1)
            i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
            c = f * c + i * g
            h = o * torch.tanh(c)
        return self.fc(h)


class NnGru(nn.Module):
    def __init__(self, D, H, C):
        super().__init__()
        self.rnn = nn.GRU(D, H, batch_first=True)
        self.fc = nn.Linear(H, C)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.fc(out[:, -1])


class HandGru(nn.Module):
    """GRU as a per-step loop with nn.GRU's parameters (two biases) and U(±1/√H) init."""

    def __init__(self, D, H, C):
        super().__init__()
        k = 1.0 / math.sqrt(H)
        self.w_ih = nn.Parameter(torch.empty(3 * H, D).uniform_(-k, k))
        self.w_hh = nn.Parameter(torch.empty(3 * H, H).uniform_(-k, k))
        self.b_ih = nn.Parameter(torch.empty(3 * H).uniform_(-k, k))
        self.b_hh = nn.Parameter(torch.empty(3 * H).uniform_(-k, k))
        self.H = H
        self.fc = nn.Linear(H, C)

    def forward(self, x):
        h = x.new_zeros(x.shape[0], self.H)
        for t in range(x.shape[1]):
            gi = F.linear(x[:, t], self.w_ih, self.b_ih)
            gh = F.linear(h, self.w_hh, self.b_hh)
            i_r, i_z, i_n = gi.chunk(3, 1)
            h_r, h_z, h_n = gh.chunk(3, 1)
            r = torch.sigmoid(i_r + h_r)
            z = torch.sigmoid(i_z + h_z)
            n = torch.tanh(i_n + r * h_n)
            h = (1 - z) * n + z * h
        return self.fc(h)


def side(n):
    s = math.isqrt(n)
    if s * s != n:
        raise ValueError(f"NRU: K·M = {n} must be a perfect square (S = √(K·M))")
    return s


class Nru(nn.Module):
    """NRU reference cell + Linear readout; nn.Linear default init, readout Xavier-normal, bias 0."""

    def __init__(self, D, H, C, M=256, K=4):
        super().__init__()
        self.H, self.M, self.K, self.S = H, M, K, side(K * M)
        self.hmi2h = nn.Linear(D + H + M, H)
        self.hm2alpha = nn.Linear(H + M, K)
        self.hm2beta = nn.Linear(H + M, K)
        self.hm2v_alpha = nn.Linear(H + M, 2 * self.S)
        self.hm2v_beta = nn.Linear(H + M, 2 * self.S)
        self.fc = nn.Linear(H, C)
        nn.init.xavier_normal_(self.fc.weight)
        nn.init.zeros_(self.fc.bias)

    def directions(self, pq):
        p, q = pq[:, :self.S], pq[:, self.S:]
        V = torch.bmm(p.unsqueeze(2), q.unsqueeze(1)).view(-1, self.K, self.M)
        return F.normalize(V, p=5, dim=2, eps=1e-12)

    def step(self, x_t, h, m):
        h = F.relu(self.hmi2h(torch.cat([x_t, h, m], 1)))
        z = torch.cat([h, m], 1)
        alpha = self.hm2alpha(z)
        beta = self.hm2beta(z)
        w = self.directions(self.hm2v_alpha(z))
        e = self.directions(self.hm2v_beta(z))
        m = m + torch.mean(alpha.unsqueeze(2) * w, 1) - torch.mean(beta.unsqueeze(2) * e, 1)
        return h, m

    def forward(self, x):
        h = x.new_zeros(x.shape[0], self.H)
        m = x.new_zeros(x.shape[0], self.M)
        for t in range(x.shape[1]):
            h, m = self.step(x[:, t], h, m)
        return self.fc(h)


def build(cell, D, H, C, M=256, K=4):
    if cell == "lstm":
        return NnLstm(D, H, C)
    if cell == "hand-lstm":
        return HandLstm(D, H, C)
    if cell == "gru":
        return NnGru(D, H, C)
    if cell == "hand-gru":
        return HandGru(D, H, C)
    if cell == "nru":
        return Nru(D, H, C, M, K)
    raise ValueError(f"cell must be one of {', '.join(CELLS)}, got {cell!r}")


def forward_flops(cell, B, T, D, H, C, M=256, K=4):
    """Forward GEMM flops, 2·m·n·k per matrix product: {input, recurrent, readout} over the sequence.

    input     = T · 2·B·D·(G·H)           the x-columns of the input-to-gate map
    recurrent = T · 2·B·H·(G·H)           h·W_hhᵀ          (LSTM G=4, GRU G=3)
              = T · (2·B·(H+M)·H + 2·B·(H+M)·R)            (NRU: the [h; m] columns of hmi2h,
                                           then the four head maps, R = 2K + 4S rows in all)
    readout   = 2·B·H·C                   once, at the last step
    Not counted: biases, gate nonlinearities, the NRU outer products p·qᵀ (B·S² multiplies per set),
    its 5-norms and head means; loss; clipping; Adam.
    """
    if cell in ("lstm", "hand-lstm", "gru", "hand-gru"):
        G = 4 if cell.endswith("lstm") else 3
        inp = T * 2 * B * D * G * H
        rec = T * 2 * B * H * G * H
    elif cell == "nru":
        R = 2 * K + 4 * side(K * M)
        inp = T * 2 * B * D * H
        rec = T * (2 * B * (H + M) * H + 2 * B * (H + M) * R)
    else:
        raise ValueError(f"cell must be one of {', '.join(CELLS)}, got {cell!r}")
    return {"input": inp, "recurrent": rec, "readout": 2 * B * H * C}
