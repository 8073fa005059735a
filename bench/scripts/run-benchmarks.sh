#!/usr/bin/env bash
# Builds the rnn4j-bench jar and runs the benchmark suites; JMH results go to
# bench/results/<timestamp>/<suite>.json, the GFLOP/s tables (JmhReport) to stdout and report.txt.
#
#   bench/scripts/run-benchmarks.sh [suite...]      suites: gemm scalar act lstm timer peak e2e
#                                                   pytorch-steps pytorch-stream table
#                                                   (default: gemm scalar act lstm timer)
#
# The summary table of docs/benchmarks.md is one run of
#   bench/scripts/run-benchmarks.sh peak e2e pytorch-steps pytorch-stream table
# peak = the JMH GEMM peak at 1 and 2 threads (the floor's divisor); e2e = TrainStepTimer for LSTM-128,
# LSTM-256, GRU-128, NRU and StreamTimer for LSTM-128 and NRU; pytorch-stream = bench/python/stream_bench.py;
# table = bench/scripts/e2e_table.py on this run's folder (Markdown to table.md).
#
# pytorch-steps runs bench/python/train_step_bench.py (nn.LSTM, hand LSTM, nn.GRU, hand GRU, NRU; 1 and 2
# threads; see bench/python/README.md): table to pytorch-steps.txt and report.txt, one JSON line per
# configuration to pytorch-steps.jsonl. It needs Debian's python3-torch, and no jar (with only PyTorch
# suites nothing is built).
#
# Environment: JAVA (default /usr/lib/jvm/temurin-25-jdk-amd64/bin/java), JMH_OPTS (default for a noisy
# 2-core machine: -f 1 -wi 5 -w 1s -i 5 -r 1s), SKIP_BUILD=1 to reuse the jar, TIMER_STEPS (default 5),
# PYTORCH_STEPS_OPTS (extra options for train_step_bench.py, e.g. "--quick" or "--cells lstm --threads 1"),
# PYTORCH_STREAM_OPTS (the same for stream_bench.py), E2E_WARMUP/E2E_REPS (3/5), STREAM_REPS (100000).
# The machine's load is printed before every suite: other processes make 2-thread numbers especially noisy.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JMH_OPTS=${JMH_OPTS:--f 1 -wi 5 -w 1s -i 5 -r 1s}
TIMER_STEPS=${TIMER_STEPS:-5}
JAR=bench/target/rnn4j-bench.jar
RUN="$JAVA --add-modules jdk.incubator.vector"
OUT=bench/results/$(date +%Y%m%d-%H%M%S)
SUITES=("$@")
[ ${#SUITES[@]} -eq 0 ] && SUITES=(gemm scalar act lstm timer)

NEEDS_JAR=0
for s in "${SUITES[@]}"; do
  case $s in pytorch-steps|pytorch-stream|table) ;; *) NEEDS_JAR=1 ;; esac
done
if [ "${SKIP_BUILD:-0}" != 1 ] && [ "$NEEDS_JAR" = 1 ]; then
  ./mvnw -B -q -DskipTests -pl bench -am package
fi
mkdir -p "$OUT"
{ lscpu | grep -E 'Model name|^CPU\(s\)|Thread|MHz' || true; "$JAVA" -version 2>&1 | head -1; } > "$OUT/machine.txt"

jmh() {  # jmh <suite> <regex> [extra JMH args...]
  local suite=$1 regex=$2; shift 2
  echo "== $suite ($(uptime | sed 's/.*load/load/'))"
  # shellcheck disable=SC2086
  $RUN -jar "$JAR" "$regex" $JMH_OPTS "$@" -rf json -rff "$OUT/$suite.json" > "$OUT/$suite.log" 2>&1 \
    || { tail -30 "$OUT/$suite.log"; return 1; }
  $RUN -cp "$JAR" org.rnn4j.bench.JmhReport "$OUT/$suite.json" 2>/dev/null | tee -a "$OUT/report.txt"
}

