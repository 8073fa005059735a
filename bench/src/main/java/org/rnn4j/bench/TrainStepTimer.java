package org.rnn4j.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * End-to-end training-step timer for any cell at the sequential-MNIST shape (see
 * {@link TrainStep}): W warm-up steps, then N timed steps of zeroGrads, forward, backward,
 * clip 1.0 and Adam, each on the same fixed batch.
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp bench/target/rnn4j-bench.jar org.rnn4j.bench.TrainStepTimer \
 *        --cell lstm|gru|nru [--hidden H] [--memory M --heads K] [--batch 100] [--steps 784]
 *        [--threads 1[,2]] [--split auto[,shard,gemm]] [--warmup 3] [--reps 5] [--seed 1234]
 * </pre>
 * Defaults: H = 128 (lstm, gru) or 212 (nru); for nru M = 256, K = 4 (the NRU paper's psMNIST
 * size, {@code NruConfig.reference(1, 212, 256, 4)}). {@code --threads} takes a comma list; each
 * count gets its own model; so does each {@code --split} (the engine's {@code Compute.StepSplit}:
 * auto = each cell's measured best, the default; shard = batch shards; gemm = GEMM-level). Per run it prints one line of text and one JSON line (starting with
 * <code>{</code>) with:
 * <ul>
 *   <li>seconds per step: median, min, max, and every step; µs per timestep = median / T;</li>
 *   <li>GFLOP/s = the GEMM flops {@code Compute} counted in one step (Σ 2·M·N·K, element-wise
 *       work excluded) / the median time;</li>
 *   <li>the phases' medians: forward (with zeroGrads and the loss), backward, clip + Adam;</li>
 *   <li>peak heap: after the warm-up a full GC, then the heap pools' peaks are reset; after the
 *       timed steps each heap pool's peak usage is read and the peaks are summed (an upper bound
 *       of the true peak, since pools peak at different moments); also the heap in use right
 *       after that GC ({@code live}), i.e. the model, its optimizer state and the cached
 *       sequence;</li>
 *   <li>bytes the calling thread allocated per timed step (compute workers not counted);</li>
 *   <li>the kernels, thread count, JDK and the 1-minute load average before the run.</li>
 * </ul>
 */
public final class TrainStepTimer {
    private TrainStepTimer() {}

    /** Entry point; see the class comment for the options. */
    public static void main(String[] args) {
        run(args, System.out);
    }

