package org.rnn4j.cli;

import java.util.List;
import org.rnn4j.kernel.Kaf;
import org.rnn4j.cell.KafGate;
import org.rnn4j.cell.CellConfig;
import org.rnn4j.cell.ElmanConfig;
import org.rnn4j.cell.EurnnConfig;
import org.rnn4j.cell.GateFunction;
import org.rnn4j.cell.GatedRnnConfig;
import org.rnn4j.cell.GaussianLstmConfig;
import org.rnn4j.cell.GoruConfig;
import org.rnn4j.cell.GruConfig;
import org.rnn4j.cell.JanetConfig;
import org.rnn4j.cell.LeakyRnnConfig;
import org.rnn4j.cell.LstmConfig;
import org.rnn4j.cell.NruConfig;
import org.rnn4j.cell.PhasedLstmConfig;
import org.rnn4j.cell.SruConfig;
import org.rnn4j.data.Check;
import org.rnn4j.param.Init;
import org.rnn4j.param.TimeScales;

/** Maps the CLI's cell names to cell configurations. */
final class CellRegistry {
    private CellRegistry() {}

    /**
     * Cell-specific knobs the CLI exposes; null = the cell's default. Each component is named after
     * its option ({@code forgetBias} ↔ {@code --forget-bias}): run folders save them and
     * {@code analyze} copies them by that rule.
     */
    record CellOptions(Boolean peepholes, Double forgetBias, String activation, String recurrentInit,
                       Boolean layerNorm, Double beta, Double chrono, String chronoSampling, Boolean resetAfter,
                       Integer sruPhi, Integer sruR, String sruAlphas, Integer capacity,
                       String preset, Integer memory, Integer heads, Integer writeHeads, Integer eraseHeads,
                       String headInputs, String reduction, String outerProduct, Boolean nruRelu, Double normP,
                       Double normEps, String forgetGate, String timescales, String timescaleMap, Boolean freezeGateBias,
                       Double periodMin, Double periodMax, Double shiftMax, Double openRatio, Double leak,
                       Boolean leakAtEvaluation, Boolean freezePeriod, Boolean freezeShift, Boolean freezeOpenRatio,
                       Double horizon, String centreInit, Double widthInit, String gateDenominator, Double gatePeriod,
                       Double budgetLambda, Double updateThreshold, Double gateTimeUnit, String kafGates, Integer kafSize,
                       Double kafBoundary, Double kafGamma, String kafKernel, String kafInit, Double kafStd, String kafMix) {
        static CellOptions none() {
            return new CellOptions(null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null);
        }
    }

    /** Known names, sorted. */
    static List<String> names() {
        return List.of("eurnn", "gated", "glstm", "goru", "gru", "janet", "leaky", "lstm", "nru", "plstm", "rnn", "sru");
    }

