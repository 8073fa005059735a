package org.rnn4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SgdTest {

    static List<String> torchCases() {
        return OptimizerFixture.cases("sgd");
    }

    /** See {@link OptimizerFixture} for the fixture and the tolerance (2e-6 relative). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("torchCases")
    void trajectoryMatchesTorchOptim(String name) {
        OptimizerFixture.check(name, OptimizerFixture.build(OptimizerFixture.find(name)));
    }

    /** Guards the fixture: heavy-ball momentum must not reproduce the Nesterov or dampened trajectories. */
    @Test
    void plainMomentumDoesNotMatchNesterovOrDampening() {
        assertThrows(AssertionFailedError.class,
                () -> OptimizerFixture.check("sgd-nesterov", Sgd.of(0.1).withMomentum(0.9)));
        assertThrows(AssertionFailedError.class,
                () -> OptimizerFixture.check("sgd-momentum-dampening", Sgd.of(0.1).withMomentum(0.9)));
    }

    @Test
    void plainStepIsLearningRateTimesGradient() {
        float[] p = {1f, -2f, 0.5f};
        Sgd.of(0.5).update(p, new float[] {2f, -4f, 0f}, 1);
        assertEquals(0f, p[0]);
        assertEquals(0f, p[1]);
        assertEquals(0.5f, p[2]);
    }

    @Test
    void nesterovRequiresMomentumAndNoDampening() {
        var e = assertThrows(IllegalArgumentException.class, () -> Sgd.of(0.1).withNesterov(true));
        assertTrue(e.getMessage().contains("nesterov"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Sgd.of(0.1).withMomentum(0.9).withDampening(0.1).withNesterov(true));
    }

    @Test
    void rejectsBadHyperparameters() {
        assertThrows(IllegalArgumentException.class, () -> Sgd.of(0));
        assertThrows(IllegalArgumentException.class, () -> Sgd.of(0.1).withMomentum(-0.9));
        assertThrows(IllegalArgumentException.class, () -> Sgd.of(0.1).withWeightDecay(-1));
    }
}
