package dev.calllog.benchmarks.race;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A shipper in the race, configured from a file as its README shows, and run in a JVM of its own on a class path of its
 * own: the project's appenders on the project's class path, each peer on the class path Maven resolved for it alone
 * ({@code benchmarks/peers/<peer>/target/lib}) plus its logging framework. Each comes as its README configures it, and
 * with a buffer large enough that a benchmark never loses an event to it.
 *
 * @param name what the tables call it
 * @param framework {@code logback} or {@code log4j2}
 * @param product whose code ships
 * @param big the variant with a buffer large enough to lose nothing
 */
public record Contender(String name, String framework, Product product, boolean big) {

    /** Whose code ships the events. */
    public enum Product {
        CALLLOG,
        /** agido logback-elasticsearch-appender. */
        AGIDO,
        /** rfoltyns log4j2-elasticsearch, its Jest module (the newest of the family on Maven Central). */
        RFOLTYNS
    }

    /** The project's buffer in the large variant (its README's default otherwise). */
    static final long BIG_BUFFER_BYTES = 1L << 30;

    public static final Contender CALLLOG_LOGBACK = new Contender("calllog Logback", "logback", Product.CALLLOG, false);
    public static final Contender CALLLOG_LOGBACK_BIG =
            new Contender("calllog Logback, 1 GiB buffer", "logback", Product.CALLLOG, true);
    public static final Contender CALLLOG_LOG4J = new Contender("calllog Log4j 2", "log4j2", Product.CALLLOG, false);
    public static final Contender CALLLOG_LOG4J_BIG =
            new Contender("calllog Log4j 2, 1 GiB buffer", "log4j2", Product.CALLLOG, true);
    public static final Contender AGIDO = new Contender("agido 3.0.19 (README)", "logback", Product.AGIDO, false);
    public static final Contender AGIDO_BIG =
            new Contender("agido 3.0.19, queue 2^31 chars", "logback", Product.AGIDO, true);
    public static final Contender RFOLTYNS =
            new Contender("rfoltyns jest 1.5.5 (README)", "log4j2", Product.RFOLTYNS, false);
    public static final Contender RFOLTYNS_BIG =
            new Contender("rfoltyns jest 1.5.5, ring 1M, batch 5000", "log4j2", Product.RFOLTYNS, true);

    /** Every contender, in the order of the tables. */
    public static List<Contender> all() {
        return List.of(
                CALLLOG_LOGBACK,
                CALLLOG_LOGBACK_BIG,
                CALLLOG_LOG4J,
                CALLLOG_LOG4J_BIG,
                AGIDO,
                AGIDO_BIG,
                RFOLTYNS,
                RFOLTYNS_BIG);
    }

    public boolean isPeer() {
        return product != Product.CALLLOG;
    }

    /** A short name for files and index names. */
    public String slug() {
        return product.name().toLowerCase(java.util.Locale.ROOT) + "-" + framework + (big ? "-big" : "");
    }

    /**
     * The index (or data stream) this contender writes to: the project's data streams match its template ({@code
     * calllog-*}); the peers write plain indices, with the node's dynamic mapping, as their READMEs set them up.
     */
    public String index(String run) {
        return (product == Product.CALLLOG ? "calllog-race-" : "race-") + slug() + "-" + run;
    }

    /** The configuration file, as the contender's README writes it, shipping to {@code url} into {@code index}. */
    public String configuration(String url, String index, boolean node) {
        return switch (product) {
            case CALLLOG ->
                framework.equals("logback") ? calllogLogback(url, index, node) : calllogLog4j(url, index, node);
            case AGIDO -> agido(url, index);
            case RFOLTYNS -> rfoltyns(url, index);
        };
    }

    private String calllogLogback(String url, String index, boolean node) {
        return """
                <configuration>
                  <appender name="CALLLOG" class="dev.calllog.logback.CallLogAppender">
                    <url>%s</url>
                    <dataStream>%s</dataStream>
                    <installTemplates>%s</installTemplates>
                    %s
                  </appender>
                  <root level="INFO">
                    <appender-ref ref="CALLLOG"/>
                  </root>
                </configuration>
                """.formatted(url, index, node, big ? "<bufferBytes>" + BIG_BUFFER_BYTES + "</bufferBytes>" : "");
    }

