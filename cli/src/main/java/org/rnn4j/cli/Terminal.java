package org.rnn4j.cli;

/** Whether standard output is an interactive terminal (progress bars redraw in place only then). */
final class Terminal {
    private Terminal() {}

    static boolean interactive() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }
}
