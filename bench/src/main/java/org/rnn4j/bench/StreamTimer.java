package org.rnn4j.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Streaming-inference timer (see {@link StreamStep}): B = 1, I = 1, one timestep per call with the
 * state carried over, readout to 10 classes at every step, the state reset to zeros every
 * {@code --reset-every} steps (default 784, one sequential-MNIST sequence: an untrained NRU's
 * memory, which nothing bounds, grows without limit on an endless stream: at the default size and
 * seed it reached NaN at step 1437). W warm-up steps, then N timed steps, each timed on its own
 * (the resets are outside the timed calls).
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp bench/target/rnn4j-bench.jar org.rnn4j.bench.StreamTimer \
 *        --cell lstm|gru|nru [--hidden H] [--memory M --heads K] [--threads 1] [--warmup 20000]
 *        [--reps 100000] [--reset-every 784] [--no-readout] [--seed 1234]
 * </pre>
 * Defaults as {@link TrainStepTimer}: H = 128 (lstm, gru) or 212 (nru); for nru M = 256, K = 4.
 * Inputs cycle through 4096 values uniform in [0, 1). Prints the median, 10 % and 90 % quantiles
 * and the mean of µs per step, the GEMM flops per step and GFLOP/s, and the bytes the calling
 * thread allocated per timed step ({@code ThreadMXBean#getThreadAllocatedBytes}; compute workers
 * not counted); whether the final state is finite; then one JSON line (starting with <code>{</code>).
 */
public final class StreamTimer {
    private StreamTimer() {}

    private static final int INPUTS = 4096;

    /** Entry point; see the class comment for the options. */
    public static void main(String[] args) {
        run(args, System.out);
    }

    /** Parses the options and runs, printing to {@code out}. */
    static void run(String[] args, PrintStream out) {
        String cell = "lstm";
        Integer hidden = null, memory = null, heads = null;
        int threads = 1, warmup = 20_000, reps = 100_000, resetEvery = 784;
        boolean withReadout = true;
        long seed = 1234;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--no-readout")) {
                withReadout = false;
                continue;
            }
            if (i + 1 >= args.length) throw new IllegalArgumentException("option " + a + " needs a value");
            String v = args[++i];
            switch (a) {
                case "--cell" -> cell = v;
                case "--hidden" -> hidden = Integer.parseInt(v);
                case "--memory" -> memory = Integer.parseInt(v);
                case "--heads" -> heads = Integer.parseInt(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--reps" -> reps = Integer.parseInt(v);
                case "--reset-every" -> resetEvery = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                default -> throw new IllegalArgumentException("unknown option " + a + " (--cell lstm|gru|nru --hidden H"
                        + " --memory M --heads K --threads n --warmup W --reps N --reset-every N --no-readout --seed S)");
            }
        }
        if (warmup < 0 || reps < 1 || resetEvery < 1) {
            throw new IllegalArgumentException("--warmup must be >= 0, --reps and --reset-every >= 1");
        }
        E2e.CellChoice choice = E2e.CellChoice.of(cell, hidden, memory, heads);
        out.println(E2e.header());
        double load = E2e.loadAverage();
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] inputs = new float[INPUTS];
        for (int i = 0; i < INPUTS; i++) inputs[i] = (float) rnd.nextDouble();
        try (StreamStep s = new StreamStep(choice.config(), withReadout ? TrainStep.CLASSES : 0, threads, seed)) {
            for (int i = 0; i < warmup; i++) {
                if (i % resetEvery == 0) s.reset();
                s.step(inputs, i & (INPUTS - 1));
            }
            s.reset();
            double[] us = new double[reps];
            long[] ns = new long[reps];
            s.compute().resetFlops();
            long alloc0 = E2e.threadAllocatedBytes();
            long start = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                if (i % resetEvery == 0) s.reset();
                long t0 = System.nanoTime();
                s.step(inputs, i & (INPUTS - 1));
                ns[i] = System.nanoTime() - t0;
            }
            long wall = System.nanoTime() - start;
            long alloc1 = E2e.threadAllocatedBytes();
            long flops = s.compute().flops() / reps;
            for (int i = 0; i < reps; i++) us[i] = ns[i] * 1e-3;
            double allocPerStep = alloc0 < 0 ? Double.NaN : (alloc1 - alloc0) / (double) reps;
            double med = E2e.median(us), mean = wall * 1e-3 / reps;
            double gflops = flops / (med * 1e3);
            boolean finite = true;
            for (float v : s.state()) finite &= Float.isFinite(v);
            out.printf(Locale.ROOT, "stream %s B=1 readout=%s threads=%d reset every %d: median %.2f µs/step"
                            + " (p10 %.2f, p90 %.2f, mean %.2f over %d steps), %d GEMM flops/step = %.2f GFLOP/s;"
                            + " %.1f B/step allocated; state %s; load %.2f%n",
                    choice.label(), withReadout, threads, resetEvery, med, E2e.quantile(us, 0.1), E2e.quantile(us, 0.9),
                    mean, reps, flops, gflops, allocPerStep, finite ? "finite" : "NOT FINITE", load);
            E2e.Json j = new E2e.Json().put("bench", "stream");
            choice.json(j);
            j.put("B", 1).put("readout_classes", s.classes()).put("threads", threads)
                    .put("kernels", org.rnn4j.kernel.Kernels.implementationName()).put("jdk", Runtime.version().toString())
                    .put("warmup", warmup).put("reps", reps).put("reset_every", resetEvery)
                    .put("median_us", med).put("p10_us", E2e.quantile(us, 0.1)).put("p90_us", E2e.quantile(us, 0.9))
                    .put("min_us", E2e.min(us)).put("max_us", E2e.max(us)).put("mean_us", mean)
                    .put("gemm_flops_per_step", flops).put("gflops", gflops)
                    .put("alloc_bytes_per_step", allocPerStep).put("load1", load)
                    .put("state_finite", finite);
            out.println(j);
        }
    }
}