# ---- e2e suite: end-to-end training steps and streaming inference (TrainStepTimer, StreamTimer) ----
#   bench/scripts/run-benchmarks.sh e2e     text to e2e.txt and report.txt, one JSON line per run to e2e.jsonl, stderr to e2e.log
# Environment: E2E_WARMUP (default 3: after 2, per-timestep methods may still run C1 code that boxes vectors), E2E_REPS (timed training steps, default 5), STREAM_REPS (default 100000).
e2e_suite() {
  local cfg
  echo "== e2e ($(uptime | sed 's/.*load/load/'))"
  for cfg in "lstm --hidden 128" "lstm --hidden 256" "gru --hidden 128" "nru --hidden 212 --memory 256 --heads 4"; do
    # shellcheck disable=SC2086
    $RUN -cp "$JAR" org.rnn4j.bench.TrainStepTimer --cell $cfg --batch 100 --steps 784 --threads 1,2 \
      --warmup "${E2E_WARMUP:-3}" --reps "${E2E_REPS:-5}" 2>>"$OUT/e2e.log" | tee -a "$OUT/e2e.txt" | grep -v '^{' | tee -a "$OUT/report.txt"
  done
  for cfg in "lstm --hidden 128" "nru --hidden 212 --memory 256 --heads 4"; do
    # shellcheck disable=SC2086
    $RUN -cp "$JAR" org.rnn4j.bench.StreamTimer --cell $cfg --threads 1 --reps "${STREAM_REPS:-100000}" \
      2>>"$OUT/e2e.log" | tee -a "$OUT/e2e.txt" | grep -v '^{' | tee -a "$OUT/report.txt"
  done
  grep '^{' "$OUT/e2e.txt" > "$OUT/e2e.jsonl"
}
# ---- end of e2e suite ----

for s in "${SUITES[@]}"; do
  case $s in
    gemm)   jmh gemm '\.GemmBench\.' ;;
    peak)   jmh peak '\.GemmBench\.' -p shape=fwdPreSet:128x1024x256 -p threads=1,2 ;;   # the floor's GEMM peak
    scalar) jmh scalar '\.ScalarGemmBench\.' ;;
    act)    jmh act '\.ActivationBench\.' ;;
    # one training step per invocation: fewer, longer iterations (JMH_OPTS' -wi/-i apply)
    lstm)   jmh lstm '\.LstmStepBench\.' ;;
    e2e)    e2e_suite ;;
    timer)
      echo "== timer ($(uptime | sed 's/.*load/load/'))"
      $RUN -cp "$JAR" org.rnn4j.bench.LstmStepTimer --hidden 128,256 --threads 1,2 --warmup 3 --steps "$TIMER_STEPS" --replay \
        2>/dev/null | tee "$OUT/timer.txt" | tee -a "$OUT/report.txt" ;;
    pytorch-stream)
      echo "== pytorch-stream ($(uptime | sed 's/.*load/load/'))"
      /usr/bin/python3 bench/python/stream_bench.py ${PYTORCH_STREAM_OPTS:-} --json "$OUT/pytorch-stream.jsonl" \
        | tee "$OUT/pytorch-stream.txt" | tee -a "$OUT/report.txt" ;;
    table)
      /usr/bin/python3 bench/scripts/e2e_table.py "$OUT" | tee "$OUT/table.md" ;;
    pytorch-steps)
      echo "== pytorch-steps ($(uptime | sed 's/.*load/load/'))"
      # shellcheck disable=SC2086
      /usr/bin/python3 bench/python/train_step_bench.py ${PYTORCH_STEPS_OPTS:-} --json "$OUT/pytorch-steps.jsonl" \
        | tee "$OUT/pytorch-steps.txt" | tee -a "$OUT/report.txt" ;;
    *) echo "unknown suite $s" >&2; exit 2 ;;
  esac
done
echo "results in $OUT"
