package com.example.calls;

import static net.logstash.logback.argument.StructuredArguments.entries;
import static net.logstash.logback.argument.StructuredArguments.kv;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

/**
 * One call logged through the classic SLF4J API with logstash-logback-encoder's {@code StructuredArguments}: the
 * arguments fill the message's placeholders and become the event's data. Logback only.
 */
public final class StructuredArgumentsCall {
    private static final Logger log = LoggerFactory.getLogger(StructuredArgumentsCall.class);

    private StructuredArgumentsCall() {}

    /** Logs the call {@code <prefix>-1004}. */
    public static void simulate(String prefix) {
        MDC.put("call_id", prefix + "-1004");
        MDC.put("agent_id", "agent-sales");
        try {
            log.info(
                    MarkerFactory.getMarker("path_transition"),
                    "Moved to {} after {}",
                    kv("node", "pricing"),
                    kv("latency_ms", 85));
            Map<String, Object> webhook = new LinkedHashMap<>();
            webhook.put("webhook", "lead.created");
            webhook.put("http_status", 201);
            log.info(MarkerFactory.getMarker("webhook_response_success"), "Lead webhook delivered", entries(webhook));
            log.info(MarkerFactory.getMarker("call_completed"), "Call completed");
        } finally {
            MDC.clear();
        }
    }
}
