package dev.calllog.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The JDK's {@code keytool}, run as a user runs it, to make certificates and stores for tests. */
final class Keytool {
    private Keytool() {}

    /** Runs keytool with {@code args}; fails the test when it does not succeed. */
    static void run(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as("keytool " + String.join(" ", args) + ": " + out)
                .isZero();
    }

    /**
     * A PKCS12 store holding a new self-signed EC key and certificate for {@code host} (alias {@code alias}), and the
     * certificate as a PEM file beside it ({@code <store>.pem}).
     */
    static void selfSigned(Path store, String password, String alias, String host) throws Exception {
        run(
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + host,
                "-ext",
                "SAN=dns:" + host,
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                password);
        run(
                "-exportcert",
                "-rfc",
                "-alias",
                alias,
                "-keystore",
                store.toString(),
                "-storepass",
                password,
                "-file",
                pem(store).toString());
    }

    /** The PEM file of the certificate {@link #selfSigned} made for {@code store}. */
    static Path pem(Path store) {
        return store.resolveSibling(store.getFileName() + ".pem");
    }
}
