package org.rnn4j.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.rnn4j.kernel.simd.GemmWorkspace;
import org.rnn4j.kernel.simd.SimdGemm;

/**
 * Multi-threaded GEMM engine with a fixed thread count, using the kernels {@link Kernels} chose.
 * <pre>
 *   C[M, N] = (accumulate ? C : 0) + op(A)[M, K] · op(B)[K, N]
 * </pre>
 * Threads: the calling thread plus {@code threads − 1} persistent daemon workers. A call publishes
 * a task (a generation number and a part count in one atomic word); a worker that finished a task
 * busy-waits ({@link Thread#onSpinWait()}) for the next one for {@code spinMicros} (default 300 µs)
 * and only then parks, so calls in a tight loop (one RNN step after another) hand off in well
 * under a microsecond. The caller and the workers claim parts by CAS until none is left, so a
 * worker that is slow to wake never stalls the caller; the caller then waits (spinning, then
 * parking) for parts still running.
 *
 * <p>Determinism: work is split only along output tiles — N at NR-panel boundaries or M at MR
 * boundaries, whichever makes the largest share cheaper (its multiply-adds plus the packing every
 * part repeats) — never along K, and K-blocking is the same whatever the split, so every element
 * of C gets exactly the same float operations for any thread count: results are bit-identical
 * for 1, 2, 3… threads. Batch shards ({@link #parallelShards}) cut rows at MR boundaries too.
 * GEMMs under {@value #PARALLEL_MIN_FLOPS} flops run on the calling thread only.
 *
 * <p>Not thread-safe: one thread submits at a time (use one Compute per submitting thread), and
 * a {@link RangeBody} must not call back into the same Compute. Packing buffers are per thread
 * and reused (grown when needed); only {@link #pack} allocates. Call {@link #close()} to stop the
 * workers.
 */
public final class Compute implements AutoCloseable {
    /** GEMMs with fewer flops (2·M·N·K) than this run on the calling thread. */
    static final long PARALLEL_MIN_FLOPS = 1L << 17;
    private static final long DEFAULT_SPIN_MICROS = 300;
    /** Parts of a task are counted in 16 bits of the task state. */
    private static final int MAX_THREADS = 0xffff;
    /** Split units for the scalar kernels (any value is exact for them; 32 keeps rows cache-friendly). */
    private static final int SCALAR_NR = 32;
    private static final int SCALAR_MR = 8;
    /**
     * Multiply-adds that packing one element costs, roughly (a packed element is read from memory
     * and written once; the kernel does 32 multiply-adds per cycle): 16. It only decides between
     * splits of similar balance, e.g. the dWh GEMM of an LSTM (M = 4H > N = H, K = T·B, A
     * transposed), where splitting N would make both threads pack all of dZᵀ.
     */
    private static final long PACK_COST = 16;

    private final int threads;
    private final long spinNanos;
    private final boolean simd;
    private final int nr;
    private final int mr;
    private final Worker[] workers;
    /** One per thread slot: slot 0 is the submitting thread, slot i the worker i. */
    private final Local[] locals;
    private StepSplit stepSplit = StepSplit.AUTO;

    // Task slot: state = generation << 32 | parts << 16 | next unclaimed part. job is written before
    // the state write that publishes a generation; parts are claimed by CAS on state.
    private final AtomicLong state = new AtomicLong();
    private Job job;
    private final AtomicInteger done = new AtomicInteger();
    private volatile Thread caller;
    private volatile boolean callerParked;
    private volatile Throwable failure;
    private volatile boolean closed;
    private boolean busy;
    /** 2·M·N·K summed over every GEMM call; written only by the submitting thread (see {@link #flops()}). */
    private long flopCount;
    private long shardedCalls;

    private final GemmTask gemmTask = new GemmTask();
    private final ForTask forTask = new ForTask();
    private final ShardTask shardTask = new ShardTask();

