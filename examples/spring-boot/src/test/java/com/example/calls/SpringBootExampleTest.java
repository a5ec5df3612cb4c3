package com.example.calls;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import dev.calllog.logback.CallLogAppender;
import dev.calllog.testsupport.examples.CallLogCluster;
import dev.calllog.testsupport.examples.Documents;
import dev.calllog.testsupport.examples.ExampleRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Starts the application as Spring Boot starts it, with {@code logback-spring.xml} taking the node's URL from Spring's
 * environment ({@code calllog.opensearch.url}), plays two calls through its HTTP endpoints as a telephony platform
 * would, and reads every document back from a real node ({@code expected-documents.json}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpringBootExampleTest {
    private static final List<String> PROPERTIES =
            List.of("calllog.opensearch.url", "calllog.opensearch.username", "calllog.opensearch.password");

    private static CallLogCluster cluster;

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    /** Before Spring starts: logback-spring.xml reads these system properties through Spring's environment. */
    @BeforeAll
    static void startCluster() {
        cluster = CallLogCluster.start();
        System.setProperty(PROPERTIES.get(0), cluster.url());
        System.setProperty(PROPERTIES.get(1), cluster.username());
        System.setProperty(PROPERTIES.get(2), cluster.password());
    }

    @AfterAll
    static void stopCluster() {
        PROPERTIES.forEach(System::clearProperty);
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theAppenderStartsFromLogbackSpringXmlWithoutAComplaint() {
        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

        assertThat(root.getAppender("CALLLOG")).isInstanceOf(CallLogAppender.class);
        assertThat(root.getAppender("CALLLOG").isStarted()).isTrue();
        assertThat(logback.getStatusManager().getCopyOfStatusList())
                .as("Logback's warnings and errors")
                .filteredOn(status -> status.getLevel() >= Status.WARN)
                .isEmpty();
    }

    @Test
    void everyCallArrivesFieldByField() throws Exception {
        String prefix = ExampleRun.prefix("spring-boot");
        Instant from = Instant.now();

        String first = prefix + "-2001";
        post(first, "start", "");
        assertThat(post(first, "turn", "Where is my order 4411?")).isEqualTo("Your order ships tomorrow.");
        post(first, "end", "");

        String second = prefix + "-2002";
        post(second, "start", "");
        assertThat(post(second, "turn", "Where is my parcel?")).isEqualTo("Which order number?");
        post(second, "turn", "It is order 0000");
        post(second, "transfer", "billing-desk");

        ExampleRun.assertStored(cluster, prefix, Documents.expected("expected-documents.json", prefix), from);
    }

    @Test
    void aRequestWithoutACallIdIsRefused() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri("start"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
    }

    /** One step of a call, as the telephony platform reports it; returns what the agent says. */
    private String post(String callId, String step, String body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri(step))
                        .header(CallContextFilter.CALL_ID_HEADER, callId)
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST /calls/%s for %s: %s", step, callId, response.body()).isEqualTo(200);
        return response.body();
    }

    private URI uri(String step) {
        return URI.create("http://localhost:" + port + "/calls/" + step);
    }
}
