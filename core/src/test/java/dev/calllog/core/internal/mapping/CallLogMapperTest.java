package dev.calllog.core.internal.mapping;

import static dev.calllog.core.internal.mapping.MappingFixture.completed;
import static dev.calllog.core.internal.mapping.MappingFixture.event;
import static dev.calllog.core.internal.mapping.MappingFixture.head;
import static dev.calllog.core.internal.mapping.TestSourceEvent.marker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.calllog.core.catalog.EventCodes;
import dev.calllog.core.catalog.Level;
import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.json.ByteBuf;
import dev.calllog.core.internal.status.ThrottledStatus;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallLogMapperTest {
    private final MappingFixture f = new MappingFixture();

    // ---- which events ----

    @Test
    void eventWithoutMarkersIsIgnored() {
        assertThat(f.mapper.map(TestSourceEvent.builder().mdc("call_id", "c-1").build()))
                .isNull();
        assertCounters(f.mapper, 0, 0, 0);
        assertThat(f.sink.messages()).isEmpty();
    }

    @Test
    void unknownMarkersAreIgnored() {
        assertThat(f.map(TestSourceEvent.builder()
                        .marker("SECURITY", "Call_Completed", "callcompleted")
                        .mdc("call_id", "c-1")))
                .isNull();
        assertCounters(f.mapper, 0, 0, 0);
    }

    @Test
    void markerFoundThroughAReference() {
        CallLogRecord r = f.map(TestSourceEvent.builder()
                .marker(marker("app", marker("billing"), marker("audit", marker(EventCodes.CALL_COMPLETED))))
                .mdc("call_id", "c-1"));
        assertThat(f.json(r)).isEqualTo(completed(r, "{}"));
    }

    @Test
    void firstCatalogueMarkerSelectsTheEvent() {
        CallLogRecord r = f.map(TestSourceEvent.builder()
                .marker("app", EventCodes.GREETING_SENT, EventCodes.CALL_FAILED)
                .mdc("call_id", "c-1"));
        assertThat(f.json(r))
                .isEqualTo(head(r) + ",\"call_id\":\"c-1\",\"level\":\"INFO\",\"severity\":9,\"category\":\"agent\","
                        + "\"event\":\"greeting_sent\",\"data\":{}}");
    }

    @Test
    void userRegisteredEvent() {
        CallLogConfig config = new CallLogConfig();
        config.addEvent("sms_sent:messaging:WARNING");
        MappingFixture g = new MappingFixture(config);
        CallLogRecord r = g.map(event("sms_sent").kv("to_country", "DE"));
        assertThat(g.json(r))
                .isEqualTo(head(r) + ",\"call_id\":\"c-1\",\"level\":\"WARNING\",\"severity\":13,"
                        + "\"category\":\"messaging\",\"event\":\"sms_sent\",\"data\":{\"to_country\":\"DE\"}}");
        assertThat(f.map(event("sms_sent"))).as("not registered").isNull();
    }

    // ---- levels ----

    @ParameterizedTest(name = "{0} {1} {2}, minLevel {3} -> {4}")
    @CsvSource(nullValues = "-", textBlock = """
            TRACE, call_completed,           -,        INFO,     -
            DEBUG, call_completed,           -,        INFO,     -
            INFO,  call_completed,           -,        INFO,     INFO
            WARN,  call_completed,           -,        INFO,     WARNING
            ERROR, call_completed,           -,        INFO,     ERROR
            FATAL, call_completed,           -,        INFO,     CRITICAL
            INFO,  call_completed,           CRITICAL, INFO,     CRITICAL
            DEBUG, call_completed,           CRITICAL, INFO,     -
            INFO,  call_failed,              -,        INFO,     CRITICAL
            ERROR, call_failed,              -,        INFO,     CRITICAL
            INFO,  transfer_tool_failed,     -,        INFO,     ERROR
            WARN,  transfer_tool_failed,     -,        INFO,     ERROR
            FATAL, transfer_tool_failed,     -,        INFO,     CRITICAL
            INFO,  integration_tool_failed,  -,        INFO,     ERROR
            INFO,  path_error,               -,        INFO,     ERROR
            DEBUG, path_error,               -,        INFO,     -
            INFO,  webhook_response_failed,  -,        INFO,     WARNING
            ERROR, webhook_response_failed,  -,        INFO,     ERROR
            INFO,  webhook_retry_exhausted,  -,        INFO,     ERROR
            DEBUG, call_completed,           -,        DEBUG,    DEBUG
            TRACE, call_completed,           -,        DEBUG,    -
            DEBUG, path_error,               -,        DEBUG,    DEBUG
            DEBUG, call_failed,              -,        DEBUG,    DEBUG
            DEBUG, call_completed,           CRITICAL, DEBUG,    DEBUG
            TRACE, call_failed,              CRITICAL, TRACE,    DEBUG
            TRACE, call_completed,           -,        TRACE,    DEBUG
            DEBUG, call_completed,           -,        TRACE,    DEBUG
            INFO,  call_completed,           -,        WARNING,  -
            WARN,  call_completed,           -,        WARNING,  WARNING
            INFO,  webhook_response_failed,  -,        WARNING,  WARNING
            INFO,  path_error,               -,        WARNING,  ERROR
            WARN,  call_completed,           -,        ERROR,    -
            INFO,  call_failed,              -,        ERROR,    CRITICAL
            ERROR, call_completed,           -,        CRITICAL, -
            INFO,  call_completed,           CRITICAL, CRITICAL, CRITICAL
            """)
    void levels(SourceLevel source, String code, String extraMarker, String minLevel, Level expected) {
        CallLogConfig config = new CallLogConfig();
        config.setMinLevel(minLevel);
        MappingFixture g = new MappingFixture(config);
        TestSourceEvent.Builder e = event(code).level(source);
        if (extraMarker != null) {
            e.marker(extraMarker);
        }
        CallLogRecord r = g.map(e);
        if (expected == null) {
            assertThat(r).isNull();
            assertThat(g.mapper.filteredByLevel()).isEqualTo(1);
            return;
        }
        String category = config.catalog().find(code).category();
        assertThat(g.json(r))
                .isEqualTo(head(r) + ",\"call_id\":\"c-1\",\"level\":\"" + expected + "\",\"severity\":"
                        + expected.severity() + ",\"category\":\"" + category + "\",\"event\":\"" + code
                        + "\",\"data\":{}}");
        assertThat(g.mapper.filteredByLevel()).isZero();
    }

    @Test
    void criticalMarkerBeforeTheEventMarker() {
        CallLogRecord r = f.map(TestSourceEvent.builder()
                .marker(EventCodes.CRITICAL, EventCodes.CALL_COMPLETED)
                .mdc("call_id", "c-1"));
        assertThat(r.level()).isEqualTo(Level.CRITICAL);
    }

    @Test
    void oneMarkerCarryingTheEventAndCriticalSelectsTheEventAtCritical() {
        CallLogRecord r = f.map(TestSourceEvent.builder()
                .marker(EventCodes.critical(EventCodes.INTEGRATION_TOOL_FAILED))
                .mdc("call_id", "c-1"));
        assertThat(r.event().code()).isEqualTo(EventCodes.INTEGRATION_TOOL_FAILED);
        assertThat(r.level()).isEqualTo(Level.CRITICAL);
        assertThat(EventCodes.critical("call_failed")).isEqualTo("call_failed+CRITICAL");
    }

    @Test
    void criticalWithoutAnEventMarkerInACallIsCountedAndReported() {
        assertThat(f.map(TestSourceEvent.builder().marker(EventCodes.CRITICAL).mdc("call_id", "c-9")))
                .isNull();
        assertThat(f.mapper.criticalWithoutEvent()).isEqualTo(1);
        assertThat(f.sink.messages())
                .containsExactly("WARN an event of call 'c-9' marked CRITICAL carries no event marker, so it was not"
                        + " shipped. Log one marker that carries both, e.g."
                        + " MarkerFactory.getMarker(\"call_failed+CRITICAL\") (log4j-slf4j2-impl keeps only the last"
                        + " marker given to addMarker)");
    }

    @Test
    void criticalOutsideACallIsTheApplicationsOwnMarker() {
        assertThat(f.map(TestSourceEvent.builder().marker(EventCodes.CRITICAL))).isNull();
        assertThat(f.map(TestSourceEvent.builder().marker("AUDIT").mdc("call_id", "c-9")))
                .isNull();
        assertThat(f.mapper.criticalWithoutEvent()).isZero();
        assertThat(f.sink.messages()).isEmpty();
    }

    @Test
    void filteredEventsWithoutCallIdCountAsFiltered() {
        assertThat(f.mapper.map(TestSourceEvent.builder()
                        .marker(EventCodes.CALL_COMPLETED)
                        .level(SourceLevel.DEBUG)
                        .build()))
                .isNull();
        assertCounters(f.mapper, 1, 0, 0);
    }

    // ---- ids ----

    @Test
    void missingCallIdIsNotShippedCountedAndReported() {
        assertThat(f.mapper.map(TestSourceEvent.builder()
                        .marker(EventCodes.CALL_COMPLETED)
                        .build()))
                .isNull();
        assertThat(f.mapper.map(TestSourceEvent.builder()
                        .marker(EventCodes.AGENT_INTERRUPTED)
                        .mdc("call_id", "  ")
                        .build()))
                .isNull();
        assertCounters(f.mapper, 0, 2, 0);
        assertThat(f.sink.messages())
                .containsExactly(
                        "WARN call-log event 'call_completed' has no call id in MDC key 'call_id'; it was not shipped",
                        "WARN call-log event 'agent_interrupted' has no call id in MDC key 'call_id'; it was not shipped");
    }

    @Test
    void missingCallIdReportsAreThrottled() {
        RecordingStatusSink sink = new RecordingStatusSink();
        CallLogConfig config = new CallLogConfig();
        CallLogMapper mapper = new CallLogMapper(config, config.catalog(), new ThrottledStatus(sink));
        for (int i = 0; i < 100; i++) {
            mapper.map(
                    TestSourceEvent.builder().marker(EventCodes.CALL_COMPLETED).build());
        }
        assertThat(mapper.missingCallId()).isEqualTo(100);
        assertThat(sink.messages()).hasSize(1);
    }

    @Test
    void allIdsInDocumentOrder() {
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED)
                .mdc("turn_id", "t-3")
                .mdc("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736")
                .mdc("account_id", "acme")
                .mdc("agent_id", "a-7"));
        assertThat(f.json(r))
                .isEqualTo(head(r) + ",\"call_id\":\"c-1\",\"agent_id\":\"a-7\",\"account_id\":\"acme\","
                        + "\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"turn_id\":\"t-3\",\"level\":\"INFO\","
                        + "\"severity\":9,\"category\":\"lifecycle\",\"event\":\"call_completed\",\"data\":{}}");
    }

    @Test
    void blankOptionalIdsAreLeftOut() {
        CallLogRecord r =
                f.map(event(EventCodes.CALL_COMPLETED).mdc("agent_id", "").mdc("turn_id", " "));
        assertThat(f.json(r)).isEqualTo(completed(r, "{}"));
    }

    @Test
    void configuredIdKeys() {
        CallLogConfig config = new CallLogConfig();
        config.setCallIdKey("callId");
        config.setAgentIdKey("agentId");
        config.setAccountIdKey("tenant");
        config.setTraceIdKey("traceId");
        config.setTurnIdKey("turn");
        MappingFixture g = new MappingFixture(config);
        CallLogRecord r = g.map(TestSourceEvent.builder()
                .marker(EventCodes.CALL_COMPLETED)
                .mdc("call_id", "ignored")
                .mdc("callId", "c-1")
                .mdc("agentId", "a")
                .mdc("tenant", "b")
                .mdc("traceId", "c")
                .mdc("turn", "d"));
        assertThat(g.json(r))
                .isEqualTo(head(r) + ",\"call_id\":\"c-1\",\"agent_id\":\"a\",\"account_id\":\"b\",\"trace_id\":\"c\","
                        + "\"turn_id\":\"d\",\"level\":\"INFO\",\"severity\":9,\"category\":\"lifecycle\","
                        + "\"event\":\"call_completed\",\"data\":{}}");
    }

    @Test
    void mdcDataKeysAreCopiedIntoData() {
        CallLogConfig config = new CallLogConfig();
        config.addMdcDataKey("region, campaign");
        config.addMdcDataKey("missing");
        MappingFixture g = new MappingFixture(config);
        CallLogRecord r = g.map(event(EventCodes.CALL_COMPLETED)
                .mdc("campaign", "spring")
                .mdc("region", "eu")
                .kv("duration_ms", 7));
        assertThat(g.json(r))
                .isEqualTo(completed(
                        r, "{\"region\":\"eu\",\"campaign\":\"spring\",\"duration_ms\":7}", "{\"duration_ms\":7}"));
    }

    @Test
    void keyValuesWinOverMdcDataKeysOfTheSameName() {
        CallLogConfig config = new CallLogConfig();
        config.addMdcDataKey("region");
        MappingFixture g = new MappingFixture(config);
        CallLogRecord r = g.map(
                event(EventCodes.CALL_COMPLETED).mdc("region", "eu").kv("a", 1).kv("region", "us"));
        assertThat(g.json(r)).isEqualTo(completed(r, "{\"region\":\"us\",\"a\":1}"));
    }

    // ---- sequence and ids ----

    @Test
    void sequenceIsSharedByAllMappersAndGivesTheEventId() {
        MappingFixture g = new MappingFixture();
        CallLogRecord a = f.map(event(EventCodes.CALL_COMPLETED));
        CallLogRecord b = g.map(event(EventCodes.CALL_COMPLETED));
        CallLogRecord c = f.map(event(EventCodes.CALL_COMPLETED));
        assertThat(b.seq()).isEqualTo(a.seq() + 1);
        assertThat(c.seq()).isEqualTo(b.seq() + 1);
        assertThat(EventIds.prefix()).matches("[0-9a-hjkmnp-tv-z]{13}");
        assertThat(a.eventId()).isEqualTo(EventIds.prefix() + "-" + a.seq());
    }

    @Test
    void rejectedEventsTakeNoSequenceNumber() {
        CallLogRecord a = f.map(event(EventCodes.CALL_COMPLETED));
        f.map(event(EventCodes.CALL_COMPLETED).level(SourceLevel.DEBUG));
        f.map(TestSourceEvent.builder().marker(EventCodes.CALL_COMPLETED));
        f.map(TestSourceEvent.builder().marker("other").mdc("call_id", "c-1"));
        CallLogRecord b = f.map(event(EventCodes.CALL_COMPLETED));
        assertThat(b.seq()).isEqualTo(a.seq() + 1);
    }

    // ---- failures ----

    @Test
    void anExceptionWhileMappingIsCountedAndReported() {
        SourceEvent broken =
                new DelegatingEvent(event(EventCodes.CALL_COMPLETED).build()) {
                    @Override
                    public void visitKeyValues(KeyValueVisitor visitor) {
                        throw new IllegalStateException("adapter bug");
                    }
                };
        assertThat(f.mapper.map(broken)).isNull();
        assertCounters(f.mapper, 0, 0, 1);
        assertThat(f.sink.messages())
                .containsExactly(
                        "WARN a call-log event could not be mapped and was not shipped: java.lang.IllegalStateException");
    }

    @Test
    void aStackOverflowWhileMappingIsCounted() {
        Object recursive = new Object() {
            @Override
            public String toString() {
                return toString() + ".";
            }
        };
        assertThat(f.map(event(EventCodes.CALL_COMPLETED).kv("x", recursive))).isNull();
        assertCounters(f.mapper, 0, 0, 1);
    }

    @Test
    void aNullLevelIsAMappingFailure() {
        assertThat(f.map(event(EventCodes.CALL_COMPLETED).level(null))).isNull();
        assertCounters(f.mapper, 0, 0, 1);
    }

    @Test
    void theNextEventMapsNormallyAfterAFailure() {
        assertThat(f.map(event(EventCodes.CALL_COMPLETED).kv("a", 1).level(null)))
                .isNull();
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED).kv("b", 2));
        assertThat(r.data()).containsExactly(entry("b", 2));
    }

    // ---- the reused collector ----

    @Test
    void eachRecordHoldsOnlyItsOwnData() {
        CallLogRecord first = f.map(event(EventCodes.CALL_COMPLETED)
                .kv("a", 1)
                .kv("b", "two")
                .throwable(new IllegalStateException("boom")));
        CallLogRecord second = f.map(event(EventCodes.CALL_COMPLETED).kv("c", 3L));
        CallLogRecord third = f.map(event(EventCodes.CALL_COMPLETED));
        assertThat(first.data()).containsExactly(entry("a", 1), entry("b", "two"));
        assertThat(first.errorType()).isEqualTo("IllegalStateException");
        assertThat(second.data()).containsExactly(entry("c", 3L));
        assertThat(second.errorType()).isNull();
        assertThat(third.data()).isEmpty();
        assertThat(f.json(third)).endsWith("\"data\":{}}");
    }

    @Test
    void anEventLoggedWhileAValueIsReadGetsItsOwnCollector() {
        CallLogRecord[] inner = new CallLogRecord[1];
        Object logsWhenRead = new Object() {
            @Override
            public String toString() {
                inner[0] = f.map(event(EventCodes.INTEGRATION_TOOL_INVOKED)
                        .kv("inner", "i")
                        .kv("n", 2));
                return "outer value";
            }
        };
        CallLogRecord outer = f.map(event(EventCodes.CALL_COMPLETED)
                .kv("before", "b")
                .kv("x", logsWhenRead)
                .kv("after", "a"));
        assertThat(outer.data()).containsExactly(entry("before", "b"), entry("x", "outer value"), entry("after", "a"));
        assertThat(inner[0]).isNotNull();
        assertThat(inner[0].data()).containsExactly(entry("inner", "i"), entry("n", 2));
        // and the thread's own collector still works afterwards
        assertThat(f.map(event(EventCodes.CALL_COMPLETED).kv("z", true)).data()).containsExactly(entry("z", true));
    }

    @Test
    void aHugeEventDoesNotLeaveItsDataBehind() {
        TestSourceEvent.Builder big = event(EventCodes.CALL_COMPLETED);
        for (int i = 0; i < 500; i++) {
            big.kv("k" + i, i);
        }
        assertThat(f.map(big).data()).hasSize(500);
        assertThat(f.map(event(EventCodes.CALL_COMPLETED).kv("k1", "x")).data()).containsExactly(entry("k1", "x"));
    }

    // ---- size estimate ----

    @Test
    void estimatedBytesIsCloseToTheBulkItemSize() {
        CallLogRecord r = f.map(event(EventCodes.INTEGRATION_TOOL_FAILED)
                .level(SourceLevel.ERROR)
                .mdc("agent_id", "a-7")
                .mdc("account_id", "acme")
                .message("CRM lookup failed")
                .kv("tool", "crm_lookup")
                .kv("duration_ms", 5003)
                .kv("attempts", java.util.List.of(1, 2, 3))
                .throwable(new SocketTimeoutException("Read timed out")));
        ByteBuf buf = new ByteBuf(64);
        f.writer.writeBulkItem(r, buf);
        assertThat(r.estimatedBytes()).isBetween(buf.length(), buf.length() * 2);
    }

    static void assertCounters(CallLogMapper m, long filtered, long missingCallId, long failed) {
        assertThat(new long[] {m.filteredByLevel(), m.missingCallId(), m.mappingFailed()})
                .as("filteredByLevel, missingCallId, mappingFailed")
                .containsExactly(filtered, missingCallId, failed);
    }

    /** Forwards to another event, so that a test can break one method. */
    abstract static class DelegatingEvent implements SourceEvent {
        private final SourceEvent d;

        DelegatingEvent(SourceEvent d) {
            this.d = d;
        }

        @Override
        public SourceLevel level() {
            return d.level();
        }

        @Override
        public void visitMarkerNames(MarkerVisitor visitor) {
            d.visitMarkerNames(visitor);
        }

        @Override
        public long epochSecond() {
            return d.epochSecond();
        }

        @Override
        public int nanoOfSecond() {
            return d.nanoOfSecond();
        }

        @Override
        public String formattedMessage() {
            return d.formattedMessage();
        }

        @Override
        public Throwable throwable() {
            return d.throwable();
        }

        @Override
        public String contextValue(String key) {
            return d.contextValue(key);
        }

        @Override
        public void visitKeyValues(KeyValueVisitor visitor) {
            d.visitKeyValues(visitor);
        }
    }
}
