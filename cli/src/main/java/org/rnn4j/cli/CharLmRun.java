package org.rnn4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.rnn4j.cell.CellConfig;
import org.rnn4j.data.Check;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.optim.Optimizer;
import org.rnn4j.task.text.Corpus;
import org.rnn4j.task.text.CorpusEpochs;
import org.rnn4j.task.text.CorpusStreams;
import org.rnn4j.task.text.TextFormat;
import org.rnn4j.train.EpochPolicy;
import org.rnn4j.train.EpochTrainer;
import org.rnn4j.train.MetricsLog;
import org.rnn4j.train.ModelConfig;
import org.rnn4j.train.SequenceModel;
import org.rnn4j.train.TbpttConfig;
import org.rnn4j.train.StepMetrics;
import org.rnn4j.train.Trainer;

/**
 * {@code rnn4j train --task char-lm}: character-level language modelling with truncated BPTT, the
 * PTB protocol of the NRU code (../shared/papers/nru-chrono.md §1.4): the training split cut into
 * B parallel streams, segments of k steps with the state carried (detached) across them, one update
 * per segment; after every epoch the validation and test splits are run the same way (forward
 * only) and reported in bits per character; the test figure at the best validation epoch.
 */
final class CharLmRun {
    private CharLmRun() {}

    static final String TASK = "char-lm";
    static final int DEFAULT_STREAMS = 128, DEFAULT_TRUNCATION = 150, DEFAULT_EMBEDDING = 200;

    /** What the command line gave. */
    record Options(String cell, Integer hidden, int layers, CellRegistry.CellOptions cellOptions, Path corpus,
                   String textFormat, int embedding, int truncation, Integer backpropSteps, int epochs, int batch, String optimizer, Double lr,
                   double clip, long seed, int threads, Path out, boolean noProgress, EpochPolicy policy) {}

    /** The train, valid and test files of {@code dir}: the one file whose name contains each word. */
    static Path[] splits(Path dir) throws IOException {
        if (dir == null) throw new IllegalArgumentException("--task char-lm needs --corpus DIR (a folder with train, valid and test files)");
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--corpus " + dir + " is not a folder");
        Path[] out = new Path[3];
        String[] words = {"train", "valid", "test"};
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (int i = 0; i < 3; i++) {
            String w = words[i];
            List<Path> hits = files.stream().filter(p -> p.getFileName().toString().contains(w)).toList();
            if (hits.size() != 1) {
                throw new IllegalArgumentException("--corpus " + dir + " must hold exactly one file whose name contains '" + w
                        + "' (e.g. ptb.char." + w + ".txt), found " + hits.size());
            }
            out[i] = hits.get(0);
        }
        return out;
    }

