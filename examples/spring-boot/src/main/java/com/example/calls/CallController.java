package com.example.calls;

import static dev.calllog.logback.CallLogMarkers.AGENT_MESSAGE_SENT;
import static dev.calllog.logback.CallLogMarkers.CALL_COMPLETED;
import static dev.calllog.logback.CallLogMarkers.CALL_FAILED;
import static dev.calllog.logback.CallLogMarkers.GREETING_SENT;
import static dev.calllog.logback.CallLogMarkers.INTEGRATION_TOOL_COMPLETED;
import static dev.calllog.logback.CallLogMarkers.INTEGRATION_TOOL_FAILED;
import static dev.calllog.logback.CallLogMarkers.INTEGRATION_TOOL_INVOKED;
import static dev.calllog.logback.CallLogMarkers.RECORDING_STARTED;
import static dev.calllog.logback.CallLogMarkers.TRANSFER_TOOL_FAILED;
import static dev.calllog.logback.CallLogMarkers.TRANSFER_TOOL_INVOKED;
import static dev.calllog.logback.CallLogMarkers.USER_MESSAGE_RECEIVED;

import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The steps of a call, as the telephony platform reports them. The call id is in the MDC (put there by
 * {@link CallContextFilter}); each step logs its call events through SLF4J with the appender's marker constants.
 */
@RestController
@RequestMapping("/calls")
public class CallController {
    private static final Logger log = LoggerFactory.getLogger(CallController.class);
    private static final Marker CRITICAL = MarkerFactory.getMarker("CRITICAL");
    private static final Pattern ORDER_NUMBER = Pattern.compile("order (\\d{4})");

    private final OrderLookup orders;
    private final Map<String, Integer> turns = new ConcurrentHashMap<>();

    public CallController(OrderLookup orders) {
        this.orders = orders;
    }

    /** The call was answered. */
    @PostMapping("/start")
    public String start() {
        turns.put(MDC.get("call_id"), 0);
        log.info(RECORDING_STARTED, "Recording started");
        return say(GREETING_SENT, "Hello, how can I help?");
    }

    /** The caller said {@code words}; the answer is what the agent says back. */
    @PostMapping("/turn")
    public String turn(@RequestBody String words) {
        turns.merge(MDC.get("call_id"), 1, Integer::sum);
        log.atInfo()
                .addMarker(USER_MESSAGE_RECEIVED)
                .addKeyValue("language", "en-US")
                .log(words);
        Matcher order = ORDER_NUMBER.matcher(words);
        if (!order.find()) {
            return say(AGENT_MESSAGE_SENT, "Which order number?");
        }
        log.atInfo()
                .addMarker(INTEGRATION_TOOL_INVOKED)
                .addKeyValue("tool", "order_lookup")
                .log("Looking up order {}", order.group(1));
        try {
            String delivery = orders.deliveryOf(order.group(1));
            log.atInfo()
                    .addMarker(INTEGRATION_TOOL_COMPLETED)
                    .addKeyValue("tool", "order_lookup")
                    .addKeyValue("duration_ms", OrderLookup.LOOKUP_MILLIS)
                    .log("Order found");
            return say(AGENT_MESSAGE_SENT, "Your order ships " + delivery + ".");
        } catch (SocketTimeoutException e) {
            log.atError()
                    .addMarker(INTEGRATION_TOOL_FAILED)
                    .addKeyValue("tool", "order_lookup")
                    .addKeyValue("duration_ms", OrderLookup.TIMEOUT_MILLIS)
                    .setCause(e)
                    .log("Order lookup failed");
            return say(AGENT_MESSAGE_SENT, "I cannot see your order right now, let me get you a person.");
        }
    }

    /** The agent hands the call to a desk; in this simulation nobody answers there, and the call fails. */
    @PostMapping("/transfer")
    public String transfer(@RequestBody String desk) {
        log.atInfo()
                .addMarker(TRANSFER_TOOL_INVOKED)
                .addKeyValue("destination", desk)
                .log("Transferring to a person");
        log.atError()
                .addMarker(TRANSFER_TOOL_FAILED)
                .addMarker(CRITICAL)
                .addKeyValue("destination", desk)
                .addKeyValue("attempts", 3)
                .log("Nobody answered at {}", desk);
        turns.remove(MDC.get("call_id"));
        log.error(CALL_FAILED, "Call failed: no agent available");
        return "transfer failed";
    }

    /** The caller hung up. */
    @PostMapping("/end")
    public String end() {
        Integer count = turns.remove(MDC.get("call_id"));
        log.info(CALL_COMPLETED, "Call completed after {} turns", count == null ? 0 : count);
        return "bye";
    }

    /** Logs what the agent says, with the simulated speech latency (40 ms a word), and returns it. */
    private static String say(Marker event, String text) {
        log.atInfo()
                .addMarker(event)
                .addKeyValue("latency_ms", 40 * text.split(" ").length)
                .log(text);
        return text;
    }
}
