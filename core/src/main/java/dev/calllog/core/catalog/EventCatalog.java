package dev.calllog.core.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The events a call log knows: the 36 built-in events of the product page, plus the ones users register.
 *
 * <p>Immutable and safe to share; lookups by marker name are a single hash-map probe.
 */
public final class EventCatalog {
    /** Category codes of the built-in events, in the order the call-detail view lists them. */
    public static final List<String> BUILT_IN_CATEGORIES =
            List.of("lifecycle", "user", "agent", "tools", "integrations", "paths", "transfers", "webhooks");

    private static final EventCatalog BUILT_IN = new EventCatalog(builtInEvents());

    private final Map<String, EventDefinition> byCode;

    private EventCatalog(Collection<EventDefinition> events) {
        Map<String, EventDefinition> map = new LinkedHashMap<>();
        for (EventDefinition e : events) {
            map.put(e.code(), e);
        }
        this.byCode = Collections.unmodifiableMap(map);
    }

    /** The 36 events of the product page. */
    public static EventCatalog builtIn() {
        return BUILT_IN;
    }

    /**
     * A catalogue with {@code extra} events added to this one.
     *
     * @throws IllegalArgumentException when an extra event redefines a built-in event differently, or two extra
     *     events share a code with different definitions
     */
    public EventCatalog with(Collection<EventDefinition> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        Map<String, EventDefinition> map = new LinkedHashMap<>(byCode);
        for (EventDefinition e : extra) {
            EventDefinition existing = map.get(e.code());
            if (existing != null && !(existing.category().equals(e.category()) && existing.floor() == e.floor())) {
                throw new IllegalArgumentException("event '" + e.code() + "' is already defined as " + existing
                        + "; choose another code for " + e);
            }
            if (existing == null) {
                map.put(e.code(), e);
            }
        }
        return new EventCatalog(map.values());
    }

    /** The event whose code is {@code markerName}, or {@code null}. */
    public EventDefinition find(String markerName) {
        return markerName == null ? null : byCode.get(markerName);
    }

    /** Every event, built-in ones first, in catalogue order. */
    public Collection<EventDefinition> events() {
        return byCode.values();
    }

    public int size() {
        return byCode.size();
    }

    /**
     * Parses user event definitions written as {@code code:category:LEVEL}, several separated by {@code ;}, {@code ,}
     * or line breaks, e.g. {@code "sms_sent:messaging:INFO; sms_failed:messaging:ERROR"}. The level is optional and
     * defaults to INFO.
     *
     * @throws IllegalArgumentException naming the first entry that is malformed
     */
    public static List<EventDefinition> parse(String specs) {
        List<EventDefinition> out = new ArrayList<>();
        if (specs == null) {
            return out;
        }
        for (String raw : specs.split("[;,\\n\\r]+")) {
            String spec = raw.trim();
            if (spec.isEmpty()) {
                continue;
            }
            String[] parts = spec.split(":", -1);
            if (parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException(
                        "event '" + spec + "' must be written code:category or code:category:LEVEL");
            }
            Level floor = Level.INFO;
            if (parts.length == 3) {
                floor = Level.parse(parts[2]);
                if (floor == null || floor == Level.DEBUG) {
                    throw new IllegalArgumentException("event '" + spec + "' has level '" + parts[2].trim()
                            + "'; use INFO, WARNING, ERROR or CRITICAL");
                }
            }
            out.add(new EventDefinition(
                    parts[0].trim().toLowerCase(Locale.ROOT), parts[1].trim().toLowerCase(Locale.ROOT), floor, null));
        }
        return out;
    }

    private static List<EventDefinition> builtInEvents() {
        List<EventDefinition> l = new ArrayList<>(36);
        // Call lifecycle
        add(l, "lifecycle", Level.INFO, "Recording Started");
        add(l, "lifecycle", Level.INFO, "Call Completed");
        add(l, "lifecycle", Level.CRITICAL, "Call Failed");
        // User messages
        add(l, "user", Level.INFO, "User Message Received");
        add(l, "user", Level.INFO, "User Started Speaking");
        add(l, "user", Level.INFO, "User Stopped Speaking");
        // Agent responses
        add(l, "agent", Level.INFO, "Agent Initialized");
        add(l, "agent", Level.INFO, "Greeting Sent");
        add(l, "agent", Level.INFO, "Agent Message Sent");
        add(l, "agent", Level.INFO, "Agent Started Speaking");
        add(l, "agent", Level.INFO, "Agent Ended Speaking");
        add(l, "agent", Level.INFO, "Agent Interrupted");
        add(l, "agent", Level.INFO, "Reminder Message Sent");
        // Call tools
        add(l, "tools", Level.INFO, "Transfer Tool Invoked");
        add(l, "tools", Level.INFO, "Transfer Tool Completed");
        add(l, "tools", Level.ERROR, "Transfer Tool Failed");
        add(l, "tools", Level.INFO, "Hangup Tool Invoked");
        add(l, "tools", Level.INFO, "Hangup Tool Completed");
        // Integrations
        add(l, "integrations", Level.INFO, "Integration Tool Invoked");
        add(l, "integrations", Level.INFO, "Approval Requested");
        add(l, "integrations", Level.INFO, "Approval Granted");
        add(l, "integrations", Level.INFO, "Approval Denied");
        add(l, "integrations", Level.INFO, "Integration Tool Completed");
        add(l, "integrations", Level.ERROR, "Integration Tool Failed");
        // Conversational paths
        add(l, "paths", Level.INFO, "Path Transition");
        add(l, "paths", Level.INFO, "Node Generation Started");
        add(l, "paths", Level.ERROR, "Path Error");
        // Transfers
        add(l, "transfers", Level.INFO, "Human Participant Dialing");
        add(l, "transfers", Level.INFO, "Human Participant Answered");
        add(l, "transfers", Level.INFO, "Human Participant Disconnected");
        add(l, "transfers", Level.INFO, "Transfer Completed");
        // Webhooks
        add(l, "webhooks", Level.INFO, "Webhook Queued");
        add(l, "webhooks", Level.INFO, "Webhook Sent");
        add(l, "webhooks", Level.INFO, "Webhook Response Success");
        add(l, "webhooks", Level.WARNING, "Webhook Response Failed"); // it will be retried
        add(l, "webhooks", Level.ERROR, "Webhook Retry Exhausted");
        return l;
    }

    private static void add(List<EventDefinition> l, String category, Level floor, String title) {
        String code = title.toLowerCase(Locale.ROOT).replace(' ', '_');
        l.add(new EventDefinition(code, category, floor, title));
    }
}
