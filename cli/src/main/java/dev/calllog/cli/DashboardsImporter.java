package dev.calllog.cli;

import dev.calllog.cli.AssetOutcome.Status;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLContext;

/**
 * Imports saved objects (NDJSON) into OpenSearch Dashboards through its saved-objects API:
 * {@code POST <url>/api/saved_objects/_import?overwrite=true}, the file as the multipart field {@code file}, with the
 * {@code osd-xsrf} header OpenSearch Dashboards requires (and {@code kbn-xsrf}, which Kibana requires). The API answers
 * 200 even when objects fail, so the outcome is read from the answer's {@code success} and {@code errors}.
 */
final class DashboardsImporter {
    private static final int QUOTE_CHARS = 200;

    private final HttpClient client;
    private final String authorization;
    private final Duration timeout;

    /**
     * @param ssl trust for {@code https://} URLs
     * @param username basic-auth user, or null
     * @param password its password, or null
     */
    DashboardsImporter(SSLContext ssl, String username, String password, Duration timeout) {
        this.client = HttpClient.newBuilder()
                .sslContext(ssl)
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.authorization = username == null
                ? null
                : "Basic "
                        + Base64.getEncoder()
                                .encodeToString((username + ":" + (password == null ? "" : password))
                                        .getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
    }

    /** Imports {@code ndjson}, named {@code fileName}, into the Dashboards at {@code baseUrl}. Never throws. */
    AssetOutcome importObjects(String baseUrl, String fileName, byte[] ndjson, boolean dryRun) {
        int objects = countObjects(ndjson);
        if (dryRun) {
            return new AssetOutcome("dashboards", fileName, Status.CREATED, objects + " saved objects");
        }
        String url = baseUrl.replaceAll("/+$", "") + "/api/saved_objects/_import?overwrite=true";
        String boundary = "calllog-" + UUID.randomUUID();
        HttpRequest.Builder request = HttpRequest.newBuilder()
                .uri(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("osd-xsrf", "true")
                .header("kbn-xsrf", "true")
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, fileName, ndjson)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | IllegalArgumentException e) {
            return AssetOutcome.failed(
                    "dashboards", fileName, "OpenSearch Dashboards could not be reached at " + url + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return AssetOutcome.failed("dashboards", fileName, "interrupted");
        }
        String text = new String(response.body(), StandardCharsets.UTF_8);
        if (response.statusCode() != 200) {
            return AssetOutcome.failed(
                    "dashboards", fileName, "POST " + url + " answered " + response.statusCode() + ": " + cut(text));
        }
        JsonObject answer;
        try (JsonReader r = Json.createReader(new ByteArrayInputStream(response.body()))) {
            answer = r.readObject();
        } catch (JsonException e) {
            return AssetOutcome.failed(
                    "dashboards", fileName, "POST " + url + " answered 200 without JSON: " + cut(text));
        }
        int imported = answer.getInt("successCount", 0);
        if (answer.getBoolean("success", false)) {
            return new AssetOutcome(
                    "dashboards", fileName, Status.CREATED, "(" + imported + " saved objects imported)");
        }
        List<String> errors = new ArrayList<>();
        JsonValue list = answer.get("errors");
        if (list != null && list.getValueType() == JsonValue.ValueType.ARRAY) {
            for (JsonValue e : list.asJsonArray()) {
                JsonObject o = e.asJsonObject();
                JsonObject error = o.getJsonObject("error");
                errors.add(o.getString("type", "?") + " " + o.getString("id", "?") + " ("
                        + (error == null ? "?" : error.getString("type", "?")) + ")");
            }
        }
        return AssetOutcome.failed(
                "dashboards",
                fileName,
                imported + " of " + objects + " saved objects imported; " + errors.size() + " failed: "
                        + String.join(", ", errors));
    }

    /** Saved objects in an NDJSON export: its non-blank lines, without the export summary line. */
    static int countObjects(byte[] ndjson) {
        int n = 0;
        for (String line : new String(ndjson, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank() && !line.contains("\"exportedCount\"")) {
                n++;
            }
        }
        return n;
    }

    private static byte[] multipart(String boundary, String fileName, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 256);
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName.replace("\"", "") + "\"\r\n"
                + "Content-Type: application/ndjson\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String cut(String s) {
        String t = s.strip();
        return t.length() <= QUOTE_CHARS ? t : t.substring(0, QUOTE_CHARS) + "...";
    }
}
