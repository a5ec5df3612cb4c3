package dev.calllog.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the asset manifest of the templates module and puts its assets into a node, as the installer will. */
final class CallLogAssets {
    private static final String BASE = "/dev/calllog/templates/";

    private CallLogAssets() {}

    record Asset(String kind, String name, String path) {
        String endpoint() {
            return switch (kind) {
                case "component_template" -> "/_component_template/" + name;
                case "index_template" -> "/_index_template/" + name;
                default -> throw new IllegalArgumentException("Unknown asset kind " + kind);
            };
        }

        String body() {
            return read(BASE + path);
        }
    }

    static List<Asset> manifest() {
        List<Asset> assets = new ArrayList<>();
        for (String line : read(BASE + "manifest.txt").split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] parts = trimmed.split("\\s+");
            assets.add(new Asset(parts[0], parts[1], parts[2]));
        }
        return assets;
    }

    /** PUTs every asset in manifest order and returns each answer, as {@code <endpoint> <status> <body>}. */
    static List<String> install(OpenSearchHttp http) {
        List<String> answers = new ArrayList<>();
        for (Asset asset : manifest()) {
            answers.add(asset.endpoint() + " " + http.put(asset.endpoint(), asset.body()));
        }
        return answers;
    }

    private static String read(String resource) {
        try (InputStream in = CallLogAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
