package dev.calllog.core.internal.config;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Checks of the connection settings (credentials, TLS, proxy, request signing): each problem one message naming the
 * setting, never a secret's value.
 */
public final class ConnectionChecks {
    private ConnectionChecks() {}

    static void check(CallLogConfig c, List<String> problems) {
        boolean password = c.password() != null || c.passwordFile() != null;
        if (c.password() != null && c.passwordFile() != null) {
            problems.add("<password> and <passwordFile> are both set: give one");
        }
        if (password && c.username() == null) {
            problems.add("<password> is set but <username> is not");
        }
        if (c.apiKey() != null && c.apiKeyFile() != null) {
            problems.add("<apiKey> and <apiKeyFile> are both set: give one");
        }
        if (c.bearerToken() != null && c.bearerTokenFile() != null) {
            problems.add("<bearerToken> and <bearerTokenFile> are both set: give one");
        }
        int ways = (c.username() != null ? 1 : 0)
                + (c.apiKey() != null || c.apiKeyFile() != null ? 1 : 0)
                + (c.bearerToken() != null || c.bearerTokenFile() != null ? 1 : 0)
                + (c.awsRegion() != null ? 1 : 0);
        if (ways > 1) {
            problems.add("more than one of <username>, <apiKey>, <bearerToken> and <awsRegion> is set: each sends its"
                    + " own Authorization header, give one");
        }
        readable(problems, "passwordFile", c.passwordFile());
        readable(problems, "apiKeyFile", c.apiKeyFile());
        readable(problems, "bearerTokenFile", c.bearerTokenFile());
        for (String spec : c.headerSpecs()) {
            try {
                HeaderSetting h = HeaderSetting.parse(spec);
                if (h.name().equalsIgnoreCase("Authorization") && ways > 0) {
                    problems.add("<header> 'Authorization' is set, and so are credentials that send their own");
                }
            } catch (IllegalArgumentException e) {
                problems.add("<header> " + e.getMessage());
            }
        }

        if (c.caFile() != null && c.trustStore() != null) {
            problems.add("<caFile> and <trustStore> are both set: give one");
        }
        readable(problems, "caFile", c.caFile());
        readable(problems, "trustStore", c.trustStore());
        checkStoreType(problems, "trustStoreType", c.trustStoreType());
        checkStoreType(problems, "keyStoreType", c.keyStoreType());
        if (c.keyStore() != null && (c.clientCertFile() != null || c.clientKeyFile() != null)) {
            problems.add("<keyStore> and <clientCertFile>/<clientKeyFile> are both set: give one");
        }
        if (c.clientCertFile() != null && c.clientKeyFile() == null) {
            problems.add("<clientCertFile> is set but <clientKeyFile> is not: give the certificate's private key");
        }
        if (c.clientKeyFile() != null && c.clientCertFile() == null) {
            problems.add("<clientKeyFile> is set but <clientCertFile> is not: give the client certificate");
        }
        readable(problems, "keyStore", c.keyStore());
        readable(problems, "clientCertFile", c.clientCertFile());
        readable(problems, "clientKeyFile", c.clientKeyFile());

        if (c.proxy() != null && !c.proxy().equalsIgnoreCase("direct")) {
            String shown = withoutUserInfo(c.proxy());
            try {
                URI uri = new URI(c.proxy());
                if (uri.getRawUserInfo() != null || !shown.equals(c.proxy())) {
                    problems.add("<proxy> '" + shown
                            + "' carries credentials: use <proxyUsername> and <proxyPassword> instead");
                } else if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                    problems.add("<proxy> '" + shown + "' is not an http://host:port URL (or 'direct')");
                }
            } catch (URISyntaxException e) {
                problems.add("<proxy> '" + shown + "' is not a valid URL: " + e.getReason());
            }
        }
        if (c.proxyPassword() != null && c.proxyUsername() == null) {
            problems.add("<proxyPassword> is set but <proxyUsername> is not");
        }
        String tunnel = proxyTunnelProblem(c, tunnelDisabledSchemes());
        if (tunnel != null) {
            problems.add(tunnel);
        }