    /** Parses the options and runs every thread count, printing to {@code out}. */
    static void run(String[] args, PrintStream out) {
        String cell = "lstm";
        Integer hidden = null, memory = null, heads = null;
        int[] threads = {1};
        int B = 100, T = 784, warmup = 3, reps = 5;
        long seed = 1234;
        String[] splits = {"auto"};
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) throw new IllegalArgumentException("option " + a + " needs a value");
            String v = args[++i];
            switch (a) {
                case "--cell" -> cell = v;
                case "--hidden" -> hidden = Integer.parseInt(v);
                case "--memory" -> memory = Integer.parseInt(v);
                case "--heads" -> heads = Integer.parseInt(v);
                case "--batch" -> B = Integer.parseInt(v);
                case "--steps" -> T = Integer.parseInt(v);
                case "--threads" -> threads = Arrays.stream(v.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--reps" -> reps = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--split" -> splits = v.split(",");
                default -> throw new IllegalArgumentException("unknown option " + a + " (--cell lstm|gru|nru --hidden H"
                        + " --memory M --heads K --batch B --steps T --threads n[,n] --split auto,shard,gemm --warmup W --reps N --seed S)");
            }
        }
        if (B < 1 || T < 1) throw new IllegalArgumentException("--batch and --steps must be >= 1, got " + B + ", " + T);
        if (warmup < 0 || reps < 1) throw new IllegalArgumentException("--warmup must be >= 0 and --reps >= 1");
        E2e.CellChoice choice = E2e.CellChoice.of(cell, hidden, memory, heads);
        out.println(E2e.header());
        for (String sp : splits) {
            org.rnn4j.kernel.Compute.StepSplit split = switch (sp.trim()) {
                case "auto" -> org.rnn4j.kernel.Compute.StepSplit.AUTO;
                case "shard" -> org.rnn4j.kernel.Compute.StepSplit.BATCH_SHARD;
                case "gemm" -> org.rnn4j.kernel.Compute.StepSplit.GEMM;
                default -> throw new IllegalArgumentException("--split takes auto, shard and/or gemm, got " + sp);
            };
            for (int th : threads) timeSteps(choice, B, T, th, split, warmup, reps, seed, out);
        }
    }

    private static void timeSteps(E2e.CellChoice choice, int B, int T, int threads,
                                  org.rnn4j.kernel.Compute.StepSplit split, int warmup, int reps, long seed,
                                  PrintStream out) {
        double load = E2e.loadAverage();
        try (TrainStep step = new TrainStep(choice.config(), T, B, threads, seed)) {
            step.model().compute().stepSplit(split);
            for (int i = 0; i < warmup; i++) step.run();
            long live = E2e.liveHeapBytes();
            E2e.resetHeapPeaks();
            double[] total = new double[reps], fwd = new double[reps], bwd = new double[reps], opt = new double[reps];
            long flops = -1;
            long[] parts0 = step.model().compute().partsRun();
            long alloc0 = E2e.threadAllocatedBytes();
            for (int i = 0; i < reps; i++) {
                long t0 = System.nanoTime();
                step.run();
                total[i] = (System.nanoTime() - t0) * 1e-9;
                fwd[i] = step.forwardNanos() * 1e-9;
                bwd[i] = step.backwardNanos() * 1e-9;
                opt[i] = step.optimizerNanos() * 1e-9;
                if (flops >= 0 && step.flops() != flops) {
                    throw new IllegalStateException("GEMM flops differ between steps: " + flops + " vs " + step.flops());
                }
                flops = step.flops();
            }
            long alloc1 = E2e.threadAllocatedBytes();
            long[] parts1 = step.model().compute().partsRun();
            long partsAll = 0, partsWorkers = 0;
            for (int k = 0; k < parts1.length; k++) {
                partsAll += parts1[k] - parts0[k];
                if (k > 0) partsWorkers += parts1[k] - parts0[k];
            }
            double workerShare = partsAll == 0 ? Double.NaN : (double) partsWorkers / partsAll;
            long peak = E2e.heapPeakBytes();
            double allocPerStep = alloc0 < 0 ? Double.NaN : (alloc1 - alloc0) / (double) reps;
            double med = E2e.median(total);
            double gflops = flops / med / 1e9;
            out.printf(Locale.ROOT, "train-step %s B=%d T=%d threads=%d split=%s (%d params): median %.4f s/step"
                            + " (min %.4f, max %.4f), %.1f µs/timestep, %.2f GEMM-GFLOP/step = %.1f GFLOP/s;"
                            + " forward %.4f backward %.4f clip+adam %.5f; peak heap %.0f MB (live after GC %.0f MB);"
                            + " %.0f B/step allocated; workers ran %.1f%% of split parts; loss %.4f; load %.2f%n",
                    choice.label(), B, T, threads, split, step.model().parameterCount(), med, E2e.min(total), E2e.max(total),
                    med / T * 1e6, flops / 1e9, gflops, E2e.median(fwd), E2e.median(bwd), E2e.median(opt),
                    peak / 1e6, live / 1e6, allocPerStep, 100 * workerShare, step.lastLoss(), load);
            E2e.Json j = new E2e.Json().put("bench", "train-step");
            choice.json(j);
            j.put("B", B).put("T", T).put("threads", threads).put("split", split.name()).put("params", step.model().parameterCount())
                    .put("kernels", org.rnn4j.kernel.Kernels.implementationName()).put("jdk", Runtime.version().toString())
                    .put("warmup", warmup).put("reps", reps)
                    .put("median_s", med).put("min_s", E2e.min(total)).put("max_s", E2e.max(total))
                    .put("us_per_timestep", med / T * 1e6)
                    .put("gemm_flops_per_step", flops).put("gflops", gflops)
                    .put("forward_s", E2e.median(fwd)).put("backward_s", E2e.median(bwd)).put("optimizer_s", E2e.median(opt))
                    .put("peak_heap_bytes", peak).put("peak_heap_method", "sum of heap pools' peak usage after GC + reset")
                    .put("live_heap_bytes", live).put("alloc_bytes_per_step", allocPerStep)
                    .put("worker_part_share", workerShare)
                    .put("loss", step.lastLoss()).put("load1", load).put("steps_s", total);
            out.println(j);
        }
    }
}
