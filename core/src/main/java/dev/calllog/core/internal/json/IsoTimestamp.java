package dev.calllog.core.internal.json;

/**
 * Formats an instant as ISO-8601 in UTC, {@code 2026-11-23T18:51:06.654Z}, straight into a {@link ByteBuf} without
 * {@code java.time} objects.
 *
 * <p>The fraction has as many digits as the instant needs, in groups of three and at least three: {@code .654} for
 * whole milliseconds, {@code .654321} for whole microseconds, {@code .654321987} otherwise. Years 0 to 9999 have four
 * digits; later years are written {@code +10000}, earlier ones {@code -0001}, as {@link java.time.Instant#toString()}
 * does.
 */
public final class IsoTimestamp {
    private static final long SECONDS_PER_DAY = 86_400;
    // Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar.
    private static final long DAYS_0000_03_01_TO_EPOCH = 719_468;
    private static final long DAYS_PER_400_YEARS = 146_097;

    /**
     * The date and time of the last second written, up to its dot: events come in time order, so most share it.
     * Immutable, so that a plain volatile reference makes it safe for any number of writing threads.
     */
    private static volatile Second last =
            new Second(0, "1970-01-01T00:00:00.".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    private IsoTimestamp() {}

    private record Second(long epochSecond, byte[] upToDot) {}

    /** The formatted instant, for tests and tools. */
    public static String format(long epochSecond, int nanoOfSecond) {
        ByteBuf buf = new ByteBuf(40);
        write(buf, epochSecond, nanoOfSecond);
        return buf.toString();
    }

    /**
     * Appends the instant, without quotes. A {@code nanoOfSecond} outside {@code [0, 999_999_999]} is carried into the
     * seconds.
     */
    public static void write(ByteBuf out, long epochSecond, int nanoOfSecond) {
        long seconds = epochSecond;
        int nano = nanoOfSecond;
        if (nano < 0 || nano >= 1_000_000_000) {
            seconds += Math.floorDiv(nano, 1_000_000_000);
            nano = Math.floorMod(nano, 1_000_000_000);
        }
        Second cached = last;
        if (cached.epochSecond == seconds) {
            out.write(cached.upToDot);
        } else {
            int start = out.length();
            writeUpToDot(out, seconds);
            last = new Second(seconds, out.copy(start, out.length()));
        }
        if (nano % 1_000_000 == 0) {
            digits(out, nano / 1_000_000, 3);
        } else if (nano % 1_000 == 0) {
            digits(out, nano / 1_000, 6);
        } else {
            digits(out, nano, 9);
        }
        out.write('Z');
    }

    /** Writes {@code 2026-11-23T18:51:06.} */
    private static void writeUpToDot(ByteBuf out, long seconds) {
        long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);

        // Civil date from a day count, counting years from March so that the leap day is the last day of the year
        // (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
        long z = days + DAYS_0000_03_01_TO_EPOCH;
        long era = Math.floorDiv(z, DAYS_PER_400_YEARS);
        long dayOfEra = z - era * DAYS_PER_400_YEARS; // [0, 146096]
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365; // [0, 399]
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100); // [0, 365]
        long monthFromMarch = (5 * dayOfYear + 2) / 153; // [0, 11]
        int day = (int) (dayOfYear - (153 * monthFromMarch + 2) / 5 + 1);
        int month = (int) (monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);

        if (year >= 0 && year <= 9999) {
            digits(out, (int) year, 4);
        } else if (year > 9999) {
            out.write('+');
            out.writeLong(year);
        } else {
            out.write('-');
            String abs = Long.toString(-year);
            for (int i = abs.length(); i < 4; i++) {
                out.write('0');
            }
            out.writeAscii(abs);
        }
        out.write('-');
        digits(out, month, 2);
        out.write('-');
        digits(out, day, 2);
        out.write('T');
        digits(out, secondOfDay / 3600, 2);
        out.write(':');
        digits(out, secondOfDay / 60 % 60, 2);
        out.write(':');
        digits(out, secondOfDay % 60, 2);
        out.write('.');
    }

    /** Writes {@code value} in exactly {@code width} digits, zero-padded, straight into the array. */
    private static void digits(ByteBuf out, int value, int width) {
        out.ensure(width);
        int v = value;
        int start = out.length();
        byte[] a = out.array();
        for (int i = start + width - 1; i >= start; i--) {
            a[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        out.setLength(start + width);
    }
}
