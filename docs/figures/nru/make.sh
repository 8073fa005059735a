#!/usr/bin/env bash
# Re-makes the figures of docs/nru-comparison.md and docs/cells/nru.md from a finished comparison
# folder (the command of docs/nru-comparison.md, about 25 minutes on 2 cores):
#   ./rnn4j compare --task copy,denoise --lag 100 --models nru-paper --steps 25000 --jobs 2 --out runs/nru-comparison
# then, in a few seconds: the loss curves of both tasks, and the gradient flow and memory trace of
# the trained NRU (and, for contrast, the trained LSTM) on one copy sequence (seed 1000).
# Usage: docs/figures/nru/make.sh [COMPARISON_DIR] [WORK_DIR]
set -euo pipefail
cd "$(dirname "$0")/../../.."
cmp=${1:-runs/nru-comparison}
work=${2:-/tmp/rnn4j-nru-figures}
fig=docs/figures/nru
rm -rf "$work"; mkdir -p "$work"

cp "$cmp/copy/curves.svg" $fig/copy-lag100-curves.svg
cp "$cmp/denoise/curves.svg" $fig/denoise-lag100-curves.svg
./rnn4j analyze --run "$cmp/copy/nru" --out "$work/nru"
./rnn4j analyze --run "$cmp/copy/lstm" --out "$work/lstm"
for f in grad_norms m_trace m_increments; do cp "$work/nru/$f.png" "$fig/copy-nru-${f//_/-}.png"; done
cp "$work/lstm/grad_norms.png" $fig/copy-lstm-grad-norms.png
cp "$work/nru/analysis.csv" $fig/copy-nru-analysis.csv
cp "$work/lstm/analysis.csv" $fig/copy-lstm-analysis.csv
ls -l $fig
