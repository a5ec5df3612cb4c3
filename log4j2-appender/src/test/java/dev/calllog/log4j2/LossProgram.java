package dev.calllog.log4j2;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.message.StringMapMessage;

/**
 * A program configured only by the {@code log4j2.xml} it is given: logs one call event to a cluster that is not there
 * and stops, so that the event is lost. Run by {@link LossesOnConsoleTest} in a JVM of its own.
 */
public final class LossProgram {
    private LossProgram() {}

    public static void main(String[] args) {
        Logger log = LogManager.getLogger("calls");
        ThreadContext.put("call_id", "call-1001");
        log.info(
                MarkerManager.getMarker("call_completed"),
                new StringMapMessage().with("message", "Call completed").with("duration_ms", "1200"));
        LogManager.shutdown();
    }
}
