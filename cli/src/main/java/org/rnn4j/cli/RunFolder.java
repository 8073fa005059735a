package org.rnn4j.cli;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.List;
import java.time.format.DateTimeFormatter;
import java.util.zip.CRC32;
import org.rnn4j.param.ParamLayout;

/**
 * A run's folder: {@code config.json} (resolved settings, seeds, versions, kernel choice),
 * {@code metrics.csv} and {@code metrics.jsonl} (one row per step), {@code summary.json}, and the
 * trained parameters ({@code params.bin} + {@code params-layout.tsv}). Files are written to a
 * temporary name and moved into place, so none is ever half-written. {@link #readParams} reads the
 * parameters back with format, size and checksum checks.
 */
final class RunFolder {
    /** {@code params.bin}: magic, format version, count, little-endian float32 values, CRC32 of the values. */
    static final String PARAMS_MAGIC = "RNN4JPRM";
    static final int PARAMS_VERSION = 1;

    private final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    /** Creates {@code root/<timestamp>-<name>} (with a numeric suffix if it exists). */
    static RunFolder create(Path root, String name) throws IOException {
        Files.createDirectories(root);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = root.resolve(stamp + "-" + name);
        for (int i = 2; Files.exists(dir); i++) dir = root.resolve(stamp + "-" + name + "-" + i);
        Files.createDirectory(dir);
        return new RunFolder(dir);
    }

    /** A folder that already exists (made by {@link #at} for a parent run). */
    static RunFolder existing(Path dir) {
        if (!Files.isDirectory(dir)) throw new IllegalStateException(dir + " does not exist");
        return new RunFolder(dir);
    }

    /** Creates the folder {@code dir} itself (its parents as needed); fails if it exists. */
    static RunFolder at(Path dir) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.createDirectory(dir);
        return new RunFolder(dir);
    }

    Path path() {
        return dir;
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    /** Writes {@code text} to {@code name} atomically. */
    void writeText(String name, String text) throws IOException {
        Path tmp = dir.resolve(name + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        move(tmp, dir.resolve(name));
    }

    /** Writes the flat parameters and their layout. */
    void writeParams(float[] params, ParamLayout layout) throws IOException {
        Path tmp = dir.resolve("params.bin.tmp");
        ByteBuffer buf = ByteBuffer.allocate(params.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(params);
        CRC32 crc = new CRC32();
        crc.update(buf.array());
        try (OutputStream os = Files.newOutputStream(tmp); DataOutputStream out = new DataOutputStream(os)) {
            out.write(PARAMS_MAGIC.getBytes(StandardCharsets.US_ASCII));
            out.writeInt(PARAMS_VERSION);
            out.writeInt(params.length);
            out.write(buf.array());
            out.writeLong(crc.getValue());
        }
        move(tmp, dir.resolve("params.bin"));
        writeText("params-layout.tsv", layoutText(layout));
    }

    /** {@code params-layout.tsv}: one line per block, name, offset, shape and initializer. */
    static String layoutText(ParamLayout layout) {
        StringBuilder sb = new StringBuilder("name\toffset\tshape\tinit\n");
        for (ParamLayout.Block b : layout.blocks()) {
            sb.append(b.name()).append('\t').append(b.offset()).append('\t')
                    .append(java.util.Arrays.toString(b.spec().shape())).append('\t').append(b.spec().init()).append('\n');
        }
        return sb.toString();
    }

    /**
     * Reads the parameters a run folder's {@link #writeParams} wrote, for a model laid out as
     * {@code expected}. Checks, each failing with an IllegalArgumentException that names the file:
     * the file exists; magic and format version; the count equals the model's; the file length
     * equals header + values + CRC; the CRC-32 of the values; and, when {@code params-layout.tsv}
     * is present, that it lists the model's blocks (names, offsets, shapes) line by line.
     */
    static float[] readParams(Path dir, ParamLayout expected) throws IOException {
        Path file = dir.resolve("params.bin");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is missing: the run folder has no trained parameters");
        }
        byte[] bytes = Files.readAllBytes(file);
        int header = PARAMS_MAGIC.length() + 8, trailer = 8;
        if (bytes.length < header + trailer) {
            throw new IllegalArgumentException(file + " is truncated: " + bytes.length + " bytes, a parameter file has at least "
                    + (header + trailer));
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);                 // header fields are big-endian (DataOutputStream)
        byte[] magic = new byte[PARAMS_MAGIC.length()];
        buf.get(magic);
        if (!PARAMS_MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException(file + " is not an rnn4j parameter file (it does not start with "
                    + PARAMS_MAGIC + ")");
        }
        int version = buf.getInt(), count = buf.getInt();
        if (version != PARAMS_VERSION) {
            throw new IllegalArgumentException(file + " has format version " + version + "; this rnn4j reads version "
                    + PARAMS_VERSION);
        }
        if (count != expected.size()) {
            throw new IllegalArgumentException(file + " holds " + count + " parameters but the model of config.json has "
                    + expected.size());
        }
        long want = header + 4L * count + trailer;
        if (bytes.length != want) {
            throw new IllegalArgumentException(file + " must be " + want + " bytes for " + count + " parameters, got "
                    + bytes.length + (bytes.length < want ? " (truncated)" : ""));
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, header, 4 * count);
        long stored = buf.getLong(header + 4 * count);
        if (stored != crc.getValue()) {
            throw new IllegalArgumentException(file + " is corrupt: the CRC-32 of its values is "
                    + Long.toHexString(crc.getValue()) + ", the file says " + Long.toHexString(stored));
        }
        float[] params = new float[count];
        ByteBuffer.wrap(bytes, header, 4 * count).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(params);
        Path layoutFile = dir.resolve("params-layout.tsv");
        if (Files.isRegularFile(layoutFile)) checkLayout(layoutFile, expected);
        return params;
    }

    /** Compares name, offset and shape of each line with the model's layout (the init column is informational). */
    private static void checkLayout(Path file, ParamLayout expected) throws IOException {
        List<String> have = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> want = layoutText(expected).lines().toList();
        for (int i = 0; i < Math.max(have.size(), want.size()); i++) {
            String h = i < have.size() ? withoutInit(have.get(i)) : "(end of file)";
            String w = i < want.size() ? withoutInit(want.get(i)) : "(end of file)";
            if (!h.equals(w)) {
                throw new IllegalArgumentException(file + " does not match the model of config.json: line " + (i + 1)
                        + " is '" + h + "', the model has '" + w + "'");
            }
        }
    }

    private static String withoutInit(String line) {
        String[] f = line.split("\t", -1);
        return f.length >= 3 ? f[0] + "\t" + f[1] + "\t" + f[2] : line;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
