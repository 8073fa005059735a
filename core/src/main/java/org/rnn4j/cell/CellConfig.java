package org.rnn4j.cell;

/**
 * The configuration of a cell; {@link #create()} builds the cell. The family is closed: every
 * cell rnn4j ships has one record here, validated in its compact constructor.
 */
public sealed interface CellConfig permits LstmConfig, GruConfig, ElmanConfig, JanetConfig, NruConfig, SruConfig,
        EurnnConfig, GoruConfig, LeakyRnnConfig, GatedRnnConfig, PhasedLstmConfig, GaussianLstmConfig {

    /** I. */
    int inputSize();

    /** H. */
    int hiddenSize();

    /** The same configuration with another input width (used when stacking layers). */
    CellConfig withInputSize(int inputSize);

    /** Builds the cell. */
    default Cell create() {
        return switch (this) {
            case LstmConfig c -> new Lstm(c);
            case GruConfig c -> new Gru(c);
            case ElmanConfig c -> new ElmanRnn(c);
            case JanetConfig c -> new Janet(c);
            case NruConfig c -> new Nru(c);
            case SruConfig c -> new Sru(c);
            case EurnnConfig c -> new Eurnn(c);
            case GoruConfig c -> new Goru(c);
            case LeakyRnnConfig c -> new LeakyRnn(c);
            case GatedRnnConfig c -> new GatedRnn(c);
            case PhasedLstmConfig c -> new PhasedLstm(c);
            case GaussianLstmConfig c -> new GaussianLstm(c);
        };
    }
}
