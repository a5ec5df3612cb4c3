package dev.calllog.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The JMH benchmark of the logging call, one short iteration of each case in this JVM: it runs, the call-log appender
 * drops nothing (its teardown would fail the run), and the report can be made from its results.
 */
class CallerCostSmokeTest {

    @Test
    void everyCaseRunsAndReports() throws Exception {
        // A benchmark run of one's own elsewhere on the machine holds JMH's lock; this short run does not need it.
        System.setProperty("jmh.ignoreLock", "true");
        List<CallerCostReport.Row> rows = CallerCostReport.rows(new Runner(new OptionsBuilder()
                        .include(CallerCost.class.getName() + ".logCallEvent")
                        .forks(0)
                        .threads(1)
                        .warmupIterations(1)
                        .warmupTime(TimeValue.milliseconds(200))
                        .measurementIterations(1)
                        .measurementTime(TimeValue.milliseconds(300))
                        .addProfiler(CallerThreadProfiler.class)
                        .shouldFailOnError(true)
                        .verbosity(VerboseMode.SILENT)
                        .build())
                .run());

        assertThat(rows).hasSize(Framework.values().length * Variant.values().length);
        for (CallerCostReport.Row r : rows) {
            assertThat(r.samples()).as(r.toString()).isPositive();
            assertThat(r.median()).as(r.toString()).isPositive();
            assertThat(r.callerBytes()).as(r.toString()).isPositive();
        }
        assertThat(CallerCostReport.markdown(rows, 0, 1, 1, 1)).contains("| Logback | call-log | 1 |");
    }
}
