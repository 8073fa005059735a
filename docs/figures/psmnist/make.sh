#!/usr/bin/env bash
# Remakes the psMNIST figure of docs/tasks/psmnist.md (about 3-5 minutes on 2 cores; needs MNIST:
# ./rnn4j data fetch mnist). Writes the run folder under /tmp/psruns and the figure and epoch table here.
set -euo pipefail
cd "$(dirname "$0")/../../.."
./rnn4j train --task psmnist --cell lstm --hidden 128 --epochs 4 --train-limit 5000 --threads 2 \
  --out /tmp/psruns --no-progress
RUN=$(ls -d /tmp/psruns/*psmnist-lstm | tail -1)
./rnn4j plot "$RUN" --smooth 10 --title "psMNIST, LSTM-128, 5000 training examples, 4 epochs (200 updates)" \
  --out docs/figures/psmnist/lstm128-psmnist-5000x4.svg
cp "$RUN/epochs.csv" docs/figures/psmnist/lstm128-psmnist-5000x4-epochs.csv
