package dev.calllog.testsupport.http;

import dev.calllog.testsupport.http.FakeOpenSearch.Answer;
import dev.calllog.testsupport.http.FakeOpenSearch.ItemAnswer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link FakeOpenSearch} handler that keeps an index of the {@code _id}s it took, as a node does: an item is indexed
 * (201) once and answered 409 {@code version_conflict_engine_exception} when it comes again. A {@link Script} decides,
 * for each bulk request (numbered from 0), what happens to it. Other requests are answered 200 {@code {}}.
 *
 * <pre>{@code
 * FakeIndex index = new FakeIndex();
 * node.handler(index.script((n, ids) -> n < 3 ? new FakeIndex.Reset() : new FakeIndex.Items(FakeIndex.ALL_CREATED)));
 * }</pre>
 */
public final class FakeIndex implements FakeOpenSearch.Handler {
    /** What happens to one bulk request. */
    public sealed interface Step {}

    /** Index the items, answering each with the item policy's status. */
    public record Items(ItemStatus policy) implements Step {}

    /** Answer the whole request with this status and body, indexing nothing. */
    public record Whole(int status, String body) implements Step {}

    /** Index the items, then never answer (a client with a request timeout gives up, and its retry meets 409s). */
    public record IndexedUnanswered() implements Step {}

    /** Never answer, indexing nothing. */
    public record Unanswered() implements Step {}

    /** Reset the connection (TCP RST) without answering or indexing. */
    public record Reset() implements Step {}

    /** Index the items, then send the status line, the headers and half of the body, and close the connection. */
    public record HalfWritten() implements Step {}

    /** Decides the status of one item that is not indexed yet. */
    @FunctionalInterface
    public interface ItemStatus {
        /** A status: 201 to index it, or an error status (429, 400, 503...). */
        int status(String id, int attempt);
    }

    /** Decides the step for bulk request number {@code n} (from 0) carrying {@code ids}. */
    @FunctionalInterface
    public interface Script {
        Step step(int n, List<String> ids);
    }

    public static final ItemStatus ALL_CREATED = (id, attempt) -> 201;

    /**
     * A script that indexes the first {@code answered} requests, then counts {@code from} down and answers every later
     * request with {@code then}: a node that stops answering ({@link Unanswered}) or keeps refusing ({@link Whole}).
     */
    public static Script answerThen(int answered, CountDownLatch from, Step then) {
        return (n, ids) -> {
            if (n < answered) {
                return new Items(ALL_CREATED);
            }
            from.countDown();
            return then;
        };
    }

    /** Each id indexed, with the number of the request that indexed it. */
    private final Map<String, Integer> indexedBy = new ConcurrentHashMap<>();

    private final Set<Integer> sentAgain = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private final AtomicInteger bulkRequests = new AtomicInteger();
    private final List<Handled> log = new CopyOnWriteArrayList<>();
    private final long created = System.nanoTime();
    private volatile Script script = (n, ids) -> new Items(ALL_CREATED);

    /** Sets the script; returns this handler, for {@link FakeOpenSearch#handler}. */
    public FakeIndex script(Script script) {
        this.script = script;
        return this;
    }

    /** The ids indexed, each once. */
    public Set<String> indexed() {
        return indexedBy.keySet();
    }

    /**
     * The requests (by number) some of whose items came again after they were indexed (answered 409). A client sends
     * again only what it got no answer for: a request it gave up on before the answer came, or one never answered.
     */
    public Set<Integer> requestsSentAgain() {
        return Set.copyOf(sentAgain);
    }

    public int bulkRequests() {
        return bulkRequests.get();
    }

    /** One bulk request as handled: its number, item count, the step taken and when, in ms since the index was made. */
    public record Handled(int n, int items, Step step, long atMillis) {
        @Override
        public String toString() {
            return n + " items=" + items + " " + step.getClass().getSimpleName() + " at +" + atMillis + " ms";
        }
    }

    /** The bulk requests in the order they came. */
    public List<Handled> log() {
        return List.copyOf(log);
    }

    @Override
    public Answer handle(FakeOpenSearch.Request r) {
        if (!r.isBulk()) {
            return new Answer(200, "{}");
        }
        List<String> ids = r.bulkIds();
        int n = bulkRequests.getAndIncrement();
        Step step = script.step(n, ids);
        log.add(new Handled(
                n,
                ids.size(),
                step,
                Duration.ofNanos(System.nanoTime() - created).toMillis()));
        if (step instanceof Whole w) {
            return new Answer(w.status(), w.body());
        }
        if (step instanceof Reset) {
            return Answer.reset();
        }
        if (step instanceof Unanswered) {
            return Answer.noAnswer();
        }
        String body = index(n, ids, step instanceof Items items ? items.policy() : ALL_CREATED);
        if (step instanceof IndexedUnanswered) {
            return Answer.noAnswer();
        }
        if (step instanceof HalfWritten) {
            return Answer.halfWritten(200, body);
        }
        return new Answer(200, body);
    }

    /** Indexes the items of request {@code n} as a node would and returns the bulk response. */
    private String index(int n, List<String> ids, ItemStatus policy) {
        List<ItemAnswer> answers = new ArrayList<>(ids.size());
        for (String id : ids) {
            int attempt = attempts.merge(id, 1, Integer::sum) - 1;
            Integer indexedIn = indexedBy.get(id);
            int status = indexedIn != null ? 409 : policy.status(id, attempt);
            if (indexedIn != null) {
                sentAgain.add(indexedIn);
            } else if (status == 201) {
                indexedBy.put(id, n);
            }
            answers.add(ItemAnswer.of(status));
        }
        return FakeOpenSearch.bulkResponse(ids, answers);
    }
}
