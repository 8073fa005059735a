package org.rnn4j.task.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The folder that holds fetched data sets, one sub-folder per set ({@code <root>/mnist/…}), each
 * file stored uncompressed under the name its {@link DataSetSpec} gives.
 * <p>The root is, in order: the {@code --data-dir} option, the {@code RNN4J_DATA} environment
 * variable, {@code ~/.rnn4j/data}.
 */
public record DataFolder(Path root) {

    /** The environment variable naming the data folder. */
    public static final String ENV = "RNN4J_DATA";

    /** Resolves the root: {@code option} if given, else {@code env.get(ENV)} if set and non-blank, else ~/.rnn4j/data. */
    public static DataFolder resolve(Path option, Map<String, String> env) {
        if (option != null) return new DataFolder(option);
        String e = env.get(ENV);
        if (e != null && !e.isBlank()) return new DataFolder(Path.of(e));
        return new DataFolder(Path.of(System.getProperty("user.home"), ".rnn4j", "data"));
    }

    /** The folder of {@code spec}. */
    public Path dir(DataSetSpec spec) {
        return root.resolve(spec.name());
    }

    /** The path of one file of {@code spec}. */
    public Path file(DataSetSpec spec, String name) {
        return dir(spec).resolve(name);
    }

    /** What {@link #status} found. */
    public enum Status {
        /** Every file present with its expected size (and, if checked, its SHA-256). */
        PRESENT,
        /** The set's folder does not exist. */
        MISSING,
        /** The folder exists but a file is missing, has the wrong size or the wrong SHA-256. */
        DAMAGED
    }

    /**
     * Whether {@code spec} is present: every file with its expected size, and, when
     * {@code verifyHashes}, its SHA-256. An archive set's hashes come from its manifest
     * ({@link DataSetSpec#MANIFEST}, written when the verified archive was extracted): the manifest
     * must exist, list every file of the set, and every file it lists must match.
     */
    public Status status(DataSetSpec spec, boolean verifyHashes) throws IOException {
        if (!Files.isDirectory(dir(spec))) return Status.MISSING;
        Map<String, String> manifest = null;
        if (spec.archive() != null) {
            manifest = readManifest(dir(spec).resolve(DataSetSpec.MANIFEST));
            if (manifest == null) return Status.DAMAGED;
        }
        for (DataSetSpec.FileSpec f : spec.files()) {
            Path p = file(spec, f.name());
            if (!Files.isRegularFile(p) || Files.size(p) != f.size()) return Status.DAMAGED;
            String want = f.sha256() != null ? f.sha256() : manifest.get(f.name());
            if (want == null) return Status.DAMAGED;
            if (verifyHashes && !sha256(p).equals(want)) return Status.DAMAGED;
        }
        if (verifyHashes && manifest != null) {
            for (Map.Entry<String, String> e : manifest.entrySet()) {
                if (spec.files().stream().anyMatch(f -> f.name().equals(e.getKey()))) continue;
                Path p = dir(spec).resolve(e.getKey());
                if (!Files.isRegularFile(p) || !sha256(p).equals(e.getValue())) return Status.DAMAGED;
            }
        }
        return Status.PRESENT;
    }

    /**
     * The manifest's {@code <sha256>  <name>} lines as name → sha256, or null when the file is
     * missing or a line is malformed (a name must be a plain file name).
     */
    static Map<String, String> readManifest(Path manifest) throws IOException {
        if (!Files.isRegularFile(manifest)) return null;
        Map<String, String> m = new java.util.TreeMap<>();
        for (String line : Files.readAllLines(manifest, java.nio.charset.StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            if (line.length() < 67 || !line.substring(0, 64).matches("[0-9a-f]{64}") || !line.startsWith("  ", 64)) return null;
            String name = line.substring(66);
            if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) return null;
            m.put(name, line.substring(0, 64));
        }
        return m;
    }

    /**
     * The folder of {@code spec} when it is present (sizes checked); otherwise an
     * IllegalArgumentException saying which command fetches it.
     */
    public Path require(DataSetSpec spec) throws IOException {
        Status s = status(spec, false);
        if (s == Status.PRESENT) return dir(spec);
        throw new IllegalArgumentException("data set " + spec.name() + " is " + (s == Status.MISSING ? "not" : "damaged")
                + " in " + dir(spec) + "; fetch it with: rnn4j data fetch " + spec.name()
                + (root.equals(DataFolder.resolve(null, Map.of()).root()) ? "" : " --data-dir " + root));
    }

    /** The SHA-256 of a file's content, lower-case hex. */
    public static String sha256(Path p) throws IOException {
        return digests(p, "SHA-256")[0];
    }

    /** The digests of a file's content in one read, lower-case hex, in the order of {@code algorithms}. */
    public static String[] digests(Path p, String... algorithms) throws IOException {
        MessageDigest[] md = new MessageDigest[algorithms.length];
        for (int i = 0; i < md.length; i++) {
            try {
                md[i] = MessageDigest.getInstance(algorithms[i]);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JDK has no " + algorithms[i], e);
            }
        }
        try (InputStream in = Files.newInputStream(p)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                for (MessageDigest d : md) d.update(buf, 0, n);
            }
        }
        String[] out = new String[md.length];
        for (int i = 0; i < md.length; i++) out[i] = HexFormat.of().formatHex(md[i].digest());
        return out;
    }
}
