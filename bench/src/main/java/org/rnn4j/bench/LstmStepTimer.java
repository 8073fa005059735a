package org.rnn4j.bench;


import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.rnn4j.cell.LstmConfig;
import org.rnn4j.kernel.Compute;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.kernel.PackedMatrix;

/**
 * Times {@link TrainStep} without JMH: warm-up steps, then N timed steps; prints every time, the
 * median, and the median of each phase (forward, backward, clip + Adam). With {@code --replay} it
 * also replays, on their own buffers, only the GEMM calls one step makes (the same shapes, strides
 * and pre-packing as {@code Lstm}) and only the activation calls (per batch row, as the cell makes
 * them), so the rest of each phase is the cell's other element-wise work and loop overhead.
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp bench/target/rnn4j-bench.jar \
 *        org.rnn4j.bench.LstmStepTimer --hidden 128 --threads 1 --steps 5 [--warmup 2] [--T 784]
 *        [--batch 100] [--replay]
 * </pre>
 * {@code --hidden} and {@code --threads} take comma lists; every combination is run.
 */
public final class LstmStepTimer {
    private LstmStepTimer() {}

    /** Entry point; see the class comment for the options. */
    public static void main(String[] args) {
        int[] hidden = {128};
        int[] threads = {1};
        int steps = 5, warmup = 2, T = 784, B = 100;
        boolean replay = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--hidden" -> hidden = ints(args[++i]);
                case "--threads" -> threads = ints(args[++i]);
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--T" -> T = Integer.parseInt(args[++i]);
                case "--batch" -> B = Integer.parseInt(args[++i]);
                case "--replay" -> replay = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--hidden H[,H] --threads n[,n] --steps N --warmup W --T T --batch B --replay)");
            }
        }
        System.out.println("# kernels: " + Kernels.implementationName() + ", JDK " + Runtime.version()
                + ", " + Runtime.getRuntime().availableProcessors() + " CPUs");
        for (int h : hidden) {
            for (int th : threads) {
                timeSteps(h, th, T, B, warmup, steps);
                if (replay) replay(h, th, T, B, warmup, steps);
            }
        }
    }

    private static void timeSteps(int h, int threads, int T, int B, int warmup, int steps) {
        try (TrainStep step = new TrainStep(LstmConfig.of(1, h), T, B, threads, 1234)) {
            for (int i = 0; i < warmup; i++) step.run();
            double[] total = new double[steps], fwd = new double[steps], bwd = new double[steps], opt = new double[steps];
            for (int i = 0; i < steps; i++) {
                long t0 = System.nanoTime();
                step.run();
                total[i] = (System.nanoTime() - t0) * 1e-9;
                fwd[i] = step.forwardNanos() * 1e-9;
                bwd[i] = step.backwardNanos() * 1e-9;
                opt[i] = step.optimizerNanos() * 1e-9;
            }
            double gflop = 3 * 2.0 * B * h * 4.0 * h * T / 1e9;
            System.out.printf(Locale.ROOT, "lstm H=%d T=%d B=%d threads=%d: median %.4f s/step (%.1f GEMM-GFLOP/s)"
                            + "  forward %.4f  backward %.4f  clip+adam %.5f  loss %.4f%n",
                    h, T, B, threads, median(total), gflop / median(total), median(fwd), median(bwd), median(opt),
                    step.lastLoss());
            System.out.println("  all steps (s): " + join(total));
        }
    }

    /** Replays only the GEMMs, then only the activations, of one training step. */
    private static void replay(int h, int threads, int T, int B, int warmup, int steps) {
        int P = 4 * h, S = 2 * h;
        SplittableRandom rnd = new SplittableRandom(99);
        float[] wh = GemmBench.random(rnd, P * h);
        float[] dwh = new float[P * h];
        float[] z = new float[T * B * P];
        float[] states = new float[(T + 1) * B * S];
        float[] cache = new float[T * B * h];
        float[] dPrev = new float[B * S];
        for (int i = 0; i < states.length; i++) states[i] = (float) (rnd.nextDouble() - 0.5);
        for (int i = 0; i < z.length; i++) z[i] = (float) (rnd.nextDouble() * 0.02 - 0.01);
        try (Compute c = Compute.create(threads)) {
            PackedMatrix whT = c.pack(true, h, P, wh, 0, h);
            PackedMatrix whN = c.pack(false, P, h, wh, 0, h);
            double[] f = new double[steps], bdh = new double[steps], bdw = new double[steps], act = new double[steps];
            for (int it = -warmup; it < steps; it++) {
                long t0 = System.nanoTime();
                c.repack(whT, wh, 0, h);
                c.repack(whN, wh, 0, h);
                for (int t = 0; t < T; t++) {
                    c.gemmPacked(false, B, states, t * B * S, S, whT, z, t * B * P, P, true);
                }
                long t1 = System.nanoTime();
                for (int t = T - 1; t >= 0; t--) {
                    c.gemmPacked(false, B, z, t * B * P, P, whN, dPrev, 0, S, false);
                }
                long t2 = System.nanoTime();
                for (int t = T - 1; t >= 0; t--) {
                    c.gemm(true, false, P, h, B, z, t * B * P, P, states, t * B * S, S, dwh, 0, h, true);
                }
                long t3 = System.nanoTime();
                for (int t = 0; t < T; t++) {
                    for (int b = 0; b < B; b++) {
                        int zi = t * B * P + b * P, c0 = (t + 1) * B * S + b * S + h;
                        Kernels.sigmoid(z, zi, z, zi, 2 * h);                  // i, f
                        Kernels.tanh(z, zi + 2 * h, z, zi + 2 * h, h);         // g
                        Kernels.sigmoid(z, zi + 3 * h, z, zi + 3 * h, h);      // o
                        Kernels.tanh(states, c0, cache, t * B * h + b * h, h); // tanh(c)
                    }
                }
                long t4 = System.nanoTime();
                if (it >= 0) {
                    f[it] = (t1 - t0) * 1e-9;
                    bdh[it] = (t2 - t1) * 1e-9;
                    bdw[it] = (t3 - t2) * 1e-9;
                    act[it] = (t4 - t3) * 1e-9;
                }
            }
            double perCall = 2.0 * B * h * P * T / 1e9;
            System.out.printf(Locale.ROOT, "  replay H=%d threads=%d: forward GEMMs %.4f s (%.1f GFLOP/s)  backward dh GEMMs"
                            + " %.4f s (%.1f)  backward dW GEMMs %.4f s (%.1f)  all GEMMs %.4f s  activations %.4f s%n",
                    h, threads, median(f), perCall / median(f), median(bdh), perCall / median(bdh),
                    median(bdw), perCall / median(bdw), median(f) + median(bdh) + median(bdw), median(act));
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }

    private static String join(double[] v) {
        List<String> s = new ArrayList<>();
        for (double d : v) s.add(String.format(Locale.ROOT, "%.4f", d));
        return String.join(" ", s);
    }
}
