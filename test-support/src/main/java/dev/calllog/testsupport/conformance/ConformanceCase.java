package dev.calllog.testsupport.conformance;

import static dev.calllog.testsupport.conformance.LogCall.Level.*;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.math.BigDecimal;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One case of the conformance suite: a logical call and the document it must yield, written without
 * {@code event_id}, {@code @timestamp} and {@code seq} (which differ per run), or {@code null} when the call must yield
 * no document. Each case that yields a document has its own call id, {@code case-<name>}.
 */
public record ConformanceCase(String name, LogCall call, String expected, boolean needsFatal) {

    enum Mood {
        CALM
    }

    /** Every case, in logging order. */
    public static List<ConformanceCase> all() {
        List<ConformanceCase> l = new ArrayList<>();

        // ---- level rules ----
        l.add(doc(
                "info",
                call(INFO, "agent_message_sent", "Which order number?").kv("latency_ms", 640),
                "{'call_id':'case-info','level':'INFO','severity':9,'category':'agent','event':'agent_message_sent',"
                        + "'message':'Which order number?','data':{'latency_ms':640},'measures':{'latency_ms':640}}"));
        l.add(doc(
                "warn",
                call(WARN, "webhook_queued", "queue is slow"),
                "{'call_id':'case-warn','level':'WARNING','severity':13,'category':'webhooks','event':'webhook_queued',"
                        + "'message':'queue is slow','data':{}}"));
        l.add(doc(
                "error",
                call(ERROR, "integration_tool_invoked", "tool call failed"),
                "{'call_id':'case-error','level':'ERROR','severity':17,'category':'integrations',"
                        + "'event':'integration_tool_invoked','message':'tool call failed','data':{}}"));
        l.add(doc(
                "critical-marker",
                call(INFO, "greeting_sent", "greeting failed badly").marker("CRITICAL"),
                "{'call_id':'case-critical-marker','level':'CRITICAL','severity':21,'category':'agent',"
                        + "'event':'greeting_sent','message':'greeting failed badly','data':{}}"));
        l.add(doc(
                "critical-in-one-marker",
                call(INFO, "greeting_sent+CRITICAL", "greeting failed for good"),
                "{'call_id':'case-critical-in-one-marker','level':'CRITICAL','severity':21,'category':'agent',"
                        + "'event':'greeting_sent','message':'greeting failed for good','data':{}}"));
        l.add(doc(
                "floor-call-failed",
                call(ERROR, "call_failed", "call failed"),
                "{'call_id':'case-floor-call-failed','level':'CRITICAL','severity':21,'category':'lifecycle',"
                        + "'event':'call_failed','message':'call failed','data':{}}"));
        l.add(doc(
                "floor-path-error",
                call(INFO, "path_error", "no route"),
                "{'call_id':'case-floor-path-error','level':'ERROR','severity':17,'category':'paths',"
                        + "'event':'path_error','message':'no route','data':{}}"));
        l.add(doc(
                "floor-webhook-failed",
                call(INFO, "webhook_response_failed", "503, will retry"),
                "{'call_id':'case-floor-webhook-failed','level':'WARNING','severity':13,'category':'webhooks',"
                        + "'event':'webhook_response_failed','message':'503, will retry','data':{}}"));
        l.add(doc(
                "floor-not-lowered",
                call(ERROR, "transfer_tool_failed", "no answer"),
                "{'call_id':'case-floor-not-lowered','level':'ERROR','severity':17,'category':'tools',"
                        + "'event':'transfer_tool_failed','message':'no answer','data':{}}"));
        l.add(new ConformanceCase(
                "fatal",
                call(FATAL, "transfer_tool_invoked", "fatal").context("call_id", "case-fatal"),
                json("{'call_id':'case-fatal','level':'CRITICAL','severity':21,'category':'tools',"
                        + "'event':'transfer_tool_invoked','message':'fatal','data':{}}"),
                true));
        l.add(none("debug-not-shipped", call(DEBUG, "agent_message_sent", "debug detail")));
        l.add(none("trace-not-shipped", call(TRACE, "agent_message_sent", "trace detail")));
        l.add(none("debug-not-raised-by-floor", call(DEBUG, "call_failed", "debug on call_failed")));

        // ---- events and markers ----
        l.add(none("unknown-marker", call(INFO, "not_a_catalogue_event", "ignored")));
        l.add(none("no-marker", ids(LogCall.at(INFO).message("plain application log"), "case-no-marker")));
        l.add(doc(
                "user-event",
                call(INFO, "sms_sent", "SMS sent"),
                "{'call_id':'case-user-event','level':'WARNING','severity':13,'category':'messaging',"
                        + "'event':'sms_sent','message':'SMS sent','data':{}}"));
        l.add(doc(
                "event-among-other-markers",
                call(INFO, "hangup_tool_invoked", "hangup").marker("AUDIT"),
                "{'call_id':'case-event-among-other-markers','level':'INFO','severity':9,'category':'tools',"
                        + "'event':'hangup_tool_invoked','message':'hangup','data':{}}"));

        // ---- ids ----
        l.add(none("missing-call-id", LogCall.at(INFO).marker("call_completed").message("who am I")));
        l.add(none("blank-call-id", LogCall.at(INFO).context("call_id", " ").marker("call_completed")));
        l.add(doc(
                "all-ids",
                LogCall.at(INFO)
                        .context("call_id", "case-all-ids")
                        .context("agent_id", "agent-7")
                        .context("account_id", "acme")
                        .context("trace_id", "trace-1")
                        .context("turn_id", "turn-3")
                        .marker("user_message_received")
                        .message("hello"),
                "{'call_id':'case-all-ids','agent_id':'agent-7','account_id':'acme','trace_id':'trace-1',"
                        + "'turn_id':'turn-3','level':'INFO','severity':9,'category':'user',"
                        + "'event':'user_message_received','message':'hello','data':{}}"));
        l.add(doc(
                "blank-optional-id",
                call(INFO, "user_started_speaking", "speaking").context("agent_id", ""),
                "{'call_id':'case-blank-optional-id','level':'INFO','severity':9,'category':'user',"
                        + "'event':'user_started_speaking','message':'speaking','data':{}}"));
        l.add(doc(
                "mdc-data-key",
                call(INFO, "call_completed", "done").context("tenant", "t-9").context("unlisted", "stays out"),
                "{'call_id':'case-mdc-data-key','level':'INFO','severity':9,'category':'lifecycle',"
                        + "'event':'call_completed','message':'done','data':{'tenant':'t-9'}}"));

        // ---- data shapes ----
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("status", 503);
        nested.put("retry", true);
        nested.put("tags", List.of("a", "b"));
        l.add(doc(
                "data-shapes",
                call(INFO, "integration_tool_completed", "shapes")
                        .kv("text", "crm_lookup")
                        .kv("int", 42)
                        .kv("long", 5_000_000_000L)
                        .kv("double", 0.25)
                        .kv("bool", false)
                        .kv("nothing", null)
                        .kv("decimal", new BigDecimal("12.50"))
                        .kv("http", nested)
                        .kv("list", List.of(1, "two", 3.0))
                        .kv("array", new int[] {1, 2})
                        .kv("enum", Mood.CALM)
                        .kv("duration", Duration.ofMillis(1500)),
                "{'call_id':'case-data-shapes','level':'INFO','severity':9,'category':'integrations',"
                        + "'event':'integration_tool_completed','message':'shapes','data':{'text':'crm_lookup',"
                        + "'int':42,'long':5000000000,'double':0.25,'bool':false,'nothing':null,'decimal':12.50,"
                        + "'http':{'status':503,'retry':true,'tags':['a','b']},'list':[1,'two',3.0],'array':[1,2],"
                        + "'enum':'CALM','duration':'PT1.5S'}}"));
        l.add(doc(
                "no-message",
                call(INFO, "agent_ended_speaking", null).kv("turn", 2),
                "{'call_id':'case-no-message','level':'INFO','severity':9,'category':'agent',"
                        + "'event':'agent_ended_speaking','data':{'turn':2},'measures':{'turn':2}}"));

        l.add(doc(
                "measures",
                call(WARN, "webhook_response_failed", "webhook answered 503")
                        .kv("http_status", 503)
                        .kv("duration_ms", 1250.5)
                        .kv("attempt", 2L)
                        .kv("latency_ms", "n/a")
                        .kv("ring_ms", "4000")
                        .kv("endpoint", "crm"),
                "{'call_id':'case-measures','level':'WARNING','severity':13,'category':'webhooks',"
                        + "'event':'webhook_response_failed','message':'webhook answered 503','data':{'http_status':503,"
                        + "'duration_ms':1250.5,'attempt':2,'latency_ms':'n/a','ring_ms':'4000','endpoint':'crm'},"
                        + "'measures':{'http_status':503,'duration_ms':1250.5,'attempt':2,'ring_ms':4000}}"));
        l.add(doc(
                "labels",
                call(ERROR, "integration_tool_failed", "tool failed")
                        .kv("tool", "crm_lookup")
                        .kv("type", "http")
                        .kv("node", 7)
                        .kv("reason", true)
                        .kv("webhook", 2.5),
                "{'call_id':'case-labels','level':'ERROR','severity':17,'category':'integrations',"
                        + "'event':'integration_tool_failed','message':'tool failed','data':{'tool':'crm_lookup',"
                        + "'type':'http','node':7,'reason':true,'webhook':2.5},"
                        + "'labels':{'tool':'crm_lookup','node':'7','reason':'true'}}"));

        // ---- errors ----
        l.add(doc(
                "exception",
                call(ERROR, "integration_tool_failed", "CRM lookup failed")
                        .kv("tool", "crm_lookup")
                        .throwable(new SocketTimeoutException("Read timed out from 10.0.0.7")),
                "{'call_id':'case-exception','level':'ERROR','severity':17,'category':'integrations',"
                        + "'event':'integration_tool_failed','message':'CRM lookup failed','data':{'tool':'crm_lookup',"
                        + "'error':{'type':'SocketTimeoutException','message':'Read timed out from [ip]'}},"
                        + "'labels':{'tool':'crm_lookup'}}"));
        l.add(
                doc(
                        "exception-without-message",
                        call(ERROR, "path_error", "path broke").throwable(new IllegalStateException()),
                        "{'call_id':'case-exception-without-message','level':'ERROR','severity':17,'category':'paths',"
                                + "'event':'path_error','message':'path broke','data':{'error':{'type':'IllegalStateException'}}}"));

        // ---- redaction and text ----
        l.add(doc(
                "redaction",
                call(
                        WARN,
                        "webhook_sent",
                        "POST https://bob:pw@10.1.2.3:8443/hook?sig=1 from db.internal wrote /var/x/y"),
                "{'call_id':'case-redaction','level':'WARNING','severity':13,'category':'webhooks',"
                        + "'event':'webhook_sent','message':'POST https://[credentials]@[ip]:8443/hook?[redacted] from"
                        + " [host] wrote [path]','data':{}}"));
        l.add(
                doc(
                        "unicode-and-control",
                        call(INFO, "user_message_received", "line1\nline2\t\u0007 é 😀 \"q\""),
                        "{'call_id':'case-unicode-and-control','level':'INFO','severity':9,'category':'user',"
                                + "'event':'user_message_received','message':'line1\\nline2\\t\\u0007 é 😀 \\'q\\'','data':{}}"));
        return l;
    }

