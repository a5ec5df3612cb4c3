package dev.calllog.core.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoTimestampTest {

    private static String format(String instant) {
        Instant i = Instant.parse(instant);
        return IsoTimestamp.format(i.getEpochSecond(), i.getNano());
    }

    @Test
    void epoch() {
        assertThat(IsoTimestamp.format(0, 0)).isEqualTo("1970-01-01T00:00:00.000Z");
    }

    @Test
    void sameSecondAgainAndAnotherSecondInBetween() {
        // The date and time of the last second are reused: each of these must still be exact.
        assertThat(IsoTimestamp.format(1_795_460_000L, 1_000_000)).isEqualTo("2026-11-23T18:53:20.001Z");
        assertThat(IsoTimestamp.format(1_795_460_000L, 2_000)).isEqualTo("2026-11-23T18:53:20.000002Z");
        assertThat(IsoTimestamp.format(1_795_460_001L, 0)).isEqualTo("2026-11-23T18:53:21.000Z");
        assertThat(IsoTimestamp.format(1_795_460_000L, 3)).isEqualTo("2026-11-23T18:53:20.000000003Z");
        assertThat(IsoTimestamp.format(1_795_460_000L, 1_000_000_000)).isEqualTo("2026-11-23T18:53:21.000Z");
    }

    @Test
    void wholeMillisecondsHaveThreeDigits() {
        assertThat(format("2026-11-23T18:51:06.654Z")).isEqualTo("2026-11-23T18:51:06.654Z");
    }

    @Test
    void wholeMicrosecondsHaveSixDigits() {
        assertThat(format("2026-11-23T18:51:06.654321Z")).isEqualTo("2026-11-23T18:51:06.654321Z");
        assertThat(format("2026-11-23T18:51:06.000001Z")).isEqualTo("2026-11-23T18:51:06.000001Z");
    }

    @Test
    void otherwiseNineDigits() {
        assertThat(format("2026-12-31T23:59:59.999999999Z")).isEqualTo("2026-12-31T23:59:59.999999999Z");
        assertThat(format("2026-01-01T00:00:00.000000001Z")).isEqualTo("2026-01-01T00:00:00.000000001Z");
    }

    @Test
    void leapDay() {
        assertThat(format("2000-02-29T12:00:00Z")).isEqualTo("2000-02-29T12:00:00.000Z");
        assertThat(format("2000-03-01T00:00:00Z")).isEqualTo("2000-03-01T00:00:00.000Z");
        assertThat(format("2100-02-28T23:59:59Z")).isEqualTo("2100-02-28T23:59:59.000Z");
        assertThat(format("2100-03-01T00:00:00Z")).isEqualTo("2100-03-01T00:00:00.000Z");
    }

    @Test
    void beforeTheEpoch() {
        assertThat(IsoTimestamp.format(-1, 999_000_000)).isEqualTo("1969-12-31T23:59:59.999Z");
        assertThat(format("1900-01-01T00:00:00Z")).isEqualTo("1900-01-01T00:00:00.000Z");
    }

    @Test
    void farDates() {
        assertThat(format("2262-04-11T23:47:16.854775807Z")).isEqualTo("2262-04-11T23:47:16.854775807Z");
        assertThat(format("9999-12-31T23:59:59.999Z")).isEqualTo("9999-12-31T23:59:59.999Z");
        assertThat(format("+10000-01-01T00:00:00Z")).isEqualTo("+10000-01-01T00:00:00.000Z");
        assertThat(format("0000-01-01T00:00:00Z")).isEqualTo("0000-01-01T00:00:00.000Z");
        assertThat(format("-0001-12-31T00:00:00Z")).isEqualTo("-0001-12-31T00:00:00.000Z");
        assertThat(IsoTimestamp.format(Instant.MAX.getEpochSecond(), Instant.MAX.getNano()))
                .isEqualTo("+1000000000-12-31T23:59:59.999999999Z");
        assertThat(IsoTimestamp.format(Instant.MIN.getEpochSecond(), 0)).isEqualTo("-1000000000-01-01T00:00:00.000Z");
    }

    @Test
    void nanosOutOfRangeAreCarriedIntoSeconds() {
        assertThat(IsoTimestamp.format(0, 1_500_000_000)).isEqualTo("1970-01-01T00:00:01.500Z");
        assertThat(IsoTimestamp.format(0, -1)).isEqualTo("1969-12-31T23:59:59.999999999Z");
    }

    @Test
    void agreesWithJavaTimeOnRandomInstants() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            long seconds = random.nextLong(-62_167_219_200L * 2, 253_402_300_800L * 2); // years -1970..19999
            int nanos =
                    switch (i % 3) {
                        case 0 -> random.nextInt(1000) * 1_000_000;
                        case 1 -> random.nextInt(1_000_000) * 1_000;
                        default -> random.nextInt(1_000_000_000);
                    };
            String expected = Instant.ofEpochSecond(seconds, nanos).toString();
            if (nanos == 0) {
                expected = expected.replace("Z", ".000Z");
            }
            assertThat(IsoTimestamp.format(seconds, nanos))
                    .as("%d.%09d", seconds, nanos)
                    .isEqualTo(expected);
        }
    }
}
