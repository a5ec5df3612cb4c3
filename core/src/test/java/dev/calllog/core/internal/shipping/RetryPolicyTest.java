package dev.calllog.core.internal.shipping;

import static dev.calllog.core.internal.shipping.RetryPolicy.Verdict.DELIVERED;
import static dev.calllog.core.internal.shipping.RetryPolicy.Verdict.DUPLICATE;
import static dev.calllog.core.internal.shipping.RetryPolicy.Verdict.HOLD;
import static dev.calllog.core.internal.shipping.RetryPolicy.Verdict.REJECT;
import static dev.calllog.core.internal.shipping.RetryPolicy.Verdict.RETRY;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static RetryPolicy policy(double random) {
        return new RetryPolicy(3, 100, 2_000, 10_000, new FixedRandom(random));
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    @Test
    void eachItemAnswerHasOneVerdict() {
        assertThat(RetryPolicy.ofItem(201, null)).isEqualTo(DELIVERED);
        assertThat(RetryPolicy.ofItem(200, null)).isEqualTo(DELIVERED);
        assertThat(RetryPolicy.ofItem(409, "version_conflict_engine_exception"))
                .as("409 on create: indexed by an earlier attempt")
                .isEqualTo(DUPLICATE);
        assertThat(RetryPolicy.ofItem(409, "some_other_conflict")).isEqualTo(REJECT);
        assertThat(RetryPolicy.ofItem(429, "es_rejected_execution_exception")).isEqualTo(RETRY);
        assertThat(RetryPolicy.ofItem(500, null)).isEqualTo(RETRY);
        assertThat(RetryPolicy.ofItem(503, "unavailable_shards_exception")).isEqualTo(RETRY);
        assertThat(RetryPolicy.ofItem(401, "security_exception"))
                .as("credentials")
                .isEqualTo(HOLD);
        assertThat(RetryPolicy.ofItem(403, "security_exception"))
                .as("permissions")
                .isEqualTo(HOLD);
        assertThat(RetryPolicy.ofItem(400, "mapper_parsing_exception")).isEqualTo(REJECT);
        assertThat(RetryPolicy.ofItem(404, "index_not_found_exception")).isEqualTo(REJECT);
    }

    @Test
    void eachFailedRequestHasOneVerdict() {
        assertThat(RetryPolicy.ofRequest(-1)).as("no answer at all").isEqualTo(RETRY);
        assertThat(RetryPolicy.ofRequest(200)).as("a malformed answer").isEqualTo(RETRY);
        assertThat(RetryPolicy.ofRequest(429)).isEqualTo(RETRY);
        assertThat(RetryPolicy.ofRequest(502)).isEqualTo(RETRY);
        assertThat(RetryPolicy.ofRequest(401)).isEqualTo(HOLD);
        assertThat(RetryPolicy.ofRequest(403)).isEqualTo(HOLD);
        assertThat(RetryPolicy.ofRequest(404))
                .as("retried, reported as an error")
                .isEqualTo(REJECT);
    }

    @Test
    void theBackoffGrowsExponentiallyWithJitterBetweenTheFloorAndTheBound() {
        RetryPolicy low = policy(0);
        RetryPolicy high = policy(0.999_999);
        for (int attempt = 1; attempt <= 8; attempt++) {
            long bound = Math.min(2_000, 100L << (attempt - 1));
            assertThat(millis(low.backoffNanos(attempt, -1)))
                    .as("attempt %d, lowest", attempt)
                    .isEqualTo(100);
            assertThat(millis(high.backoffNanos(attempt, -1)))
                    .as("attempt %d, highest", attempt)
                    .isEqualTo(bound);
        }
        assertThat(millis(policy(0.5).backoffNanos(3, -1))).isEqualTo(100 + 150);
        assertThat(millis(high.backoffNanos(1_000, -1))).as("no overflow").isEqualTo(2_000);
    }

    @Test
    void retryAfterIsHonouredUpToTheLongestBackoff() {
        RetryPolicy p = policy(0);
        assertThat(millis(p.backoffNanos(1, 1_500))).isEqualTo(1_500);
        assertThat(millis(p.backoffNanos(1, 60_000))).isEqualTo(2_000);
        assertThat(millis(p.backoffNanos(1, 50)))
                .as("never shorter than the backoff")
                .isEqualTo(100);
    }

    @Test
    void itemsGetMaxRetriesAndRequestsTheRetryTimeout() {
        RetryPolicy p = policy(0);
        assertThat(p.retriesExhausted(3)).isFalse();
        assertThat(p.retriesExhausted(4)).isTrue();
        long t0 = 5_000_000_000L;
        assertThat(p.timedOut(t0, t0 + TimeUnit.MILLISECONDS.toNanos(9_999))).isFalse();
        assertThat(p.timedOut(t0, t0 + TimeUnit.MILLISECONDS.toNanos(10_000))).isTrue();
    }
}
