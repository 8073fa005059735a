package org.rnn4j.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.task.TaskOptions;
import org.rnn4j.train.SequenceModel;
import org.rnn4j.train.StepMetrics;
import org.rnn4j.train.TrainListener;
import org.rnn4j.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rnn4j demo}: trains the classic cells side by side on the copy task and prints their final
 * loss against the memoryless baseline. Each model trains on its own thread.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains an LSTM, a GRU and an NRU side by side on the copy task (lag T, 10 digits)",
                "and prints a table of final loss against the memoryless baseline.", ""})
final class DemoCommand implements Callable<Integer> {
    static final int DEFAULT_LAG = 20;
    static final int DEFAULT_STEPS = 60000;

    @Option(names = "--lag", defaultValue = "" + DEFAULT_LAG, paramLabel = "T", description = "Copy lag T (default ${DEFAULT-VALUE}).")
    int lag;

    @Option(names = "--steps", defaultValue = "" + DEFAULT_STEPS, paramLabel = "N", description = "Updates per model (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--seed", defaultValue = "5", paramLabel = "N", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    /** One row of the demo: a cell with the NRU paper's parameter-matched copy-task size (~23.5k). */
    record Entry(String cell, int hidden) {}

    static final List<Entry> ENTRIES = List.of(new Entry("lstm", 70), new Entry("gru", 82), new Entry("nru", 80));

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        List<RunSpec> specs = new ArrayList<>();
        List<RunSpec.Built> built = new ArrayList<>();
        for (Entry e : ENTRIES) {
            RunSpec s = new RunSpec("copy", TaskOptions.none().withLag(lag), e.cell(), e.hidden(), 1,
                    CellRegistry.CellOptions.none(), steps, 10, "adam", Double.NaN, 1.0, seed, 1);
            specs.add(s);
            built.add(s.build());
        }
        double baseline = built.get(0).task().memorylessLoss();
        out.printf(Locale.ROOT, "rnn4j demo: %s; %d Adam steps of batch 10 per model; kernels %s%n",
                built.get(0).task().describe(), steps, Kernels.implementationName());
        out.printf(Locale.ROOT, "memoryless baseline loss: %.4f (10 ln 8 / (T + 20)); models train in parallel, one thread each%n",
                baseline);
        AtomicLongArray progress = new AtomicLongArray(ENTRIES.size());
        boolean tty = Terminal.interactive();
        ExecutorService pool = Executors.newFixedThreadPool(ENTRIES.size());
        List<Future<Trainer.Result>> futures = new ArrayList<>();
        List<Integer> params = new ArrayList<>();
        try {
            for (int i = 0; i < ENTRIES.size(); i++) {
                final int k = i;
                RunSpec.Built b = built.get(i);
                SequenceModel model = new SequenceModel(b.model(), Trainer.initRandom(seed), 1);
                params.add(model.parameterCount());
                TrainListener tick = (StepMetrics m) -> progress.set(k, m.step());
                Trainer trainer = new Trainer(model, b.optimizer(), b.task()::sample, b.train(),
                        Trainer.dataRandom(seed), List.of(tick));
                futures.add(pool.submit(() -> {
                    try (model) {
                        return trainer.run();
                    }
                }));
            }
            long start = System.nanoTime();
            int lastDecile = 0;
            while (!allDone(futures)) {
                Thread.sleep(200);
                long done = 0;
                for (int i = 0; i < ENTRIES.size(); i++) done += progress.get(i);
                double frac = (double) done / (steps * (long) ENTRIES.size());
                double secs = (System.nanoTime() - start) * 1e-9;
                String line = String.format(Locale.ROOT, "training %3.0f%%  elapsed %s  ETA %s", 100 * frac,
                        Format.duration(Math.round(secs)), frac > 0 ? Format.duration(Math.round(secs * (1 - frac) / frac)) : "?");
                if (tty) {
                    out.print("\r" + line + "\u001b[K");
                    out.flush();
                } else if ((int) (frac * 10) > lastDecile) {
                    lastDecile = (int) (frac * 10);
                    out.println(line);
                }
            }
            if (tty) out.println();
            out.println();
            out.printf(Locale.ROOT, "%-6s %7s %9s %12s %12s %10s %8s%n", "cell", "hidden", "params", "final loss",
                    "memoryless", "% of base", "time");
            for (int i = 0; i < ENTRIES.size(); i++) {
                Trainer.Result r = get(futures.get(i));
                out.printf(Locale.ROOT, "%-6s %7d %9d %12.5f %12.5f %9.1f%% %8s%n", ENTRIES.get(i).cell(),
                        ENTRIES.get(i).hidden(), params.get(i), r.meanLastLoss(), baseline,
                        100 * r.meanLastLoss() / baseline, Format.duration(Math.round(r.seconds())));
            }
            out.println("(final loss = mean training loss over the last 10% of steps; below 100% means the cell remembers)");
        } finally {
            pool.shutdownNow();
        }
        return 0;
    }

    private static boolean allDone(List<Future<Trainer.Result>> fs) {
        for (Future<?> f : fs) if (!f.isDone()) return false;
        return true;
    }

    private static Trainer.Result get(Future<Trainer.Result> f) throws Exception {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            throw e;
        }
    }
}
