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
 * @param archive     for a set published as one verified archive (CIFAR-10): the archive, whose
 *                    members are extracted; the urls are then base URLs to which the archive's name
 *                    is appended. Null for a set of individually checksummed files.
 */
public record DataSetSpec(String name, String description, List<FileSpec> files, List<String> urls,
                          String npmPackage, List<Path> localDirs, Archive archive) {

    /** The name of the manifest an archive set's folder holds: {@code <sha256>  <name>} per extracted file. */
    public static final String MANIFEST = "SHA256SUMS";

    /**
     * A set of individually checksummed files (no archive).
     */
    public DataSetSpec(String name, String description, List<FileSpec> files, List<String> urls,
                       String npmPackage, List<Path> localDirs) {
        this(name, description, files, urls, npmPackage, localDirs, null);
    }

    /**
     * The archive a set is extracted from, verified as a whole before anything is extracted.
     *
     * @param name         the archive's file name, e.g. {@code cifar-10-binary.tar.gz} (a gzipped tar)
     * @param sha256       its SHA-256, 64 lower-case hex digits
     * @param size         its size in bytes
     * @param memberPrefix the folder inside the archive holding the files, e.g. {@code cifar-10-batches-bin/}
     * @param optional     further members extracted when present (e.g. {@code batches.meta.txt}), not required
     * @param md5          the MD5 its publisher lists (32 lower-case hex digits), or null: the authority
     *                     when the pinned SHA-256 and size come from elsewhere. An archive whose MD5
     *                     matches it is accepted even if its size or SHA-256 differs from the pinned
     *                     ones (the fetch says so); one matching neither is refused
     */
    public record Archive(String name, String sha256, long size, String memberPrefix, List<String> optional, String md5) {
        public Archive {
            if (md5 != null && !md5.matches("[0-9a-f]{32}")) {
                throw new IllegalArgumentException("md5 of " + name + " must be 32 lower-case hex digits, got " + md5);
            }
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(memberPrefix, "memberPrefix");
            if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("sha256 of " + name + " must be 64 lower-case hex digits, got " + sha256);
            }
            if (size < 0) throw new IllegalArgumentException("size of " + name + " must be >= 0, got " + size);
            optional = List.copyOf(optional);
        }
    }

    /**
     * One file of a data set.
     *
     * @param name   the file name, uncompressed (sources may hold {@code name + ".gz"})
     * @param sha256 the SHA-256 of the uncompressed content, 64 lower-case hex digits; null only in an
     *               archive set (checked against the archive, then the folder's manifest)
     * @param size   the uncompressed size in bytes
     */
    public record FileSpec(String name, String sha256, long size) {
        public FileSpec {
            Objects.requireNonNull(name, "name");
            if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
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
        if (archive == null) {
            for (FileSpec f : files) {
                if (f.sha256() == null) {
                    throw new IllegalArgumentException("file " + f.name() + " of " + name + " needs a sha256 (only an archive set's files may omit it)");
                }
            }
        }
    }
}
