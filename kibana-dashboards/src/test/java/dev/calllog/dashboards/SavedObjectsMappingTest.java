package dev.calllog.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.calllog.testsupport.savedobjects.FieldUse;
import dev.calllog.testsupport.savedobjects.SavedObjects;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every field a saved object uses exists in the mapping the index template gives {@code calllog-*}, with a type that
 * allows the use: aggregatable where aggregated or sorted, a date where it is the time axis, a number where averaged or
 * percentiled. The same check runs against a real node's field capabilities in the demo's integration test.
 */
class SavedObjectsMappingTest {
    private final SavedObjects objects = SavedObjects.fromClasspath(SavedObjectsStructureTest.RESOURCE);
    private final TemplateMapping mapping = TemplateMapping.of("calllog");

    /** The problems of each use, as messages; empty when all is well. */
    static List<String> problems(List<FieldUse> uses, TemplateMapping mapping) {
        List<String> problems = new ArrayList<>();
        for (FieldUse use : uses) {
            TemplateMapping.Field field = mapping.resolve(use.field());
            if (field == null) {
                problems.add(use.where() + ": " + use.field() + " is not mapped");
            } else if (!use.use().allows(field.type(), field.aggregatable())) {
                problems.add(use.where() + ": " + use.field() + " (" + field.type()
                        + (field.aggregatable() ? "" : ", not aggregatable") + ") cannot be used for " + use.use());
            }
        }
        return problems;
    }

    private List<FieldUse> uses(boolean measures) {
        return objects.fieldUses().stream()
                .filter(u -> u.field().startsWith("measures.") == measures)
                .toList();
    }

    @Test
    void everyDocumentFieldUsedIsMappedForItsUse() {
        List<FieldUse> uses = uses(false);
        assertThat(uses).extracting(FieldUse::field).contains("@timestamp", "call_id", "level", "event", "data");
        assertThat(problems(uses, mapping)).isEmpty();
    }

    @Test
    void everyMeasureUsedIsMappedAsANumber() {
        List<FieldUse> uses = uses(true);
        assertThat(uses)
                .extracting(FieldUse::field)
                .containsOnly(
                        "measures.latency_ms", "measures.duration_ms", "measures.duration_s", "measures.http_status");
        assumeTrue(mapping.hasObject("measures"), "the index template maps measures");
        assertThat(problems(uses, mapping)).isEmpty();
        for (FieldUse use : uses) {
            assertThat(mapping.resolve(use.field()).type()).as(use.field()).isEqualTo("double");
        }
    }

    @Test
    void everyLabelUsedIsAnAggregatableKeyword() {
        List<FieldUse> uses = objects.fieldUses().stream()
                .filter(u -> u.field().startsWith("labels."))
                .toList();
        assertThat(uses)
                .extracting(FieldUse::field)
                .containsOnly("labels.tool", "labels.integration", "labels.webhook", "labels.destination");
        assertThat(problems(uses, mapping)).isEmpty();
        for (FieldUse use : uses) {
            assertThat(mapping.resolve(use.field()))
                    .as(use.field())
                    .isEqualTo(new TemplateMapping.Field("keyword", true));
        }
        // Any other label key is a keyword too, through the dynamic template.
        assertThat(mapping.resolve("labels.queue")).isEqualTo(new TemplateMapping.Field("keyword", true));
    }

    @Test
    void misusesAreCaught() {
        String ndjson = """
                {"id":"v","type":"visualization","attributes":{"title":"v","visState":"{\\"title\\":\\"v\\",\\"type\\":\\"table\\",\\"aggs\\":[{\\"id\\":\\"1\\",\\"type\\":\\"avg\\",\\"schema\\":\\"metric\\",\\"params\\":{\\"field\\":\\"level\\"}},{\\"id\\":\\"2\\",\\"type\\":\\"terms\\",\\"schema\\":\\"bucket\\",\\"params\\":{\\"field\\":\\"data.tool\\"}},{\\"id\\":\\"3\\",\\"type\\":\\"terms\\",\\"schema\\":\\"bucket\\",\\"params\\":{\\"field\\":\\"message\\"}},{\\"id\\":\\"4\\",\\"type\\":\\"date_histogram\\",\\"schema\\":\\"segment\\",\\"params\\":{\\"field\\":\\"seq\\"}}],\\"params\\":{}}","kibanaSavedObjectMeta":{"searchSourceJSON":"{\\"query\\":{\\"query\\":\\"data.http.status:503 AND _exists_:no_such_field\\",\\"language\\":\\"lucene\\"},\\"filter\\":[]}"}},"references":[]}
                """;
        SavedObjects bad = SavedObjects.read(new ByteArrayInputStream(ndjson.getBytes(StandardCharsets.UTF_8)));
        assertThat(problems(bad.fieldUses(), mapping))
                .containsExactlyInAnyOrder(
                        "visualization v query: no_such_field is not mapped",
                        "visualization v agg 1: level (keyword) cannot be used for NUMERIC",
                        "visualization v agg 2: data.tool (flat_object, not aggregatable) cannot be used for AGGREGATE",
                        "visualization v agg 3: message (text, not aggregatable) cannot be used for AGGREGATE",
                        "visualization v agg 4: seq (long) cannot be used for DATE");
    }
}
