#!/usr/bin/env bash
# Remakes the probe-at-initialisation figures and table of docs/timescales.md (about a minute and a
# half on 2 cores): `rnn4j analyze timescales` on untrained 128-unit models, adding task, 32 sequences.
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=docs/figures/timescales
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
probe() {  # name, task length, cell flags...
  local name=$1 lag=$2; shift 2
  ./rnn4j analyze timescales --task adding --lag "$lag" --hidden 128 --batch 32 --cell "$@" --out "$TMP/$name" \
    | grep '^step' | sed "s/^/$name T=$lag: /" | tee -a "$OUT/init-summary.txt"
  cp "$TMP/$name/decay_layer0.png" "$OUT/init-$name-T$lag-decay.png"
  if [ -f "$TMP/$name/timescales_layer0.png" ]; then cp "$TMP/$name/timescales_layer0.png" "$OUT/init-$name-T$lag-gates.png"; fi
  tail -n +2 "$TMP/$name/fits.csv" | sed "s/^/$name,$lag,/" >> "$OUT/init-probes.csv"
}
: > "$OUT/init-summary.txt"
echo "model,T,step,layer,block,loss_step,examples,loss,fit_from,fit_to,points,slope,intercept,tau,r2" > "$OUT/init-probes.csv"
for lag in 200 750; do
  probe lstm-bias1 "$lag" lstm --forget-bias 1
  probe lstm-chrono "$lag" lstm --chrono "$lag"
  probe gru "$lag" gru
  probe janet-chrono "$lag" janet --chrono "$lag"
  probe nru "$lag" nru
done
