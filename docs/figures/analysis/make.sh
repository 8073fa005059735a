#!/usr/bin/env bash
# Re-makes the figures of docs/analysis.md (about 40 s on one core): an untrained LSTM and one
# trained for 30 000 steps on copy with lag 20, analysed on the sequence of seed 1000.
# Usage: docs/figures/analysis/make.sh [WORK_DIR]     (default /tmp/rnn4j-analysis-figures)
set -euo pipefail
cd "$(dirname "$0")/../../.."
work=${1:-/tmp/rnn4j-analysis-figures}
fig=docs/figures/analysis
rm -rf "$work"; mkdir -p "$work"

./rnn4j analyze --task copy --lag 20 --cell lstm --hidden 64 --out "$work/untrained"
./rnn4j train --task copy --lag 20 --cell lstm --hidden 64 --steps 30000 --no-progress --out "$work/runs" | tail -1
./rnn4j analyze --run "$(ls -d "$work"/runs/*/ | head -1)" --out "$work/trained"

cp "$work/untrained/grad_norms.png" $fig/untrained-grad-norms.png
for f in grad_norms h_dist_to_last c_trace c_increments; do
  cp "$work/trained/$f.png" "$fig/trained-${f//_/-}.png"
done
cp "$work/trained/analysis.csv" $fig/trained-analysis.csv
ls -l $fig
