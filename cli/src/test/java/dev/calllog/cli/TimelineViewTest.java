package dev.calllog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineViewTest {

    private static JsonObject doc(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    private static final List<JsonObject> CALL = List.of(
            doc("{\"@timestamp\":\"2026-11-23T18:51:06.654321Z\",\"seq\":1,\"call_id\":\"call-7\","
                    + "\"agent_id\":\"agent-support\",\"account_id\":\"globex\",\"level\":\"INFO\","
                    + "\"category\":\"lifecycle\",\"event\":\"recording_started\",\"message\":\"Recording started\","
                    + "\"data\":{\"channels\":2}}"),
            doc("{\"@timestamp\":\"2026-11-23T18:51:06.7Z\",\"seq\":2,\"call_id\":\"call-7\",\"level\":\"WARNING\","
                    + "\"category\":\"webhooks\",\"event\":\"webhook_response_failed\","
                    + "\"message\":\"call_events answered 503\",\"data\":{}}"),
            doc("{\"@timestamp\":\"2026-11-23T18:52:10.000000001Z\",\"seq\":3,\"call_id\":\"call-7\","
                    + "\"level\":\"CRITICAL\",\"category\":\"lifecycle\",\"event\":\"call_failed\","
                    + "\"data\":{\"error\":{\"type\":\"IOException\",\"message\":\"gone\"}}}"));

    @Test
    void summaryThenOneLinePerEventInOrder() {
        assertThat(TimelineView.render("call-7", CALL, false, false)).isEqualTo("""
                        Call call-7: failed
                          agent agent-support, account globex
                          3 events from 2026-11-23 18:51:06.654 to 18:52:10.000 UTC: 1 INFO, 1 WARNING, 1 CRITICAL

                        TIME          LEVEL     CATEGORY      EVENT                           MESSAGE
                        18:51:06.654  INFO      lifecycle     recording_started               Recording started
                        18:51:06.700  WARNING   webhooks      webhook_response_failed         call_events answered 503
                        18:52:10.000  CRITICAL  lifecycle     call_failed
                        """);
    }

    @Test
    void dataOnDemandBelowEachEventThatHasSome() {
        assertThat(TimelineView.render("call-7", CALL, true, false)).endsWith("""
                        18:51:06.654  INFO      lifecycle     recording_started               Recording started
                                      data {"channels":2}
                        18:51:06.700  WARNING   webhooks      webhook_response_failed         call_events answered 503
                        18:52:10.000  CRITICAL  lifecycle     call_failed
                                      data {"error":{"type":"IOException","message":"gone"}}
                        """);
    }

    @Test
    void colourOnlyOnTheLevelWordSoColumnsStayAligned() {
        String text = TimelineView.render("call-7", CALL, true, true);
        assertThat(text)
                .contains("18:51:06.654  \u001b[32mINFO\u001b[0m      lifecycle     recording_started")
                .contains("18:51:06.700  \u001b[33mWARNING\u001b[0m   webhooks")
                .contains("18:52:10.000  \u001b[1;37;41mCRITICAL\u001b[0m  lifecycle")
                .contains("              \u001b[2mdata {\"channels\":2}\u001b[0m\n");
        assertThat(text.replaceAll("\u001b\\[[0-9;]*m", ""))
                .isEqualTo(TimelineView.render("call-7", CALL, true, false));
    }

    @Test
    void outcomeFollowsTheCallsEvents() {
        JsonObject transferred = doc("{\"@timestamp\":\"2026-11-23T18:51:07Z\",\"level\":\"INFO\","
                + "\"category\":\"transfers\",\"event\":\"transfer_completed\"}");
        JsonObject completed = doc("{\"@timestamp\":\"2026-11-23T18:51:08Z\",\"level\":\"INFO\","
                + "\"category\":\"lifecycle\",\"event\":\"call_completed\"}");
        assertThat(TimelineView.render("c", List.of(CALL.get(0)), false, false)).startsWith("Call c: in progress\n");
        assertThat(TimelineView.render("c", List.of(CALL.get(0), completed), false, false))
                .startsWith("Call c: completed\n");
        assertThat(TimelineView.render("c", List.of(CALL.get(0), transferred, completed), false, false))
                .startsWith("Call c: transferred\n");
        assertThat(TimelineView.render("c", List.of(CALL.get(0), transferred, CALL.get(2)), false, false))
                .startsWith("Call c: failed\n");
    }

    @Test
    void loggedTextCannotDriveTheTerminal() {
        JsonObject hostile = doc("{\"@timestamp\":\"2026-11-23T18:51:07Z\",\"level\":\"INFO\",\"category\":\"user\","
                + "\"event\":\"user_message_received\",\"message\":\"hi\\u001b[2Jthere\\r\\nsecond line\"}");
        assertThat(TimelineView.render("c", List.of(hostile), false, false))
                .endsWith(
                        "18:51:07.000  INFO      user          user_message_received           hi\\u001b[2Jthere\\u000d\n"
                                + " ".repeat(70) + "second line\n");
    }

    @Test
    void callsSpanningMidnightShowBothDates() {
        JsonObject late = doc("{\"@timestamp\":\"2026-11-24T00:00:01Z\",\"level\":\"INFO\",\"category\":\"lifecycle\","
                + "\"event\":\"call_completed\",\"message\":\"bye\"}");
        assertThat(TimelineView.render("c", List.of(CALL.get(0), late), false, false))
                .contains("  2 events from 2026-11-23 18:51:06.654 to 2026-11-24 00:00:01.000 UTC: 2 INFO\n");
    }

    @Test
    void responseLatencyBelowEachAgentStartThatAnswersAndInTheSummary() {
        List<JsonObject> turns = List.of(
                doc("{\"@timestamp\":\"2026-11-23T18:51:06Z\",\"level\":\"INFO\",\"category\":\"user\","
                        + "\"event\":\"user_stopped_speaking\",\"message\":\"User stopped speaking\"}"),
                doc("{\"@timestamp\":\"2026-11-23T18:51:06.640Z\",\"level\":\"INFO\",\"category\":\"agent\","
                        + "\"event\":\"agent_started_speaking\",\"message\":\"Agent started speaking\","
                        + "\"data\":{\"turn\":2}}"),
                doc("{\"@timestamp\":\"2026-11-23T18:51:09Z\",\"level\":\"INFO\",\"category\":\"user\","
                        + "\"event\":\"user_stopped_speaking\",\"message\":\"User stopped speaking\"}"),
                doc("{\"@timestamp\":\"2026-11-23T18:51:10.340Z\",\"level\":\"INFO\",\"category\":\"agent\","
                        + "\"event\":\"agent_started_speaking\",\"message\":\"Agent started speaking\"}"));
        assertThat(TimelineView.render("c", turns, true, false)).isEqualTo("""
                        Call c: in progress
                          4 events from 2026-11-23 18:51:06.000 to 18:51:10.340 UTC: 4 INFO
                          response latency p50 640 ms, p95 1340 ms over 2 turns

                        TIME          LEVEL     CATEGORY      EVENT                           MESSAGE
                        18:51:06.000  INFO      user          user_stopped_speaking           User stopped speaking
                        18:51:06.640  INFO      agent         agent_started_speaking          Agent started speaking
                                      response latency 640 ms
                                      data {"turn":2}
                        18:51:09.000  INFO      user          user_stopped_speaking           User stopped speaking
                        18:51:10.340  INFO      agent         agent_started_speaking          Agent started speaking
                                      response latency 1340 ms
                        """);
    }
}
