#!/usr/bin/env bash
# Re-makes the figures of docs/*.md from real training runs (about 10 minutes on 2 cores).
# Usage: docs/figures/make-figures.sh [RUNS_DIR]     (run folders go to RUNS_DIR, default /tmp/rnn4j-figure-runs)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-/tmp/rnn4j-figure-runs}
fig=docs/figures
rm -rf "$runs"; mkdir -p "$runs"

train() {  # name, then train options
  local name=$1; shift
  ./rnn4j train --no-progress --out "$runs/$name" "$@" | tail -1
}
latest() { ls -d "$1"/*/ | head -1; }

# Copy task, lag 20, 10 digits: the four classic cells at the NRU paper's parameter budget (~23.5k).
train copy-lstm  --task copy --lag 20 --cell lstm  --hidden 70  --steps 10000 &
train copy-gru   --task copy --lag 20 --cell gru   --hidden 82  --steps 10000 ; wait
train copy-rnn   --task copy --lag 20 --cell rnn   --hidden 143 --steps 10000 --activation relu --layer-norm --recurrent-init orthogonal &
train copy-janet --task copy --lag 20 --cell janet --hidden 101 --steps 10000 ; wait
./rnn4j plot --smooth 200 --title "copy, lag 20, 10 digits (batch 10, Adam 1e-3, clip 1)" --out $fig/copy-lag20-cells.svg \
  "$(latest $runs/copy-lstm)" "$(latest $runs/copy-gru)" "$(latest $runs/copy-rnn)" "$(latest $runs/copy-janet)"

# Adding task, T = 100.
train adding-lstm --task adding --lag 100 --cell lstm --hidden 64 --batch 50 --steps 3000 &
train adding-gru  --task adding --lag 100 --cell gru  --hidden 64 --batch 50 --steps 3000 ; wait
./rnn4j plot --smooth 50 --title "adding, T = 100 (batch 50, Adam 1e-3, clip 1)" --out $fig/adding-T100.svg \
  "$(latest $runs/adding-lstm)" "$(latest $runs/adding-gru)"

# Denoise, T = 50 noisy steps, 10 digits; variable copy, lags 1..20.
train denoise-lstm --task denoise --lag 50 --cell lstm --hidden 70 --steps 6000 &
train denoise-gru  --task denoise --lag 50 --cell gru  --hidden 82 --steps 6000 ; wait
./rnn4j plot --smooth 200 --title "denoise, T = 50, 10 digits (batch 10, Adam 1e-3, clip 1)" --out $fig/denoise-T50.svg \
  "$(latest $runs/denoise-lstm)" "$(latest $runs/denoise-gru)"
train varcopy-lstm --task varcopy --lag 20 --cell lstm --hidden 70 --steps 10000 &
train varcopy-gru  --task varcopy --lag 20 --cell gru  --hidden 82 --steps 10000 ; wait
./rnn4j plot --smooth 200 --title "variable copy, lags 1..20, 10 digits (batch 10, Adam 1e-3, clip 1)" --out $fig/varcopy-lag20.svg \
  "$(latest $runs/varcopy-lstm)" "$(latest $runs/varcopy-gru)"
./rnn4j plot --metric grad_norm --smooth 200 --title "copy, lag 20: pre-clip gradient norm" --out $fig/copy-lag20-gradnorm.svg \
  "$(latest $runs/copy-lstm)" "$(latest $runs/copy-gru)" "$(latest $runs/copy-rnn)" "$(latest $runs/copy-janet)"

# docs/compare.md: an example of rnn4j compare's output (the classic preset, copy lag 10 with 2 digits).
./rnn4j compare --no-progress --task copy --lag 10 --length 2 --lr 0.01 --steps 3000 --jobs 2 --out "$runs/compare" >/dev/null
cp "$runs/compare/curves.svg" $fig/compare-example.svg
