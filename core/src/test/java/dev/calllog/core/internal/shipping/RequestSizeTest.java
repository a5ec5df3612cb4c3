package dev.calllog.core.internal.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestSizeTest {

    @Test
    void carriesEverythingUntilARequestTimesOut() {
        RequestSize size = new RequestSize();
        size.answered(5_000);
        assertThat(size.items()).as("everything").isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void halvesTheRequestThatTimedOutDownToOneItem() {
        RequestSize size = new RequestSize();
        assertThat(size.timedOut(5_000)).isEqualTo(2_500);
        assertThat(size.timedOut(2_500)).isEqualTo(1_250);
        // A smaller request than the size (the end of a batch) halves from its own size.
        assertThat(size.timedOut(300)).isEqualTo(150);
        assertThat(size.timedOut(3)).isEqualTo(1);
        assertThat(size.timedOut(1)).isEqualTo(1);
        assertThat(size.items()).as("reduced").isEqualTo(1);
    }

    @Test
    void holdsTheSizeATimeoutLeftForSomeAnswersThenDoublesWithEachAnsweredRequestBackToEverything() {
        RequestSize size = new RequestSize();
        size.timedOut(80);
        for (int i = 1; i < RequestSize.ANSWERED_BEFORE_GROWING; i++) {
            size.answered(40);
            assertThat(size.items()).as("after %d answers", i).isEqualTo(40);
        }
        size.answered(39); // smaller than the size: says nothing about a larger one
        assertThat(size.items()).isEqualTo(40);
        size.answered(40);
        assertThat(size.items()).isEqualTo(80);
        size.answered(80);
        assertThat(size.items()).isEqualTo(160);
        for (int i = 0; i < 30 && size.items() != Integer.MAX_VALUE; i++) {
            size.answered(size.items());
        }
        assertThat(size.items()).as("back to everything").isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void aTimeoutWhileGrowingHoldsTheSizeAgain() {
        RequestSize size = new RequestSize();
        size.timedOut(80);
        for (int i = 0; i < RequestSize.ANSWERED_BEFORE_GROWING; i++) {
            size.answered(40);
        }
        assertThat(size.items()).isEqualTo(80);
        assertThat(size.timedOut(80)).isEqualTo(40);
        size.answered(40);
        assertThat(size.items()).isEqualTo(40);
    }
}
