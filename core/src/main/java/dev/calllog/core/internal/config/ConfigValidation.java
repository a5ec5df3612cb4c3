package dev.calllog.core.internal.config;

import dev.calllog.core.catalog.EventDefinition;
import dev.calllog.core.internal.redact.DataRedactor;
import dev.calllog.core.internal.redact.Redactor;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The checks behind {@link CallLogConfig#validate()}: each problem is one message that starts with the setting, as an
 * XML element ({@code <bufferBytes>}), and quotes the value, so that the user knows what to fix.
 */
final class ConfigValidation {
    /** Smallest {@code spoolMaxBytes}: room for a few segments. */
    static final long MIN_SPOOL_MAX_BYTES = 1024 * 1024;
    /** Smallest {@code maxDocumentBytes}: a document without data, with a message of a few thousand characters. */
    static final int MIN_MAX_DOCUMENT_BYTES = 16 * 1024;

    private ConfigValidation() {}

    static void check(CallLogConfig c, List<String> problems) {
        connection(c, problems);
        mapping(c, problems);
        shipping(c, problems);
        reliability(c, problems);
    }

    private static void connection(CallLogConfig c, List<String> problems) {
        List<String> urls = c.urls();
        if (urls.isEmpty()) {
            problems.add("<url> is empty: give at least one node URL such as http://localhost:9200");
        }
        for (String u : urls) {
            url(u, problems);
        }
        ConnectionChecks.check(c, problems);
        String dataStream = c.dataStream();
        if (dataStream == null || dataStream.isEmpty()) {
            problems.add("<dataStream> is empty: name the data stream, e.g. " + CallLogConfig.DEFAULT_DATA_STREAM);
        } else if (!dataStream.matches("[a-z0-9][a-z0-9._-]*") || dataStream.length() > 200) {
            problems.add("<dataStream> '" + dataStream
                    + "' is not a valid data stream name: lower-case letters, digits, '-', '_' and '.'"
                    + ", not starting with '-', '_' or '.'");
        }
    }

    private static void url(String u, List<String> problems) {
        // Messages show the URL without its user-info: it may hold a password.
        String shown = ConnectionChecks.withoutUserInfo(u);
        try {
            URI uri = new URI(u);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getRawUserInfo() != null || !shown.equals(u)) {
                problems.add("<url> '" + shown
                        + "' carries credentials: use <username> and <password> (or <passwordFile>) instead");
            } else if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                problems.add("<url> '" + u + "' is not an http:// or https:// URL with a host");
            } else if (uri.getPort() > 65535) {
                problems.add("<url> '" + u + "' has port " + uri.getPort() + ": ports go up to 65535");
            }
        } catch (java.net.URISyntaxException e) {
            // The exception's own message quotes the whole input: only its reason is shown.
            problems.add("<url> '" + shown + "' is not a valid URL: " + e.getReason()
                    + (e.getIndex() >= 0 && shown.equals(u) ? " at index " + e.getIndex() : ""));
        }
    }

    private static void mapping(CallLogConfig c, List<String> problems) {
        if (c.minLevel() == null) {
            problems.add("<minLevel> '" + c.minLevelText() + "' is not a level: use TRACE, DEBUG, INFO, WARNING,"
                    + " ERROR or CRITICAL");
        }
        mdcKey(problems, "callIdKey", c.callIdKey());
        mdcKey(problems, "agentIdKey", c.agentIdKey());
        mdcKey(problems, "accountIdKey", c.accountIdKey());
        mdcKey(problems, "traceIdKey", c.traceIdKey());
        mdcKey(problems, "turnIdKey", c.turnIdKey());
        try {
            for (EventDefinition e : c.catalog().events()) {
                if (e.code().equals("critical")) {
                    problems.add("<event> '" + e.code() + "' is reserved: the marker CRITICAL raises any event to"
                            + " CRITICAL; choose another event code");
                }
            }
        } catch (IllegalArgumentException e) {
            problems.add("<event>: " + e.getMessage());
        }
        for (String p : c.redactPatterns()) {
            try {
                Pattern.compile(p);
            } catch (PatternSyntaxException e) {
                problems.add("<redactPattern> '" + p + "' is not a valid regular expression: " + e.getDescription());
            }
        }
        try {
            c.redactPresets();
        } catch (IllegalArgumentException e) {
            problems.add("<redactPresets> " + e.getMessage());
        }
        try {
            new DataRedactor(Redactor.disabled(), DataRedactor.parseRules(c.redactKeys()), c.redactHashSecret());
        } catch (IllegalArgumentException e) {
            problems.add("<redactKey> " + e.getMessage());
        }
        for (String key : c.measureKeys()) {
            // measures.a.b would be an object where another document may have the number measures.a: a mapping
            // conflict that rejects documents.
            topLevelKey(problems, "measureKeys", key);
        }
        for (String key : c.labelKeys()) {
            // As for measures: labels.a.b would be an object where another document may have the keyword labels.a.
            topLevelKey(problems, "labelKeys", key);
        }
        positive(problems, "maxMessageChars", c.maxMessageChars());
    }

    private static void shipping(CallLogConfig c, List<String> problems) {
        positive(problems, "bufferBytes", c.bufferBytes());
        positive(problems, "batchMaxEvents", c.batchMaxEvents());
        positive(problems, "batchMaxBytes", c.batchMaxBytes());
        notNegative(problems, "lingerMillis", c.lingerMillis());
        positive(problems, "connectTimeoutMillis", c.connectTimeoutMillis());
        positive(problems, "requestTimeoutMillis", c.requestTimeoutMillis());
        notNegative(problems, "maxRetries", c.maxRetries());
        positive(problems, "initialBackoffMillis", c.initialBackoffMillis());
        if (c.maxBackoffMillis() < c.initialBackoffMillis()) {
            problems.add("<maxBackoffMillis> (" + c.maxBackoffMillis() + ") must not be below <initialBackoffMillis> ("
                    + c.initialBackoffMillis() + ")");
        }
        notNegative(problems, "retryTimeoutMillis", c.retryTimeoutMillis());
        notNegative(problems, "shutdownTimeoutMillis", c.shutdownTimeoutMillis());
        notNegative(problems, "deadLetterMaxBytes", c.deadLetterMaxBytes());
    }

    private static void reliability(CallLogConfig c, List<String> problems) {
        if (c.spoolDir() != null) {
            spoolDir(c.spoolDir(), problems);
        }
        if (c.spoolMaxBytes() < MIN_SPOOL_MAX_BYTES) {
            problems.add("<spoolMaxBytes> must be at least " + MIN_SPOOL_MAX_BYTES + ", not " + c.spoolMaxBytes());
        }
        if (c.spoolFsyncMillis() < 0) {
            problems.add("<spoolFsyncMillis> must be 0 (after every batch) or more, not " + c.spoolFsyncMillis());
        }
        if (c.overflowPolicy() == null) {
            problems.add("<overflowPolicy> '" + c.overflowPolicyText() + "' is not a policy: use dropNewest,"
                    + " dropOldest or block");
        }
        notNegative(problems, "blockTimeoutMillis", c.blockTimeoutMillis());
        if (c.maxDocumentBytes() < MIN_MAX_DOCUMENT_BYTES) {
            problems.add(
                    "<maxDocumentBytes> must be at least " + MIN_MAX_DOCUMENT_BYTES + ", not " + c.maxDocumentBytes());
        }
    }

    /**
     * The spool directory must be one this process can write: an existing writable directory, or one that can be
     * created (its nearest existing ancestor is a writable directory). Checked without creating anything.
     */
    private static void spoolDir(String dir, List<String> problems) {
        Path path;
        try {
            path = Path.of(dir).toAbsolutePath();
        } catch (InvalidPathException e) {
            problems.add("<spoolDir> '" + dir + "' is not a valid path: " + e.getMessage());
            return;
        }
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            problems.add("<spoolDir> '" + dir + "' cannot be created: no part of the path exists");
        } else if (!Files.isDirectory(existing)) {
            problems.add("<spoolDir> '" + dir + "' cannot be "
                    + (existing.equals(path)
                            ? "used: it is a file, not a directory"
                            : "created: " + existing + " is a file, not a directory"));
        } else if (!Files.isWritable(existing)) {
            problems.add("<spoolDir> '" + dir + "' cannot be "
                    + (existing.equals(path) ? "written" : "created: " + existing + " is not writable")
                    + " by this process");
        }
    }

    private static void mdcKey(List<String> problems, String setting, String value) {
        if (value == null || value.isBlank()) {
            problems.add("<" + setting + "> is empty: name the MDC key");
        }
    }

    private static void topLevelKey(List<String> problems, String setting, String key) {
        if (key.isEmpty()) {
            problems.add("<" + setting + "> has an empty key name: separate the names with single commas");
        } else if (key.indexOf('.') >= 0) {
            problems.add("<" + setting + "> '" + key + "' contains a dot: name a top-level key of data");
        }
    }

    private static void positive(List<String> problems, String setting, long value) {
        if (value <= 0) {
            problems.add("<" + setting + "> must be greater than 0, not " + value);
        }
    }

    private static void notNegative(List<String> problems, String setting, long value) {
        if (value < 0) {
            problems.add("<" + setting + "> must be 0 or more, not " + value);
        }
    }
}
