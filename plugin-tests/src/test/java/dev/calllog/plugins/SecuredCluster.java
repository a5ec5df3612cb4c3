package dev.calllog.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.cli.CallLogCli;
import dev.calllog.testsupport.OpenSearchHttp;
import dev.calllog.testsupport.OpenSearchNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The plugin tier's node as the README sets it up: {@code calllog setup --role} run once by the admin, a writer user
 * mapped to {@code calllog_writer}, tenant users mapped to {@code calllog_tenant_reader}, and the node's CA as the
 * README's TLS steps make it: a PEM file, a PKCS12 store made by {@code keytool} with a password, and a JKS store.
 */
final class SecuredCluster {
    static final String WRITER = "calllog-shipper";
    static final String WRITER_PASSWORD = "Shipper-Pass-2026!x";
    static final String READER_PASSWORD = "Reader-Pass-2026!x";
    static final String STORE_PASSWORD = "changeit";

    private static SecuredCluster instance;

    final OpenSearchNode node;
    final OpenSearchHttp admin;
    final Path directory;
    final Path caPem;
    final Path caP12;
    final Path caJks;
    /** What the first {@code calllog setup --role} printed. */
    final String firstSetup;

    private SecuredCluster(OpenSearchNode node, OpenSearchHttp admin) throws Exception {
        this.node = node;
        this.admin = admin;
        this.directory = Files.createDirectories(Path.of("target/plugin-tier"));
        this.caPem = Files.copy(node.caCertificate(), directory.resolve("ca.pem"), StandardCopyOption.REPLACE_EXISTING);
        this.caP12 = keytool(directory.resolve("ca.p12"), "PKCS12");
        this.caJks = keytool(directory.resolve("ca.jks"), "JKS");
        Cli setup = cli(
                List.of("setup", "--role", "--url", node.url(), "--user", "admin", "--ca-file", caPem.toString()),
                List.of("OPENSEARCH_PASSWORD=" + node.adminPassword()));
        assertThat(setup.code()).as(setup.toString()).isZero();
        this.firstSetup = setup.out();
        user(WRITER, WRITER_PASSWORD, null);
        map("calllog_writer", WRITER);
        user("alice", READER_PASSWORD, "acme");
        user("bob", READER_PASSWORD, "globex");
        user("carol", READER_PASSWORD, null);
        map("calllog_tenant_reader", "alice", "bob", "carol");
    }

    /** The cluster of this JVM's plugin-tier node, set up on first use. */
    static synchronized SecuredCluster of(OpenSearchNode node, OpenSearchHttp admin) throws Exception {
        if (instance == null || instance.node != node) {
            instance = new SecuredCluster(node, admin);
        }
        return instance;
    }

    OpenSearchHttp as(String user, String password) {
        return admin.as(user, password);
    }

    private void user(String name, String password, String accountId) {
        String attributes = accountId == null ? "{}" : "{\"account_id\":\"" + accountId + "\"}";
        OpenSearchHttp.Response r = admin.put(
                "/_plugins/_security/api/internalusers/" + name,
                "{\"password\":\"" + password + "\",\"attributes\":" + attributes + "}");
        assertThat(r.ok()).as(r.toString()).isTrue();
    }

    private void map(String role, String... users) {
        OpenSearchHttp.Response r = admin.put(
                "/_plugins/_security/api/rolesmapping/" + role,
                "{\"users\":[\"" + String.join("\",\"", users) + "\"]}");
        assertThat(r.ok()).as(r.toString()).isTrue();
    }

    /** {@code keytool -importcert}, as the README shows it. */
    private Path keytool(Path store, String type) throws Exception {
        Files.deleteIfExists(store);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(
                        keytool.toString(),
                        "-importcert",
                        "-noprompt",
                        "-alias",
                        "opensearch-ca",
                        "-file",
                        caPem.toString(),
                        "-keystore",
                        store.toString(),
                        "-storetype",
                        type,
                        "-storepass",
                        STORE_PASSWORD)
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return store;
    }

    /** What one run of the tool printed, and its exit code. */
    record Cli(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n" + out + err;
        }
    }

    /** Runs the tool in a JVM of its own, with {@code env} (NAME=value) added to the environment. */
    static Cli cli(List<String> args, List<String> env) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CallLogCli.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        for (String e : env) {
            int eq = e.indexOf('=');
            builder.environment().put(e.substring(0, eq), e.substring(eq + 1));
        }
        List.of(
                        "OPENSEARCH_URL",
                        "OPENSEARCH_USERNAME",
                        "OPENSEARCH_PASSWORD",
                        "OPENSEARCH_TRUST_STORE",
                        "OPENSEARCH_TRUST_STORE_PASSWORD",
                        "OPENSEARCH_CA_FILE")
                .stream()
                .filter(name -> env.stream().noneMatch(e -> e.startsWith(name + "=")))
                .forEach(builder.environment()::remove);
        Path err = Files.createTempFile("calllog-cli-", ".err");
        builder.redirectError(err.toFile());
        Process p = builder.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String errText = Files.readString(err);
        Files.delete(err);
        return new Cli(p.exitValue(), out, errText);
    }

    /** Runs the tool in this JVM, for commands that need no environment of their own. */
    static Cli cliHere(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CallLogCli.standard()
                .run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
