package org.rnn4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AdamTest {

    static List<String> torchCases() {
        return OptimizerFixture.cases("adam");
    }

    /** See {@link OptimizerFixture} for the fixture and the tolerance (2e-6 relative). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("torchCases")
    void trajectoryMatchesTorchOptim(String name) {
        OptimizerFixture.check(name, OptimizerFixture.build(OptimizerFixture.find(name)));
    }

    /** Guards the fixture: plain Adam must not reproduce the AMSGrad trajectory (v shrinks there). */
    @Test
    void plainAdamDoesNotMatchTheAmsgradTrajectory() {
        assertThrows(AssertionFailedError.class,
                () -> OptimizerFixture.check("amsgrad-beta2", Adam.of(0.01).withBetas(0.9, 0.9)));
    }

    @Test
    void defaultsArePyTorchs() {
        Adam a = Adam.of(Adam.DEFAULT_LR);
        assertEquals(1e-3, a.learningRate());
        assertEquals("adam", a.name());
        assertEquals("amsgrad", a.withAmsgrad(true).name());
    }

    @Test
    void rejectsBadHyperparameters() {
        assertThrows(IllegalArgumentException.class, () -> Adam.of(0));
        assertThrows(IllegalArgumentException.class, () -> Adam.of(1e-3).withBetas(1.0, 0.999));
        assertThrows(IllegalArgumentException.class, () -> Adam.of(1e-3).withBetas(0.9, -0.1));
        assertThrows(IllegalArgumentException.class, () -> Adam.of(1e-3).withEps(-1));
        assertThrows(IllegalArgumentException.class, () -> Adam.of(1e-3).withWeightDecay(-1));
    }
}
