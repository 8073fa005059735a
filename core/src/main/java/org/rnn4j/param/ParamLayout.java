package org.rnn4j.param;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names every slice of a model's flat parameter buffer: each block has a qualified name
 * ({@code layer0.Wh}), an offset and a shape. The gradient buffer and every optimizer moment use
 * the same layout, so one loop serves optimizers, clipping and checkpoints.
 */
public final class ParamLayout {

    /** One named slice of the flat buffer. */
    public record Block(String name, int offset, ParamSpec spec) {
        /** Number of floats. */
        public int size() {
            return spec.size();
        }
    }

    private final List<Block> blocks;
    private final Map<String, Block> byName;
    private final int size;

    private ParamLayout(List<Block> blocks) {
        this.blocks = Collections.unmodifiableList(new ArrayList<>(blocks));
        Map<String, Block> map = new LinkedHashMap<>();
        int end = 0;
        for (Block b : blocks) {
            map.put(b.name(), b);
            end = b.offset() + b.size();
        }
        this.byName = Collections.unmodifiableMap(map);
        this.size = end;
    }

    /** Blocks in buffer order. */
    public List<Block> blocks() {
        return blocks;
    }

    /** Total number of floats (= the parameter count). */
    public int size() {
        return size;
    }

    /** The block with this qualified name; lists the known names when there is none. */
    public Block block(String name) {
        Block b = byName.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no parameter block '" + name + "'; known: " + byName.keySet());
        }
        return b;
    }

    /** Offset of the block with this qualified name. */
    public int offset(String name) {
        return block(name).offset();
    }

    /**
     * The entries of the flat buffer that training leaves unchanged ({@link ParamSpec#frozen()} of
     * every block, moved to the block's offset): ascending, disjoint {@code [from, to)} pairs.
     */
    public int[] frozen() {
        int n = 0;
        for (Block b : blocks) n += b.spec().frozen().length;
        int[] r = new int[n];
        int i = 0;
        for (Block b : blocks) {
            for (int f : b.spec().frozen()) r[i++] = b.offset() + f;
        }
        return r;
    }

    /** Fills every block of {@code params} with its initializer, in layout order, from one generator. */
    public void initialize(float[] params, java.util.random.RandomGenerator rng) {
        for (Block b : blocks) {
            b.spec().init().fill(params, b.offset(), b.spec().rows(), b.spec().cols(), rng);
        }
    }

    /** Starts a layout. */
    public static Builder builder() {
        return new Builder();
    }

    /** Appends blocks one after another. */
    public static final class Builder {
        private final List<Block> blocks = new ArrayList<>();
        private final Map<String, Block> names = new LinkedHashMap<>();
        private int next;

        private Builder() {}

        /** Appends {@code spec} under {@code prefix + "." + spec.name()} and returns its offset. */
        public int add(String prefix, ParamSpec spec) {
            String name = prefix.isEmpty() ? spec.name() : prefix + "." + spec.name();
            if (names.containsKey(name)) throw new IllegalArgumentException("duplicate parameter block " + name);
            Block b = new Block(name, next, spec);
            blocks.add(b);
            names.put(name, b);
            next += spec.size();
            return b.offset();
        }

        /** The finished layout. */
        public ParamLayout build() {
            return new ParamLayout(blocks);
        }
    }
}
