package org.rnn4j.cli;

import picocli.CommandLine.Option;

/** The NRU's command-line options, shared by the commands that build cells. */
final class NruOptionsMixin {

    @Option(names = "--preset", paramLabel = "NAME",
            description = "nru: reference (the authors' released code, default) or paper (the paper's equations).")
    String preset;

    @Option(names = "--memory", paramLabel = "M", description = "nru: memory size M (default 64).")
    Integer memory;

    @Option(names = "--heads", paramLabel = "K", description = "nru: write and erase heads K (default 4).")
    Integer heads;

    @Option(names = "--write-heads", paramLabel = "K1", description = "nru: write heads, overrides --heads.")
    Integer writeHeads;

    @Option(names = "--erase-heads", paramLabel = "K2", description = "nru: erase heads, overrides --heads.")
    Integer eraseHeads;

    @Option(names = "--head-inputs", paramLabel = "WHICH",
            description = "nru: what the heads read, h-m ([h_t; m_t-1], reference) or x-h-m ([x_t; h_t; m_t-1], paper).")
    String headInputs;

    @Option(names = "--reduction", paramLabel = "HOW", description = "nru: mean (reference) or sum (paper) over heads.")
    String reduction;

    @Option(names = "--outer-product", paramLabel = "HOW",
            description = "nru: shared (one p, q for all heads, reference) or per-head (paper).")
    String outerProduct;

    @Option(names = "--nru-relu", arity = "1", paramLabel = "BOOL",
            description = "nru: ReLU on alpha, beta and the directions (reference false, paper true).")
    Boolean relu;

    @Option(names = "--norm-p", paramLabel = "P", description = "nru: p of the direction norm (default 5).")
    Double normP;

    @Option(names = "--norm-eps", paramLabel = "EPS", description = "nru: clamp of the direction norm (default 1e-12).")
    Double normEps;
}
