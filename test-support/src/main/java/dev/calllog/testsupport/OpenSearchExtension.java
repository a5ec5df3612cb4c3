package dev.calllog.testsupport;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Gives tests one shared OpenSearch node per JVM: started on first use, injected as an {@link OpenSearchNode} or
 * {@link OpenSearchHttp} parameter (of test methods, constructors or lifecycle methods), stopped and deleted when the
 * test run ends, whatever its outcome. Use it through {@link WithOpenSearch}.
 *
 * <p>When a test fails, or the node does not start, its logs are copied to {@value #LOGS_DIRECTORY} of the module under
 * test before the node's directory is deleted.
 *
 * <p>A test may stop or kill the shared node; the next test that asks for it gets it started again, with its data.
 * Tests share the node, so each should use its own index names.
 */
public final class OpenSearchExtension
        implements ParameterResolver, TestWatcher, LifecycleMethodExecutionExceptionHandler, ExecutionCondition {
    /** Where logs of failed runs are kept, relative to the module's base directory. */
    public static final String LOGS_DIRECTORY = "target/opensearch-logs";

    /** System property that turns the plugin tier on: {@code -Dcalllog.it.plugins=true}. */
    public static final String PLUGIN_TIER_PROPERTY = "calllog.it.plugins";

    /** The password of the user {@code admin} on the plugin tier's node. */
    public static final String PLUGIN_TIER_ADMIN_PASSWORD = "Calllog-Tier-2026!x";

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(OpenSearchExtension.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!pluginTier(context)) {
            return ConditionEvaluationResult.enabled("plain node");
        }
        return Boolean.getBoolean(PLUGIN_TIER_PROPERTY)
                ? ConditionEvaluationResult.enabled("plugin tier")
                : ConditionEvaluationResult.disabled("plugin tier: run with -D" + PLUGIN_TIER_PROPERTY + "=true");
    }

    private static boolean pluginTier(ExtensionContext context) {
        return context.getTestClass()
                .map(c -> AnnotationSupport.findAnnotation(c, WithOpenSearch.class)
                        .map(WithOpenSearch::plugins)
                        .orElse(false))
                .orElse(false);
    }

    /** The shared node of the plain tier: with Painless, so that tests can run scripts. */
    static OpenSearchNode plainNode() {
        return OpenSearchNode.builder().name("calllog-test").painless().build();
    }

    /** The shared node of the plugin tier. */
    static OpenSearchNode pluginTierNode() {
        return OpenSearchNode.builder()
                .name("calllog-plugins")
                .version(OpenSearchVersions.pluginsVersion())
                .security(PLUGIN_TIER_ADMIN_PASSWORD)
                .jobScheduler()
                .painless()
                .build();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == OpenSearchNode.class || type == OpenSearchHttp.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        boolean plugins = pluginTier(context);
        OpenSearchNode node = context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        plugins ? PluginTierNode.class : SharedNode.class,
                        key -> plugins ? new PluginTierNode() : new SharedNode(),
                        SharedNode.class)
                .node();
        return parameter.getParameter().getType() == OpenSearchHttp.class ? node.http() : node;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        markFailed(context);
    }

    // A failing set-up or tear-down method fails tests too, without telling TestWatcher.

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable cause) throws Throwable {
        markFailed(context);
        throw cause;
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable cause) throws Throwable {
        markFailed(context);
        throw cause;
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable cause) throws Throwable {
        markFailed(context);
        throw cause;
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable cause) throws Throwable {
        markFailed(context);
        throw cause;
    }

    private static void markFailed(ExtensionContext context) {
        SharedNode shared = context.getRoot()
                .getStore(NAMESPACE)
                .get(pluginTier(context) ? PluginTierNode.class : SharedNode.class, SharedNode.class);
        if (shared != null) {
            shared.failed = true;
        }
    }

    /** The module under test: surefire and failsafe set {@code basedir}; otherwise the working directory. */
    static Path logsDirectory() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .resolve(LOGS_DIRECTORY);
    }

    /** The plugin tier's node, stored apart from the plain one. */
    static final class PluginTierNode extends SharedNode {
        PluginTierNode() {
            super(OpenSearchExtension::pluginTierNode);
        }
    }

    /** Lives in the root store, which JUnit closes when the run ends. */
    static class SharedNode implements AutoCloseable {
        private final Supplier<OpenSearchNode> factory;
        private OpenSearchNode node;
        private RuntimeException startFailure;
        volatile boolean failed;

        SharedNode() {
            this(OpenSearchExtension::plainNode);
        }

        SharedNode(Supplier<OpenSearchNode> factory) {
            this.factory = factory;
        }

        synchronized OpenSearchNode node() {
            if (startFailure != null) {
                throw new IllegalStateException("The shared OpenSearch node did not start", startFailure);
            }
            try {
                if (node == null) {
                    node = factory.get();
                }
                if (!node.isRunning()) {
                    node.start();
                }
                return node;
            } catch (RuntimeException e) {
                // Fail every later test at once instead of waiting for a node that will not come.
                startFailure = e;
                failed = true;
                throw e;
            }
        }

        @Override
        public synchronized void close() {
            if (node == null) {
                return;
            }
            try {
                node.stop();
                if (failed && node.logsDirectory() != null) {
                    Path kept = node.copyLogsTo(logsDirectory());
                    System.err.println("OpenSearch logs of the failed run kept in " + kept);
                }
            } finally {
                node.close();
            }
        }
    }
}