    /**
     * The expected document of {@code c} through SLF4J 2 on Log4j ({@code log4j-slf4j2-impl} 2.26.1), which loses what
     * no appender can get back; everything else is as on the other paths:
     *
     * <ol>
     *   <li>{@code addMarker} keeps only the last marker given: a call with several markers arrives with its last one,
     *       which in these cases is not an event marker, so no document (the appender reports one marked
     *       {@code CRITICAL}). One marker that carries both, {@code greeting_sent+CRITICAL}, ships on every path.
     *   <li>{@code addKeyValue} values become {@code String.valueOf(value)}: the document's data holds them as strings.
     *       A number's string under a measure key is still a measure; any value under a label key is a label, even
     *       where the other paths' value (a fraction, a container) is not.
     *   <li>The key-values travel as ThreadContext entries for the duration of the call, so the appender cannot tell
     *       them from the other entries present then: context entries other than the ids and {@code mdcDataKeys}
     *       arrive in data too.
     * </ol>
     */
    public static JsonObject throughSlf4jOnLog4j(ConformanceCase c, JsonObject expected) {
        if (expected == null) {
            return null;
        }
        List<String> markers = c.call.markers();
        if (markers.size() > 1) {
            String last = markers.get(markers.size() - 1);
            if (!NOT_EVENTS.contains(last)) {
                throw new IllegalStateException("case " + c.name + ": the bridge keeps only its last marker, " + last);
            }
            return null;
        }
        JsonObject expectedData = expected.getJsonObject("data");
        JsonObjectBuilder data = Json.createObjectBuilder();
        expectedData.forEach((k, v) -> {
            if (!c.call.keyValues().containsKey(k)) {
                data.add(k, v);
            }
        });
        c.call.keyValues().forEach((k, v) -> data.add(k, String.valueOf(v)));
        c.call.context().forEach((k, v) -> {
            if (!ID_KEYS.contains(k) && !expectedData.containsKey(k)) {
                data.add(k, v);
            }
        });
        JsonObjectBuilder result = Json.createObjectBuilder(expected).add("data", data);
        JsonObjectBuilder labels = expected.containsKey("labels")
                ? Json.createObjectBuilder(expected.getJsonObject("labels"))
                : Json.createObjectBuilder();
        c.call.keyValues().forEach((k, v) -> {
            if (LABEL_KEYS.contains(k)) {
                labels.add(k, String.valueOf(v));
            }
        });
        JsonObject l = labels.build();
        if (!l.isEmpty()) {
            result.add("labels", l);
        }
        return result.build();
    }