    /**
     * The configuration of cell {@code name}; unknown names and options that do not apply fail.
     * {@code steps} is the length T of the run's sequences (the g-LSTM's default {@code --horizon}).
     */
    static CellConfig create(String name, int inputSize, int hidden, int steps, CellOptions o) {
        return switch (name) {
            case "lstm" -> {
                only(name, o, kafOptions("peepholes", "forget-bias", "chrono", "chrono-sampling", "forget-gate", TIMESCALES, TIMESCALE_MAP, FREEZE));
                if (o.forgetBias() != null && o.chrono() != null) {
                    throw new IllegalArgumentException("--chrono and --forget-bias both set the forget bias; give one");
                }
                if (o.forgetBias() != null && o.timescales() != null) {
                    throw new IllegalArgumentException("--timescales and --forget-bias both set the forget bias; give one");
                }
                LstmConfig c = LstmConfig.of(inputSize, hidden);
                if (o.peepholes() != null) c = c.withPeepholes(o.peepholes());
                if (o.forgetBias() != null) c = c.withForgetBias(o.forgetBias());
                Init.Chrono chrono = chrono(o);
                if (chrono != null) c = c.withChrono(chrono.tMax(), chrono.sampling());
                if (o.forgetGate() != null) c = c.withForgetGate(forgetGate(o));
                KafChoice kaf = kaf(o, List.of(GATES_OF.get(name)));
                if (kaf != null) c = kafSetting("--kaf-gates", c, kaf, (cc, kc) -> cc.withKafGates(kc.gates(), kc.kaf()));
                TimeScales scales = timeScales(o, hidden);
                if (scales != null) c = c.withTimeScales(scales);
                yield c;
            }
            case "gru" -> {
                only(name, o, kafOptions("reset-after", "chrono", "chrono-sampling", "forget-gate", TIMESCALES, TIMESCALE_MAP, FREEZE));
                GruConfig c = GruConfig.of(inputSize, hidden);
                if (o.resetAfter() != null) c = c.withResetAfter(o.resetAfter());
                Init.Chrono chrono = chrono(o);
                if (chrono != null) c = c.withChrono(chrono.tMax(), chrono.sampling());
                if (o.forgetGate() != null) c = c.withForgetGate(forgetGate(o));
                KafChoice kaf = kaf(o, List.of(GATES_OF.get(name)));
                if (kaf != null) c = kafSetting("--kaf-gates", c, kaf, (cc, kc) -> cc.withKafGates(kc.gates(), kc.kaf()));
                TimeScales scales = timeScales(o, hidden);
                if (scales != null) c = c.withTimeScales(scales);
                yield c;
            }
            case "rnn" -> {
                only(name, o, "activation", "recurrent-init", "layer-norm");
                ElmanConfig c = ElmanConfig.of(inputSize, hidden);
                if (o.activation() != null) c = c.withActivation(parse("--activation", o.activation(), ElmanConfig.Activation.class));
                if (o.recurrentInit() != null) {
                    c = c.withRecurrentInit(parse("--recurrent-init", o.recurrentInit(), ElmanConfig.RecurrentInit.class));
                }
                if (o.layerNorm() != null) c = c.withLayerNorm(o.layerNorm());
                yield c;
            }
            case "janet" -> {
                only(name, o, kafOptions("beta", "chrono", "chrono-sampling", "forget-gate", TIMESCALES, TIMESCALE_MAP, FREEZE));
                JanetConfig c = JanetConfig.of(inputSize, hidden);
                if (o.beta() != null) c = c.withBeta(o.beta());
                Init.Chrono chrono = chrono(o);
                if (chrono != null) c = c.withChrono(chrono.tMax(), chrono.sampling());
                if (o.forgetGate() != null) c = c.withForgetGate(forgetGate(o));
                KafChoice kaf = kaf(o, List.of(GATES_OF.get(name)));
                if (kaf != null) c = kafSetting("--kaf-gates", c, kaf, (cc, kc) -> cc.withKafGates(kc.gates(), kc.kaf()));
                TimeScales scales = timeScales(o, hidden);
                if (scales != null) c = c.withTimeScales(scales);
                yield c;
            }
            case "leaky" -> {                                  // --chrono sets the leak logit a = −log T (--timescales: −b)
                only(name, o, "chrono", "chrono-sampling", TIMESCALES, TIMESCALE_MAP, FREEZE);
                LeakyRnnConfig c = LeakyRnnConfig.of(inputSize, hidden);
                Init.Chrono chrono = chrono(o);
                if (chrono != null) c = c.withChrono(chrono.tMax(), chrono.sampling());
                TimeScales scales = timeScales(o, hidden);
                if (scales != null) c = c.withTimeScales(scales);
                yield c;
            }
            case "gated" -> {                                  // --chrono sets the gate bias b_g = −log T (--timescales: −b)
                only(name, o, "chrono", "chrono-sampling", TIMESCALES, TIMESCALE_MAP, FREEZE);
                GatedRnnConfig c = GatedRnnConfig.of(inputSize, hidden);
                Init.Chrono chrono = chrono(o);
                if (chrono != null) c = c.withChrono(chrono.tMax(), chrono.sampling());
                TimeScales scales = timeScales(o, hidden);
                if (scales != null) c = c.withTimeScales(scales);
                yield c;
            }
            case "eurnn" -> {
                only(name, o, "capacity");
                EurnnConfig c = EurnnConfig.of(inputSize, hidden);
                if (o.capacity() != null) c = c.withCapacity(o.capacity());
                yield c;
            }
            case "goru" -> {
                only(name, o, "capacity");
                GoruConfig c = GoruConfig.of(inputSize, hidden);
                if (o.capacity() != null) c = c.withCapacity(o.capacity());
                yield c;
            }
            case "sru" -> {
                only(name, o, "sru-phi", "sru-r", "sru-alphas");
                SruConfig c = SruConfig.of(inputSize, hidden);
                if (o.sruPhi() != null) c = c.withPhiSize(Check.positive("--sru-phi", o.sruPhi()));
                if (o.sruR() != null) c = c.withRSize(Check.positive("--sru-r", o.sruR()));
                if (o.sruAlphas() != null) {
                    double[] alphas = numbers("--sru-alphas", o.sruAlphas());
                    try {
                        c = c.withAlphas(alphas);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("--sru-alphas: " + e.getMessage(), e);
                    }
                }
                yield c;
            }
            case "nru" -> {
                only(name, o, "layer-norm", "preset", "memory", "heads", "write-heads", "erase-heads", "head-inputs",
                        "reduction", "outer-product", "nru-relu", "norm-p", "norm-eps");
                yield nru(inputSize, hidden, o);
            }
            case "plstm" -> {
                only(name, o, "period-min", "period-max", "shift-max", "open-ratio", "leak", "leak-at-evaluation",
                        "freeze-period", "freeze-shift", "freeze-open-ratio", "update-threshold");
                yield phased(inputSize, hidden, o);
            }
            case "glstm" -> {
                only(name, o, "horizon", "centre-init", "width-init", "gate-denominator", "gate-period", "budget-lambda",
                        "update-threshold", "gate-time-unit");
                yield gaussian(inputSize, hidden, steps, o);
            }
            default -> throw new IllegalArgumentException("unknown cell '" + name + "'; known cells: "
                    + String.join(", ", names()));
        };
    }

