#!/usr/bin/env bash
# Re-makes the figures of docs/cells/phased-gaussian-lstm.md (about 15 s on one core): a Phased LSTM
# and a g-LSTM, each trained 300 steps on adding with T = 100 (a plumbing check, not a comparison),
# analysed on the sequence of seed 1000; the figure is c_t − c_{t−1}, where each unit's gate let it move.
# Usage: docs/figures/time-gates/make.sh [WORK_DIR]     (default /tmp/rnn4j-time-gate-figures)
set -euo pipefail
cd "$(dirname "$0")/../../.."
work=${1:-/tmp/rnn4j-time-gate-figures}
fig=docs/figures/time-gates
rm -rf "$work"; mkdir -p "$work"

for cell in plstm glstm; do
  ./rnn4j train --task adding --lag 100 --cell $cell --hidden 32 --steps 300 --no-progress --out "$work/runs-$cell" | tail -1
  ./rnn4j analyze --run "$(ls -d "$work/runs-$cell"/*/ | head -1)" --out "$work/$cell"
  cp "$work/$cell/c_increments.png" "$fig/$cell-c-increments.png"
done
ls -l $fig