    /** The markers of the cases that name no event. */
    private static final Set<String> NOT_EVENTS = Set.of("CRITICAL", "AUDIT");

    /** The default {@code labelKeys}, which the drivers keep. */
    private static final Set<String> LABEL_KEYS =
            Set.of("tool", "integration", "webhook", "destination", "node", "reason");

    private static final Set<String> ID_KEYS = Set.of("call_id", "agent_id", "account_id", "trace_id", "turn_id");

    private static LogCall call(LogCall.Level level, String marker, String message) {
        return LogCall.at(level).marker(marker).message(message);
    }

    private static LogCall ids(LogCall call, String callId) {
        return call.context("call_id", callId);
    }

    private static ConformanceCase doc(String name, LogCall call, String expected) {
        if (!call.context().containsKey("call_id")) {
            call.context("call_id", "case-" + name);
        }
        return new ConformanceCase(name, call, json(expected), false);
    }

    private static ConformanceCase none(String name, LogCall call) {
        if (!call.context().containsKey("call_id") && !name.contains("call-id")) {
            call.context("call_id", "case-" + name);
        }
        return new ConformanceCase(name, call, null, false);
    }

    /** Single quotes in the case texts stand for double quotes; {@code \\'} for an escaped double quote. */
    private static String json(String singleQuoted) {
        return singleQuoted.replace("\\'", "\u0000").replace('\'', '"').replace("\u0000", "\\\"");
    }
}
