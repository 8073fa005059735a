package org.rnn4j.cli;

import java.io.PrintWriter;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code rnn4j} command. Exit codes: 0 success, 2 bad input (one error line, no stack trace,
 * nothing written), 3 training diverged, 1 any other failure.
 */
@Command(name = "rnn4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Long-memory recurrent neural networks for the JVM.",
        subcommands = {TrainCommand.class, CompareCommand.class, DemoCommand.class, PlotCommand.class, AnalyzeCommand.class,
            DataCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Start with:  rnn4j demo", "Then:       rnn4j train --task copy --lag 100 --cell lstm --hidden 70 --steps 2000",
                "Compare cells:     rnn4j compare --task copy --lag 10 --steps 3000",
                "Gradient flow of a run:  rnn4j analyze --run runs/<folder> --out analysis",
                "Real data sets:  rnn4j data fetch mnist",
                "Help on a command:  rnn4j help train"})
public final class Main implements Runnable {
    static final int BAD_INPUT = 2;
    static final int DIVERGED = 3;
    /** Kept so the level set below is not garbage-collected with the logger. */
    private static final Logger RNN4J_LOG = Logger.getLogger("org.rnn4j");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the CLI with {@code args} and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns the exit code (for tests). */
    static int execute(String... args) {
        RNN4J_LOG.setLevel(Level.WARNING); // the kernel choice is printed in each run's header instead
        CommandLine cmd = new CommandLine(new Main());
        cmd.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("rnn4j: error: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the options.");
            return BAD_INPUT;
        });
        cmd.setExecutionExceptionHandler((ex, c, parsed) -> {
            PrintWriter err = c.getErr();
            if (ex instanceof IllegalArgumentException) {
                err.println("rnn4j: error: " + ex.getMessage());
                return BAD_INPUT;
            }
            if (ex instanceof org.rnn4j.train.TrainingDivergedException) {
                err.println("rnn4j: " + ex.getMessage());
                return DIVERGED;
            }
            err.println("rnn4j: failed: " + ex);
            return 1;
        });
        return cmd.execute(args);
    }

    /** Version from the jar manifest, or "dev". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"rnn4j " + version(), "JDK " + Runtime.version()};
        }
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
