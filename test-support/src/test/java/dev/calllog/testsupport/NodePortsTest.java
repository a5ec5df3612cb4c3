package dev.calllog.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodePortsTest {

    @TempDir
    Path dir;

    @Test
    void portsAreDistinctAndBelowTheRangeOfOutgoingConnections() {
        int low = NodePorts.ephemeralLow();
        assumeTrue(low - NodePorts.LOWEST >= 1_000, "the range of outgoing connections starts at " + low);

        int[] ports = NodePorts.free(6);

        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(6);
        assertThat(Arrays.stream(ports).boxed()).allSatisfy(p -> assertThat(p).isBetween(NodePorts.LOWEST, low - 1));
    }

    @Test
    void theRangeIsTheKernels() throws Exception {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        assumeTrue(Files.isReadable(range), "no " + range);
        Process cat = new ProcessBuilder("cat", range.toString()).start();
        String kernel = new String(cat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(cat.waitFor()).isZero();

        assertThat(NodePorts.ephemeralLow())
                .isEqualTo(Integer.parseInt(kernel.trim().split("\\s+")[0]));
    }

    @Test
    void theRangeIsReadFromItsFirstNumberOrElseLinuxsDefault() throws Exception {
        assertThat(NodePorts.ephemeralLow(Files.writeString(dir.resolve("range"), "40000\t60999\n")))
                .isEqualTo(40_000);
        assertThat(NodePorts.ephemeralLow(Files.writeString(dir.resolve("odd"), "ports\n")))
                .isEqualTo(32_768);
        assertThat(NodePorts.ephemeralLow(dir.resolve("missing"))).isEqualTo(32_768);
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