    /** The Phased LSTM from the authors' defaults plus the options given. */
    private static PhasedLstmConfig phased(int inputSize, int hidden, CellOptions o) {
        PhasedLstmConfig c = PhasedLstmConfig.of(inputSize, hidden);
        try {
            if (o.periodMin() != null || o.periodMax() != null) {
                c = c.withPeriods(o.periodMin() == null ? c.periodMin() : o.periodMin(),
                        o.periodMax() == null ? c.periodMax() : o.periodMax());
            }
            if (o.shiftMax() != null) c = c.withShiftMax(o.shiftMax());
            if (o.openRatio() != null) c = c.withOpenRatio(o.openRatio());
            if (o.leak() != null || o.leakAtEvaluation() != null) {
                c = c.withLeak(o.leak() == null ? c.leak() : o.leak(), Boolean.TRUE.equals(o.leakAtEvaluation()));
            }
            if (o.updateThreshold() != null) c = c.withUpdateThreshold(o.updateThreshold());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("plstm: " + e.getMessage().replace("periodMin", "--period-min")
                    .replace("periodMax", "--period-max").replace("shiftMax", "--shift-max")
                    .replace("openRatio", "--open-ratio").replace("leak α", "--leak α")
                    .replace("updateThreshold ε", "--update-threshold ε"), e);
        }
        return c.withFrozen(Boolean.TRUE.equals(o.freezePeriod()), Boolean.TRUE.equals(o.freezeShift()),
                Boolean.TRUE.equals(o.freezeOpenRatio()));
    }

    /** The g-LSTM from rnn4j's defaults for sequences of {@code steps} plus the options given. */
    private static GaussianLstmConfig gaussian(int inputSize, int hidden, int steps, CellOptions o) {
        GaussianLstmConfig.Centres centres = o.centreInit() == null ? null
                : parse("--centre-init", o.centreInit(), GaussianLstmConfig.Centres.class);
        GaussianLstmConfig.Denominator denominator = o.gateDenominator() == null ? null
                : parse("--gate-denominator", o.gateDenominator(), GaussianLstmConfig.Denominator.class);
        try {
            GaussianLstmConfig c = GaussianLstmConfig.of(inputSize, hidden, o.horizon() == null ? steps : o.horizon());
            if (centres != null) c = c.withCentres(centres);
            if (o.widthInit() != null) c = c.withWidthInit(o.widthInit());
            if (denominator != null) c = c.withDenominator(denominator);
            if (o.gatePeriod() != null) c = c.withPeriod(o.gatePeriod());
            if (o.budgetLambda() != null) c = c.withBudgetLambda(o.budgetLambda());
            if (o.updateThreshold() != null) c = c.withUpdateThreshold(o.updateThreshold());
            if (o.gateTimeUnit() != null) c = c.withTimeUnit(o.gateTimeUnit());
            return c;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("glstm: " + e.getMessage().replace("horizon T", "--horizon T")
                    .replace("widthInit", "--width-init").replace("period τ", "--gate-period τ")
                    .replace("budgetLambda λ", "--budget-lambda λ").replace("updateThreshold ε", "--update-threshold ε")
                    .replace("timeUnit U", "--gate-time-unit U"), e);
        }
    }

