package dev.calllog.benchmarks.race;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The race on a tiny scale, as CI runs it: each contender, configured as its README shows, in a JVM of its own on its
 * own class path, delivers every event to the race sink.
 */
class RaceSmokeTest {
    private static final long EVENTS = 3_000;

    static List<Contender> contenders() {
        return List.of(Contender.CALLLOG_LOGBACK, Contender.CALLLOG_LOG4J, Contender.AGIDO, Contender.RFOLTYNS);
    }

    @ParameterizedTest
    @MethodSource("contenders")
    void everyEventArrives(Contender contender) throws Exception {
        Path module = Forks.module();
        if (contender.isPeer()) {
            // The peers' class paths are built by the reactor (benchmarks/peers) before this module.
            assumeTrue(
                    Files.isDirectory(module.resolve("peers")
                            .resolve(contender.product().name().toLowerCase(java.util.Locale.ROOT))
                            .resolve("target/lib")),
                    "the peers' class paths are not built: mvn -pl benchmarks/peers/agido,benchmarks/peers/rfoltyns package");
        }
        Forks forks = new Forks(module, module.resolve("target/race-smoke"), List.of("-Xmx256m"));
        try (RaceSink sink = RaceSink.start(2)) {
            String index = contender.index("smoke");
            Map<String, String> r = forks.run(
                    contender,
                    "smoke",
                    sink.url(),
                    index,
                    false,
                    Map.of(
                            "warmup",
                            "500",
                            "events",
                            String.valueOf(EVENTS),
                            "peer-pids",
                            String.valueOf(ProcessHandle.current().pid())));

            assertThat(r.get("arrived")).isEqualTo(String.valueOf(EVENTS));
            assertThat(r.get("lost")).isEqualTo("0");
            assertThat(Double.parseDouble(r.get("events_per_s"))).isPositive();
            assertThat(Long.parseLong(r.get("median_ns"))).isPositive();
            assertThat(sink.documents(index)).isEqualTo(500 + EVENTS);
            assertThat(sink.sample(index)).contains("agent_message_sent");
        }
    }

    @Test
    void everyDocumentCostVariantStillAppliesToTheShippedTemplate() throws Exception {
        List<DocumentCost.Variant> variants = DocumentCost.variants();
        assertThat(variants).hasSizeGreaterThan(10);
        for (DocumentCost.Variant v : variants) {
            String body = new String(DocumentCost.body(v, 0, 2), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(body.split("\n")).as(v.name()).hasSize(4);
            assertThat(body).as(v.name()).contains("\"message\":\"Which order number?\"");
        }
    }
}