    private String calllogLog4j(String url, String index, boolean node) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Configuration status="warn">
                  <Appenders>
                    <CallLog name="CALLLOG" url="%s" dataStream="%s" installTemplates="%s" %s/>
                  </Appenders>
                  <Loggers>
                    <Root level="info">
                      <AppenderRef ref="CALLLOG"/>
                    </Root>
                  </Loggers>
                </Configuration>
                """.formatted(url, index, node, big ? "bufferBytes=\"" + BIG_BUFFER_BYTES + "\"" : "");
    }

    /**
     * agido's README: the appender with {@code url} (the {@code _bulk} endpoint), {@code index}, the JSON content type
     * header and properties rendered by Logback's pattern layout. The document carries the same content as the
     * project's: the MDC (call and agent ids) and the key-values, the level and the event (the marker); the README's
     * {@code logger}, {@code thread} and {@code stacktrace} properties are left out, as the project's documents leave
     * them out. Its queue is bounded by {@code maxQueueSize} (characters, 100 M by default).
     */
    private String agido(String url, String index) {
        return """
                <configuration>
                  <appender name="ELASTIC" class="com.agido.logback.elasticsearch.ElasticsearchAppender">
                    <url>%s/_bulk</url>
                    <index>%s</index>
                    <includeMdc>true</includeMdc>
                    <includeKvp>true</includeKvp>
                    %s
                    <headers>
                      <header>
                        <name>Content-Type</name>
                        <value>application/json</value>
                      </header>
                    </headers>
                    <properties>
                      <esProperty>
                        <name>level</name>
                        <value>%%level</value>
                      </esProperty>
                      <esProperty>
                        <name>event</name>
                        <value>%%marker</value>
                      </esProperty>
                    </properties>
                  </appender>
                  <root level="INFO">
                    <appender-ref ref="ELASTIC"/>
                  </root>
                </configuration>
                """.formatted(url, index, big ? "<maxQueueSize>" + Integer.MAX_VALUE + "</maxQueueSize>" : "");
    }

    /**
     * rfoltyns' README for the Jest module: {@code Elasticsearch} with {@code IndexName}, {@code JacksonJsonLayout} over
     * pooled buffers, {@code AsyncBatchDelivery} (batches of 1,000, every 5 s) through {@code JestBufferedHttp}, behind
     * an asynchronous logger (its README: "highly encouraged"), here {@code AsyncRoot}. The ids travel as virtual
     * properties (the layout does not write the ThreadContext); the message is the {@code MapMessage}'s text. The
     * large variant: the asynchronous logger's ring buffer at 1M slots, batches of 5,000.
     */
    private String rfoltyns(String url, String index) {
        int batch = big ? 5000 : 1000;
        int pool = big ? 40_000 : 4000;
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Configuration status="warn">
                  <Appenders>
                    <Elasticsearch name="elasticsearchAsyncBatch">
                      <IndexName indexName="%s"/>
                      <JacksonJsonLayout>
                        <PooledItemSourceFactory itemSizeInBytes="1024" initialPoolSize="%d"/>
                        <VirtualProperty name="call_id" value="${ctx:call_id}" dynamic="true"/>
                        <VirtualProperty name="agent_id" value="${ctx:agent_id}" dynamic="true"/>
                      </JacksonJsonLayout>
                      <AsyncBatchDelivery batchSize="%d" deliveryInterval="5000">
                        <JestBufferedHttp serverUris="%s" mappingType="">
                          <PooledItemSourceFactory itemSizeInBytes="%d" initialPoolSize="4"/>
                        </JestBufferedHttp>
                      </AsyncBatchDelivery>
                    </Elasticsearch>
                  </Appenders>
                  <Loggers>
                    <AsyncRoot level="info">
                      <AppenderRef ref="elasticsearchAsyncBatch"/>
                    </AsyncRoot>
                  </Loggers>
                </Configuration>
                """.formatted(index, pool, batch, url, batch * 1024);
    }

    /** JVM options of this contender's own, beyond the ones every contender gets. */
    List<String> jvmOptions() {
        if (product == Product.RFOLTYNS && big) {
            return List.of("-Dlog4j2.asyncLoggerConfigRingBufferSize=1048576");
        }
        return List.of();
    }

    /**
     * The class path: the benchmark's own classes (the driver touches only the framework's API), the logging framework
     * from the project's class path, and the contender's code with its dependencies.
     */
    String classPath(Path module) throws IOException {
        Path classes = module.resolve("target/classes");
        Path lib = module.resolve("target/lib");
        List<Path> cp = new ArrayList<>();
        cp.add(classes);
        Predicate<String> logback = n -> n.startsWith("logback-classic") || n.startsWith("logback-core");
        Predicate<String> log4j = n -> n.startsWith("log4j-api") || n.startsWith("log4j-core");
        switch (product) {
            case CALLLOG ->
                cp.addAll(jars(
                        lib,
                        framework.equals("logback")
                                ? n -> !log4j.test(n)
                                // SLF4J without a provider: the HTTP client's logging goes nowhere, as in an
                                // application
                                // that logs through Log4j without the SLF4J bridge.
                                : n -> !logback.test(n)));
            case AGIDO -> {
                cp.addAll(jars(lib, logback.or(n -> n.startsWith("slf4j-api"))));
                cp.addAll(jars(peerLib(module, "agido"), n -> true));
            }
            case RFOLTYNS -> {
                cp.addAll(jars(lib, log4j));
                cp.addAll(jars(peerLib(module, "rfoltyns"), n -> true));
            }
        }
        return String.join(File.pathSeparator, cp.stream().map(Path::toString).toList());
    }

    private static Path peerLib(Path module, String peer) throws IOException {
        Path lib = module.resolve("peers").resolve(peer).resolve("target/lib");
        if (!Files.isDirectory(lib)) {
            throw new IOException("no class path for " + peer + " at " + lib
                    + ": build it with mvn -pl benchmarks/peers/" + peer + " package");
        }
        return lib;
    }

    private static List<Path> jars(Path dir, Predicate<String> include) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .filter(p -> include.test(p.getFileName().toString()))
                    .sorted()
                    .toList();
        }
    }
}
