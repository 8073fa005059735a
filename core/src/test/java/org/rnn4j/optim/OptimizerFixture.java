package org.rnn4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.rnn4j.testing.Fixtures;
import org.rnn4j.testing.Fixtures.Json;

/**
 * The torch.optim golden trajectories of {@code tools/fixtures/make_optim_fixtures.py}
 * ({@code optimizers-v1.json}): a start vector θ0, five gradient vectors (both exactly float32) and,
 * per case, the parameters after each step in float64. {@link #check} replays a case through the
 * rnn4j optimizer built from the case's torch keyword arguments.
 * <p>Tolerance: {@code |θ − θ_torch| ≤ 2e-6·max(1, |θ_torch|)} at every step (observed: below 2e-7); rnn4j keeps θ and its
 * moments in float32, whose rounding (≈ 6e-8 relative per operation) stays far below that over five
 * steps, while a wrong formula (a missing bias correction, ε inside the root, dampening applied at
 * step 1) moves θ by 1e-3 or more.
 */
final class OptimizerFixture {
    static final double TOLERANCE = 2e-6;
    static final Json DOC = Fixtures.load("/org/rnn4j/optim/optimizers-v1.json");

    private OptimizerFixture() {}

    /** Names of the cases for one torch optimizer ({@code sgd}, {@code rmsprop}, {@code adam}). */
    static List<String> cases(String optimizer) {
        List<String> names = new ArrayList<>();
        Json cases = DOC.get("cases");
        for (int k = 0; k < cases.size(); k++) {
            if (cases.get(k).get("optimizer").asString().equals(optimizer)) names.add(cases.get(k).get("name").asString());
        }
        if (names.isEmpty()) fail("no " + optimizer + " cases in optimizers-v1.json");
        return names;
    }

    static Json find(String name) {
        Json cases = DOC.get("cases");
        for (int k = 0; k < cases.size(); k++) {
            if (cases.get(k).get("name").asString().equals(name)) return cases.get(k);
        }
        throw new AssertionError("no case " + name);
    }

    /** The rnn4j optimizer for a case's torch keyword arguments; fails on an option it does not know. */
    static Optimizer build(Json c) {
        Json o = c.get("options");
        double lr = o.get("lr").asDouble();
        return switch (c.get("optimizer").asString()) {
            case "sgd" -> {
                known(o, "lr", "momentum", "dampening", "nesterov", "weight_decay");
                Sgd s = Sgd.of(lr).withMomentum(num(o, "momentum", 0)).withDampening(num(o, "dampening", 0))
                        .withWeightDecay(num(o, "weight_decay", 0));
                yield o.has("nesterov") ? s.withNesterov(o.get("nesterov").asBoolean()) : s;
            }
            case "rmsprop" -> {
                known(o, "lr", "alpha", "eps", "momentum", "centered", "weight_decay");
                yield RmsProp.of(lr).withAlpha(num(o, "alpha", 0.99)).withEps(num(o, "eps", 1e-8))
                        .withMomentum(num(o, "momentum", 0)).withWeightDecay(num(o, "weight_decay", 0))
                        .withCentered(o.has("centered") && o.get("centered").asBoolean());
            }
            case "adam" -> {
                known(o, "lr", "betas", "eps", "weight_decay", "amsgrad");
                Adam a = Adam.of(lr).withEps(num(o, "eps", 1e-8)).withWeightDecay(num(o, "weight_decay", 0))
                        .withAmsgrad(o.has("amsgrad") && o.get("amsgrad").asBoolean());
                yield o.has("betas") ? a.withBetas(o.get("betas").get(0).asDouble(), o.get("betas").get(1).asDouble()) : a;
            }
            default -> throw new AssertionError("unknown optimizer in fixture: " + c.get("optimizer"));
        };
    }

    /** Replays case {@code name} through {@code opt} and compares θ after every step. */
    static void check(String name, Optimizer opt) {
        Json c = find(name);
        float[] theta = DOC.get("theta0").floats();
        Json grads = DOC.get("grads"), traj = c.get("trajectory");
        assertEquals(grads.size(), traj.size());
        for (int step = 1; step <= grads.size(); step++) {
            float[] g = grads.get(step - 1).floats();
            float[] gCopy = g.clone();
            opt.update(theta, g, step);
            for (int i = 0; i < g.length; i++) assertEquals(gCopy[i], g[i], 0f, "update must not modify grads");
            double[] expected = traj.get(step - 1).doubles();
            for (int i = 0; i < theta.length; i++) {
                double tol = TOLERANCE * Math.max(1, Math.abs(expected[i]));
                if (!(Math.abs(theta[i] - expected[i]) <= tol)) {
                    fail(name + " (" + opt + "): θ[" + i + "] after step " + step + " expected " + expected[i]
                            + ", got " + theta[i] + " (tolerance " + tol + ")");
                }
            }
        }
    }

    private static double num(Json o, String key, double dflt) {
        return o.has(key) ? o.get(key).asDouble() : dflt;
    }

    private static void known(Json o, String... keys) {
        Set<String> allowed = Set.of(keys);
        for (String k : o.keys()) if (!allowed.contains(k)) fail("fixture option '" + k + "' is not mapped to rnn4j");
    }
}
