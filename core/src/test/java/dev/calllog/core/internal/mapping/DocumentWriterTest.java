package dev.calllog.core.internal.mapping;

import static dev.calllog.core.internal.mapping.MappingFixture.completed;
import static dev.calllog.core.internal.mapping.MappingFixture.event;
import static dev.calllog.core.internal.mapping.MappingFixture.head;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.catalog.EventCodes;
import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.json.ByteBuf;
import dev.calllog.core.internal.json.JsonFragment;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DocumentWriterTest {
    private final MappingFixture f = new MappingFixture();

    /** The document of an INFO call_completed event of call c-1 with one key-value. */
    private String dataOf(Object value) {
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED).kv("v", value));
        String json = f.json(r);
        String before = completed(r, "");
        assertThat(json).startsWith(before.substring(0, before.length() - 1)).endsWith("}");
        return json.substring(before.length() - 1, json.length() - 1);
    }

    // ---- the document ----

    @Test
    void theIssueExample() {
        CallLogRecord r = f.map(event(EventCodes.INTEGRATION_TOOL_FAILED)
                .level(SourceLevel.ERROR)
                .mdc("agent_id", "a-7")
                .mdc("account_id", "acme")
                .message("CRM lookup failed")
                .kv("tool", "crm_lookup")
                .kv("duration_ms", 5003)
                .throwable(new SocketTimeoutException("Read timed out")));
        assertThat(f.json(r))
                .isEqualTo("{\"@timestamp\":\"2026-11-23T18:51:06.654321Z\",\"event_id\":\"" + r.eventId()
                        + "\",\"seq\":" + r.seq() + ",\"call_id\":\"c-1\",\"agent_id\":\"a-7\",\"account_id\":\"acme\","
                        + "\"level\":\"ERROR\",\"severity\":17,\"category\":\"integrations\","
                        + "\"event\":\"integration_tool_failed\",\"message\":\"CRM lookup failed\","
                        + "\"data\":{\"tool\":\"crm_lookup\",\"duration_ms\":5003,"
                        + "\"error\":{\"type\":\"SocketTimeoutException\",\"message\":\"Read timed out\"}},"
                        + "\"measures\":{\"duration_ms\":5003},\"labels\":{\"tool\":\"crm_lookup\"}}");
    }

    @Test
    void everyFieldInOrder() {
        CallLogRecord r = f.map(event(EventCodes.TRANSFER_TOOL_FAILED)
                .level(SourceLevel.WARN)
                .mdc("agent_id", "a-7")
                .mdc("account_id", "acme")
                .mdc("trace_id", "tr")
                .mdc("turn_id", "tu")
                .message("transfer failed")
                .kv("target", "sales"));
        assertThat(f.json(r))
                .isEqualTo(head(r) + ",\"call_id\":\"c-1\",\"agent_id\":\"a-7\",\"account_id\":\"acme\","
                        + "\"trace_id\":\"tr\",\"turn_id\":\"tu\",\"level\":\"ERROR\",\"severity\":17,"
                        + "\"category\":\"tools\",\"event\":\"transfer_tool_failed\",\"message\":\"transfer failed\","
                        + "\"data\":{\"target\":\"sales\"}}");
    }

    @Test
    void bulkItemIsTheCreateActionAndTheDocumentOnTwoLines() {
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED).message("bye"));
        ByteBuf buf = new ByteBuf(16);
        buf.writeAscii("before");
        f.writer.writeBulkItem(r, buf);
        assertThat(buf.toString())
                .isEqualTo("before{\"create\":{\"_id\":\"" + r.eventId() + "\"}}\n"
                        + head(r) + ",\"call_id\":\"c-1\",\"level\":\"INFO\",\"severity\":9,\"category\":\"lifecycle\","
                        + "\"event\":\"call_completed\",\"message\":\"bye\",\"data\":{}}\n");
    }

    @Test
    void timestampWithMillisecondPrecision() {
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED).time(Instant.parse("2026-11-23T18:51:06.654Z")));
        assertThat(f.json(r)).startsWith("{\"@timestamp\":\"2026-11-23T18:51:06.654Z\",\"event_id\"");
    }

    @Test
    void timestampWithMicrosecondPrecision() {
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED).time(Instant.parse("2026-11-23T18:51:06.654321Z")));
        assertThat(f.json(r)).startsWith("{\"@timestamp\":\"2026-11-23T18:51:06.654321Z\",\"event_id\"");
    }

    @Test
    void timestampWithNanosecondPrecision() {
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED).time(Instant.parse("2026-11-23T18:51:06.654321987Z")));
        assertThat(f.json(r)).startsWith("{\"@timestamp\":\"2026-11-23T18:51:06.654321987Z\",\"event_id\"");
    }

    @Test
    void timestampOfAWholeSecond() {
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED).time(Instant.parse("2026-11-23T18:51:06Z")));
        assertThat(f.json(r)).startsWith("{\"@timestamp\":\"2026-11-23T18:51:06.000Z\",\"event_id\"");
    }

    // ---- measures ----

    @Test
    void numbersUnderMeasureKeysAreRepeatedInMeasuresInDataOrder() {
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED)
                .kv("http_status", 503)
                .kv("tool", "crm_lookup")
                .kv("latency_ms", 640L)
                .kv("duration_s", 12.5)
                .kv("turn", (short) 3)
                .kv("attempts", (byte) 2)
                .kv("duration_ms", new BigDecimal("5003.25"))
                .kv("ring_ms", new BigInteger("4000"))
                .kv("spoken_ms", 1.5f));
        assertThat(f.json(r))
                .isEqualTo(completed(
                        r,
                        "{\"http_status\":503,\"tool\":\"crm_lookup\",\"latency_ms\":640,\"duration_s\":12.5,"
                                + "\"turn\":3,\"attempts\":2,\"duration_ms\":5003.25,\"ring_ms\":4000,"
                                + "\"spoken_ms\":1.5}",
                        "{\"http_status\":503,\"latency_ms\":640,\"duration_s\":12.5,\"turn\":3,\"attempts\":2,"
                                + "\"duration_ms\":5003.25,\"ring_ms\":4000,\"spoken_ms\":1.5}",
                        "{\"tool\":\"crm_lookup\"}"));
    }

    @Test
    void valuesThatAreNotNumbersStayInDataOnly() {
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED)
                .kv("latency_ms", "640 ms")
                .kv("duration_ms", Map.of("p50", 12))
                .kv("attempts", List.of(1, 2))
                .kv("http_status", null)
                .kv("turn", true)
                .kv("silence_ms", Double.NaN)
                .kv("ring_ms", new AtomicLong(-1) {
                    @Override
                    public String toString() {
                        return "soon";
                    }
                }));
        assertThat(f.json(r))
                .isEqualTo(completed(
                        r,
                        "{\"latency_ms\":\"640 ms\",\"duration_ms\":{\"p50\":12},\"attempts\":[1,2],"
                                + "\"http_status\":null,\"turn\":true,\"silence_ms\":\"NaN\",\"ring_ms\":\"soon\"}"));
    }

    @Test
    void numbersUnderOtherKeysAndNestedMeasureKeysAreNotMeasures() {
        CallLogRecord r =
                f.map(event(EventCodes.CALL_COMPLETED).kv("tokens", 812).kv("http", Map.of("latency_ms", 40)));
        assertThat(f.json(r)).isEqualTo(completed(r, "{\"tokens\":812,\"http\":{\"latency_ms\":40}}"));
    }

    @Test
    void aNumberTooLargeForADoubleIsLeftOutOfMeasures() {
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED)
                .kv("latency_ms", new BigDecimal("1E+400"))
                .kv("duration_ms", BigInteger.TEN.pow(400))
                .kv("turn", 4));
        assertThat(f.json(r))
                .isEqualTo(completed(
                        r,
                        "{\"latency_ms\":1E+400,\"duration_ms\":" + BigInteger.TEN.pow(400) + ",\"turn\":4}",
                        "{\"turn\":4}"));
    }

    @Test
    void theMeasureKeysAreConfigurable() {
        CallLogConfig config = new CallLogConfig();
        config.setMeasureKeys("tokens, cost_usd");
        MappingFixture g = new MappingFixture(config);
        CallLogRecord r = g.map(event(EventCodes.CALL_COMPLETED)
                .kv("latency_ms", 640)
                .kv("cost_usd", 0.0125)
                .kv("tokens", 812));
        assertThat(g.json(r))
                .isEqualTo(completed(
                        r,
                        "{\"latency_ms\":640,\"cost_usd\":0.0125,\"tokens\":812}",
                        "{\"cost_usd\":0.0125,\"tokens\":812}"));
    }

    @Test
    void noMeasureKeysMeansNoMeasures() {
        CallLogConfig config = new CallLogConfig();
        config.setMeasureKeys("");
        MappingFixture g = new MappingFixture(config);
        CallLogRecord r = g.map(event(EventCodes.CALL_COMPLETED).kv("latency_ms", 640));
        assertThat(g.json(r)).isEqualTo(completed(r, "{\"latency_ms\":640}"));
    }

    @Test
    void theLastValueOfARepeatedKeyIsTheMeasure() {
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED)
                .kv("latency_ms", 1)
                .kv("latency_ms", "slow")
                .kv("turn", "two")
                .kv("turn", 2));
        assertThat(f.json(r)).isEqualTo(completed(r, "{\"latency_ms\":\"slow\",\"turn\":2}", "{\"turn\":2}"));
    }

    @Test
    void measuresFollowAnErrorInData() {
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED)
                .kv("duration_ms", 5003)
                .throwable(new SocketTimeoutException("Read timed out")));
        assertThat(f.json(r))
                .isEqualTo(completed(
                        r,
                        "{\"duration_ms\":5003,\"error\":{\"type\":\"SocketTimeoutException\","
                                + "\"message\":\"Read timed out\"}}",
                        "{\"duration_ms\":5003}"));
    }

    // ---- numeric strings as measures ----

    @Test
    void numericStringsUnderMeasureKeysAreMeasuresAndStayStringsInData() {
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED)
                .kv("latency_ms", "640")
                .kv("duration_ms", "-1250.5")
                .kv("duration_s", "2.5e-3")
                .kv("http_status", "503 ")
                .kv("turn", "0")
                .kv("attempt", "1E+3")
                .kv("tokens", "812"));
        assertThat(f.json(r))
                .isEqualTo(completed(
                        r,
                        "{\"latency_ms\":\"640\",\"duration_ms\":\"-1250.5\",\"duration_s\":\"2.5e-3\","
                                + "\"http_status\":\"503 \",\"turn\":\"0\",\"attempt\":\"1E+3\",\"tokens\":\"812\"}",
                        "{\"latency_ms\":640,\"duration_ms\":-1250.5,\"duration_s\":2.5e-3,\"turn\":0,"
                                + "\"attempt\":1E+3}"));
    }

    @Test
    void plainJsonNumbersFiniteAsDoublesAreAccepted() {
        for (String s : List.of(
                "0",
                "-0",
                "7",
                "-42",
                "640",
                "0.25",
                "-0.5",
                "1250.50",
                "1e3",
                "1E3",
                "1e+3",
                "1E-3",
                "-2.5e-3",
                "12345678901234567890",
                "1e-400",
                "1.7976931348623157e308",
                "1" + "0".repeat(99),
                "9".repeat(DocumentWriter.MAX_NUMBER_CHARS))) {
            assertThat(DocumentWriter.isFiniteJsonNumber(s)).as(s).isTrue();
        }
    }

    @Test
    void otherNumberTextIsRefused() {
        for (String s : List.of(
                "",
                "-",
                "+5",
                " 5",
                "5 ",
                "5\n",
                "01",
                "-01",
                "00",
                "1.",
                ".5",
                "-.5",
                "1.e3",
                "1e",
                "1e+",
                "1e-",
                "e3",
                "1.5.2",
                "1,5",
                "1_000",
                "0x1F",
                "0X1F",
                "NaN",
                "Infinity",
                "-Infinity",
                "1d",
                "1f",
                "1L",
                "\u0661\u0662",
                "１２",
                "1e309",
                "-1e400",
                "1.8e308",
                "9".repeat(DocumentWriter.MAX_NUMBER_CHARS + 1))) {
            assertThat(DocumentWriter.isFiniteJsonNumber(s)).as(s).isFalse();
        }
    }

    @Test
    void aNumericStringIsWrittenToMeasuresAsItIs() {
        CallLogConfig config = new CallLogConfig();
        config.setMeasureKeys("v");
        MappingFixture g = new MappingFixture(config);
        // More digits than a double keeps: the cluster rounds it, as it would the same number logged as a number.
        String big = "9".repeat(99);
        CallLogRecord r = g.map(event(EventCodes.CALL_COMPLETED).kv("v", big));
        assertThat(g.json(r)).isEqualTo(completed(r, "{\"v\":\"" + big + "\"}", "{\"v\":" + big + "}"));
    }

    @Test
    void numericStringsUnderOtherKeysAreNotMeasures() {
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED).kv("tokens", "812"));
        assertThat(f.json(r)).isEqualTo(completed(r, "{\"tokens\":\"812\"}"));
    }

    // ---- labels ----

    @Test
    void stringsBooleansAndWholeNumbersUnderLabelKeysAreLabelsInDataOrder() {
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED)
                .kv("node", 7)
                .kv("type", "http")
                .kv("tool", "crm_lookup")
                .kv("reason", true)
                .kv("destination", 5_000_000_000L)
                .kv("webhook", (short) -3)
                .kv("integration", new BigInteger("123456789012345678901234567890")));
        assertThat(f.json(r))
                .isEqualTo(completed(
                        r,
                        "{\"node\":7,\"type\":\"http\",\"tool\":\"crm_lookup\",\"reason\":true,"
                                + "\"destination\":5000000000,\"webhook\":-3,"
                                + "\"integration\":123456789012345678901234567890}",
                        null,
                        "{\"node\":\"7\",\"tool\":\"crm_lookup\",\"reason\":\"true\",\"destination\":\"5000000000\","
                                + "\"webhook\":\"-3\",\"integration\":\"123456789012345678901234567890\"}"));
    }

    @Test
    void otherValuesUnderLabelKeysStayInDataOnly() {
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED)
                .kv("tool", 2.5)
                .kv("integration", new BigDecimal("12"))
                .kv("webhook", Map.of("name", "crm"))
                .kv("destination", List.of("a"))
                .kv("node", null)
                .kv("reason", 1.5f));
        assertThat(f.json(r))
                .isEqualTo(completed(
                        r,
                        "{\"tool\":2.5,\"integration\":12,\"webhook\":{\"name\":\"crm\"},\"destination\":[\"a\"],"
                                + "\"node\":null,\"reason\":1.5}"));
    }

    @Test
    void aLabelIsItsDataTextCutToTheKeywordLimit() {
        String exact = "x".repeat(DocumentWriter.MAX_LABEL_CHARS);
        String longer = "y".repeat(DocumentWriter.MAX_LABEL_CHARS + 10);
        // The 256th character would be the first half of an emoji: the cut keeps 255.
        String pair = "z".repeat(DocumentWriter.MAX_LABEL_CHARS - 1) + "😀";
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED)
                .kv("tool", exact)
                .kv("webhook", longer)
                .kv("node", pair)
                .kv("reason", "say \"hi\" to 10.0.0.7\n"));
        assertThat(f.json(r))
                .isEqualTo(completed(
                        r,
                        "{\"tool\":\"" + exact + "\",\"webhook\":\"" + longer + "\",\"node\":\"" + pair
                                + "\",\"reason\":\"say \\\"hi\\\" to [ip]\\n\"}",
                        null,
                        "{\"tool\":\"" + exact + "\",\"webhook\":\"" + "y".repeat(DocumentWriter.MAX_LABEL_CHARS)
                                + "\",\"node\":\"" + "z".repeat(DocumentWriter.MAX_LABEL_CHARS - 1)
                                + "\",\"reason\":\"say \\\"hi\\\" to [ip]\\n\"}"));
    }

    @Test
    void labelsFollowMeasuresAfterAnErrorInData() {
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED)
                .kv("tool", "crm_lookup")
                .kv("duration_ms", 5003)
                .kv("tool", "order_lookup")
                .throwable(new SocketTimeoutException("Read timed out")));
        assertThat(f.json(r))
                .isEqualTo(completed(
                        r,
                        "{\"tool\":\"order_lookup\",\"duration_ms\":5003,\"error\":{\"type\":\"SocketTimeoutException\","
                                + "\"message\":\"Read timed out\"}}",
                        "{\"duration_ms\":5003}",
                        "{\"tool\":\"order_lookup\"}"));
    }

    @Test
    void theLabelKeysAreConfigurable() {
        CallLogConfig config = new CallLogConfig();
        config.setLabelKeys("queue, tool");
        MappingFixture g = new MappingFixture(config);
        CallLogRecord r = g.map(event(EventCodes.CALL_COMPLETED)
                .kv("webhook", "order_status")
                .kv("tool", "crm_lookup")
                .kv("queue", "billing"));
        assertThat(g.json(r))
                .isEqualTo(completed(
                        r,
                        "{\"webhook\":\"order_status\",\"tool\":\"crm_lookup\",\"queue\":\"billing\"}",
                        null,
                        "{\"tool\":\"crm_lookup\",\"queue\":\"billing\"}"));
    }

    @Test
    void noLabelKeysMeansNoLabels() {
        CallLogConfig config = new CallLogConfig();
        config.setLabelKeys("");
        MappingFixture g = new MappingFixture(config);
        CallLogRecord r = g.map(event(EventCodes.CALL_COMPLETED).kv("tool", "crm_lookup"));
        assertThat(g.json(r)).isEqualTo(completed(r, "{\"tool\":\"crm_lookup\"}"));
    }

    @Test
    void aKeyCanBeBothAMeasureAndALabel() {
        CallLogConfig config = new CallLogConfig();
        config.setLabelKeys("http_status");
        MappingFixture g = new MappingFixture(config);
        CallLogRecord r = g.map(event(EventCodes.CALL_COMPLETED).kv("http_status", 503));
        assertThat(g.json(r))
                .isEqualTo(completed(r, "{\"http_status\":503}", "{\"http_status\":503}", "{\"http_status\":\"503\"}"));
    }

    // ---- data shapes ----

    @Test
    void string() {
        assertThat(dataOf("crm")).isEqualTo("{\"v\":\"crm\"}");
    }

    @Test
    void integer() {
        assertThat(dataOf(42)).isEqualTo("{\"v\":42}");
    }

    @Test
    void longValue() {
        assertThat(dataOf(9_007_199_254_740_993L)).isEqualTo("{\"v\":9007199254740993}");
    }

    @Test
    void shortAndByte() {
        assertThat(dataOf((short) -3)).isEqualTo("{\"v\":-3}");
        assertThat(dataOf((byte) 7)).isEqualTo("{\"v\":7}");
    }

    @Test
    void doubleValue() {
        assertThat(dataOf(0.25)).isEqualTo("{\"v\":0.25}");
        assertThat(dataOf(1e21)).isEqualTo("{\"v\":1.0E21}");
    }

    @Test
    void floatValue() {
        assertThat(dataOf(1.5f)).isEqualTo("{\"v\":1.5}");
    }

    @Test
    void nonFiniteNumbersAreStrings() {
        assertThat(dataOf(Double.NaN)).isEqualTo("{\"v\":\"NaN\"}");
        assertThat(dataOf(Double.NEGATIVE_INFINITY)).isEqualTo("{\"v\":\"-Infinity\"}");
        assertThat(dataOf(Float.POSITIVE_INFINITY)).isEqualTo("{\"v\":\"Infinity\"}");
    }

    @Test
    void bigDecimalAndBigInteger() {
        assertThat(dataOf(new BigDecimal("0.10"))).isEqualTo("{\"v\":0.10}");
        assertThat(dataOf(new BigDecimal("1E+3"))).isEqualTo("{\"v\":1E+3}");
        assertThat(dataOf(new BigInteger("123456789012345678901234567890")))
                .isEqualTo("{\"v\":123456789012345678901234567890}");
    }

    @Test
    void otherNumbersAreTheirText() {
        AtomicLong counter = new AtomicLong(5);
        String data = dataOf(counter);
        counter.set(6);
        assertThat(data).isEqualTo("{\"v\":\"5\"}");
    }

    @Test
    void booleans() {
        assertThat(dataOf(true)).isEqualTo("{\"v\":true}");
        assertThat(dataOf(Boolean.FALSE)).isEqualTo("{\"v\":false}");
    }

    @Test
    void nullValue() {
        assertThat(dataOf(null)).isEqualTo("{\"v\":null}");
    }

    @Test
    void enumIsItsName() {
        assertThat(dataOf(TimeUnit.SECONDS)).isEqualTo("{\"v\":\"SECONDS\"}");
        assertThat(dataOf(Shape.ROUND)).as("enum constant with a body").isEqualTo("{\"v\":\"ROUND\"}");
    }

    enum Shape {
        ROUND {
            @Override
            public String toString() {
                return "round!";
            }
        }
    }

    @Test
    void charactersAndCharSequencesAreStrings() {
        StringBuilder sb = new StringBuilder("draft");
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED).kv("c", 'x').kv("sb", sb));
        sb.append(" changed later");
        assertThat(f.json(r)).isEqualTo(completed(r, "{\"c\":\"x\",\"sb\":\"draft\"}"));
    }

    @Test
    void nestedMap() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("status", 503);
        inner.put("retry", true);
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("http", inner);
        outer.put("tags", List.of("a", "b"));
        outer.put("none", null);
        assertThat(dataOf(outer))
                .isEqualTo("{\"v\":{\"http\":{\"status\":503,\"retry\":true},\"tags\":[\"a\",\"b\"],\"none\":null}}");
    }

    @Test
    void mapKeysBecomeStrings() {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(1, "one");
        m.put(TimeUnit.DAYS, "d");
        m.put(null, "n");
        assertThat(dataOf(m)).isEqualTo("{\"v\":{\"1\":\"one\",\"DAYS\":\"d\",\"null\":\"n\"}}");
    }

    @Test
    void mapKeysWithTheSameTextKeepTheFirst() {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(1, "number");
        m.put("1", "string");
        assertThat(dataOf(m)).isEqualTo("{\"v\":{\"1\":\"number\"}}");
    }

    @Test
    void list() {
        assertThat(dataOf(List.of(1, "two", 3.5, false))).isEqualTo("{\"v\":[1,\"two\",3.5,false]}");
    }

    @Test
    void iterableThatIsNotACollection() {
        Iterable<Integer> it = () -> List.of(1, 2).iterator();
        assertThat(dataOf(it)).isEqualTo("{\"v\":[1,2]}");
    }

    @Test
    void primitiveArrays() {
        assertThat(dataOf(new int[] {1, 2, 3})).isEqualTo("{\"v\":[1,2,3]}");
        assertThat(dataOf(new long[] {-1L})).isEqualTo("{\"v\":[-1]}");
        assertThat(dataOf(new double[] {0.5, Double.NaN})).isEqualTo("{\"v\":[0.5,\"NaN\"]}");
        assertThat(dataOf(new boolean[] {true, false})).isEqualTo("{\"v\":[true,false]}");
        assertThat(dataOf(new byte[] {1, -1})).isEqualTo("{\"v\":[1,-1]}");
        assertThat(dataOf(new int[0])).isEqualTo("{\"v\":[]}");
    }

    @Test
    void charArrayIsAString() {
        assertThat(dataOf(new char[] {'o', 'k'})).isEqualTo("{\"v\":\"ok\"}");
    }

    @Test
    void objectArray() {
        assertThat(dataOf(new Object[] {"a", 1, null, new String[] {"x"}})).isEqualTo("{\"v\":[\"a\",1,null,[\"x\"]]}");
    }

    @Test
    void containersAreSnapshottedWhenLogged() {
        List<Object> list = new ArrayList<>(List.of("a"));
        int[] array = {1};
        CallLogRecord r =
                f.map(event(EventCodes.CALL_COMPLETED).kv("list", list).kv("array", array));
        list.add("b");
        array[0] = 2;
        assertThat(f.json(r)).isEqualTo(completed(r, "{\"list\":[\"a\"],\"array\":[1]}"));
        assertThat(r.data().get("list")).isInstanceOf(JsonFragment.class);
    }

    @Test
    void scalarValuesAreKeptAsReferences() {
        String s = "crm";
        Long n = 5003L;
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED).kv("s", s).kv("n", n));
        assertThat(r.data().get("s")).isSameAs(s);
        assertThat(r.data().get("n")).isSameAs(n);
    }

    @Test
    void arbitraryObjectIsItsText() {
        Object o = new Object() {
            @Override
            public String toString() {
                return "Point(1, 2)";
            }
        };
        assertThat(dataOf(o)).isEqualTo("{\"v\":\"Point(1, 2)\"}");
        assertThat(dataOf(java.time.Duration.ofSeconds(90))).isEqualTo("{\"v\":\"PT1M30S\"}");
    }

    @Test
    void toStringReturningNull() {
        Object o = new Object() {
            @Override
            public String toString() {
                return null;
            }
        };
        assertThat(dataOf(o)).isEqualTo("{\"v\":\"null\"}");
    }

    @Test
    void toStringThrowingIsAPlaceholderAndAWarning() {
        assertThat(dataOf(new Unprintable())).isEqualTo("{\"v\":\"[toString failed: IllegalStateException]\"}");
        assertThat(dataOf(List.of(new Unprintable())))
                .isEqualTo("{\"v\":[\"[toString failed: IllegalStateException]\"]}");
        assertThat(f.sink.messages())
                .containsExactly(
                        "WARN a key-value of call-log event 'call_completed' (" + Unprintable.class.getName()
                                + ") could not be turned into text: toString() threw java.lang.IllegalStateException",
                        "WARN a key-value of call-log event 'call_completed' (" + Unprintable.class.getName()
                                + ") could not be turned into text: toString() threw java.lang.IllegalStateException");
        assertThat(f.mapper.mappingFailed()).isZero();
    }

    static final class Unprintable {
        @Override
        public String toString() {
            throw new IllegalStateException("no");
        }
    }

    @Test
    void cycleInAList() {
        List<Object> list = new ArrayList<>();
        list.add("a");
        list.add(list);
        assertThat(dataOf(list)).isEqualTo("{\"v\":[\"a\",\"[cycle]\"]}");
        assertThat(f.mapper.truncatedData()).isEqualTo(1);
    }

    @Test
    void cycleInAMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("self", map);
        map.put("list", List.of(map));
        assertThat(dataOf(map)).isEqualTo("{\"v\":{\"self\":\"[cycle]\",\"list\":[\"[cycle]\"]}}");
    }

    @Test
    void theSameContainerTwiceIsNotACycle() {
        List<Integer> shared = List.of(1);
        assertThat(dataOf(List.of(shared, shared))).isEqualTo("{\"v\":[[1],[1]]}");
        assertThat(f.mapper.truncatedData()).isZero();
    }

    @Test
    void sixteenLevelsAreKept() {
        assertThat(dataOf(nested(16))).isEqualTo("{\"v\":" + "[".repeat(16) + "\"deep\"" + "]".repeat(16) + "}");
        assertThat(f.mapper.truncatedData()).isZero();
    }

    @Test
    void deeperLevelsAreCut() {
        assertThat(dataOf(nested(40)))
                .isEqualTo("{\"v\":" + "[".repeat(16) + "\"[depth limit]\"" + "]".repeat(16) + "}");
        assertThat(f.mapper.truncatedData()).isEqualTo(1);
        assertThat(f.sink.messages())
                .containsExactly("WARN the data of call-log event 'call_completed' was cut at a size, depth or cycle"
                        + " limit");
    }

    private static List<Object> nested(int levels) {
        List<Object> outer = new ArrayList<>();
        List<Object> current = outer;
        for (int i = 1; i < levels; i++) {
            List<Object> next = new ArrayList<>();
            current.add(next);
            current = next;
        }
        current.add("deep");
        return outer;
    }

    @Test
    void largeListsAreCut() {
        List<Integer> big = new ArrayList<>();
        StringBuilder expected = new StringBuilder("{\"v\":[");
        for (int i = 0; i < 1_001; i++) {
            big.add(i);
            if (i < 1_000) {
                expected.append(i).append(',');
            }
        }
        expected.append("\"[truncated]\"]}");
        assertThat(dataOf(big)).isEqualTo(expected.toString());
        assertThat(f.mapper.truncatedData()).isEqualTo(1);
        assertThat(dataOf(big.subList(0, 1_000))).as("exactly the limit").doesNotContain("[truncated]");
        assertThat(f.mapper.truncatedData()).isEqualTo(1);
    }

    @Test
    void largeMapsAreCut() {
        Map<String, Integer> big = new TreeMap<>();
        StringBuilder expected = new StringBuilder("{\"v\":{");
        for (int i = 0; i < 1_500; i++) {
            big.put(String.format("k%04d", i), i);
        }
        for (int i = 0; i < 1_000; i++) {
            expected.append(String.format("\"k%04d\":%d,", i, i));
        }
        expected.append("\"[truncated]\":true}}");
        assertThat(dataOf(big)).isEqualTo(expected.toString());
    }

    @Test
    void largeArraysAreCut() {
        String data = dataOf(new long[5_000]);
        assertThat(data).isEqualTo("{\"v\":[" + "0,".repeat(1_000) + "\"[truncated]\"]}");
    }

    @Test
    void tooManyKeyValuesAreCut() {
        TestSourceEvent.Builder e = event(EventCodes.CALL_COMPLETED);
        for (int i = 0; i < 1_001; i++) {
            e.kv("k" + i, i);
        }
        e.kv("k0", "replaced");
        CallLogRecord r = f.map(e);
        assertThat(r.data()).hasSize(1_000).containsEntry("k0", "replaced").doesNotContainKey("k1000");
        assertThat(f.mapper.truncatedData()).isEqualTo(1);
    }

    @Test
    void iterationFailureMakesTheValueUnreadable() {
        Iterable<Object> failing = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Object next() {
                throw new ConcurrentModificationException();
            }
        };
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED)
                .kv("a", List.of(1))
                .kv("b", failing)
                .kv("c", List.of(2)));
        assertThat(f.json(r))
                .isEqualTo(
                        completed(r, "{\"a\":[1],\"b\":\"[unreadable: ConcurrentModificationException]\",\"c\":[2]}"));
        assertThat(f.sink.messages())
                .containsExactly("WARN a key-value of call-log event 'call_completed' could not be read: "
                        + "java.util.ConcurrentModificationException");
    }

    @Test
    void laterDuplicateKeysOverwriteEarlierOnes() {
        CallLogRecord r =
                f.map(event(EventCodes.CALL_COMPLETED).kv("a", 1).kv("b", 2).kv("a", 3));
        assertThat(f.json(r)).isEqualTo(completed(r, "{\"a\":3,\"b\":2}"));
    }

    @Test
    void nullKeyIsTheStringNull() {
        assertThat(f.json(f.map(event(EventCodes.CALL_COMPLETED).kv(null, 1)))).contains("\"data\":{\"null\":1}");
    }

    @Test
    void manyKeysKeepTheirOrderAndDuplicatesStillOverwrite() {
        TestSourceEvent.Builder e = event(EventCodes.CALL_COMPLETED);
        StringBuilder expected = new StringBuilder("{");
        for (int i = 0; i < 40; i++) {
            e.kv("k" + i, i);
            expected.append(i == 0 ? "" : ",")
                    .append("\"k")
                    .append(i)
                    .append("\":")
                    .append(i == 30 ? 99 : i);
        }
        e.kv("k30", 99);
        CallLogRecord r = f.map(e);
        assertThat(f.json(r)).isEqualTo(completed(r, expected.append('}').toString()));
    }

    // ---- errors ----

    @Test
    void throwableKeyValueBecomesDataError() {
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED)
                .kv("tool", "crm")
                .kv("cause", new IllegalStateException("boom at 10.0.0.1")));
        assertThat(f.json(r))
                .isEqualTo(completed(
                        r,
                        "{\"tool\":\"crm\",\"error\":{\"type\":\"IllegalStateException\",\"message\":\"boom at [ip]\"}}",
                        null,
                        "{\"tool\":\"crm\"}"));
    }

    @Test
    void eventThrowableWinsOverThrowableKeyValues() {
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED)
                .throwable(new SocketTimeoutException("Read timed out"))
                .kv("cause", new IllegalStateException("other")));
        assertThat(f.json(r))
                .isEqualTo(completed(
                        r, "{\"error\":{\"type\":\"SocketTimeoutException\",\"message\":\"Read timed out\"}}"));
    }

    @Test
    void lastThrowableKeyValueWins() {
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED)
                .kv("first", new IllegalStateException("one"))
                .kv("second", new IOException("two")));
        assertThat(f.json(r)).isEqualTo(completed(r, "{\"error\":{\"type\":\"IOException\",\"message\":\"two\"}}"));
    }

    @Test
    void eventThrowableWithoutMessage() {
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED).throwable(new NullPointerException()));
        assertThat(f.json(r)).isEqualTo(completed(r, "{\"error\":{\"type\":\"NullPointerException\"}}"));
    }

    @Test
    void anonymousThrowableUsesItsBinaryName() {
        RuntimeException anonymous = new RuntimeException("x") {};
        assertThat(anonymous.getClass().getSimpleName()).isEmpty();
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED).throwable(anonymous));
        String name = anonymous.getClass().getName().substring("dev.calllog.core.internal.mapping.".length());
        assertThat(name).startsWith("DocumentWriterTest$");
        assertThat(f.json(r)).isEqualTo(completed(r, "{\"error\":{\"type\":\"" + name + "\",\"message\":\"x\"}}"));
    }

    @Test
    void throwingGetMessageIsAPlaceholder() {
        Exception e = new Exception() {
            @Override
            public String getMessage() {
                throw new UnsupportedOperationException();
            }
        };
        assertThat(f.json(f.map(event(EventCodes.CALL_COMPLETED).throwable(e))))
                .contains("\"message\":\"[getMessage failed: UnsupportedOperationException]\"}}}");
    }

    @Test
    void plainErrorKeyIsDroppedWhenThereIsAnError() {
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED)
                .kv("error", "text")
                .kv("after", 1)
                .throwable(new IOException("disk full")));
        assertThat(f.json(r))
                .isEqualTo(
                        completed(r, "{\"after\":1,\"error\":{\"type\":\"IOException\",\"message\":\"disk full\"}}"));
    }

    @Test
    void plainErrorKeyIsKeptWithoutAnError() {
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED).kv("error", "quota"));
        assertThat(f.json(r)).isEqualTo(completed(r, "{\"error\":\"quota\"}"));
    }

    @Test
    void throwableInsideAContainerIsTypeAndRedactedMessage() {
        assertThat(dataOf(List.of(new IOException("disk /var/lib/x full"), new NullPointerException())))
                .isEqualTo("{\"v\":[{\"type\":\"IOException\",\"message\":\"disk [path] full\"},"
                        + "{\"type\":\"NullPointerException\"}]}");
    }

    @Test
    void errorMessageIsRedactedAndNeverCarriesAStackTrace() {
        IOException cause = new IOException("connect to https://u:p@crm.internal/api?key=1 failed");
        CallLogRecord r =
                f.map(event(EventCodes.CALL_COMPLETED).throwable(new IllegalStateException("wrapped", cause)));
        assertThat(f.json(r))
                .isEqualTo(completed(r, "{\"error\":{\"type\":\"IllegalStateException\",\"message\":\"wrapped\"}}"));
        CallLogRecord r2 = f.map(event(EventCodes.CALL_COMPLETED).throwable(cause));
        assertThat(f.json(r2))
                .isEqualTo(completed(
                        r2,
                        "{\"error\":{\"type\":\"IOException\",\"message\":"
                                + "\"connect to https://[credentials]@[host]/api?[redacted] failed\"}}"));
    }

    // ---- message ----

    private String messageOf(MappingFixture g, String message) {
        CallLogRecord r = g.map(event(EventCodes.CALL_COMPLETED).message(message));
        String json = g.json(r);
        String prefix = head(r)
                + ",\"call_id\":\"c-1\",\"level\":\"INFO\",\"severity\":9,\"category\":\"lifecycle\","
                + "\"event\":\"call_completed\",\"message\":";
        assertThat(json).startsWith(prefix).endsWith(",\"data\":{}}");
        return json.substring(prefix.length(), json.length() - ",\"data\":{}}".length());
    }

    @Test
    void nullMessageIsLeftOut() {
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED));
        assertThat(f.json(r)).isEqualTo(completed(r, "{}")).doesNotContain("message");
    }

    @Test
    void emptyMessageIsKept() {
        assertThat(messageOf(f, "")).isEqualTo("\"\"");
    }

    @Test
    void messageIsRedacted() {
        assertThat(messageOf(f, "lookup at https://u:p@crm.internal/x?k=v from 10.0.0.7 failed"))
                .isEqualTo("\"lookup at https://[credentials]@[host]/x?[redacted] from [ip] failed\"");
    }

    @Test
    void messageIsNotRedactedWhenRedactionIsOff() {
        CallLogConfig config = new CallLogConfig();
        config.setRedact(false);
        assertThat(messageOf(new MappingFixture(config), "from 10.0.0.7")).isEqualTo("\"from 10.0.0.7\"");
    }

    @Test
    void messageEscaping() {
        assertThat(messageOf(f, "say \"hi\"\n\ta\\b \u0001 \u2028 é 😀"))
                .isEqualTo("\"say \\\"hi\\\"\\n\\ta\\\\b \\u0001 \\u2028 é 😀\"");
    }

    @Test
    void loneSurrogatesInAMessage() {
        assertThat(messageOf(f, "bad \uD800 pair \uDC00")).isEqualTo("\"bad \uFFFD pair \uFFFD\"");
    }

    @Test
    void unicodeInKeysAndIds() {
        CallLogRecord r = f.map(TestSourceEvent.builder()
                .marker(EventCodes.CALL_COMPLETED)
                .mdc("call_id", "c-\"ü\"")
                .kv("clé\n", "válue"));
        assertThat(f.json(r))
                .isEqualTo(head(r) + ",\"call_id\":\"c-\\\"ü\\\"\",\"level\":\"INFO\",\"severity\":9,"
                        + "\"category\":\"lifecycle\",\"event\":\"call_completed\",\"data\":{\"clé\\n\":\"válue\"}}");
    }

    @Test
    void longMessageIsTruncatedAndCounted() {
        CallLogConfig config = new CallLogConfig();
        config.setMaxMessageChars(10);
        MappingFixture g = new MappingFixture(config);
        assertThat(messageOf(g, "0123456789ABCDEF")).isEqualTo("\"0123456789…[truncated]\"");
        assertThat(messageOf(g, "0123456789")).isEqualTo("\"0123456789\"");
        assertThat(g.mapper.truncatedMessages()).isEqualTo(1);
    }

    @Test
    void truncatedMessageKeepsBoundedText() {
        CallLogConfig config = new CallLogConfig();
        config.setMaxMessageChars(10);
        MappingFixture g = new MappingFixture(config);
        CallLogRecord r = g.map(event(EventCodes.CALL_COMPLETED).message("x".repeat(100_000)));
        assertThat(r.message()).hasSize(10 + CallLogMapper.MESSAGE_SLACK);
        assertThat(r.messageTruncated()).isTrue();
    }

    @Test
    void truncationDoesNotSplitASurrogatePair() {
        CallLogConfig config = new CallLogConfig();
        config.setMaxMessageChars(5);
        config.setRedact(false);
        assertThat(messageOf(new MappingFixture(config), "abcd😀xyz")).isEqualTo("\"abcd…[truncated]\"");
    }

    @Test
    void truncationHappensAfterRedactionSoNoAddressIsHalfKept() {
        CallLogConfig config = new CallLogConfig();
        config.setMaxMessageChars(25);
        assertThat(messageOf(new MappingFixture(config), "connected to host at 10.200.30.40 then failed"))
                .isEqualTo("\"connected to host at [ip]…[truncated]\"");
    }
}
