package dev.calllog.core.internal.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calllog.core.internal.json.JsonReader.MalformedJsonException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BulkResponseParserTest {
    private final BulkResponseParser parser = new BulkResponseParser();

    private void parse(String json) {
        parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void countsItemsWhenThereAreNoErrors() {
        parse(
                "{\"took\":5,\"errors\":false,\"items\":[{\"create\":{\"_index\":\".ds-x\",\"_id\":\"1\",\"status\":201}},"
                        + "{\"create\":{\"_index\":\".ds-x\",\"_id\":\"2\",\"status\":201}}]}");

        assertThat(parser.allSucceeded()).isTrue();
        assertThat(parser.count()).isEqualTo(2);
        assertThat(parser.status(1)).isEqualTo(201);
    }

    @Test
    void readsEachItemsStatusAndError() {
        parse("{\"took\":5,\"errors\":true,\"items\":["
                + "{\"create\":{\"_index\":\".ds-x\",\"_id\":\"1\",\"_version\":1,\"result\":\"created\",\"_shards\":"
                + "{\"total\":2,\"successful\":1,\"failed\":0},\"_seq_no\":0,\"_primary_term\":1,\"status\":201}},"
                + "{\"create\":{\"_index\":\".ds-x\",\"_id\":\"2\",\"status\":409,\"error\":{\"type\":"
                + "\"version_conflict_engine_exception\",\"reason\":\"[2]: version conflict, document already exists"
                + " (current version [1])\",\"index\":\".ds-x\",\"shard\":\"0\",\"index_uuid\":\"u\"}}},"
                + "{\"create\":{\"_index\":\".ds-x\",\"_id\":\"3\",\"status\":400,\"error\":{\"type\":"
                + "\"mapper_parsing_exception\",\"reason\":\"failed to parse field [data] of type [flat_object]\","
                + "\"caused_by\":{\"type\":\"illegal_argument_exception\",\"reason\":\"nested\"}}}},"
                + "{\"create\":{\"_index\":\".ds-x\",\"_id\":\"4\",\"status\":429,\"error\":\"rejected\"}}]}");

        assertThat(parser.allSucceeded()).isFalse();
        assertThat(parser.count()).isEqualTo(4);
        assertThat(parser.status(0)).isEqualTo(201);
        assertThat(parser.errorType(0)).isNull();
        assertThat(parser.status(1)).isEqualTo(409);
        assertThat(parser.errorType(1)).isEqualTo("version_conflict_engine_exception");
        assertThat(parser.status(2)).isEqualTo(400);
        assertThat(parser.errorType(2)).isEqualTo("mapper_parsing_exception");
        assertThat(parser.errorReason(2)).isEqualTo("failed to parse field [data] of type [flat_object]");
        assertThat(parser.status(3)).isEqualTo(429);
        assertThat(parser.errorReason(3)).isEqualTo("rejected");
    }

    @Test
    void growsAndForgetsThePreviousResponse() {
        StringBuilder sb = new StringBuilder("{\"errors\":true,\"items\":[");
        for (int i = 0; i < 200; i++) {
            sb.append(i == 0 ? "" : ",")
                    .append("{\"create\":{\"status\":400,\"error\":{\"type\":\"t")
                    .append(i)
                    .append("\",\"reason\":\"r\"}}}");
        }
        parse(sb.append("]}").toString());
        assertThat(parser.count()).isEqualTo(200);
        assertThat(parser.errorType(199)).isEqualTo("t199");

        parse("{\"errors\":true,\"items\":[{\"create\":{\"status\":201}}]}");
        assertThat(parser.count()).isEqualTo(1);
        assertThat(parser.errorType(0)).isNull();
    }

    @Test
    void rejectsIncompleteResponses() {
        for (String bad : new String[] {
            "{\"took\":1,\"errors\":false,\"items\":[{\"create\":",
            "{\"took\":1,\"errors\":true}",
            "{\"errors\":true,\"items\":[{\"create\":{\"_id\":\"1\"}}]}",
            "{\"errors\":false,\"items\":[]} trailing",
            "<html>502 Bad Gateway</html>",
            ""
        }) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(MalformedJsonException.class);
        }
    }
}
