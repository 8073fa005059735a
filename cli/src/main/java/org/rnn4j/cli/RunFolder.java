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
import java.time.format.DateTimeFormatter;
import java.util.zip.CRC32;
import org.rnn4j.param.ParamLayout;

/**
 * A run's folder: {@code config.json} (resolved settings, seeds, versions, kernel choice),
 * {@code metrics.csv} and {@code metrics.jsonl} (one row per step), {@code summary.json}, and the
 * trained parameters ({@code params.bin} + {@code params-layout.tsv}). Files are written to a
 * temporary name and moved into place, so none is ever half-written.
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
        StringBuilder sb = new StringBuilder("name\toffset\tshape\tinit\n");
        for (ParamLayout.Block b : layout.blocks()) {
            sb.append(b.name()).append('\t').append(b.offset()).append('\t')
                    .append(java.util.Arrays.toString(b.spec().shape())).append('\t').append(b.spec().init()).append('\n');
        }
        writeText("params-layout.tsv", sb.toString());
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
