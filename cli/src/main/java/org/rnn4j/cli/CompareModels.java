package org.rnn4j.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The models {@code rnn4j compare} trains: named presets and single cells ({@code --models
 * classic,lstm}). A preset entry is a label and the cell part of an {@code rnn4j train} command
 * line, so it reads as what it trains and takes every cell option {@code train} knows:
 * <pre>
 *   model("LSTM", "lstm --peepholes --forget-bias 1")            sized to the comparison's --params
 *   model("NRU",  "nru --hidden 80 ...")                          a fixed hidden size
 *   model("LSTM-chrono", "lstm --chrono {seq} ...")              {seq}: the task's sequence length
 * </pre>
 */
final class CompareModels {
    private CompareModels() {}

    /** A preset line: a label and {@code train} flags (cell name first). */
    record Preset(String label, String flags) {}

    private static Preset model(String label, String flags) {
        return new Preset(label, flags);
    }

    /** The presets, by name. To add a model, add a line; to add a preset, add an entry. */
    private static final Map<String, List<Preset>> PRESETS = new TreeMap<>(Map.of(
            "classic", List.of(
                    model("LSTM", "lstm --peepholes --forget-bias 1"),
                    model("GRU", "gru"),
                    model("JANET", "janet"),
                    model("RNN-orth", "rnn --activation relu --layer-norm --recurrent-init orthogonal"),
                    model("RNN-id", "rnn --activation relu --layer-norm --recurrent-init identity")),
            // The ten models of the NRU paper's copy/denoise comparison (Chandar et al. 2019;
            // nru-chrono.md §1.5, §1.6): sizes from the authors' configs where they fix them, the
            // rest matched to --params (23.5k). Chrono's T_max is the sequence length, as the
            // authors' training scripts pass it (copy T + 2L, denoise T + L + 1), drawn as integers.
            // Tallec & Ollivier 2018's synthetic comparison (nru-chrono.md §2.3): single-layer
            // LSTMs of 128 units, the constant forget bias 1 against chrono with T_max = the
            // sequence length (the paper's choice for adding and variable copy; for copy it used 3T/2).
            "chrono", List.of(
                    model("LSTM-constant-1", "lstm --hidden 128 --forget-bias 1"),
                    model("LSTM-chrono", "lstm --hidden 128 --chrono {seq}")),
            // The fast saturating gate (Ohno, Kanai & Ida 2023; timescale-and-anchors.md §A.5) against
            // the sigmoid forget gate: LSTM-128, forget bias 1 (mapped through asinh for the fast gate,
            // as the reference code does), so both start from the same gates.
            "fast-gate", List.of(
                    model("LSTM-sigmoid", "lstm --hidden 128 --forget-bias 1"),
                    model("LSTM-fast", "lstm --hidden 128 --forget-bias 1 --forget-gate fast")),
            // The g-LSTM's claims (Thornton et al. 2019, glstm-kaf-aux.md §1; issue 7): learns long
            // sequences sooner than the LSTM, learns its gates from a poor start, needs fewer updates
            // under the compute budget, and converges sooner with the temporal curriculum (double:3 =
            // T/8, T/4, T/2, T). Each gate variant in steps and with time unit T ({seq}: μ, σ in
            // fractions of the sequence, which Adam can move across it). H = 64 for all; λ = 0.5, the
            // time units and the curriculum are rnn4j's choices (the paper's were not retrieved).
            "glstm", List.of(
                    model("LSTM", "lstm --hidden 64"),
                    model("g-LSTM", "glstm --hidden 64"),
                    model("g-LSTM-unit-T", "glstm --hidden 64 --gate-time-unit {seq}"),
                    model("g-LSTM-poor-init", "glstm --hidden 64 --centre-init zero --width-init 0.001"),
                    model("g-LSTM-poor-init-unit-T", "glstm --hidden 64 --centre-init zero --width-init 0.001 --gate-time-unit {seq}"),
                    model("g-LSTM-budget-unit-T", "glstm --hidden 64 --gate-time-unit {seq} --budget-lambda 0.5"),
                    model("g-LSTM-curriculum-unit-T", "glstm --hidden 64 --gate-time-unit {seq} --curriculum double:3"),
                    model("LSTM-curriculum", "lstm --hidden 64 --curriculum double:3")),
            // Learning the g-LSTM's gates from poor starts (issue 7): every centre at 0, narrow
            // windows (σ = 0.01·T), and both, against the spread start; in steps and with time unit T.
            "glstm-init", List.of(
                    model("g-LSTM-unit-T", "glstm --hidden 64 --gate-time-unit {seq}"),
                    model("centres-0", "glstm --hidden 64 --centre-init zero"),
                    model("centres-0-unit-T", "glstm --hidden 64 --centre-init zero --gate-time-unit {seq}"),
                    model("narrow-unit-T", "glstm --hidden 64 --width-init 0.01 --gate-time-unit {seq}"),
                    model("centres-0-narrow-unit-T", "glstm --hidden 64 --centre-init zero --width-init 0.01 --gate-time-unit {seq}")),
            "nru-paper", List.of(
                    model("NRU", "nru --hidden 80 --memory 64 --heads 4"),
                    model("LSTM", "lstm --peepholes --forget-bias 1"),
                    model("LSTM-chrono", "lstm --peepholes --chrono {seq} --chrono-sampling integer"),
                    model("GRU", "gru --reset-after false"),
                    model("JANET", "janet --chrono {seq} --chrono-sampling integer"),
                    model("SRU", "sru --hidden 60 --sru-phi 55 --sru-r 16"),
                    model("RNN-orth", "rnn --activation relu --layer-norm --recurrent-init orthogonal"),
                    model("RNN-id", "rnn --activation relu --layer-norm --recurrent-init identity"),
                    model("EURNN", "eurnn --hidden 197 --capacity 197"),
                    model("GORU", "goru --capacity 2"))));

