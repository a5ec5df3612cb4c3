package dev.calllog.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.mapping.TestSourceEvent;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which engine a reload keeps, starts and stops, seen through stand-in engines. That no event is lost across a reload
 * while events flow is checked against a real node by {@code Log4jReloadIT}.
 */
class ReconfigurationTest {
    private FakeEngines engines;
    private LoggerContext ctx;

    @BeforeEach
    void installEngines() {
        engines = FakeEngines.install();
    }

    @AfterEach
    void stopContext() {
        if (ctx != null) {
            ctx.stop();
        }
    }

    @Test
    void aReloadWithTheSameSettingsKeepsTheRunningEngine() {
        ctx = TestContexts.start("calllog-reload-a.xml");
        CallLogAppender before = TestContexts.appender(ctx);
        CallLogManager manager = before.manager();
        ctx.getLogger("agent").info(MarkerManager.getMarker("call_completed"), "before");

        ctx.reconfigure();

        CallLogAppender after = TestContexts.appender(ctx);
        assertThat(after).isNotSameAs(before);
        assertThat(after.isStarted()).isTrue();
        assertThat(before.isStopped()).isTrue();
        assertThat(after.manager()).isSameAs(manager);
        ctx.getLogger("agent").info(MarkerManager.getMarker("call_completed"), "after");
        before.stop(); // again: must not release the reference the new appender holds

        FakeEngines.FakeEngine engine = engines.only();
        assertThat(engine.starts).hasValue(1);
        assertThat(engine.stops).hasValue(0);
        assertThat(engine.events).extracting(TestSourceEvent::message).containsExactly("before", "after");
        assertThat(engines.journal).containsExactly("start#1");

        ctx.stop();
        ctx = null;
        assertThat(engine.stops).hasValue(1);
        assertThat(AbstractManager.hasManager(manager.getName())).isFalse();
    }

    @Test
    void aReloadWithChangedSettingsStartsANewEngineThenStopsTheOldOne() {
        ctx = TestContexts.start("calllog-reload-a.xml");
        CallLogManager first = TestContexts.appender(ctx).manager();
        ctx.getLogger("agent").info(MarkerManager.getMarker("call_completed"), "to first");

        ctx.setConfigLocation(TestContexts.uri("calllog-reload-b.xml"));

        CallLogAppender appender = TestContexts.appender(ctx);
        assertThat(appender.getConfig().batchMaxEvents()).isEqualTo(200);
        assertThat(appender.manager()).isNotSameAs(first);
        ctx.getLogger("agent").info(MarkerManager.getMarker("call_completed"), "to second");

        assertThat(engines.created).hasSize(2);
        FakeEngines.FakeEngine one = engines.created.get(0);
        FakeEngines.FakeEngine two = engines.created.get(1);
        assertThat(one.events).extracting(TestSourceEvent::message).containsExactly("to first");
        assertThat(two.events).extracting(TestSourceEvent::message).containsExactly("to second");
        // The old engine is stopped (delivering what it buffered) only after the new one runs.
        assertThat(engines.journal).containsExactly("start#1", "start#2", "stop#1");
        assertThat(AbstractManager.hasManager(first.getName())).isFalse();
    }

    @Test
    void theManagerNameDependsOnEverySettingButShowsNoSecret() {
        CallLogConfig a = new CallLogConfig();
        a.setUsername("writer");
        a.setPassword("s3cret-password");
        CallLogConfig b = new CallLogConfig();
        b.setUsername("writer");
        b.setPassword("other-password");
        CallLogConfig c = new CallLogConfig();
        c.setUsername("writer");
        c.setPassword("s3cret-password");

        assertThat(CallLogManager.managerName(a)).isEqualTo(CallLogManager.managerName(c));
        assertThat(CallLogManager.managerName(a)).isNotEqualTo(CallLogManager.managerName(b));
        assertThat(CallLogManager.managerName(a))
                .startsWith("CallLog[calllog-events#")
                .doesNotContain("s3cret")
                .doesNotContain("writer");

        c.addRedactPattern("x+");
        assertThat(CallLogManager.managerName(a)).isNotEqualTo(CallLogManager.managerName(c));
    }
}
