package dev.calllog.logback;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

/**
 * A program configured only by the {@code logback.xml} it is given: logs one call event to a cluster that is not
 * there and stops, so that the event is lost. Run by {@link LossesOnConsoleTest} in a JVM of its own.
 */
public final class LossProgram {
    private LossProgram() {}

    public static void main(String[] args) {
        Logger log = LoggerFactory.getLogger("calls");
        MDC.put("call_id", "call-1001");
        log.atInfo()
                .addMarker(MarkerFactory.getMarker("call_completed"))
                .addKeyValue("duration_ms", 1200)
                .log("Call completed");
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }
}
