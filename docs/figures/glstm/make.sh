#!/usr/bin/env bash
# Re-makes the comparisons of docs/cells/phased-gaussian-lstm.md ("Comparisons") on 2 cores.
# Parts (default: all), each writing its tables and figures into docs/figures/glstm/:
#   adding    `rnn4j compare --models glstm` (8 models: LSTM; g-LSTM in steps and with time unit T;
#             both from a poor start; the compute budget; the temporal curriculum for a g-LSTM and
#             an LSTM) on the adding task, T = 100 (5,000 steps) and T = 200 (6,000 steps), batch 50;
#             about 25 minutes
#   init      `rnn4j compare --models glstm-init` (learning the gates from poor starts) on adding,
#             T = 100, 5,000 steps, batch 50, and the trained centres and widths of those models and of
#             the adding part's poor starts (gates.py); about 8 minutes
#   long      adding with T = 500 (6,000 steps, batch 50): LSTM against the g-LSTM with time unit T
#             (`rnn4j train` twice, `rnn4j plot`); about 15 minutes
#   seqmnist  the compute budget on a sequential-MNIST subset (5,000 training images, 10 epochs,
#             batch 20): LSTM, g-LSTM with time unit T, that g-LSTM with the budget term at two
#             weights, and with narrow windows from the start without and with the term; about 25
#             minutes (part seqmnist-narrow: the last pair alone, then the table). Needs the MNIST files (`rnn4j data fetch mnist`; RNN4J_DATA
#             or --data-dir as for train).
# Usage: docs/figures/glstm/make.sh [WORK_DIR] [PART ...]     (default /tmp/rnn4j-glstm-comparisons)
set -euo pipefail
cd "$(dirname "$0")/../../.."
work=${1:-/tmp/rnn4j-glstm-comparisons}
shift || true
parts=${*:-adding init long seqmnist}
fig=docs/figures/glstm
mkdir -p "$work"

compare() {  # name, preset, T, steps
  rm -rf "$work/$1"
  ./rnn4j compare --task adding --lag "$3" --models "$2" --batch 50 --steps "$4" --jobs 2 --no-progress \
    --out "$work/$1" | tail -1
  cp "$work/$1/curves.svg" "$fig/$1-curves.svg"
  cp "$work/$1/summary.md" "$fig/$1-summary.md"
}

seqmnist() {  # name, cell flags...
  local name=$1; shift
  rm -rf "$work/seqmnist-$name"
  ./rnn4j train --task seqmnist --hidden 64 --train-limit 5000 --epochs 10 --batch 20 --no-progress \
    --out "$work/seqmnist-$name" --cell "$@" > "$work/seqmnist-$name.log"
}

narrow_pair() {  # narrow windows from the start (sigma0 = 0.01 T), without and with the budget term
  seqmnist glstm-unit-T-narrow glstm --gate-time-unit 784 --width-init 0.01 &
  seqmnist glstm-unit-T-narrow-budget-2 glstm --gate-time-unit 784 --width-init 0.01 --budget-lambda 2 &
  wait
}

seqmnist_table() {
  {
    echo "| model | cell flags | best epoch | valid accuracy | test accuracy at best valid | updates vs LSTM (final model, last test batch) |"
    echo "|---|---|--:|--:|--:|--:|"
    for name in lstm glstm-unit-T glstm-unit-T-budget-0.5 glstm-unit-T-budget-2 glstm-unit-T-narrow glstm-unit-T-narrow-budget-2; do
      python3 - "$(ls -d "$work/seqmnist-$name"/*/ | head -1)" "$name" <<'PY'
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
}

for part in $parts; do
  case $part in
    adding)
      compare adding100 glstm 100 5000
      compare adding200 glstm 200 6000 ;;
    init)
      compare adding100-init glstm-init 100 5000
      python3 "$fig/gates.py" "$work"/adding100-init/*/ "$work"/adding100/g-lstm-poor-init*/ | tee "$fig/adding100-init-gates.md" ;;
    long)
      rm -rf "$work/adding500"
      ./rnn4j train --task adding --lag 500 --cell lstm --hidden 64 --batch 50 --steps 6000 --no-progress \
        --out "$work/adding500/lstm" | tail -1 &
      ./rnn4j train --task adding --lag 500 --cell glstm --hidden 64 --gate-time-unit 500 --batch 50 --steps 6000 \
        --no-progress --out "$work/adding500/glstm-unit-T" | tail -2 &
      wait
      ./rnn4j plot "$work"/adding500/lstm/*/ "$work"/adding500/glstm-unit-T/*/ --title "adding, T = 500" \
        --out "$fig/adding500-curves.svg" ;;
    seqmnist)
      seqmnist lstm lstm &
      seqmnist glstm-unit-T glstm --gate-time-unit 784 &
      wait
      seqmnist glstm-unit-T-budget-0.5 glstm --gate-time-unit 784 --budget-lambda 0.5 &
      seqmnist glstm-unit-T-budget-2 glstm --gate-time-unit 784 --budget-lambda 2 &
      wait
      narrow_pair
      seqmnist_table ;;
    seqmnist-narrow)      # the seqmnist part's last pair alone, then its table
      narrow_pair
      seqmnist_table ;;
    *) echo "unknown part '$part' (adding, init, long, seqmnist)" >&2; exit 2 ;;
  esac
done
