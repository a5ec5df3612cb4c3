package dev.calllog.core.internal.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {
    private final Map<String, Object> values =
            Map.of("days", 30, "age", "1d", "auto", "0-1", "off", false, "text", "a \"quoted\" \\ word");

    @Test
    void aWholeStringBecomesTheValueAsAJsonLiteral() {
        assertThat(Placeholders.apply(
                        "{\"a\":\"${calllog.days}\",\"b\":\"${calllog.off}\",\"c\":\"${calllog.auto}\"}", values))
                .isEqualTo("{\"a\":30,\"b\":false,\"c\":\"0-1\"}");
    }

    @Test
    void insideALongerStringTheValueIsEscapedText() {
        assertThat(Placeholders.apply(
                        "{\"age\":\"${calllog.days}d\",\"s\":\"x > ${calllog.days} && ${calllog.text}\"}", values))
                .isEqualTo("{\"age\":\"30d\",\"s\":\"x > 30 && a \\\"quoted\\\" \\\\ word\"}");
    }

    @Test
    void aWholeStringPlaceholderWithTextIsQuotedAndEscaped() {
        assertThat(Placeholders.apply("[\"${calllog.text}\"]", values)).isEqualTo("[\"a \\\"quoted\\\" \\\\ word\"]");
    }

    @Test
    void otherDollarBraceFormsAreLeftAlone() {
        String dls = "{\"dls\":\"{\\\"term\\\":{\\\"account_id\\\":\\\"${attr.internal.account_id}\\\"}}\"}";
        assertThat(Placeholders.apply(dls, values)).isEqualTo(dls);
        assertThat(Placeholders.apply("{\"q\":\"{{period_end}}||-1m\"}", values))
                .isEqualTo("{\"q\":\"{{period_end}}||-1m\"}");
    }

    @Test
    void aPlaceholderWithoutAValueIsAnError() {
        assertThatThrownBy(() -> Placeholders.apply("{\"a\":\"${calllog.dayz}\"}", values))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no value for the placeholder ${calllog.dayz}");
    }
}
