package org.rnn4j.cli;

import java.util.List;
import org.rnn4j.cell.CellConfig;
import org.rnn4j.cell.ElmanConfig;
import org.rnn4j.cell.EurnnConfig;
import org.rnn4j.cell.GoruConfig;
import org.rnn4j.cell.GruConfig;
import org.rnn4j.cell.JanetConfig;
import org.rnn4j.cell.LstmConfig;

/** Maps the CLI's cell names to cell configurations. */
final class CellRegistry {
    private CellRegistry() {}

    /** Cell-specific knobs the CLI exposes; null = the cell's default. */
    record CellOptions(Boolean peepholes, Double forgetBias, String activation, String recurrentInit,
                       Boolean layerNorm, Double beta, Integer capacity) {
        static CellOptions none() {
            return new CellOptions(null, null, null, null, null, null, null);
        }
    }

    /** Known names, sorted. */
    static List<String> names() {
        return List.of("eurnn", "goru", "gru", "janet", "lstm", "rnn");
    }

    /** The configuration of cell {@code name}; unknown names and options that do not apply fail. */
    static CellConfig create(String name, int inputSize, int hidden, CellOptions o) {
        return switch (name) {
            case "lstm" -> {
                only(name, o, "peepholes", "forget-bias");
                LstmConfig c = LstmConfig.of(inputSize, hidden);
                if (o.peepholes() != null) c = c.withPeepholes(o.peepholes());
                if (o.forgetBias() != null) c = c.withForgetBias(o.forgetBias());
                yield c;
            }
            case "gru" -> {
                only(name, o);
                yield GruConfig.of(inputSize, hidden);
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
                only(name, o, "beta");
                JanetConfig c = JanetConfig.of(inputSize, hidden);
                if (o.beta() != null) c = c.withBeta(o.beta());
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
            default -> throw new IllegalArgumentException("unknown cell '" + name + "'; known cells: "
                    + String.join(", ", names()));
        };
    }

    private static void only(String cell, CellOptions o, String... allowed) {
        List<String> ok = List.of(allowed);
        check(cell, ok, "peepholes", o.peepholes());
        check(cell, ok, "forget-bias", o.forgetBias());
        check(cell, ok, "activation", o.activation());
        check(cell, ok, "recurrent-init", o.recurrentInit());
        check(cell, ok, "layer-norm", o.layerNorm());
        check(cell, ok, "beta", o.beta());
        check(cell, ok, "capacity", o.capacity());
    }

    private static void check(String cell, List<String> ok, String option, Object value) {
        if (value != null && !ok.contains(option)) {
            throw new IllegalArgumentException("--" + option + " does not apply to cell '" + cell + "'"
                    + (ok.isEmpty() ? "" : "; its options: --" + String.join(", --", ok)));
        }
    }

    private static <E extends Enum<E>> E parse(String option, String value, Class<E> type) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) return e;
        }
        StringBuilder known = new StringBuilder();
        for (E e : type.getEnumConstants()) known.append(known.isEmpty() ? "" : ", ").append(e.name().toLowerCase());
        throw new IllegalArgumentException(option + " must be one of " + known + ", got '" + value + "'");
    }
}
