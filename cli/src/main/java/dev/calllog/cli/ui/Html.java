package dev.calllog.cli.ui;

import dev.calllog.core.catalog.Level;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What every page of the web view is built from: escaping, links and the common frame. Every piece of logged or typed
 * text reaches a page through {@link #text}, so it is always shown as text, never read as markup.
 */
final class Html {
    private Html() {}

    /**
     * The text escaped for an HTML text node or a double-quoted attribute value; control characters other than line
     * breaks and tabs are shown as {@code \\uXXXX}, as in the terminal view.
     */
    static String text(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if ((c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c < 0xa0)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** A query parameter value, encoded for a URL. */
    static String param(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The link to one call's timeline. */
    static String callHref(String callId) {
        return "/call?id=" + param(callId);
    }

    /** The CSS class of a level: {@code level-ERROR}, or {@code level-other} for text that is not a level. */
    static String levelClass(String level) {
        Level parsed = Level.parse(level);
        return "level-" + (parsed == null ? "other" : parsed.name());
    }

    /** A level as a badge. */
    static String levelBadge(String level) {
        return "<span class=\"level " + levelClass(level) + "\">" + text(level) + "</span>";
    }

    /** A duration for people: {@code 640 ms}, {@code 12.3 s}, {@code 6 min 42 s}, {@code 1 h 02 min}. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format("%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + String.format("%02d", (s % 3600) / 60) + " min";
    }

    /** A whole page: the common head and header, then {@code main}. */
    static String page(String title, String dataStream, String main) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + text(title) + " · Call log</title>\n"
                + "<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n<body>\n"
                + "<header><a class=\"home\" href=\"/\">Call log</a><span class=\"source\">"
                + text(dataStream) + "</span></header>\n<main>\n" + main + "</main>\n</body>\n</html>\n";
    }
}
