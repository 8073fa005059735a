package org.rnn4j.task.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching a generated, tiny CIFAR-like archive (the real one's member names, 4 records a batch). Never uses the network. */
class CifarFetchTest {
    @TempDir
    Path tmp;

    static final int RECORDS = 4;
    static final String PREFIX = "cifar-10-batches-bin/";

    /** A batch of {@code RECORDS} records: label (seed + r) % 10, pixel p = (seed·31 + r·7 + p) mod 256. */
    static byte[] batch(int seed) {
        byte[] b = new byte[RECORDS * Cifar10Binary.RECORD_BYTES];
        for (int r = 0; r < RECORDS; r++) {
            b[r * Cifar10Binary.RECORD_BYTES] = (byte) ((seed + r) % 10);
            for (int p = 0; p < 3072; p++) b[r * Cifar10Binary.RECORD_BYTES + 1 + p] = (byte) (seed * 31 + r * 7 + p);
        }
        return b;
    }

    /** The members of the real archive, with generated content. */
    static Map<String, byte[]> members() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < DataSets.CIFAR10_BATCHES.size(); i++) m.put(PREFIX + DataSets.CIFAR10_BATCHES.get(i), batch(i));
        m.put(PREFIX + "batches.meta.txt", String.join("\n", Cifar10Binary.CLASS_NAMES).getBytes(StandardCharsets.US_ASCII));
        m.put(PREFIX + "readme.html", "<p>not extracted</p>".getBytes(StandardCharsets.US_ASCII));
        return m;
    }

    static String sha(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    /** DataSets.CIFAR10 with this archive's checksum and size and the tiny batch size injected. */
    static DataSetSpec spec(Path archive) throws Exception {
        DataSetSpec c = DataSets.CIFAR10;
        return new DataSetSpec(c.name(), c.description(),
                c.files().stream().map(f -> new DataSetSpec.FileSpec(f.name(), null, (long) RECORDS * Cifar10Binary.RECORD_BYTES)).toList(),
                List.of(), null, List.of(), new DataSetSpec.Archive(c.archive().name(), sha(archive), Files.size(archive),
                        c.archive().memberPrefix(), c.archive().optional(), null));
    }

    /** Writes the generated archive as tmp/src/cifar-10-binary.tar.gz. */
    Path archive(Map<String, byte[]> members) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("src"));
        Path a = dir.resolve("cifar-10-binary.tar.gz");
        DataFetcherTest.writeTarGz(a, members);
        return a;
    }

    private DataFetcher fetcher(Path root, List<String> log) {
        return new DataFetcher(new DataFolder(root), log::add, tmp.resolve("no-such-npm").toString());
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theRealSpecPinsTheArchiveAndTheBatchSizes() {
        DataSetSpec c = DataSets.byName("cifar10");
        assertEquals("cifar-10-binary.tar.gz", c.archive().name());
        assertEquals("c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd", c.archive().sha256());
        assertEquals(170_052_171L, c.archive().size());
        assertEquals(6, c.files().size());
        for (DataSetSpec.FileSpec f : c.files()) assertEquals(30_730_000L, f.size(), f.name());
        assertEquals(List.of("https://www.cs.toronto.edu/~kriz/"), c.urls());
    }

    @Test
    void extractsFromTheArchiveFileOrItsFolderWritesTheManifestAndListVerifiesIt() throws Exception {
        Path a = archive(members());
        DataSetSpec spec = spec(a);
        for (Path from : List.of(a, a.getParent())) {
            Path root = tmp.resolve("data-" + from.getFileName());
            List<String> log = new ArrayList<>();
            Path dir = fetcher(root, log).fetch(spec, from, true);
            assertEquals(List.of("cifar10"), list(root), "no staging folder left");
            List<String> want = new ArrayList<>(DataSets.CIFAR10_BATCHES);
            want.add("batches.meta.txt");
            want.add(DataSetSpec.MANIFEST);
            assertEquals(want.stream().sorted().toList(), list(dir));
            for (int i = 0; i < 6; i++) {
                assertTrue(java.util.Arrays.equals(batch(i), Files.readAllBytes(dir.resolve(DataSets.CIFAR10_BATCHES.get(i)))));
            }
            List<String> manifest = Files.readAllLines(dir.resolve(DataSetSpec.MANIFEST));
            assertEquals(7, manifest.size());
            assertTrue(manifest.contains(sha(dir.resolve("test_batch.bin")) + "  test_batch.bin"), manifest.toString());
            DataFolder folder = new DataFolder(root);
            assertEquals(DataFolder.Status.PRESENT, folder.status(spec, true));
            // a changed byte in a batch: sizes still fine, --verify finds it through the manifest
            byte[] b = Files.readAllBytes(dir.resolve("data_batch_3.bin"));
            b[100] ^= 1;
            Files.write(dir.resolve("data_batch_3.bin"), b);
            assertEquals(DataFolder.Status.PRESENT, folder.status(spec, false));
            assertEquals(DataFolder.Status.DAMAGED, folder.status(spec, true));
            // a re-fetch replaces the damaged copy
            fetcher(root, log).fetch(spec, from, true);
            assertEquals(DataFolder.Status.PRESENT, folder.status(spec, true));
            // the optional member is verified too; a missing manifest is damage
            Files.writeString(dir.resolve("batches.meta.txt"), "changed");
            assertEquals(DataFolder.Status.DAMAGED, folder.status(spec, true));
            Files.delete(dir.resolve(DataSetSpec.MANIFEST));
            assertEquals(DataFolder.Status.DAMAGED, folder.status(spec, false));
        }
    }

    private void assertFails(DataSetSpec spec, Path from, String... parts) throws IOException {
        Path root = tmp.resolve("data");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fetcher(root, new ArrayList<>()).fetch(spec, from, true));
        for (String p : parts) assertTrue(e.getMessage().contains(p), e.getMessage());
        assertEquals(List.of(), list(root), "nothing half-written");
    }

    @Test
    void aWrongChecksumIsRefusedNamingTheArchive() throws Exception {
        Path a = archive(members());
        DataSetSpec good = spec(a);
        DataSetSpec.Archive ga = good.archive();
        DataSetSpec wrong = new DataSetSpec(good.name(), good.description(), good.files(), List.of(), null, List.of(),
                new DataSetSpec.Archive(ga.name(), "0".repeat(64), ga.size(), ga.memberPrefix(), ga.optional(), null));
        assertFails(wrong, a, a.toString(), "SHA-256", "expected " + "0".repeat(64));
    }

    /**
     * The publisher's MD5 is the authority over rnn4j's pinned size and SHA-256: an archive whose
     * pinned values are wrong but whose MD5 matches is accepted (and the log says the pins are
     * wrong); one matching neither is refused, naming both checks; nothing is half-written.
     */
    @Test
    void thePublishedMd5AcceptsAnArchiveWhosePinnedValuesAreWrong() throws Exception {
        Path a = archive(members());
        DataSetSpec good = spec(a);
        DataSetSpec.Archive ga = good.archive();
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(a)));
        DataSetSpec wrongPins = new DataSetSpec(good.name(), good.description(), good.files(), List.of(), null, List.of(),
                new DataSetSpec.Archive(ga.name(), "0".repeat(64), ga.size() + 1, ga.memberPrefix(), ga.optional(), md5));
        Path root = tmp.resolve("data-md5");
        List<String> log = new ArrayList<>();
        fetcher(root, log).fetch(wrongPins, a, true);
        assertTrue(list(root.resolve("cifar10")).containsAll(DataSets.CIFAR10_BATCHES), list(root.resolve("cifar10")).toString());
        assertTrue(log.stream().anyMatch(l -> l.contains("its MD5 is the published " + md5 + ", so it is accepted")
                && l.contains("the pinned values are wrong")), log.toString());

        DataSetSpec neither = new DataSetSpec(good.name(), good.description(), good.files(), List.of(), null, List.of(),
                new DataSetSpec.Archive(ga.name(), "0".repeat(64), ga.size(), ga.memberPrefix(), ga.optional(), "f".repeat(32)));
        assertFails(neither, a, a.toString(), "expected " + "0".repeat(64), "and its MD5 " + md5 + " is not the published "
                + "f".repeat(32), "(corrupt or not cifar-10-binary.tar.gz)");
    }

    @Test
    void aTruncatedArchiveIsRefusedNamingTheArchive() throws Exception {
        Path a = archive(members());
        DataSetSpec spec = spec(a);
        byte[] all = Files.readAllBytes(a);
        Files.write(a, java.util.Arrays.copyOf(all, all.length / 2));
        assertFails(spec, a, a.toString(), "bytes, expected " + all.length, "truncated");
    }

    @Test
    void aMissingMemberIsRefusedNamingArchiveAndMember() throws Exception {
        Map<String, byte[]> m = members();
        m.remove(PREFIX + "data_batch_4.bin");
        Path a = archive(m);
        assertFails(spec(a), a.getParent(), a.toString(), "has no member cifar-10-batches-bin/data_batch_4.bin");
    }

    @Test
    void aBatchWithABadLabelOrSizeIsRefused() throws Exception {
        Map<String, byte[]> m = members();
        byte[] b = batch(2);
        b[2 * Cifar10Binary.RECORD_BYTES] = 10;
        m.put(PREFIX + "data_batch_2.bin", b);
        Path a = archive(m);
        assertFails(spec(a), a, a.toString(), "data_batch_2.bin is not a CIFAR-10 batch", "label 10 in record 2");
        Files.delete(a);
        m = members();
        m.put(PREFIX + "test_batch.bin", java.util.Arrays.copyOf(batch(5), 3 * Cifar10Binary.RECORD_BYTES));
        a = archive(m);
        assertFails(spec(a), a, "test_batch.bin has " + 3 * Cifar10Binary.RECORD_BYTES + " bytes, expected "
                + RECORDS * Cifar10Binary.RECORD_BYTES);
    }

    @Test
    void notATarGzAndNoArchiveInTheFolderAreClearErrors() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("src"));
        Path a = dir.resolve("cifar-10-binary.tar.gz");
        Files.writeString(a, "not gzip at all");
        DataSetSpec spec = spec(a);
        assertFails(spec, a, a.toString(), "not a readable gzipped tar archive");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertFails(spec, empty, "no cifar-10-binary.tar.gz in " + empty, "--from PATH");
    }
}
