#!/usr/bin/env bash
# Re-makes the comparisons of docs/cells/phased-gaussian-lstm.md ("Comparisons"), about 40 minutes on
# 2 cores: (1) `rnn4j compare --models glstm` (8 models: LSTM; g-LSTM in steps and with time unit T;
# both from a poor start; the compute budget; the temporal curriculum for a g-LSTM and an LSTM) on
# the adding task with T = 100 (5,000 steps) and T = 200 (6,000 steps), batch 50; (2) the compute
# budget on a sequential-MNIST subset (5,000 training images, 10 epochs): LSTM, g-LSTM, a g-LSTM
# with time unit T without and with the budget term. Part 2 needs the MNIST files
# (`rnn4j data fetch mnist`; RNN4J_DATA or --data-dir as for train).
# Usage: docs/figures/glstm/make.sh [WORK_DIR]     (default /tmp/rnn4j-glstm-comparisons)
set -euo pipefail
cd "$(dirname "$0")/../../.."
work=${1:-/tmp/rnn4j-glstm-comparisons}
fig=docs/figures/glstm
rm -rf "$work"; mkdir -p "$work"

for spec in 100:5000 200:6000; do
  T=${spec%:*}; steps=${spec#*:}
  ./rnn4j compare --task adding --lag "$T" --models glstm --batch 50 --steps "$steps" --jobs 2 --no-progress \
    --out "$work/adding$T" | tail -1
  cp "$work/adding$T/curves.svg" "$fig/adding$T-curves.svg"
  cp "$work/adding$T/summary.md" "$fig/adding$T-summary.md"
done

seqmnist() {  # name, cell flags...
  local name=$1; shift
  ./rnn4j train --task seqmnist --hidden 64 --train-limit 5000 --epochs 10 --no-progress --out "$work/seqmnist-$name" --cell "$@" \
    > "$work/seqmnist-$name.log"
}
seqmnist lstm lstm &
seqmnist glstm glstm &
wait
seqmnist glstm-unit-T glstm --gate-time-unit 784 &
seqmnist glstm-unit-T-budget glstm --gate-time-unit 784 --budget-lambda 1 &
wait
{
  echo "| model | cell flags | best epoch | valid accuracy | test accuracy at best valid | updates vs LSTM (final model, a test batch) |"
  echo "|---|---|--:|--:|--:|--:|"
  for name in lstm glstm glstm-unit-T glstm-unit-T-budget; do
    s=$(ls -d "$work/seqmnist-$name"/*/ | head -1)
    python3 - "$s" "$name" <<'PY'
import json, sys
run, name = sys.argv[1], sys.argv[2]
c = json.load(open(run + "config.json")); s = json.load(open(run + "summary.json"))
flags = c["cell"] + "".join(f" --{k.replace('_', '-')} {v}" for k, v in c.get("cell_options", {}).items())
u = s.get("updates_vs_lstm")
print(f"| {name} | `{flags}` | {s['best_epoch']} | {100*s['best_valid_accuracy']:.2f}% | {100*s['test_accuracy_at_best_valid']:.2f}% | "
      + ("100% (no time gate)" if u is None else f"{100*u:.2f}%") + " |")
PY
  done
} > "$fig/seqmnist5000-budget.md"
cat "$fig/seqmnist5000-budget.md"
