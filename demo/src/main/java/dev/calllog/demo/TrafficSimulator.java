package dev.calllog.demo;

import static dev.calllog.core.catalog.EventCodes.*;

import dev.calllog.core.catalog.Level;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Simulates many calls spread over the last hours, for dashboards, the web view and the monitors to have something to
 * show: ten agents of five accounts, each with its own pace; turns with realistic response latencies (the agent's
 * model, text-to-speech, and any tool it waits for), interruptions, integrations with approvals, transfers to humans
 * that are answered or not, webhooks that sometimes need a retry; and, in the last minutes, a burst of failures of one
 * integration ({@value #FAILING_INTEGRATION}) that fails calls and should fire the error-rate monitors.
 *
 * <p>Deterministic for a seed and an end time. Every call ends before the end time; events are returned in time order.
 */
public final class TrafficSimulator {
    /** The integration that fails during the burst. */
    public static final String FAILING_INTEGRATION = "crm_lookup";

    /** How long the burst lasts, ending at the end time. */
    public static final Duration BURST = Duration.ofMinutes(10);

    /** The agent most of the burst's calls go to (the error-rate-by-agent monitor's case). */
    public static final String BURST_AGENT = "agent-support";

    private record Agent(String id, String account, int modelMillis, List<String> tools) {}

    private static final List<Agent> AGENTS = List.of(
            new Agent("agent-sales", "acme", 520, List.of("order_lookup", "calendar_booking")),
            new Agent(BURST_AGENT, "globex", 690, List.of(FAILING_INTEGRATION, "ticket_create")),
            new Agent("agent-billing", "globex", 610, List.of(FAILING_INTEGRATION, "payment_status")),
            new Agent("agent-booking", "initech", 450, List.of("calendar_booking")),
            new Agent("agent-returns", "acme", 580, List.of("order_lookup", "label_print")),
            new Agent("agent-onboarding", "hooli", 800, List.of(FAILING_INTEGRATION, "kyc_check")),
            new Agent("agent-retention", "hooli", 740, List.of(FAILING_INTEGRATION, "offer_lookup")),
            new Agent("agent-tech", "umbrella", 950, List.of("device_diagnostics", "ticket_create")),
            new Agent("agent-claims", "umbrella", 880, List.of("claim_lookup", FAILING_INTEGRATION)),
            new Agent("agent-scheduling", "initech", 430, List.of("calendar_booking")));

    /** The most agents a simulation has. */
    public static final int MAX_AGENTS = AGENTS.size();

    private static final List<String> SAYINGS = List.of(
            "I'd like to check my order status.",
            "Can you move my appointment to Friday?",
            "Why is my bill higher this month?",
            "My router keeps dropping the connection.",
            "I want to return a pair of shoes.",
            "Is there a better plan for me?",
            "I need to file a claim for a broken window.",
            "What documents do you need from me?",
            "Yes, that's right.",
            "No, the other one.",
            "Can you repeat that?",
            "Thanks, that's all.");

    private static final List<String> ANSWERS = List.of(
            "Let me look that up for you.",
            "Sure, one moment.",
            "I can help with that.",
            "Here is what I found.",
            "Could you confirm your account number?",
            "Done. Anything else?",
            "I understand. Let me check.");

    /**
     * What the simulator planned for one call: the truth the documents must show.
     *
     * @param callId the call
     * @param agentId its agent
     * @param accountId its account
     * @param start when its first event happens
     * @param end when its last event happens
     * @param outcome {@code completed}, {@code transferred} or {@code failed}
     * @param responseLatencies the response latency of each answered turn, in order
     * @param inBurst whether it was hit by the burst of integration failures
     */
    public record CallPlan(
            String callId,
            String agentId,
            String accountId,
            Instant start,
            Instant end,
            String outcome,
            List<Duration> responseLatencies,
            boolean inBurst) {}

    private final String runId;
    private final int calls;
    private final int agents;
    private final Duration span;
    private final Instant end;
    private final Random random;
    private final List<SimulatedEvent> events = new ArrayList<>();
    private final List<CallPlan> plans = new ArrayList<>();

    // The call being written.
    private List<SimulatedEvent> call;
    private Agent agent;
    private String callId;
    private String turnId;
    private long t;

    /**
     * @param runId makes this run's call ids unique
     * @param calls how many calls (at least 10)
     * @param agents how many agents take them (1 to {@link #MAX_AGENTS})
     * @param span how far back the first calls start
     * @param end when the last calls end at the latest (now, for the demo)
     * @param seed the random seed
     */
    public TrafficSimulator(String runId, int calls, int agents, Duration span, Instant end, long seed) {
        if (calls < 10) {
            throw new IllegalArgumentException("simulate at least 10 calls, not " + calls);
        }
        if (agents < 1 || agents > MAX_AGENTS) {
            throw new IllegalArgumentException("agents must be 1 to " + MAX_AGENTS + ", not " + agents);
        }
        if (span.compareTo(BURST.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException(
                    "the span must be at least " + BURST.multipliedBy(3).toMinutes() + " minutes");
        }
        this.runId = runId;
        this.calls = calls;
        this.agents = agents;
        this.span = span;
        this.end = end;
        this.random = new Random(seed);
    }

    /** Plans every call; returns their events in time order (ties keep the order within each call). */
    public List<SimulatedEvent> run() {
        int burstCalls = Math.max(6, calls / 8);
        List<Agent> burstAgents = AGENTS.subList(0, agents).stream()
                .filter(a -> a.tools().contains(FAILING_INTEGRATION))
                .toList();
        for (int i = 1; i <= calls; i++) {
            boolean inBurst = i > calls - burstCalls && !burstAgents.isEmpty();
            Agent chosen;
            if (inBurst) {
                // Most of the burst hits one agent, so that one agent's error rate stands out too.
                chosen = random.nextInt(100) < 60 || burstAgents.size() == 1
                        ? burstAgents.get(0)
                        : burstAgents.get(1 + random.nextInt(burstAgents.size() - 1));
            } else {
                chosen = AGENTS.get(random.nextInt(agents));
            }
            simulate(String.format("call-%s-%04d", runId, i), chosen, inBurst);
        }
        events.sort(Comparator.comparing(SimulatedEvent::at)); // stable: a call's own order is kept within a tie
        return Collections.unmodifiableList(events);
    }

    /** What was planned for each call, in the order the calls were simulated. */
    public List<CallPlan> plans() {
        return Collections.unmodifiableList(plans);
    }

    private void simulate(String id, Agent a, boolean inBurst) {
        call = new ArrayList<>();
        agent = a;
        callId = id;
        turnId = null;
        t = 0;
        List<Duration> latencies = new ArrayList<>();

        at(0, RECORDING_STARTED, "Recording started", kv("channels", 2));
        at(between(40, 120), AGENT_INITIALIZED, "Agent initialized", kv("model", "voice-large", "language", "en-US"));
        turn(1);
        int greeting = model() / 2;
        at(greeting, GREETING_SENT, "Hello, thanks for calling. How can I help?", kv("latency_ms", greeting));
        at(between(60, 180), AGENT_STARTED_SPEAKING, "Agent started speaking", kv("turn", 1));
        int spoken = between(1800, 3500);
        at(spoken, AGENT_ENDED_SPEAKING, "Agent ended speaking", kv("turn", 1, "spoken_ms", spoken));

        int turns = between(3, 12);
        int toolTurn = inBurst || chance(45) ? between(2, turns) : -1;
        boolean userSpeaking = false;
        for (int k = 2; k <= turns; k++) {
            turn(k);
            if (!userSpeaking) {
                at(between(300, 1500), USER_STARTED_SPEAKING, "User started speaking", kv("turn", k));
            }
            int said = between(1200, 6000);
            at(said, USER_STOPPED_SPEAKING, "User stopped speaking", kv("turn", k, "spoken_ms", said));
            long stopped = t;
            at(between(150, 400), USER_MESSAGE_RECEIVED, pick(SAYINGS), kv("turn", k, "confidence", confidence()));
            if (chance(25)) {
                String node = pick(List.of("greeting", "identify", "resolve", "confirm", "wrap_up"));
                at(between(5, 30), NODE_GENERATION_STARTED, "Generating at node " + node, kv("node", node));
            }
            if (k == toolTurn) {
                boolean failed = integration(inBurst);
                if (failed && chance(40)) {
                    at(between(5, 20), PATH_ERROR, "No route from node lookup_failed", kv("node", "lookup_failed"));
                    at(
                            between(200, 800),
                            Level.ERROR,
                            CALL_FAILED,
                            "Call failed: the agent could not continue",
                            kv("reason", "integration_unavailable", "duration_s", seconds()),
                            null);
                    finish(id, a, latencies, "failed", inBurst);
                    return;
                }
            }
            // The agent answers: its model (and any tool it waited for), then text-to-speech.
            int model = model();
            long answer = Math.max(t, stopped + model);
            at(answer - t, AGENT_MESSAGE_SENT, pick(ANSWERS), kv("turn", k, "latency_ms", (int) (answer - stopped)));
            at(between(80, 220), AGENT_STARTED_SPEAKING, "Agent started speaking", kv("turn", k));
            latencies.add(Duration.ofMillis(t - stopped));
            userSpeaking = chance(10);
            if (userSpeaking) {
                int cut = between(300, 1500);
                at(cut, USER_STARTED_SPEAKING, "User started speaking", kv("turn", k + 1));
                at(
                        between(20, 80),
                        AGENT_INTERRUPTED,
                        "The contact interrupted the agent",
                        kv("turn", k, "spoken_ms", cut));
            } else {
                int words = between(1500, 6000);
                at(words, AGENT_ENDED_SPEAKING, "Agent ended speaking", kv("turn", k, "spoken_ms", words));
                if (chance(5)) {
                    at(8000, REMINDER_MESSAGE_SENT, "Are you still there?", kv("silence_ms", 8000));
                }
            }
        }
        turnId = null;
        String outcome = "completed";
        if (chance(12)) {
            outcome = transfer() ? "transferred" : "completed";
        } else {
            at(between(300, 900), HANGUP_TOOL_INVOKED, "Hangup requested", kv("reason", "conversation_finished"));
            at(between(100, 300), HANGUP_TOOL_COMPLETED, "Call hung up", kv());
        }
        at(between(20, 80), CALL_COMPLETED, "Call completed", kv("duration_s", seconds(), "turns", turns));
        finish(id, a, latencies, outcome, inBurst);
    }

    /** An integration call, perhaps with an approval; returns whether it failed. */
    private boolean integration(boolean inBurst) {
        String tool = inBurst ? FAILING_INTEGRATION : pick(agent.tools());
        String type = tool.equals(FAILING_INTEGRATION) ? "mcp" : "http";
        if (!inBurst && chance(20)) {
            at(between(50, 200), APPROVAL_REQUESTED, "Asked the contact to confirm", kv("tool", tool));
            if (chance(85)) {
                at(between(1500, 4000), APPROVAL_GRANTED, "The contact confirmed", kv("tool", tool));
            } else {
                at(between(1500, 4000), APPROVAL_DENIED, "The contact declined", kv("tool", tool));
                return false;
            }
        }
        if (inBurst) {
            // The integration times out, and the agent tries twice more.
            for (int attempt = 1; attempt <= 3; attempt++) {
                at(
                        between(20, 60),
                        INTEGRATION_TOOL_INVOKED,
                        "Integration tool invoked",
                        kv("tool", tool, "type", type));
                int waited = between(5000, 5100);
                at(
                        waited,
                        Level.ERROR,
                        INTEGRATION_TOOL_FAILED,
                        tool + " timed out",
                        kv("tool", tool, "duration_ms", waited, "attempt", attempt),
                        new SocketTimeoutException("Read timed out"));
            }
            return true;
        }
        at(between(20, 60), INTEGRATION_TOOL_INVOKED, "Integration tool invoked", kv("tool", tool, "type", type));
        int took = chance(10) ? between(1500, 3000) : between(80, 700);
        at(
                took,
                INTEGRATION_TOOL_COMPLETED,
                tool + " answered",
                kv("tool", tool, "duration_ms", took, "http_status", 200));
        if (chance(30)) {
            at(between(5, 20), PATH_TRANSITION, "Moved to node confirm", kv("from", "resolve", "to", "confirm"));
        }
        return false;
    }

    /** A transfer to a human; returns whether it completed. */
    private boolean transfer() {
        String destination = pick(List.of("billing_queue", "sales_queue", "support_tier2"));
        at(between(200, 600), TRANSFER_TOOL_INVOKED, "Transfer requested", kv("destination", destination));
        at(between(100, 300), HUMAN_PARTICIPANT_DIALING, "Dialing " + destination, kv("destination", destination));
        if (chance(80)) {
            int ring = between(3000, 20000);
            at(ring, HUMAN_PARTICIPANT_ANSWERED, "Specialist answered", kv("ring_ms", ring));
            at(between(200, 600), TRANSFER_TOOL_COMPLETED, "Transfer tool completed", kv("duration_ms", ring + 500));
            at(between(10, 50), TRANSFER_COMPLETED, "Transfer completed", kv("destination", destination));
            int talk = between(60, 600);
            at(talk * 1000L, HUMAN_PARTICIPANT_DISCONNECTED, "Specialist left the call", kv("talk_s", talk));
            return true;
        }
        at(
                30000,
                Level.ERROR,
                TRANSFER_TOOL_FAILED,
                "Transfer to " + destination + " failed: no answer",
                kv("destination", destination, "ring_ms", 30000, "duration_ms", 30250),
                null);
        at(
                between(300, 800),
                AGENT_MESSAGE_SENT,
                "Nobody is available; someone will call you back.",
                kv("latency_ms", 420));
        at(between(80, 200), HANGUP_TOOL_INVOKED, "Hangup requested", kv("reason", "transfer_failed"));
        at(between(100, 300), HANGUP_TOOL_COMPLETED, "Call hung up", kv());
        return false;
    }

    private void webhook() {
        String hook = "call_summary";
        at(between(50, 200), WEBHOOK_QUEUED, "Webhook queued", kv("webhook", hook, "attempt", 1));
        int attempts = chance(93) ? 1 : chance(70) ? 2 : 3;
        boolean exhausted = attempts == 3 && chance(70);
        for (int attempt = 1; attempt <= attempts; attempt++) {
            at(between(10, 50), WEBHOOK_SENT, "Webhook sent", kv("webhook", hook, "attempt", attempt));
            int took = between(40, 400);
            boolean last = attempt == attempts;
            if (last && !exhausted) {
                at(
                        took,
                        WEBHOOK_RESPONSE_SUCCESS,
                        "Webhook delivered",
                        kv("webhook", hook, "http_status", 200, "duration_ms", took));
            } else {
                at(
                        took,
                        Level.WARNING,
                        WEBHOOK_RESPONSE_FAILED,
                        hook + " answered 503, will retry",
                        kv("webhook", hook, "http_status", 503, "attempt", attempt, "duration_ms", took),
                        null);
                if (!last) {
                    t += 1000L * attempt;
                }
            }
        }
        if (exhausted) {
            at(
                    between(10, 50),
                    Level.ERROR,
                    WEBHOOK_RETRY_EXHAUSTED,
                    hook + " gave up after " + attempts + " attempts",
                    kv("webhook", hook, "attempts", attempts),
                    null);
        }
    }

    /** Places the finished call in time and keeps its events and plan. */
    private void finish(String id, Agent a, List<Duration> latencies, String outcome, boolean inBurst) {
        webhook();
        long length = t;
        Instant latestStart = end.minusMillis(length + 1000);
        Instant earliestStart = inBurst ? end.minus(BURST) : end.minus(span);
        if (latestStart.isBefore(earliestStart)) {
            latestStart = earliestStart;
        }
        long room = Duration.between(earliestStart, latestStart).toMillis();
        Instant start = earliestStart.plusMillis(room <= 0 ? 0 : (long) (random.nextDouble() * room));
        for (SimulatedEvent e : call) {
            events.add(new SimulatedEvent(
                    start.plusMillis(e.at().toEpochMilli()),
                    e.callId(),
                    e.agentId(),
                    e.accountId(),
                    e.turnId(),
                    e.code(),
                    e.level(),
                    e.message(),
                    e.data(),
                    e.error()));
        }
        plans.add(new CallPlan(
                id, a.id(), a.account(), start, start.plusMillis(length), outcome, List.copyOf(latencies), inBurst));
    }

    private void turn(int n) {
        turnId = "turn-" + n;
    }

    private void at(long afterMillis, String code, String message, Map<String, Object> data) {
        at(afterMillis, Level.INFO, code, message, data, null);
    }

    /** Adds an event {@code afterMillis} after the previous one; times are offsets until the call is placed. */
    private void at(
            long afterMillis, Level level, String code, String message, Map<String, Object> data, Throwable error) {
        t += afterMillis;
        call.add(new SimulatedEvent(
                Instant.ofEpochMilli(t),
                callId,
                agent.id(),
                agent.account(),
                turnId,
                code,
                level,
                message,
                data,
                error));
    }

    /** The agent's model latency: log-normal around its own median, with a tail. */
    private int model() {
        double ms = agent.modelMillis() * Math.exp(0.35 * random.nextGaussian());
        if (chance(3)) {
            ms *= 3; // a slow answer now and then
        }
        return (int) Math.max(150, Math.min(ms, 10_000));
    }

    private int seconds() {
        return (int) Math.max(1, t / 1000);
    }

    private double confidence() {
        return Math.round((0.80 + 0.19 * random.nextDouble()) * 100) / 100.0;
    }

    private int between(int low, int high) {
        return low + random.nextInt(high - low + 1);
    }

    private boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static Map<String, Object> kv(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
