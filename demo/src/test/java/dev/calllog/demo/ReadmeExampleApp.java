package dev.calllog.demo;

import java.util.Map;

/**
 * A fresh application configured only by one of the README's configuration examples (passed as
 * {@code logback.configurationFile} or {@code log4j2.configurationFile}), logging the way the README shows. Run in a
 * child JVM by {@link ReadmeExamplesIT}.
 *
 * <p>Arguments: {@code logback|log4j2 <call id>}.
 */
public final class ReadmeExampleApp {
    private ReadmeExampleApp() {}

    public static void main(String[] args) {
        String callId = args[1];
        if (args[0].equals("logback")) {
            org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("voice.agent");
            org.slf4j.MDC.put("call_id", callId);
            org.slf4j.MDC.put("agent_id", "agent-support");
            log.atInfo()
                    .addMarker(dev.calllog.logback.CallLogMarkers.AGENT_MESSAGE_SENT)
                    .addKeyValue("latency_ms", 640)
                    .log("Which order number?");
            log.info("an ordinary log line: not a call-log event");
            log.info(dev.calllog.logback.CallLogMarkers.CALL_COMPLETED, "Call completed");
            ((ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory()).stop();
        } else {
            org.apache.logging.log4j.Logger log = org.apache.logging.log4j.LogManager.getLogger("voice.agent");
            org.apache.logging.log4j.ThreadContext.putAll(
                    Map.of("call_id", callId, "agent_id", "agent-support", "tenant", "t-9"));
            log.info(
                    org.apache.logging.log4j.MarkerManager.getMarker("agent_message_sent"),
                    new org.apache.logging.log4j.message.MapMessage<>()
                            .with("latency_ms", 640)
                            .with("message", "Which order number?"));
            log.info("an ordinary log line: not a call-log event");
            log.info(
                    org.apache.logging.log4j.MarkerManager.getMarker("sms_sent"),
                    "SMS sent with key sk-ABCDEFGHIJKLMNOPQRSTUVWX");
            log.info(org.apache.logging.log4j.MarkerManager.getMarker("call_completed"), "Call completed");
            org.apache.logging.log4j.LogManager.shutdown();
        }
    }
}
