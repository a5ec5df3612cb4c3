package dev.calllog.core.internal.transport;

import dev.calllog.core.internal.config.CallLogConfig;
import java.util.List;

/**
 * Sends one request to a node through a proxy with credentials, in a JVM of its own (see {@link ProxyTunnelTest}), and
 * prints the answer: {@code answered 200}, or the settings' problems or the failure. Exits 0 only on an answer.
 *
 * <p>Arguments: node URL, CA file, proxy URL, proxy user, proxy password.
 */
public final class ProxyTunnelProgram {
    private ProxyTunnelProgram() {}

    public static void main(String[] args) throws Exception {
        CallLogConfig c = new CallLogConfig();
        c.addUrl(args[0]);
        c.setCaFile(args[1]);
        c.setProxy(args[2]);
        c.setProxyUsername(args[3]);
        c.setProxyPassword(args[4]);
        c.setConnectTimeoutMillis(5_000);
        c.setRequestTimeoutMillis(10_000);
        List<String> problems = c.validate();
        if (!problems.isEmpty()) {
            System.out.println("settings refused: " + problems);
            System.exit(2);
        }
        try (OpenSearchHttpTransport t = OpenSearchHttpTransport.create(c)) {
            System.out.println("answered " + t.send("GET", "/").status());
        } catch (Exception e) {
            System.out.println("failed: " + e);
            System.exit(1);
        }
        System.exit(0);
    }
}