    static int run(Options o) throws IOException {
        Check.positive("--epochs", o.epochs());
        Check.positive("--batch", o.batch());
        Check.positive("--layers", o.layers());
        Check.positive("--threads", o.threads());
        Check.positive("--embedding", o.embedding());
        Check.nonNegative("--clip", o.clip());
        if (o.lr() != null) Check.positive("--lr", o.lr());
        TextFormat format = switch (o.textFormat()) {
            case "tokens" -> TextFormat.TOKENS;
            case "text" -> TextFormat.CODE_POINTS;
            default -> throw new IllegalArgumentException("--text-format must be tokens (whitespace-separated symbols, the PTB"
                    + " char files) or text (every character a symbol), got '" + o.textFormat() + "'");
        };
        TbpttConfig.of(o.truncation());                                   // checks k, before anything is written
        int k2 = o.backpropSteps() == null ? o.truncation() : DataTaskRun.checkBackpropSteps(o.backpropSteps());
        Optimizer optimizer = Optimizer.create(o.optimizer(), o.lr() == null ? Double.NaN : o.lr());
        int hidden = o.hidden() == null ? TrainCommand.DEFAULT_HIDDEN : o.hidden();
        Check.positive("--hidden", hidden);
        Path[] files = splits(o.corpus());
        Corpus corpus = Corpus.read(files[0], files[1], files[2], format);
        int V = corpus.vocabulary().size();
        CorpusStreams train = new CorpusStreams(corpus.train(), o.batch(), V);
        CorpusStreams valid = new CorpusStreams(corpus.valid(), Math.min(o.batch(), corpus.valid().length / 2), V);
        CorpusStreams test = new CorpusStreams(corpus.test(), Math.min(o.batch(), corpus.test().length / 2), V);
        if ("glstm".equals(o.cell()) && o.cellOptions().gatePeriod() == null) {
            // The streams run on for the whole corpus (the step index keeps counting across segments),
            // far past any horizon: every window would close after the first few hundred steps.
            throw new IllegalArgumentException("--cell glstm on char-lm needs --gate-period P (for example the --truncation "
                    + o.truncation() + "): its step index runs over the whole corpus, and without a period every"
                    + " Gaussian window closes after the first few hundred steps");
        }
        CellConfig cell = CellRegistry.create(o.cell(), o.embedding(), hidden, o.truncation(), o.cellOptions());
        ModelConfig model = ModelConfig.classifier(cell, V).withLayers(o.layers()).withEmbedding(V, o.embedding());
        PrintStream out = System.out;
        RunFolder run = RunFolder.create(o.out(), TASK + "-" + o.cell());
        int segments = train.segments(o.truncation());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("task", TASK);
        config.put("corpus", List.of(files[0].toString(), files[1].toString(), files[2].toString()));
        config.put("text_format", o.textFormat());
        config.put("vocabulary", V);
        config.put("train_symbols", corpus.train().length);
        config.put("streams", o.batch());
        config.put("truncation", o.truncation());
        config.put("backprop_steps", k2);
        config.put("embedding", o.embedding());
        config.put("cell", o.cell());
        config.put("cell_config", cell.toString());
        config.put("cell_options", RunConfig.describe(o.cellOptions()));
        config.put("hidden", hidden);
        config.put("layers", o.layers());
        config.put("parameters", SequenceModel.parameterCount(model));
        config.put("epochs", o.epochs());
        config.put("optimizer", optimizer.toString());
        config.put("clip", o.clip());
        config.put("seed", o.seed());
        config.put("threads", o.threads());
        RunTrainer.putProvenance(config, "rnn4j train");
        out.printf(Locale.ROOT, "rnn4j train: char-lm, %d symbols, %,d training ids in %d streams | %s H=%d x%d, embedding %d"
                        + " (%,d params) | %s | truncated BPTT k=%d%s: %d updates per epoch | kernels %s, %d thread%s%n",
                V, corpus.train().length, o.batch(), o.cell(), hidden, o.layers(), o.embedding(),
                SequenceModel.parameterCount(model), optimizer, o.truncation(), k2 == o.truncation() ? "" : ", k2=" + k2, segments, Kernels.implementationName(),
                o.threads(), o.threads() == 1 ? "" : "s");
        out.println("run folder: " + run.path());
        StringBuilder csv = new StringBuilder("epoch,updates,learning_rate,train_bpc,valid_bpc,test_bpc,seconds\n");
        EpochTrainer.Result result;
        try (SequenceModel m = new SequenceModel(model, Trainer.initRandom(o.seed()), o.threads());
             MetricsLog metrics = new MetricsLog(run.file("metrics.csv"), run.file("metrics.jsonl"), 50, m)) {
            run.writeText("config.json", Format.json(config));
            ProgressBar bar = o.noProgress() ? null
                    : new ProgressBar(out, "", (long) o.epochs() * segments, Math.log(V), Terminal.interactive());
            EpochTrainer.Listener listener = new EpochTrainer.Listener() {
                @Override
                public void onStep(StepMetrics s) {
                    metrics.onStep(s);
                    if (bar != null) bar.onStep(s);
                }

                @Override
                public void onEpoch(EpochTrainer.EpochResult r) {
                    out.printf(Locale.ROOT, "epoch %d/%d: lr %.3g, train bpc %.4f | valid bpc %.4f | test bpc %.4f | %s%n",
                            r.epoch(), o.epochs(), r.learningRate(), bpc(r.trainLoss()), bpc(r.valid().loss()),
                            bpc(r.test().loss()), Format.duration(Math.round(r.seconds())));
                    csv.append(String.format(Locale.ROOT, "%d,%d,%s,%.6f,%.6f,%.6f,%.3f%n", r.epoch(), r.updates(),
                            Double.toString(r.learningRate()), bpc(r.trainLoss()), bpc(r.valid().loss()),
                            bpc(r.test().loss()), r.seconds()));
                }
            };
            // each fold is read whole (all its streams at once), each epoch from a zero state
            EpochTrainer trainer = new EpochTrainer(m, optimizer, new CorpusEpochs(train, valid, test), o.batch(), o.batch(),
                    o.clip(), List.of(listener)).policy(o.policy()).truncation(o.truncation(), k2);
            result = RunTrainer.runEpochs(trainer, o.epochs(), m, run, csv);
        }
        EpochTrainer.EpochResult best = result.best();
        Map<String, Object> summary = RunTrainer.epochSummary(result);
        summary.put("best_valid_bpc", bpc(best.valid().loss()));
        summary.put("test_bpc_at_best_valid", bpc(best.test().loss()));
        run.writeText("summary.json", Format.json(summary));
        out.printf(Locale.ROOT, "done: best validation at epoch %d: valid %.4f bpc, test %.4f bpc.%n", best.epoch(),
                bpc(best.valid().loss()), bpc(best.test().loss()));
        return 0;
    }

    private static double bpc(double nats) {
        return Corpus.bitsPerCharacter(nats);
    }
}
