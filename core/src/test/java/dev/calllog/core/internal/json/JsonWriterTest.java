package dev.calllog.core.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    private static String string(String s) {
        ByteBuf buf = new ByteBuf(16);
        JsonWriter.writeString(buf, s);
        return buf.toString();
    }

    private static String number(Number n) {
        ByteBuf buf = new ByteBuf(16);
        JsonWriter.writeNumber(buf, n);
        return buf.toString();
    }

    @Test
    void plainAsciiIsWrittenAsIs() {
        assertThat(string("call 42 completed")).isEqualTo("\"call 42 completed\"");
    }

    @Test
    void quoteAndBackslashAreEscaped() {
        assertThat(string("say \"hi\" C:\\x")).isEqualTo("\"say \\\"hi\\\" C:\\\\x\"");
    }

    @Test
    void controlCharactersUseShortEscapesWhereJsonHasThem() {
        assertThat(string("a\nb\rc\td\be\ff")).isEqualTo("\"a\\nb\\rc\\td\\be\\ff\"");
    }

    @Test
    void otherControlCharactersUseUnicodeEscapes() {
        assertThat(string("\u0000\u0001\u001f\u007f")).isEqualTo("\"\\u0000\\u0001\\u001f\u007f\"");
    }

    @Test
    void lineAndParagraphSeparatorsAreEscaped() {
        assertThat(string("a\u2028b\u2029c")).isEqualTo("\"a\\u2028b\\u2029c\"");
    }

    @Test
    void nonAsciiIsWrittenAsUtf8() {
        ByteBuf buf = new ByteBuf(4);
        JsonWriter.writeString(buf, "é€😀");
        assertThat(buf.copy(0, buf.length())).isEqualTo("\"é€😀\"".getBytes(StandardCharsets.UTF_8));
        assertThat(buf.length()).isEqualTo(2 + 2 + 3 + 4);
    }

    @Test
    void loneSurrogatesBecomeReplacementCharacters() {
        String high = "a\uD83Db";
        String low = "a\uDE00b";
        String highAtEnd = "a\uD83D";
        String reversedPair = "\uDE00\uD83D";
        assertThat(string(high)).isEqualTo("\"a\uFFFDb\"");
        assertThat(string(low)).isEqualTo("\"a\uFFFDb\"");
        assertThat(string(highAtEnd)).isEqualTo("\"a\uFFFD\"");
        assertThat(string(reversedPair)).isEqualTo("\"\uFFFD\uFFFD\"");
    }

    @Test
    void nullStringIsJsonNull() {
        assertThat(string(null)).isEqualTo("null");
    }

    @Test
    void integersAndLongs() {
        assertThat(number(42)).isEqualTo("42");
        assertThat(number(-7L)).isEqualTo("-7");
        assertThat(number(Long.MIN_VALUE)).isEqualTo("-9223372036854775808");
        assertThat(number((short) 3)).isEqualTo("3");
        assertThat(number((byte) -1)).isEqualTo("-1");
    }

    @Test
    void longsAreWrittenAsLongToStringDoes() {
        long[] values = {
            0,
            1,
            -1,
            9,
            10,
            -10,
            99,
            100,
            999_999_999,
            1_000_000_000,
            -1_000_000_000,
            Integer.MAX_VALUE,
            Integer.MAX_VALUE + 1L,
            -(long) Integer.MAX_VALUE,
            Integer.MIN_VALUE,
            Integer.MIN_VALUE - 1L,
            9_999_999_999L,
            10_000_000_000L,
            999_999_999_999_999_999L,
            1_000_000_000_000_000_000L,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            Long.MIN_VALUE + 1
        };
        for (long v : values) {
            ByteBuf buf = new ByteBuf(1); // grows while writing
            buf.writeAscii("x");
            buf.writeLong(v);
            assertThat(buf.toString()).isEqualTo("x" + v);
        }
    }

    @Test
    void escapesAfterAPlainPrefixAndPlainAfterEscapes() {
        assertThat(string("plain prefix \"quoted\" then é and\ttab"))
                .isEqualTo("\"plain prefix \\\"quoted\\\" then é and\\ttab\"");
        assertThat(string("\u0001abc")).isEqualTo("\"\\u0001abc\"");
    }

    @Test
    void doublesUseJavaNotationWhichIsValidJson() {
        assertThat(number(1.5)).isEqualTo("1.5");
        assertThat(number(1e10)).isEqualTo("1.0E10");
        assertThat(number(1e-7)).isEqualTo("1.0E-7");
        assertThat(number(-0.0)).isEqualTo("-0.0");
        assertThat(number(2.5f)).isEqualTo("2.5");
        for (String s : new String[] {number(1e10), number(1e-7), number(-0.0), number(Double.MAX_VALUE)}) {
            assertThat(Json.createReader(new StringReader("[" + s + "]")).readArray())
                    .hasSize(1);
        }
    }

    @Test
    void nonFiniteNumbersAreStrings() {
        assertThat(number(Double.NaN)).isEqualTo("\"NaN\"");
        assertThat(number(Double.POSITIVE_INFINITY)).isEqualTo("\"Infinity\"");
        assertThat(number(Float.NEGATIVE_INFINITY)).isEqualTo("\"-Infinity\"");
    }

    @Test
    void bigNumbersAreJsonNumberText() {
        assertThat(number(new BigDecimal("12.50"))).isEqualTo("12.50");
        assertThat(number(new BigDecimal("1E+3"))).isEqualTo("1E+3");
        assertThat(number(new BigInteger("123456789012345678901234567890")))
                .isEqualTo("123456789012345678901234567890");
        assertThat(Json.createReader(new StringReader("[1E+3,0E-10]")).readArray())
                .hasSize(2);
    }

    @Test
    void otherNumbersAreStrings() {
        assertThat(number(new AtomicLong(5))).isEqualTo("\"5\"");
    }

    @Test
    void keyIsStringAndColon() {
        ByteBuf buf = new ByteBuf(16);
        JsonWriter.writeKey(buf, "a\"b");
        assertThat(buf.toString()).isEqualTo("\"a\\\"b\":");
    }
}