    /** {@code train} options that belong to the whole comparison, so a preset may not set them. */
    private static final Set<String> RUN_OPTIONS = Set.of("--lag", "--length", "--layers", "--steps",
            "--batch", "--optimizer", "--lr", "--clip", "--seed", "--threads", "--out", "--no-progress", "--params",
            "--help", "--version");

    /** The {@code train} options a model may carry besides its cell's own. */
    private static final Set<String> MODEL_OPTIONS = Set.of("--task", "--cell", "--hidden", "--curriculum", "--curriculum-steps");

    /**
     * One model of a comparison.
     *
     * @param label   its name in tables, figures and its run folder's name
     * @param cell    a name from {@link CellRegistry#names()}
     * @param options its cell options
     * @param hidden  a fixed hidden size H, or empty: H matched to the comparison's parameter budget
     * @param flags   the cell, its options (and --hidden) as {@code rnn4j train} flags, for tables
     * @param curriculum      its {@code --curriculum} spec, or null (see {@link CurriculumPlan})
     * @param curriculumSteps its {@code --curriculum-steps}, or null
     */
    record Entry(String label, String cell, CellRegistry.CellOptions options, OptionalInt hidden, String flags,
                 String curriculum, Integer curriculumSteps) {

        Entry {
            if (label == null || label.isBlank()) throw new IllegalArgumentException("a model label must not be blank");
        }

        /** Parses {@code flags}: a cell name, then any cell options of {@code rnn4j train} and {@code --hidden}. */
        static Entry parse(String label, String flags) {
            String[] words = flags.strip().split("\\s+");
            List<String> args = new ArrayList<>(List.of("--task", "-", "--cell", words[0]));
            args.addAll(List.of(words).subList(1, words.length));
            TrainCommand t = new TrainCommand();
            CommandLine.ParseResult parsed;
            try {
                parsed = new CommandLine(t).parseArgs(args.toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                throw new IllegalArgumentException("model '" + label + "' (" + flags + "): " + e.getMessage());
            }
            for (OptionSpec o : parsed.matchedOptions()) {
                if (RUN_OPTIONS.contains(o.longestName())) {
                    throw new IllegalArgumentException("model '" + label + "' (" + flags + "): " + o.longestName()
                            + " applies to the whole comparison, not to one model");
                }
                if (!MODEL_OPTIONS.contains(o.longestName()) && !CellRegistry.isCellOption(o.longestName())) {
                    throw new IllegalArgumentException("model '" + label + "' (" + flags + "): " + o.longestName()
                            + " does not apply to a model of a comparison; a model takes its cell's options, --hidden and"
                            + " --curriculum, --curriculum-steps");
                }
            }
            if (!CellRegistry.names().contains(t.cell)) {
                throw new IllegalArgumentException("model '" + label + "': unknown cell '" + t.cell + "'; known cells: "
                        + String.join(", ", CellRegistry.names()));
            }
            return new Entry(label, t.cell, t.cellOptions(),
                    t.hidden == null ? OptionalInt.empty() : OptionalInt.of(t.hidden), String.join(" ", words),
                    t.curriculum, t.curriculumSteps);
        }

        /** The run folder's name: the label in lower case, anything but letters, digits, '.', '_' and '-' as '-'. */
        String folderName() {
            return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
        }
    }

    /** Preset names, sorted. */
    static List<String> presetNames() {
        return List.copyOf(PRESETS.keySet());
    }

    /**
     * The models of {@code --models}: a comma-separated list of preset names and cell names (a cell
     * name alone is that cell with its default options, sized to the budget), in order.
     *
     * @throws IllegalArgumentException for an unknown name (listing presets and cells) or two
     *                                  models with the same run folder name
     */
    static List<Entry> resolve(String models) {
        return resolve(models, 0);
    }

    /**
     * {@link #resolve(String)} for a task whose sequences have {@code sequenceLength} steps, which
     * replaces {@code {seq}} in preset flags (0 = unknown: {@code {seq}} becomes 100, for checks
     * that do not depend on it).
     */
    static List<Entry> resolve(String models, int sequenceLength) {
        String seq = Integer.toString(sequenceLength > 0 ? sequenceLength : 100);
        List<Entry> entries = new ArrayList<>();
        for (String token : models.split(",", -1)) {
            String name = token.strip();
            if (PRESETS.containsKey(name)) {
                for (Preset p : PRESETS.get(name)) entries.add(Entry.parse(p.label(), p.flags().replace("{seq}", seq)));
            } else if (CellRegistry.names().contains(name)) {
                entries.add(Entry.parse(name, name));
            } else {
                throw new IllegalArgumentException("unknown model '" + name + "' in --models; presets: "
                        + String.join(", ", presetNames()) + "; cells: " + String.join(", ", CellRegistry.names()));
            }
        }
        Set<String> folders = new HashSet<>();
        for (Entry e : entries) {
            if (!folders.add(e.folderName())) {
                throw new IllegalArgumentException("--models names model '" + e.label() + "' twice (run folder '"
                        + e.folderName() + "')");
            }
        }
        return entries;
    }
}
