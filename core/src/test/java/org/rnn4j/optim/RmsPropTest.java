package org.rnn4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RmsPropTest {

    static List<String> torchCases() {
        return OptimizerFixture.cases("rmsprop");
    }

    /** See {@link OptimizerFixture} for the fixture and the tolerance (2e-6 relative). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("torchCases")
    void trajectoryMatchesTorchOptim(String name) {
        OptimizerFixture.check(name, OptimizerFixture.build(OptimizerFixture.find(name)));
    }

    /** Guards the fixture: the centered and momentum variants must be distinguishable from plain RMSprop. */
    @Test
    void plainRmsPropDoesNotMatchCenteredOrMomentumTrajectories() {
        assertThrows(AssertionFailedError.class, () -> OptimizerFixture.check("rmsprop-centered", RmsProp.of(0.01)));
        assertThrows(AssertionFailedError.class, () -> OptimizerFixture.check("rmsprop-momentum", RmsProp.of(0.01)));
    }

    @Test
    void defaultLearningRateIsPyTorchs() {
        assertEquals(1e-2, RmsProp.DEFAULT_LR);
        assertEquals("rmsprop", RmsProp.of(RmsProp.DEFAULT_LR).name());
    }

    @Test
    void rejectsBadHyperparameters() {
        assertThrows(IllegalArgumentException.class, () -> RmsProp.of(-1));
        assertThrows(IllegalArgumentException.class, () -> RmsProp.of(0.01).withAlpha(1.5));
        assertThrows(IllegalArgumentException.class, () -> RmsProp.of(0.01).withMomentum(-0.5));
        assertThrows(IllegalArgumentException.class, () -> RmsProp.of(0.01).withEps(-1));
    }
}
