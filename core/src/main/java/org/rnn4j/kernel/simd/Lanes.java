package org.rnn4j.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The float species every SIMD kernel of this package uses, chosen once at class initialization. */
final class Lanes {
    private Lanes() {}

    /** SPECIES_512 when the CPU prefers ≥ 512 bits, else SPECIES_PREFERRED; {@code rnn4j.simd.bits} overrides. */
    static final VectorSpecies<Float> FLOAT = choose(System.getProperty("rnn4j.simd.bits", ""));

    private static VectorSpecies<Float> choose(String bits) {
        return switch (bits) {
            case "512" -> FloatVector.SPECIES_512;
            case "256" -> FloatVector.SPECIES_256;
            case "128" -> FloatVector.SPECIES_128;
            case "" -> FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512
                    ? FloatVector.SPECIES_512 : FloatVector.SPECIES_PREFERRED;
            default -> throw new IllegalArgumentException(
                    "rnn4j.simd.bits must be one of 512, 256, 128, got " + bits);
        };
    }
}
