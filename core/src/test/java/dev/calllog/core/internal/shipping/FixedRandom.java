package dev.calllog.core.internal.shipping;

import java.util.random.RandomGenerator;

/** A random source that always draws the same fraction of its range: 0 the lowest value, close to 1 the highest. */
final class FixedRandom implements RandomGenerator {
    private final double fraction;

    FixedRandom(double fraction) {
        this.fraction = fraction;
    }

    @Override
    public long nextLong() {
        return (long) (fraction * Long.MAX_VALUE);
    }

    @Override
    public double nextDouble() {
        return fraction;
    }
}
