package org.rnn4j.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TaskRegistryTest {

    @Test
    void namesAreSortedAndComplete() {
        assertEquals(List.of("adding", "copy", "denoise", "pad", "varcopy", "varpad", "varwarp", "warp"),
                TaskRegistry.names());
    }

    @Test
    void everyNameCreatesATaskOfThatNameThatSamples() {
        for (String name : TaskRegistry.names()) {
            Task task = TaskRegistry.create(name, TaskOptions.none());
            assertEquals(name, task.name());
            var batch = task.sample(2, new SplittableRandom(1));
            assertEquals(task.inputSize(), batch.inputSize());
            assertTrue(batch.steps() <= task.maxSteps());
        }
    }

    @Test
    void unknownNameListsTheKnownTasks() {
        var e = assertThrows(IllegalArgumentException.class, () -> TaskRegistry.create("xyz", TaskOptions.none()));
        assertEquals("unknown task 'xyz'; known tasks: adding, copy, denoise, pad, varcopy, varpad, varwarp, warp", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TaskRegistry.defaults("Copy"));
    }

    @Test
    void defaultsAreTheTaskConfigDefaults() {
        assertEquals(TaskOptions.none().withLag(100).withLength(10), TaskRegistry.defaults("copy"));
        assertEquals(TaskOptions.none().withLag(100).withLength(10), TaskRegistry.defaults("varcopy"));
        assertEquals(TaskOptions.none().withLag(100).withLength(10), TaskRegistry.defaults("denoise"));
        assertEquals(new TaskOptions(OptionalInt.of(200), OptionalInt.empty()), TaskRegistry.defaults("adding"));
        for (String warp : List.of("warp", "varwarp", "pad", "varpad")) {
            assertEquals(TaskOptions.none().withLag(100).withLength(500), TaskRegistry.defaults(warp), warp);
        }
        for (String name : TaskRegistry.names()) {
            assertEquals(TaskRegistry.create(name, TaskOptions.none()).describe(),
                    TaskRegistry.create(name, TaskRegistry.defaults(name)).describe(), name);
        }
    }

    @Test
    void optionsOverrideTheDefaults() {
        var copy = (CopyTask) TaskRegistry.create("copy", TaskOptions.of(5, 3));
        assertEquals(new CopyTask.Config(3, 5, 5), copy.config());
        var varcopy = (CopyTask) TaskRegistry.create("varcopy", TaskOptions.of(50, null));
        assertEquals(new CopyTask.Config(10, 1, 50), varcopy.config());
        assertEquals(70, varcopy.maxSteps());
        var denoise = (DenoiseTask) TaskRegistry.create("denoise", TaskOptions.of(20, 15));
        assertEquals(new DenoiseTask.Config(15, 20), denoise.config());
        var adding = (AddingTask) TaskRegistry.create("adding", TaskOptions.of(30, null));
        assertEquals(30, adding.maxSteps());
    }

    @Test
    void warpingTasksTakeLagAsMaximumWarpingAndLengthAsSequenceLength() {
        WarpTask.Variant[] variants = WarpTask.Variant.values();
        for (WarpTask.Variant v : variants) {
            var task = (WarpTask) TaskRegistry.create(v.taskName(), TaskOptions.of(10, null));
            assertEquals(new WarpTask.Config(v, 10, 500, WarpTask.PadTarget.MASK), task.config());
        }
        // W = 600 alone would exceed the default N = 500; with N = 1000 given too it is valid.
        var varpad = (WarpTask) TaskRegistry.create("varpad", TaskOptions.of(600, 1000));
        assertEquals(new WarpTask.Config(WarpTask.Variant.VARPAD, 600, 1000, WarpTask.PadTarget.MASK), varpad.config());
        var e = assertThrows(IllegalArgumentException.class, () -> TaskRegistry.create("warp", TaskOptions.of(600, null)));
        assertTrue(e.getMessage().startsWith("maxWarp W (maximum warping) must be < steps T=500"), e.getMessage());
    }

    @Test
    void denoiseLengthAboveTheGivenLagIsCheckedOnThePair() {
        // L = 150 alone would exceed the default T = 100; with T = 200 given too it is valid.
        var denoise = (DenoiseTask) TaskRegistry.create("denoise", TaskOptions.of(200, 150));
        assertEquals(351, denoise.maxSteps());
        var e = assertThrows(IllegalArgumentException.class,
                () -> TaskRegistry.create("denoise", TaskOptions.of(null, 150)));
        assertTrue(e.getMessage().contains("lag T"), e.getMessage());
    }

    @Test
    void addingRejectsLengthNamingIt() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> TaskRegistry.create("adding", TaskOptions.of(null, 10)));
        assertTrue(e.getMessage().startsWith("length L does not apply to task 'adding'"), e.getMessage());
    }

    @Test
    void addingRejectsLagOfOneNamingSteps() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> TaskRegistry.create("adding", TaskOptions.of(1, null)));
        assertTrue(e.getMessage().contains("steps T"), e.getMessage());
    }
}