    private static final String TIMESCALES = "timescales", TIMESCALE_MAP = "timescale-map", FREEZE = "freeze-gate-bias";

    /** The accepted forms of {@code --timescales}, for help and errors. */
    static final String TIMESCALE_FORMS = "const:T, loguniform:TMIN,TMAX or invgamma:A,SCALE[,interior|include-one]";

    /**
     * The time-scale initialisation asked for ({@code --timescales}, {@code --timescale-map},
     * {@code --freeze-gate-bias}), or null; the last two alone, or {@code --timescales} with
     * {@code --chrono}, are errors.
     */
    private static TimeScales timeScales(CellOptions o, int hidden) {
        if (o.timescales() == null) {
            if (o.timescaleMap() != null) throw new IllegalArgumentException("--timescale-map needs --timescales");
            if (o.freezeGateBias() != null) throw new IllegalArgumentException("--freeze-gate-bias needs --timescales");
            return null;
        }
        if (o.chrono() != null) throw new IllegalArgumentException("--timescales and --chrono both set the gate biases; give one");
        TimeScales.Mapping mapping = o.timescaleMap() == null ? TimeScales.Mapping.EXACT
                : parse("--timescale-map", o.timescaleMap(), TimeScales.Mapping.class);
        TimeScales.Law law = law(o.timescales());
        try {
            TimeScales scales = new TimeScales(law, mapping, Boolean.TRUE.equals(o.freezeGateBias()));
            if (law instanceof TimeScales.InverseGamma) scales.biases(hidden, null);  // deterministic: fails now, not at init
            return scales;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--timescales " + o.timescales() + ": " + e.getMessage()
                    .replace("the EXACT mapping", "--timescale-map exact").replace("need freeze", "need --freeze-gate-bias"), e);
        }
    }

    /** The law of {@code --timescales}: one of {@link #TIMESCALE_FORMS}. */
    private static TimeScales.Law law(String spec) {
        String bad = "--timescales must be " + TIMESCALE_FORMS + ", got '" + spec + "'";
        int colon = spec.indexOf(':');
        if (colon < 0) throw new IllegalArgumentException(bad);
        String kind = spec.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
        String[] args = spec.substring(colon + 1).split(",", -1);
        try {
            switch (kind) {
                case "const" -> {
                    if (args.length == 1) return new TimeScales.Constant(number(args[0], bad));
                }
                case "loguniform" -> {
                    if (args.length == 2) return new TimeScales.LogUniform(number(args[0], bad), number(args[1], bad));
                }
                case "invgamma" -> {
                    if (args.length == 2 || args.length == 3) {
                        TimeScales.InverseGamma.Quantiles q = args.length == 2 ? TimeScales.InverseGamma.Quantiles.INTERIOR
                                : parse("--timescales' invgamma grid", args[2].trim(), TimeScales.InverseGamma.Quantiles.class);
                        return new TimeScales.InverseGamma(number(args[0], bad), number(args[1], bad), q);
                    }
                }
                default -> { }
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith("--timescales")) throw e;
            throw new IllegalArgumentException("--timescales " + spec + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(bad);
    }

    private static double number(String text, String bad) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(bad);
        }
    }

    /** The chrono initialisation asked for, or null; {@code --chrono-sampling} alone is an error. */
    private static Init.Chrono chrono(CellOptions o) {
        if (o.chrono() == null) {
            if (o.chronoSampling() != null) throw new IllegalArgumentException("--chrono-sampling needs --chrono TMAX");
            return null;
        }
        Init.Chrono.Sampling sampling = o.chronoSampling() == null ? Init.Chrono.Sampling.CONTINUOUS
                : parse("--chrono-sampling", o.chronoSampling(), Init.Chrono.Sampling.class);
        try {
            return new Init.Chrono(o.chrono(), sampling);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--chrono: " + e.getMessage(), e);
        }
    }

    /** The KAF options (lstm, gru, janet), added to a cell's allowed ones. */
    private static final String[] KAF = {"kaf-gates", "kaf-size", "kaf-boundary", "kaf-gamma", "kaf-kernel", "kaf-init",
            "kaf-std", "kaf-mix"};
    /** The gates each cell lets be KAF gates, as {@code --kaf-gates} names them. */
    private static final java.util.Map<String, String[]> GATES_OF = java.util.Map.of(
            "lstm", new String[] {"i", "f", "o"}, "gru", new String[] {"r", "z"}, "janet", new String[] {"f"});

    private static String[] kafOptions(String... others) {
        String[] all = java.util.Arrays.copyOf(others, others.length + KAF.length);
        System.arraycopy(KAF, 0, all, others.length, KAF.length);
        return all;
    }

    record KafChoice(List<String> gates, KafGate kaf) {}

    /**
     * {@code --kaf-gates LIST} and its settings (lstm, gru, janet), or null without them; a setting
     * without {@code --kaf-gates} is an error.
     */
    private static KafChoice kaf(CellOptions o, List<String> allowed) {
        if (o.kafGates() == null) {
            Object[] given = {o.kafSize(), o.kafBoundary(), o.kafGamma(), o.kafKernel(), o.kafInit(), o.kafStd(), o.kafMix()};
            for (int i = 0; i < given.length; i++) {
                if (given[i] != null) throw new IllegalArgumentException("--" + KAF[i + 1] + " needs --kaf-gates LIST");
            }
            return null;
        }
        List<String> gates = new java.util.ArrayList<>();
        for (String g : o.kafGates().split(",", -1)) {
            String n = g.trim().toLowerCase(java.util.Locale.ROOT);
            if (!allowed.contains(n) || gates.contains(n)) {
                throw new IllegalArgumentException("--kaf-gates must be a comma-separated list of distinct gates among "
                        + String.join(", ", allowed) + ", got '" + o.kafGates() + "'");
            }
            gates.add(n);
        }
        KafGate k = KafGate.of();
        if (o.kafSize() != null) k = kafSetting("--kaf-size", k, o.kafSize(), KafGate::withSize);
        if (o.kafBoundary() != null) k = kafSetting("--kaf-boundary", k, o.kafBoundary(), KafGate::withBoundary);
        if (o.kafGamma() != null) k = kafSetting("--kaf-gamma", k, o.kafGamma(), KafGate::withGamma);
        if (o.kafStd() != null) k = kafSetting("--kaf-std", k, o.kafStd(), KafGate::withStd);
        if (o.kafMix() != null) {
            double[] m = numbers("--kaf-mix", o.kafMix());
            if (m.length != 2) throw new IllegalArgumentException("--kaf-mix must be two numbers A,B, got '" + o.kafMix() + "'");
            k = kafSetting("--kaf-mix", k, m, (c, v) -> c.withMix(v[0], v[1]));
        }
        KafGate.AlphaInit init = o.kafInit() == null ? k.init() : parse("--kaf-init", o.kafInit(), KafGate.AlphaInit.class);
        Kaf.Kernel kernel = o.kafKernel() == null ? k.kernel() : parse("--kaf-kernel", o.kafKernel(), Kaf.Kernel.class);
        if (o.kafStd() != null && init != KafGate.AlphaInit.NORMAL) {
            throw new IllegalArgumentException("--kaf-std sets the spread of --kaf-init normal; the ridge initialisation"
                    + " (the default) draws nothing: add --kaf-init normal or drop --kaf-std");
        }
        if (kernel == Kaf.Kernel.RELU && init == KafGate.AlphaInit.RIDGE) {
            throw new IllegalArgumentException("--kaf-kernel relu needs --kaf-init normal: ridge initialisation is singular"
                    + " with the relu kernel");
        }
        k = k.withInit(KafGate.AlphaInit.NORMAL).withKernel(kernel).withInit(init);
        return new KafChoice(gates, k);
    }

    /** {@code set.apply(k, value)}, its validation error prefixed by {@code flag}. */
    private static <C, V> C kafSetting(String flag, C k, V value, java.util.function.BiFunction<C, V, C> set) {
        try {
            return set.apply(k, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage(), e);
        }
    }

    /** {@code --forget-gate sigmoid|fast} (lstm, gru, janet). */
    private static GateFunction forgetGate(CellOptions o) {
        return parse("--forget-gate", o.forgetGate(), GateFunction.class);
    }

    /** A comma-separated list of numbers, e.g. {@code 0,0.5,0.9}. */
    private static double[] numbers(String option, String list) {
        String[] parts = list.split(",", -1);
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be a comma-separated list of numbers, got '" + list + "'");
            }
        }
        return v;
    }

    private static void only(String cell, CellOptions o, String... allowed) {
        List<String> ok = List.of(allowed);
        check(cell, ok, "peepholes", o.peepholes());
        check(cell, ok, "kaf-gates", o.kafGates());
        check(cell, ok, "kaf-size", o.kafSize());
        check(cell, ok, "kaf-boundary", o.kafBoundary());
        check(cell, ok, "kaf-gamma", o.kafGamma());
        check(cell, ok, "kaf-kernel", o.kafKernel());
        check(cell, ok, "kaf-init", o.kafInit());
        check(cell, ok, "kaf-std", o.kafStd());
        check(cell, ok, "kaf-mix", o.kafMix());
        check(cell, ok, "forget-bias", o.forgetBias());
        check(cell, ok, "activation", o.activation());
        check(cell, ok, "recurrent-init", o.recurrentInit());
        check(cell, ok, "layer-norm", o.layerNorm());
        check(cell, ok, "beta", o.beta());
        check(cell, ok, "chrono", o.chrono());
        check(cell, ok, "chrono-sampling", o.chronoSampling());
        check(cell, ok, "reset-after", o.resetAfter());
        check(cell, ok, "sru-phi", o.sruPhi());
        check(cell, ok, "sru-r", o.sruR());
        check(cell, ok, "sru-alphas", o.sruAlphas());
        check(cell, ok, "capacity", o.capacity());
        check(cell, ok, "preset", o.preset());
        check(cell, ok, "memory", o.memory());
        check(cell, ok, "heads", o.heads());
        check(cell, ok, "write-heads", o.writeHeads());
        check(cell, ok, "erase-heads", o.eraseHeads());
        check(cell, ok, "head-inputs", o.headInputs());
        check(cell, ok, "reduction", o.reduction());
        check(cell, ok, "outer-product", o.outerProduct());
        check(cell, ok, "nru-relu", o.nruRelu());
        check(cell, ok, "norm-p", o.normP());
        check(cell, ok, "norm-eps", o.normEps());
        check(cell, ok, "forget-gate", o.forgetGate());
        check(cell, ok, TIMESCALES, o.timescales());
        check(cell, ok, TIMESCALE_MAP, o.timescaleMap());
        check(cell, ok, FREEZE, o.freezeGateBias());
        check(cell, ok, "period-min", o.periodMin());
        check(cell, ok, "period-max", o.periodMax());
        check(cell, ok, "shift-max", o.shiftMax());
        check(cell, ok, "open-ratio", o.openRatio());
        check(cell, ok, "leak", o.leak());
        check(cell, ok, "leak-at-evaluation", o.leakAtEvaluation());
        check(cell, ok, "freeze-period", o.freezePeriod());
        check(cell, ok, "freeze-shift", o.freezeShift());
        check(cell, ok, "freeze-open-ratio", o.freezeOpenRatio());
        check(cell, ok, "horizon", o.horizon());
        check(cell, ok, "centre-init", o.centreInit());
        check(cell, ok, "width-init", o.widthInit());
        check(cell, ok, "gate-denominator", o.gateDenominator());
        check(cell, ok, "gate-period", o.gatePeriod());
        check(cell, ok, "budget-lambda", o.budgetLambda());
        check(cell, ok, "update-threshold", o.updateThreshold());
        check(cell, ok, "gate-time-unit", o.gateTimeUnit());
    }

    /** The NRU from a preset plus overrides; sizes that cannot work fail with NruConfig's message. */
    static NruConfig nru(int inputSize, int hidden, CellOptions n) {
        Boolean layerNorm = n.layerNorm();
        NruConfig.Preset preset = n.preset() == null ? NruConfig.Preset.REFERENCE : parse("--preset", n.preset(), NruConfig.Preset.class);
        int memory = n.memory() == null ? NruConfig.DEFAULT_MEMORY : n.memory();
        int heads = n.heads() == null ? NruConfig.DEFAULT_HEADS : n.heads();
        if (memory < 1) throw new IllegalArgumentException("--memory must be >= 1, got " + memory);
        if (heads < 1) throw new IllegalArgumentException("--heads must be >= 1, got " + heads);
        int k1 = n.writeHeads() == null ? heads : n.writeHeads(), k2 = n.eraseHeads() == null ? heads : n.eraseHeads();
        if (k1 < 1) throw new IllegalArgumentException("--write-heads must be >= 1, got " + k1);
        if (k2 < 1) throw new IllegalArgumentException("--erase-heads must be >= 1, got " + k2);
        NruConfig base = NruConfig.preset(preset, inputSize, hidden, 4, 4);   // sizes checked once, below
        NruConfig.HeadInputs in = n.headInputs() == null ? base.headInputs() : parse("--head-inputs", n.headInputs(), NruConfig.HeadInputs.class);
        NruConfig.Reduction red = n.reduction() == null ? base.reduction() : parse("--reduction", n.reduction(), NruConfig.Reduction.class);
        NruConfig.OuterProduct op = n.outerProduct() == null ? base.outerProduct()
                : parse("--outer-product", n.outerProduct().replace('-', '_'), NruConfig.OuterProduct.class);
        boolean relu = n.nruRelu() == null ? base.relu() : n.nruRelu();
        boolean ln = layerNorm == null ? base.layerNorm() : layerNorm;
        double p = n.normP() == null ? base.normP() : n.normP();
        double eps = n.normEps() == null ? base.normEps() : n.normEps();
        try {
            return new NruConfig(inputSize, hidden, memory, k1, k2, in, red, op, relu, ln, p, eps);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("nru: " + e.getMessage()
                    .replace("memorySize M", "--memory M").replace("normP", "--norm-p").replace("normEps", "--norm-eps")
                    .replace("hiddenSize H", "--hidden H").replace("write heads k=", "write heads (--write-heads or --heads) k=")
                    .replace("erase heads k=", "erase heads (--erase-heads or --heads) k=")
                    .replace("use the per-head outer product", "use --outer-product per-head"));
        }
    }

    /**
     * Whether {@code option} (e.g. {@code --forget-bias}) is one of the cell options of
     * {@link CellOptions}: its components in kebab case, the NRU's {@code relu} as {@code --nru-relu}.
     */
    static boolean isCellOption(String option) {
        for (java.lang.reflect.RecordComponent c : CellOptions.class.getRecordComponents()) {
            String kebab = "--" + c.getName().replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
            if (kebab.equals(option) || (c.getName().equals("relu") && option.equals("--nru-relu"))) return true;
        }
        return false;
    }

    private static void check(String cell, List<String> ok, String option, Object value) {
        if (value != null && !ok.contains(option)) {
            throw new IllegalArgumentException("--" + option + " does not apply to cell '" + cell + "'"
                    + (ok.isEmpty() ? "" : "; its options: --" + String.join(", --", ok)));
        }
    }

    private static <E extends Enum<E>> E parse(String option, String value, Class<E> type) {
        String v = value.replace("-", "").replace("_", "");
        for (E e : type.getEnumConstants()) {
            if (e.name().replace("_", "").equalsIgnoreCase(v)) return e;
        }
        StringBuilder known = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            known.append(known.isEmpty() ? "" : ", ").append(e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        throw new IllegalArgumentException(option + " must be one of " + known + ", got '" + value + "'");
    }
}
