package dev.calllog.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseLatencyTest {
    private static final Instant T0 = Instant.parse("2026-11-23T18:51:06Z");

    /** Events at the given offsets in milliseconds: {@code "user_stopped_speaking@1200"}. */
    private static List<JsonObject> call(String... eventsAtMillis) {
        List<JsonObject> events = new ArrayList<>();
        for (String e : eventsAtMillis) {
            String[] parts = e.split("@");
            Instant at = T0.plusNanos((long) (Double.parseDouble(parts[1]) * 1_000_000));
            events.add(Json.createObjectBuilder()
                    .add("@timestamp", at.toString())
                    .add("event", parts[0])
                    .build());
        }
        return events;
    }

    @Test
    void eachAgentStartAfterTheContactStoppedEndsOneTurn() {
        ResponseLatency latency = ResponseLatency.of(call(
                "recording_started@0",
                "agent_started_speaking@10", // the greeting answers nobody
                "agent_ended_speaking@2000",
                "user_started_speaking@2500",
                "user_stopped_speaking@4000",
                "user_message_received@4100",
                "agent_message_sent@4500",
                "agent_started_speaking@4640.5",
                "user_started_speaking@6000",
                "user_stopped_speaking@7000",
                "agent_started_speaking@8340"));
        assertThat(latency.byEvent())
                .containsExactly(
                        java.util.Map.entry(7, Duration.ofNanos(640_500_000)),
                        java.util.Map.entry(10, Duration.ofMillis(1340)));
        assertThat(latency.at(1)).isNull();
        assertThat(latency.turns()).isEqualTo(2);
        assertThat(ResponseLatency.format(latency.at(7))).isEqualTo("641 ms");
        assertThat(latency.summary()).isEqualTo("p50 641 ms, p95 1340 ms over 2 turns");
    }

    @Test
    void aPauseOfTheContactIsNotTheEndOfItsTurn() {
        ResponseLatency latency = ResponseLatency.of(call(
                "user_stopped_speaking@1000",
                "user_started_speaking@1500",
                "user_stopped_speaking@3000",
                "agent_started_speaking@3700"));
        assertThat(latency.byEvent()).containsExactly(java.util.Map.entry(3, Duration.ofMillis(700)));
    }

    @Test
    void anUnansweredStopAndAnAgentThatTalksOverTheContactHaveNoLatency() {
        ResponseLatency latency = ResponseLatency.of(call(
                "user_started_speaking@0",
                "agent_started_speaking@500", // the contact is still speaking
                "agent_interrupted@900",
                "user_stopped_speaking@2000",
                "call_failed@9000"));
        assertThat(latency.turns()).isZero();
        assertThat(latency.summary()).isEmpty();
        assertThat(latency.percentile(50)).isNull();
    }

    @Test
    void percentilesAreNearestRank() {
        List<String> events = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            events.add("user_stopped_speaking@" + (i * 10_000));
            events.add("agent_started_speaking@" + (i * 10_000 + i * 100));
        }
        ResponseLatency latency = ResponseLatency.of(call(events.toArray(String[]::new)));
        assertThat(latency.turns()).isEqualTo(20);
        assertThat(latency.percentile(50)).isEqualTo(Duration.ofMillis(1000));
        assertThat(latency.percentile(95)).isEqualTo(Duration.ofMillis(1900));
        assertThat(latency.percentile(100)).isEqualTo(Duration.ofMillis(2000));
        assertThat(latency.percentile(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(ResponseLatency.of(call("user_stopped_speaking@0", "agent_started_speaking@250"))
                        .summary())
                .isEqualTo("p50 250 ms, p95 250 ms over 1 turn");
        assertThatThrownBy(() -> latency.percentile(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
