package dev.calllog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

class JsonContainmentTest {

    private static boolean contains(String actual, String desired) {
        JsonValue a = FakeCluster.parse("{\"v\":" + actual + "}").get("v");
        JsonValue d = FakeCluster.parse("{\"v\":" + desired + "}").get("v");
        return JsonContainment.contains(a, d);
    }

    @Test
    void membersAddedByThePluginDoNotMatter() {
        assertThat(contains(
                        "{\"rollover\":{\"min_index_age\":\"1d\"},\"retry\":{\"count\":3},\"last_updated_time\":1}",
                        "{\"rollover\":{\"min_index_age\":\"1d\"}}"))
                .isTrue();
    }

    @Test
    void aMissingOrDifferentMemberDoes() {
        assertThat(contains("{\"rollover\":{}}", "{\"rollover\":{\"min_index_age\":\"1d\"}}"))
                .isFalse();
        assertThat(contains("{\"min_index_age\":\"2d\"}", "{\"min_index_age\":\"1d\"}"))
                .isFalse();
    }

    @Test
    void arraysMustHaveTheSameLengthAndOrder() {
        assertThat(contains("[{\"a\":1,\"b\":2},{\"c\":3}]", "[{\"a\":1},{\"c\":3}]"))
                .isTrue();
        assertThat(contains("[{\"c\":3},{\"a\":1}]", "[{\"a\":1},{\"c\":3}]")).isFalse();
        assertThat(contains("[1,2,3]", "[1,2]")).isFalse();
    }

    @Test
    void numbersAndBooleansMatchTheirTextAsSettingsStoreThem() {
        assertThat(contains("\"1\"", "1")).isTrue();
        assertThat(contains("1.0", "1")).isTrue();
        assertThat(contains("\"false\"", "false")).isTrue();
        assertThat(contains("\"2\"", "1")).isFalse();
        assertThat(contains("\"x\"", "1")).isFalse();
        assertThat(contains("1", "\"1\"")).isTrue();
    }

    @Test
    void aNullInTheFileMatchesAnAbsentMember() {
        assertThat(contains("{}", "{\"error_notification\":null}")).isTrue();
        assertThat(contains("{\"error_notification\":null}", "{\"error_notification\":null}"))
                .isTrue();
    }
}
