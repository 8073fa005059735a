package org.rnn4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptimizerTest {

    @Test
    void unknownNameFailsListingTheKnownOptimizers() {
        var e = assertThrows(IllegalArgumentException.class, () -> Optimizer.create("nope", Double.NaN));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        for (String known : List.of("adam", "amsgrad", "rmsprop", "sgd")) {
            assertTrue(e.getMessage().contains(known), "message should list " + known + ": " + e.getMessage());
        }
    }

    @Test
    void everyKnownNameCreatesThatOptimizer() {
        for (String name : Optimizer.names()) assertEquals(name, Optimizer.create(name, Double.NaN).name());
        assertInstanceOf(Adam.class, Optimizer.create("adam", 0.1));
        assertInstanceOf(Adam.class, Optimizer.create("amsgrad", 0.1));
        assertInstanceOf(RmsProp.class, Optimizer.create("rmsprop", 0.1));
        assertInstanceOf(Sgd.class, Optimizer.create("sgd", 0.1));
    }

    @Test
    void nanLearningRateMeansTheDefault() {
        assertEquals(1e-3, Optimizer.create("adam", Double.NaN).learningRate());
        assertEquals(1e-3, Optimizer.create("amsgrad", Double.NaN).learningRate());
        assertEquals(1e-2, Optimizer.create("rmsprop", Double.NaN).learningRate());
        assertEquals(1e-2, Optimizer.create("sgd", Double.NaN).learningRate());
        assertEquals(0.25, Optimizer.create("sgd", 0.25).learningRate());
    }

    @Test
    void createdOptimizersMatchTheDefaultTorchCases() {
        OptimizerFixture.check("adam", Optimizer.create("adam", 0.01));
        OptimizerFixture.check("amsgrad", Optimizer.create("amsgrad", 0.01));
        OptimizerFixture.check("rmsprop", Optimizer.create("rmsprop", 0.01));
        OptimizerFixture.check("sgd", Optimizer.create("sgd", 0.1));
    }

    @Test
    void rejectsNonPositiveLearningRate() {
        assertThrows(IllegalArgumentException.class, () -> Optimizer.create("adam", -1));
        assertThrows(IllegalArgumentException.class, () -> Optimizer.create("sgd", 0));
    }
}