    private Compute(int threads, long spinMicros) {
        this.threads = threads;
        this.spinNanos = spinMicros * 1000;
        this.simd = Kernels.SIMD;
        this.nr = simd ? SimdGemm.NR : SCALAR_NR;
        this.mr = simd ? SimdGemm.MR : SCALAR_MR;
        this.locals = new Local[threads];
        for (int t = 0; t < threads; t++) locals[t] = new Local();
        this.workers = new Worker[threads - 1];
        for (int t = 1; t < threads; t++) {
            workers[t - 1] = new Worker(t);
            workers[t - 1].start();
        }
    }

    /** An engine using {@code threads} threads (the caller plus threads − 1 workers), spinning 300 µs between tasks. */
    public static Compute create(int threads) {
        return create(threads, DEFAULT_SPIN_MICROS);
    }

    /** Like {@link #create(int)}, with workers spin-waiting {@code spinMicros} µs (≥ 0) for a new task before parking. */
    public static Compute create(int threads, long spinMicros) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be in [1, " + MAX_THREADS + "], got " + threads);
        }
        if (spinMicros < 0) throw new IllegalArgumentException("spinMicros must be >= 0, got " + spinMicros);
        return new Compute(threads, spinMicros);
    }

    /** The number of threads a call may use, the caller included. */
    public int threads() {
        return threads;
    }

    /**
     * {@code C[M, N] = (accumulate ? C : 0) + op(A)·op(B)}, row-major.
     * A is [M, K] (lda ≥ K) or, if transA, stored [K, M] (lda ≥ M).
     * B is [K, N] (ldb ≥ N) or, if transB, stored [N, K] (ldb ≥ K). C is [M, N] (ldc ≥ N).
     */
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        assert ldb >= (transB ? k : n) : "ldb too small";
        assert n == 0 || k == 0 || bOff + (long) ((transB ? n : k) - 1) * ldb + (transB ? k : n) <= b.length
                : "B out of bounds";
        checkIdle();
        gemmTask.set(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, null, c, cOff, ldc, accumulate);
        runGemm(m, n, k);
    }

    /** Packs op(B)[K, N] for {@link #gemmPacked}: B is [K, N] (ldb ≥ N) or, if transB, stored [N, K] (ldb ≥ K). Allocates. */
    public PackedMatrix pack(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        if (k < 0 || n < 0) throw new IllegalArgumentException("pack needs K, N >= 0, got [" + k + ", " + n + "]");
        PackedMatrix p = new PackedMatrix(transB, k, n, simd);
        repack(p, b, bOff, ldb);
        return p;
    }

    /** Refills dst from b with dst's K, N and transpose flag (after the weights changed); allocates nothing. */
    public void repack(PackedMatrix dst, float[] b, int bOff, int ldb) {
        if (dst.simd != simd) throw new IllegalArgumentException("dst was packed for other kernels");
        int rows = dst.transposed() ? dst.cols() : dst.rows();
        int width = dst.transposed() ? dst.rows() : dst.cols();
        if (ldb < width) throw new IllegalArgumentException("ldb must be >= " + width + ", got " + ldb);
        if (rows > 0 && width > 0 && (bOff < 0 || bOff + (long) (rows - 1) * ldb + width > b.length)) {
            throw new IllegalArgumentException("b must hold [" + rows + ", " + width + "] with ldb=" + ldb
                    + " from offset " + bOff + ", but has length " + b.length);
        }
        dst.fill(b, bOff, ldb);
    }

    /**
     * {@code C[M, N] = (accumulate ? C : 0) + op(A)·op(B)} with op(B) pre-packed (K = b.rows(),
     * N = b.cols()). A is [M, K] (lda ≥ K) or, if transA, stored [K, M] (lda ≥ M); C is [M, N].
     */
    public void gemmPacked(boolean transA, int m, float[] a, int aOff, int lda, PackedMatrix b,
                           float[] c, int cOff, int ldc, boolean accumulate) {
        assert b.simd == simd : "b was packed for other kernels";
        checkIdle();
        gemmTask.set(transA, false, m, b.cols(), b.rows(), a, aOff, lda, null, 0, 0, b, c, cOff, ldc, accumulate);
        runGemm(m, b.cols(), b.rows());
    }

    /**
     * Floating-point operations of the GEMMs run since creation or the last {@link #resetFlops()}:
     * the sum of {@code 2·M·N·K} over every {@link #gemm} and {@link #gemmPacked} call (packing,
     * {@link #parallelFor} bodies and the accumulate of C are not counted), including those of
     * {@link Local} in batch shards. Plain fields (the submitting thread's, and one per thread slot
     * for the shards' GEMMs) made visible by the end of each call: read it from the submitting
     * thread, between calls.
     */
    public long flops() {
        long f = flopCount;
        for (Local l : locals) f += l.flops;
        return f;
    }

    /** Sets {@link #flops()} back to 0. */
    public void resetFlops() {
        flopCount = 0;
        for (Local l : locals) l.flops = 0;
    }

    // ---------------------------------------------------------------- batch shards

    /**
     * How a cell spreads one time step (its recurrent GEMM and its element-wise pass) over the
     * threads. All give the same bits: an element of C depends only on K, the kernel's K slicing
     * and whether its register tile is full, and every split cuts at tile boundaries.
     */
    public enum StepSplit {
        /**
         * Each cell takes the split measured fastest for it (docs/benchmarks.md, 2 threads, B = 100):
         * GEMM for LSTM and GRU, BATCH_SHARD for the NRU. The default.
         */
        AUTO,
        /**
         * Batch-shard parallelism: each thread takes a contiguous shard of batch rows (boundaries
         * at multiples of the kernel's MR) and runs the whole step on it, the GEMM rows of its
         * shard and then their element-wise pass: one hand-off per step. Pays off when a step has
         * serial per-example work between its GEMMs (the NRU); costs a tile of imbalance when the
         * number of row tiles ⌈B / MR⌉ is odd (B = 100: 13 tiles, shards of 6 and 7).
         */
        BATCH_SHARD,
        /**
         * GEMM-level parallelism: the GEMM is split along output tiles (one hand-off, evenly when
         * the columns make an even number of panels), then the element-wise pass along rows (a
         * second hand-off). Also what every cell does when a batch is too small to shard.
         */
        GEMM
    }

    /** The cells' step split (default {@link StepSplit#AUTO}). */
    public StepSplit stepSplit() {
        return stepSplit;
    }

    /** Sets the cells' step split; results do not change, only speed. */
    public void stepSplit(StepSplit split) {
        if (split == null) throw new IllegalArgumentException("step split must be AUTO, BATCH_SHARD or GEMM, got null");
        checkIdle();
        this.stepSplit = split;
    }

    /**
     * Parts of split tasks (GEMMs, parallelFor, shards) each thread slot has run since creation:
     * index 0 is the calling thread, i the worker i. With a worker that is always ready the counts
     * are about equal; a worker that wakes late leaves its parts to the caller (a diagnostic for
     * benchmarks; read it between calls).
     */
    public long[] partsRun() {
        long[] r = new long[locals.length];
        for (int i = 0; i < r.length; i++) r[i] = locals[i].parts;
        return r;
    }

    /** How many {@link #parallelShards} calls ran on more than one thread (a diagnostic for tests and benchmarks). */
    public long shardedCalls() {
        return shardedCalls;
    }

    /**
     * Whether the GEMMs run on the SIMD kernel, whose numerics {@code SimdGemm} documents (code
     * that reproduces a GEMM's bits without calling it, such as
     * {@code SimdGemm.biasPlusNarrowProduct}, may only stand in for the SIMD kernel).
     */
    public boolean simd() {
        return simd;
    }

    /** Row granularity of {@link #parallelShards}: the GEMM kernel's register-tile height. */
    public int shardGrain() {
        return mr;
    }

    /**
     * A single-threaded executor bound to one thread slot's packing workspace, handed to a
     * {@link ShardBody} so that the rows of a shard are multiplied on the thread that owns them.
     * Counts its flops into {@link #flops()}.
     */
    public final class Local {
        private final GemmWorkspace ws = new GemmWorkspace();
        private long flops;
        /** Parts of split tasks this thread slot ran (a diagnostic: see {@link Compute#partsRun()}). */
        private long parts;

        private Local() {}

        /** {@link Compute#gemmPacked} on this thread alone. */
        public void gemmPacked(boolean transA, int m, float[] a, int aOff, int lda, PackedMatrix b,
                               float[] c, int cOff, int ldc, boolean accumulate) {
            assert b.simd == simd : "b was packed for other kernels";
            flops += 2L * m * b.cols() * b.rows();
            if (simd) SimdGemm.gemmPacked(transA, m, b.cols(), b.rows(), a, aOff, lda, b.data, 0, c, cOff, ldc, accumulate, ws);
            else ScalarGemm.gemm(transA, false, m, b.cols(), b.rows(), a, aOff, lda, b.data, 0, b.cols(), c, cOff, ldc, accumulate);
        }
    }

    /** A loop body over a shard of rows [lo, hi) that may run GEMMs on its own thread through {@code local}. */
    public interface ShardBody {
        /** Processes rows lo (inclusive) to hi (exclusive). */
        void run(int lo, int hi, Local local);
    }

    /**
     * Runs {@code body} over rows [0, n) split into up to threads() contiguous shards whose
     * boundaries are multiples of {@link #shardGrain()}, each on its own thread with that thread's
     * {@link Local}; returns when all are done. With one thread (or n ≤ the grain) the caller runs
     * {@code body.run(0, n, local)} itself. A body must not call back into this Compute.
     */
    public void parallelShards(int n, ShardBody body) {
        if (n < 0) throw new IllegalArgumentException("n must be >= 0, got " + n);
        checkIdle();
        if (n == 0) return;
        int chunks = (n + mr - 1) / mr;
        int p = Math.min(threads, chunks);
        if (p > 1) shardedCalls++;
        shardTask.n = n;
        shardTask.chunks = chunks;
        shardTask.parts = p;
        shardTask.body = body;
        try {
            execute(shardTask, p);
        } finally {
            shardTask.body = null;
        }
    }

    /** A loop body over an index range [lo, hi). */
    public interface RangeBody {
        /** Processes indices lo (inclusive) to hi (exclusive). */
        void run(int lo, int hi);
    }

    /**
     * Runs {@code body.run(lo, hi)} over [0, n) split into up to threads() contiguous non-empty
     * ranges, each boundary a multiple of grain, on the caller and the workers; returns when all
     * are done (rethrowing the first exception of any range).
     */
    public void parallelFor(int n, int grain, RangeBody body) {
        if (n < 0) throw new IllegalArgumentException("n must be >= 0, got " + n);
        if (grain < 1) throw new IllegalArgumentException("grain must be >= 1, got " + grain);
        checkIdle();
        if (n == 0) return;
        int chunks = (int) ((n + (long) grain - 1) / grain);
        int p = Math.min(threads, chunks);
        forTask.n = n;
        forTask.grain = grain;
        forTask.chunks = chunks;
        forTask.parts = p;
        forTask.body = body;
        try {
            execute(forTask, p);
        } finally {
            forTask.body = null;
        }
    }

    /** Stops the workers (they finish at once if idle); later calls fail with IllegalStateException. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (Worker w : workers) LockSupport.unpark(w);
    }

    // ---------------------------------------------------------------- GEMM split

    private void runGemm(int m, int n, int k) {
        GemmTask g = gemmTask;
        long flops = 2L * m * n * k;
        flopCount += flops;
        try {
            if (threads == 1 || flops < PARALLEL_MIN_FLOPS || m == 0 || n == 0) {
                g.splitN = true;
                g.units = 1;
                g.parts = 1;
                execute(g, 1);
                return;
            }
            int nUnits = (n + nr - 1) / nr;
            int mUnits = (m + mr - 1) / mr;
            // Cost of the largest share: its multiply-adds (rows × cols of C × K), plus the packing
            // every part repeats: a split along N makes each part pack all of a transposed A (a
            // row-major A is read in place), a split along M makes each part pack all of B unless
            // B is pre-packed. Prefer N on a tie.
            boolean packsA = simd && g.transA, packsB = simd && g.packed == null;
            long costN = (long) Math.min(n, ceilDiv(nUnits, threads) * nr) * m * k
                    + (packsA ? (long) m * k * PACK_COST : 0);
            long costM = (long) Math.min(m, ceilDiv(mUnits, threads) * mr) * n * k
                    + (packsB ? (long) k * n * PACK_COST : 0);
            g.splitN = costN <= costM;
            g.units = g.splitN ? nUnits : mUnits;
            g.parts = Math.min(threads, g.units);
            execute(g, g.parts);
        } finally {
            g.a = null;
            g.b = null;
            g.c = null;
            g.packed = null;
        }
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    private interface Job {
        /** Runs one share; the result must not depend on which thread (local) runs it. */
        void run(int part, Local local);
    }

    /** The arguments of one GEMM call, reused across calls; part p covers a contiguous range of units. */
    private final class GemmTask implements Job {
        boolean transA, transB, accumulate, splitN;
        int m, n, k, aOff, lda, bOff, ldb, cOff, ldc, units, parts;
        float[] a, b, c;
        PackedMatrix packed;

        void set(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                 float[] b, int bOff, int ldb, PackedMatrix packed, float[] c, int cOff, int ldc, boolean accumulate) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.packed = packed;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            this.accumulate = accumulate;
        }

        @Override
        public void run(int part, Local local) {
            GemmWorkspace ws = local.ws;
            int u0 = (int) ((long) part * units / parts);
            int u1 = (int) ((long) (part + 1) * units / parts);
            if (parts == 1) block(ws, 0, m, 0, n);
            else if (splitN) block(ws, 0, m, u0 * nr, Math.min(n, u1 * nr));
            else block(ws, u0 * mr, Math.min(m, u1 * mr), 0, n);
        }

        /** C[i0:i1, j0:j1] as a GEMM of its own: only the offsets move. */
        private void block(GemmWorkspace ws, int i0, int i1, int j0, int j1) {
            int mm = i1 - i0;
            int nn = j1 - j0;
            int aO = transA ? aOff + i0 : aOff + i0 * lda;
            int cO = cOff + i0 * ldc + j0;
            if (packed != null) {
                int bO = packed.columnOffset(j0);
                if (simd) SimdGemm.gemmPacked(transA, mm, nn, k, a, aO, lda, packed.data, bO, c, cO, ldc, accumulate, ws);
                else ScalarGemm.gemm(transA, false, mm, nn, k, a, aO, lda, packed.data, bO, n, c, cO, ldc, accumulate);
            } else {
                int bO = transB ? bOff + j0 * ldb : bOff + j0;
                if (simd) SimdGemm.gemm(transA, transB, mm, nn, k, a, aO, lda, b, bO, ldb, c, cO, ldc, accumulate, ws);
                else ScalarGemm.gemm(transA, transB, mm, nn, k, a, aO, lda, b, bO, ldb, c, cO, ldc, accumulate);
            }
        }
    }

    /** The arguments of one parallelFor call. */
    private static final class ForTask implements Job {
        int n, grain, chunks, parts;
        RangeBody body;

        @Override
        public void run(int part, Local local) {
            int lo = (int) Math.min(n, (long) part * chunks / parts * grain);
            int hi = (int) Math.min(n, (long) (part + 1) * chunks / parts * grain);
            if (lo < hi) body.run(lo, hi);
        }
    }

    /** The arguments of one parallelShards call (grain = mr). */
    private final class ShardTask implements Job {
        int n, chunks, parts;
        ShardBody body;

        @Override
        public void run(int part, Local local) {
            int lo = (int) Math.min(n, (long) part * chunks / parts * mr);
            int hi = (int) Math.min(n, (long) (part + 1) * chunks / parts * mr);
            if (lo < hi) body.run(lo, hi, local);
        }
    }

    // ---------------------------------------------------------------- hand-off

    /** Throws unless this engine is open and not inside a call (checked before a task object is touched). */
    private void checkIdle() {
        if (closed) throw new IllegalStateException("Compute is closed");
        if (busy) throw new IllegalStateException("Compute is already running a task (re-entrant or concurrent call)");
    }

    /**
     * Runs job parts 0..p-1 and returns when all are done. Parts are claimed dynamically: the caller
     * and the woken workers each take the next unclaimed part until none is left, so a worker that
     * is slow to wake (parked, or descheduled on a busy machine) never delays the call by more than
     * the part it actually took.
     */
    private void execute(Job j, int p) {
        checkIdle();
        busy = true;
        try {
            if (p == 1) {
                j.run(0, locals[0]);
                return;
            }
            job = j;
            failure = null;
            caller = Thread.currentThread();
            done.set(0);
            long gen = (state.get() >>> 32) + 1;
            state.set(gen << 32 | (long) p << 16);      // volatile write: publishes job
            for (Worker w : workers) {
                if (w.parked) LockSupport.unpark(w);
            }
            runParts(gen, locals[0]);
            awaitDone(p);
            job = null;
            Throwable t = failure;
            if (t instanceof RuntimeException e) throw e;
            if (t instanceof Error e) throw e;
            if (t != null) throw new IllegalStateException(t);
        } finally {
            busy = false;
        }
    }

    /** Claims and runs parts of generation gen until none is left (caller and workers alike). */
    private void runParts(long gen, Local local) {
        while (true) {
            long v = state.get();
            int p = (int) (v >>> 16) & 0xffff;
            int next = (int) v & 0xffff;
            if ((v >>> 32) != gen || next >= p) return;
            if (!state.compareAndSet(v, v + 1)) continue;
            local.parts++;
            try {
                job.run(next, local);
            } catch (Throwable t) {
                if (failure == null) failure = t;
            }
            if (done.incrementAndGet() == p && callerParked) LockSupport.unpark(caller);
        }
    }

    private void awaitDone(int p) {
        long start = System.nanoTime();
        int spins = 0;
        while (done.get() != p) {
            Thread.onSpinWait();
            if ((++spins & 0xff) == 0 && System.nanoTime() - start > spinNanos) {
                callerParked = true;
                while (done.get() != p) LockSupport.park(this);
                callerParked = false;
                return;
            }
        }
    }

    /** A persistent worker taking parts of each task with its own workspace. */
    private final class Worker extends Thread {
        private final Local local;
        volatile boolean parked;

        Worker(int id) {
            super("rnn4j-compute-" + id);
            this.local = locals[id];
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                long gen = awaitTask(seen);
                if (gen < 0) return;
                seen = gen;
                runParts(gen, local);
            }
        }

        /** Spins, then parks, until the generation moves past seen; returns it, or −1 once closed. */
        private long awaitTask(long seen) {
            long start = System.nanoTime();
            int spins = 0;
            while (true) {
                long gen = state.get() >>> 32;
                if (gen != seen) return gen;
                if (closed) return -1;
                Thread.onSpinWait();
                if ((++spins & 0x3f) == 0 && System.nanoTime() - start > spinNanos) {
                    parked = true;
                    if ((state.get() >>> 32) == seen && !closed) LockSupport.park(this);
                    parked = false;
                    start = System.nanoTime();
                }
            }
        }
    }
}