        if (c.awsServiceSet() && c.awsRegion() == null) {
            problems.add("<awsService> is set but <awsRegion> is not: give the region of the domain or collection");
        }
        if (c.awsRegion() != null && !c.awsRegion().matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
            problems.add("<awsRegion> '" + c.awsRegion() + "' is not an AWS region such as eu-west-1");
        }
        String service = c.awsService().toLowerCase(Locale.ROOT);
        if (!service.equals("es") && !service.equals("aoss")) {
            problems.add("<awsService> '" + c.awsService() + "' is not 'es' (OpenSearch Service) or 'aoss'"
                    + " (OpenSearch Serverless)");
        }
    }

    /** The system property and {@code net.properties} entry of the JDK's HTTP client that {@link #proxyTunnelProblem} reads. */
    public static final String TUNNEL_DISABLED_SCHEMES = "jdk.http.auth.tunneling.disabledSchemes";

    /**
     * The problem of proxy credentials that cannot reach the proxy, or null. For an {@code https://} node the JDK's HTTP
     * client asks the proxy for a tunnel ({@code CONNECT}), and it leaves out of that request any
     * {@code Proxy-Authorization} of a scheme listed in {@code jdk.http.auth.tunneling.disabledSchemes}: {@code Basic}
     * by default. The proxy would then refuse every tunnel (407) while the settings say credentials are given; this
     * says so at start instead, naming the JVM option that allows them.
     *
     * @param disabledSchemes the schemes the JVM disables on tunnels, comma-separated (see {@link
     *     #tunnelDisabledSchemes()})
     */
    public static String proxyTunnelProblem(CallLogConfig c, String disabledSchemes) {
        if (c.proxyUsername() == null || "direct".equalsIgnoreCase(c.proxy()) || !basicListed(disabledSchemes)) {
            return null;
        }
        for (String url : c.urls()) {
            if (url.regionMatches(true, 0, "https://", 0, 8)) {
                return "<proxyUsername> is set, but this JVM sends no Basic proxy credentials on the tunnel to an"
                        + " https:// <url> (" + TUNNEL_DISABLED_SCHEMES + "=" + disabledSchemes.trim() + "): start it"
                        + " with -D" + TUNNEL_DISABLED_SCHEMES + "= to allow them, or use a proxy that asks none for"
                        + " the tunnel";
            }
        }
        return null;
    }

    /**
     * The authentication schemes the JDK's HTTP client leaves out of proxy tunnels, as it reads them: the system
     * property, else the JDK's {@code conf/net.properties} (whose entry is {@code Basic}), else none.
     */
    static String tunnelDisabledSchemes() {
        String set = System.getProperty(TUNNEL_DISABLED_SCHEMES);
        if (set != null) {
            return set;
        }
        Properties net = new Properties();
        try (Reader in = Files.newBufferedReader(
                Path.of(System.getProperty("java.home"), "conf", "net.properties"), StandardCharsets.ISO_8859_1)) {
            net.load(in);
        } catch (IOException | RuntimeException e) {
            return "";
        }
        return net.getProperty(TUNNEL_DISABLED_SCHEMES, "");
    }

    private static boolean basicListed(String schemes) {
        for (String s : schemes.split(",")) {
            if (s.trim().equalsIgnoreCase("Basic")) {
                return true;
            }
        }
        return false;
    }

    private static void checkStoreType(List<String> problems, String setting, String type) {
        if (type != null && !type.equalsIgnoreCase("PKCS12") && !type.equalsIgnoreCase("JKS")) {
            problems.add("<" + setting + "> '" + type + "' is not PKCS12 or JKS");
        }
    }

    private static void readable(List<String> problems, String setting, String file) {
        if (file == null) {
            return;
        }
        File f = new File(file);
        if (!f.isFile() || !f.canRead()) {
            problems.add("<" + setting + "> '" + file + "' cannot be read");
        }
    }

    /**
     * {@code url} with any user-info ({@code user:password@}) cut out, for messages: also when it is not a valid URL.
     */
    public static String withoutUserInfo(String url) {
        int scheme = url.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int end = url.length();
        for (int i = start; i < url.length(); i++) {
            char ch = url.charAt(i);
            if (ch == '/' || ch == '?' || ch == '#') {
                end = i;
                break;
            }
        }
        int at = url.lastIndexOf('@', end - 1);
        if (at < start) {
            return url;
        }
        return url.substring(0, start) + url.substring(at + 1);
    }
}
