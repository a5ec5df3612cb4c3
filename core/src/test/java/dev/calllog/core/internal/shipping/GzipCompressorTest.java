package dev.calllog.core.internal.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.internal.json.ByteBuf;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GzipCompressorTest {

    /** NDJSON-like text: repetitive, as bulk bodies are, with some variation. */
    private static byte[] bulkLike(int size, long seed) {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder(size + 400);
        int i = 0;
        while (sb.length() < size) {
            sb.append("{\"create\":{\"_id\":\"k7q3m2x9d0a1p-")
                    .append(i++)
                    .append("\"}}\n{\"@timestamp\":\"2026-11-24T00:00:0")
                    .append(random.nextInt(10))
                    .append("Z\",\"call_id\":\"call-")
                    .append(random.nextInt(1000))
                    .append("\",\"event\":\"agent_message_sent\",\"data\":{\"latency_ms\":")
                    .append(random.nextInt(5000))
                    .append("}}\n");
        }
        return Arrays.copyOf(sb.toString().getBytes(StandardCharsets.UTF_8), size);
    }

    private static byte[] gunzip(ByteBuf gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.array(), 0, gz.length()))) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1000, 65_535, 65_536, 65_537, 3 * 1024 * 1024 + 7})
    void everyBodyGunzipsToItself(int size) throws IOException {
        byte[] body = bulkLike(size, size);
        ByteBuf out = new ByteBuf(16);
        try (GzipCompressor gzip = new GzipCompressor()) {
            gzip.compress(body, 0, body.length, out);
            assertThat(gunzip(out)).isEqualTo(body);
            if (size > 1000) {
                assertThat(out.length()).isLessThan(body.length / 4);
            }
        }
    }

    @Test
    void randomBytesAndOffsetsAndManyBodiesInARowWithOneCompressor() throws IOException {
        Random random = new Random(7);
        try (GzipCompressor gzip = new GzipCompressor()) {
            ByteBuf out = new ByteBuf(16);
            for (int round = 0; round < 12; round++) {
                byte[] body = new byte[200_000 * (1 + round % 3) + round];
                if (round % 2 == 0) {
                    random.nextBytes(body); // incompressible
                } else {
                    body = bulkLike(body.length, round);
                }
                int off = round * 3;
                int len = body.length - off - round;
                gzip.compress(body, off, len, out);
                assertThat(gunzip(out)).isEqualTo(Arrays.copyOfRange(body, off, off + len));
            }
        }
    }
}
