package dev.calllog.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.Iterator;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class NodePortsTest {

    @Test
    void portsAreDistinctAndBelowTheRangeOfOutgoingConnections() {
        int low = NodePorts.ephemeralLow();
        int[] ports = NodePorts.free(6);

        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(6);
        if (low - NodePorts.LOWEST >= 1_000) {
            assertThat(Arrays.stream(ports).boxed())
                    .allSatisfy(p -> assertThat(p).isBetween(NodePorts.LOWEST, low - 1));
        }
    }

    @Test
    void aPortInUseOrAlreadyChosenIsPassedOver() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int used = taken.getLocalPort();
            int[] free = NodePorts.free(2);
            // The generator offers the port in use, then a free port twice, then another free one.
            RandomGenerator offers = sequence(used, free[0], free[0], free[1]);

            int[] ports = NodePorts.free(2, 65_536, offers);

            assertThat(ports).containsExactly(free[0], free[1]);
        }
    }

    @Test
    void whenTheRangeStartsTooLowTheSystemPicks() {
        int[] ports = NodePorts.free(2, NodePorts.LOWEST + 10, sequence());

        assertThat(ports).hasSize(2);
        assertThat(ports[0]).isNotEqualTo(ports[1]);
    }

    /** A generator whose {@code nextInt(origin, bound)} returns the given values in order. */
    private static RandomGenerator sequence(int... values) {
        Iterator<Integer> next = Arrays.stream(values).boxed().toList().iterator();
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int nextInt(int origin, int bound) {
                return next.next();
            }
        };
    }
}
