package dev.calllog.core.internal.transport;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.config.HeaderSetting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers every request of a connection carries: the credentials ({@code Authorization: Basic}, {@code ApiKey} or
 * {@code Bearer}), the proxy's ({@code Proxy-Authorization}) and the user's own {@code header}s. Secrets given as files
 * ({@code passwordFile}, {@code apiKeyFile}, {@code bearerTokenFile}) are read once, here.
 *
 * <p>Its {@link #toString()} names the headers, never their values.
 */
final class ConnectionHeaders {
    private final Map<String, String> headers;

    private ConnectionHeaders(Map<String, String> headers) {
        this.headers = Map.copyOf(headers);
    }

    /**
     * The headers of {@code config}, which {@link CallLogConfig#validate()} has accepted.
     *
     * @throws IOException when a secret file cannot be read or is empty; the message names the setting and the file
     */
    static ConnectionHeaders from(CallLogConfig config) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (HeaderSetting h : config.headers()) {
            out.put(h.name(), h.value());
        }
        if (config.username() != null) {
            String password = secret("password", config.password(), "passwordFile", config.passwordFile());
            out.put("Authorization", "Basic " + base64(config.username() + ":" + (password == null ? "" : password)));
        }
        String apiKey = secret("apiKey", config.apiKey(), "apiKeyFile", config.apiKeyFile());
        if (apiKey != null) {
            out.put("Authorization", "ApiKey " + apiKeyValue(apiKey));
        }
        String token = secret("bearerToken", config.bearerToken(), "bearerTokenFile", config.bearerTokenFile());
        if (token != null) {
            out.put("Authorization", "Bearer " + token);
        }
        if (config.proxyUsername() != null) {
            String p = config.proxyPassword();
            out.put("Proxy-Authorization", "Basic " + base64(config.proxyUsername() + ":" + (p == null ? "" : p)));
        }
        return new ConnectionHeaders(out);
    }

    /**
     * The value after {@code ApiKey}: OpenSearch-compatible services expect the base64 of {@code id:key}; a key given as
     * {@code id:key} is encoded, one given encoded (as the services hand it out) is sent as it is.
     */
    static String apiKeyValue(String apiKey) {
        return apiKey.indexOf(':') > 0 ? base64(apiKey) : apiKey;
    }

    /** The inline secret, or the content of its file (trailing line breaks and spaces removed), or null. */
    static String secret(String setting, String inline, String fileSetting, String file) throws IOException {
        if (inline != null) {
            return inline;
        }
        if (file == null) {
            return null;
        }
        String content;
        try {
            content = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            throw new IOException("<" + fileSetting + "> '" + file + "' cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (content.isEmpty()) {
            throw new IOException("<" + fileSetting + "> '" + file + "' is empty: it should hold the " + setting);
        }
        return content;
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    Map<String, String> asMap() {
        return headers;
    }

    @Override
    public String toString() {
        return "ConnectionHeaders" + headers.keySet();
    }
}
