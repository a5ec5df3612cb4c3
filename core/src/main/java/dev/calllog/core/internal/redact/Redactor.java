package dev.calllog.core.internal.redact;

import dev.calllog.core.internal.config.CallLogConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes what should not leave the service from free text (event messages and error messages). Thread-safe; patterns
 * are compiled once.
 *
 * <p>The rules, applied in this order:
 *
 * <ol>
 *   <li><b>URLs</b> ({@code scheme://...}, up to a space, a quote or {@code <>}; trailing {@code .,;:!?} are not part
 *       of it) are taken apart: user info becomes {@code [credentials]} ({@code https://[credentials]@host/}); a host
 *       that is an IP address becomes {@code [ip]}, an internal host {@code [host]}, any other host is kept, as are the
 *       port and the path (a URL path is not a file path); everything from {@code ?} on (query and fragment) becomes
 *       {@code ?[redacted]} (even after a {@code #}, where single-page applications keep their parameters). A fragment
 *       without a {@code ?} is kept.
 *   <li>Outside URLs, <b>file-system paths</b> become {@code [path]}: absolute Unix paths with at least two segments
 *       ({@code /var/lib/x.json}, {@code /tmp/}), home paths ({@code ~/x}, {@code ~bob/x}), Windows drive paths
 *       ({@code C:\Users\x}, {@code C:/x}) and UNC paths ({@code \\server\share}). A path starts a word: {@code 1/2},
 *       {@code and/or} and relative paths ({@code conf/app.xml}, {@code ../x}) are kept. A path ends at a space or a
 *       quote, so a path with spaces is only redacted up to the first space.
 *   <li><b>IPv6</b> addresses (validated, any notation, with an optional {@code %zone}; at least one hex digit, so a
 *       bare {@code ::} is kept) and <b>IPv4</b> addresses (four dot-separated numbers 0 to 255, not part of a longer
 *       dotted sequence) become {@code [ip]}. Times ({@code 12:30}, {@code 12:30:45}) are not IPv6 addresses and
 *       three-part versions ({@code 2.19.4}) are not IPv4 addresses; a four-part version ({@code 1.2.3.4}) cannot be
 *       told from an address and is redacted.
 *   <li><b>Internal host names</b> matching {@code internalHostPatterns} become {@code [host]}. A pattern is a host
 *       name, case-insensitive, in which a {@code *} label matches one or more labels: {@code *.internal} matches
 *       {@code db.internal} and {@code a.b.internal} but not {@code internal} or {@code db.internal.example.com}. A
 *       pattern made only of {@code *} labels would match every word and is ignored. E-mail addresses are kept unless
 *       their domain is internal ({@code ops@[host]}).
 *   <li>Finally the user's regular expressions ({@code redactPatterns}), over the whole text; each non-empty match
 *       becomes {@code [redacted]}.
 * </ol>
 *
 * <p>A cheap scan of the text decides which rules can apply at all, so text with nothing to redact costs one pass.
 * The built-in rules take time linear in the text and cannot overflow the stack on long texts.
 * {@link #redact(String)} returns its argument itself when nothing was replaced.
 */
public final class Redactor {
    /** Replaces an IP address. */
    public static final String IP = "[ip]";
    /** Replaces an internal host name. */
    public static final String HOST = "[host]";
    /** Replaces the user info of a URL. */
    public static final String CREDENTIALS = "[credentials]";
    /** Replaces a file-system path. */
    public static final String PATH = "[path]";
    /** Replaces a URL query string and each match of a user pattern. */
    public static final String REDACTED = "[redacted]";
    /** Replaces a whole text that could not be redacted. */
    public static final String FAILED = "[redaction failed]";

    private static final Pattern URL = Pattern.compile("(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*+://[^\\s\"'<>`]+");

    // Only character classes are repeated, never groups: java.util.regex recurses once per repetition of a group, so a
    // long input would overflow the stack.
    private static final String PATH_CHARS = "\\w.@%+=~$-"; // '-' last: it is not a range
    private static final Pattern FILE_PATH = Pattern.compile("(?<![\\w./\\\\-])(?:"
            + "/[" + PATH_CHARS + "]+/[/" + PATH_CHARS + "]*" // /var/lib/x.json, /tmp/
            + "|~[\\w.-]*/[/" + PATH_CHARS + "]*" // ~/x, ~bob/x
            + "|[A-Za-z]:\\\\[^\\s\"'<>|*?]*" // C:\Users\x
            + "|[A-Za-z]:/[/" + PATH_CHARS + "]+" // C:/Users/x
            + "|\\\\\\\\[\\w.$-]+\\\\[^\\s\"'<>|*?]*" // \\server\share
            + ")(?<![.,;:!?)])"); // a sentence's punctuation is not part of the path

    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 =
            Pattern.compile("(?<![\\w.])" + OCTET + "(?:\\." + OCTET + "){3}(?!\\w|\\.\\d)");

    // A run of hex digits, colons and dots with at least two colons; validated in code.
    private static final Pattern IPV6_CANDIDATE = Pattern.compile(
            "(?<![\\w:.%])(?=[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:)[0-9A-Fa-f:.]++(?:%[0-9A-Za-z_.~-]+)?(?!\\w)");

    // The order presets run in: a card number or an IBAN written in groups would otherwise look like a phone number.
    private static final PiiPreset[] PRESET_ORDER = {PiiPreset.EMAIL, PiiPreset.CARD, PiiPreset.IBAN, PiiPreset.PHONE};
    private static final Redactor DISABLED = new Redactor(false, "", List.of());

    private final boolean enabled;
    private final String[][] hostPatterns; // lower-case labels; "*" stands for one or more labels
    // Lower-case text one of which any internal host name contains: a cheap test before the pattern runs.
    private final String[] hostAnchors;
    private final boolean[] anchorStart = new boolean[128]; // the first characters of the anchors, both cases
    private final Pattern[] userPatterns;
    private final PiiPreset[] presets;
    private final LongAdder failures = new LongAdder();

    /**
     * @param enabled when false, {@link #redact(String)} returns its argument
     * @param internalHostPatterns comma-separated host patterns (see the class description); may be empty
     * @param userPatterns regular expressions whose matches become {@code [redacted]}
     * @throws java.util.regex.PatternSyntaxException when a user pattern is not a valid regular expression
     */
    public Redactor(boolean enabled, String internalHostPatterns, List<String> userPatterns) {
        this(enabled, internalHostPatterns, userPatterns, Set.of());
    }

    /**
     * @param enabled when false, {@link #redact(String)} returns its argument
     * @param internalHostPatterns comma-separated host patterns (see the class description); may be empty
     * @param userPatterns regular expressions whose matches become {@code [redacted]}
     * @param presets the kinds of personal data replaced too (after the built-in rules, before the user's patterns)
     * @throws java.util.regex.PatternSyntaxException when a user pattern is not a valid regular expression
     */
    public Redactor(boolean enabled, String internalHostPatterns, List<String> userPatterns, Set<PiiPreset> presets) {
        this.enabled = enabled;
        this.presets = Arrays.stream(PRESET_ORDER).filter(presets::contains).toArray(PiiPreset[]::new);
        List<String[]> patterns = new ArrayList<>();
        List<String> anchors = new ArrayList<>();
        if (internalHostPatterns != null) {
            for (String raw : internalHostPatterns.split(",")) {
                String[] labels = raw.trim().toLowerCase(Locale.ROOT).split("\\.", -1);
                String anchor = null;
                boolean valid = true;
                for (int i = 0; i < labels.length; i++) {
                    valid &= !labels[i].isEmpty();
                    if (!labels[i].equals("*")) {
                        // The last literal label, with its dot: ".internal" is rare in text, "internal" is not.
                        anchor = i > 0 ? "." + labels[i] : labels[i];
                    }
                }
                if (valid && anchor != null) {
                    patterns.add(labels);
                    if (!anchors.contains(anchor)) {
                        anchors.add(anchor);
                    }
                }
            }
        }
        this.hostPatterns = patterns.toArray(new String[0][]);
        this.hostAnchors = anchors.toArray(new String[0]);
        for (String a : hostAnchors) {
            char c = a.charAt(0);
            if (c < 128) {
                anchorStart[c] = true;
                anchorStart[Character.toUpperCase(c)] = true;
            } else {
                Arrays.fill(anchorStart, true); // rare: a non-ASCII pattern; always look
            }
        }
        this.userPatterns = userPatterns.stream().map(Pattern::compile).toArray(Pattern[]::new);
    }

    /** The redactor the settings describe: {@code redact}, {@code internalHostPatterns}, {@code redactPatterns}. */
    public static Redactor from(CallLogConfig config) {
        return new Redactor(
                config.redact(), config.internalHostPatterns(), config.redactPatterns(), config.redactPresets());
    }

    /** A redactor that changes nothing. */
    public static Redactor disabled() {
        return DISABLED;
    }

    /** Whether this redactor changes anything at all. */
    public boolean enabled() {
        return enabled;
    }

    /**
     * {@code text} with the rules applied; {@code text} itself when nothing matched or when disabled. When a rule
     * fails (a user pattern that overflows the stack on a long text), the whole text is replaced by
     * {@value #FAILED}: text that could not be redacted is never shipped.
     */
    public String redact(String text) {
        if (!enabled || text == null || text.isEmpty()) {
            return text;
        }
        try {
            String out = builtIn(text);
            if (presets.length > 0) {
                out = presets(out);
            }
            for (Pattern p : userPatterns) {
                out = replace(out, p, REDACTED);
            }
            return out;
        } catch (RuntimeException | StackOverflowError e) {
            failures.increment();
            return FAILED;
        }
    }

    /** How many texts could not be redacted and were replaced by {@value #FAILED}. */
    public long failures() {
        return failures.sum();
    }

    private String presets(String s) {
        int digits = 0;
        boolean at = false;
        boolean upper = false;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '@') {
                at = true;
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
            }
        }
        String out = s;
        for (PiiPreset p : presets) {
            if (p.mayMatch(digits, at, upper)) {
                out = p.apply(out);
            }
        }
        return out;
    }

    private String builtIn(String s) {
        int colons = 0;
        boolean slashes = false;
        boolean digitDot = false;
        boolean url = false;
        boolean hosts = false;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case ':' -> {
                    colons++;
                    url |= i + 2 < n && s.charAt(i + 1) == '/' && s.charAt(i + 2) == '/';
                }
                case '/', '\\', '~' -> slashes = true;
                case '.' -> digitDot |= i > 0 && isDigit(s.charAt(i - 1));
                default -> {}
            }
            if (!hosts && c < 128 && anchorStart[c]) {
                hosts = anchorAt(s, i);
            }
        }
        boolean ipv6 = colons >= 2;
        if (!url && !slashes && !digitDot && !ipv6 && !hosts) {
            return s;
        }
        if (!url) {
            return plain(s, slashes, ipv6, digitDot, hosts);
        }
        Matcher m = URL.matcher(s);
        StringBuilder sb = null;
        int last = 0;
        while (m.find()) {
            int end = urlEnd(s, m.start(), m.end());
            if (sb == null) {
                sb = new StringBuilder(n + 16);
            }
            sb.append(plain(s.substring(last, m.start()), slashes, ipv6, digitDot, hosts));
            appendUrl(sb, s, m.start(), end);
            last = end; // what was cut off the end is punctuation, which cannot start a URL
        }
        if (sb == null) {
            return plain(s, slashes, ipv6, digitDot, hosts);
        }
        sb.append(plain(s.substring(last), slashes, ipv6, digitDot, hosts));
        String out = sb.toString();
        return out.equals(s) ? s : out;
    }

    private String plain(String s, boolean slashes, boolean ipv6, boolean digitDot, boolean hosts) {
        String out = s;
        if (slashes) {
            out = replace(out, FILE_PATH, PATH);
        }
        if (ipv6) {
            out = replaceIpv6(out);
        }
        if (digitDot) {
            out = replace(out, IPV4, IP);
        }
        if (hosts) {
            out = replaceHosts(out);
        }
        return out;
    }

    /** Where a URL found by the pattern really ends: without trailing punctuation or an unbalanced bracket. */
    private static int urlEnd(String s, int start, int end) {
        int e = end;
        while (e > start) {
            char c = s.charAt(e - 1);
            if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?') {
                e--;
            } else if (c == ')' && count(s, start, e, '(') < count(s, start, e, ')')
                    || c == ']' && count(s, start, e, '[') < count(s, start, e, ']')
                    || c == '}' && count(s, start, e, '{') < count(s, start, e, '}')) {
                e--;
            } else {
                break;
            }
        }
        return e;
    }

    private static int count(String s, int from, int to, char c) {
        int k = 0;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                k++;
            }
        }
        return k;
    }

    private void appendUrl(StringBuilder sb, String s, int start, int end) {
        int authStart = s.indexOf("://", start) + 3;
        int authEnd = authStart;
        while (authEnd < end && "/?#".indexOf(s.charAt(authEnd)) < 0) {
            authEnd++;
        }
        sb.append(s, start, authStart);
        int at = s.lastIndexOf('@', authEnd - 1);
        int hostStart = authStart;
        if (at >= authStart) {
            sb.append(CREDENTIALS).append('@');
            hostStart = at + 1;
        }
        int hostEnd;
        if (hostStart < authEnd && s.charAt(hostStart) == '[') {
            int close = s.indexOf(']', hostStart);
            hostEnd = close < 0 || close >= authEnd ? authEnd : close + 1;
        } else {
            int colon = s.indexOf(':', hostStart);
            hostEnd = colon < 0 || colon >= authEnd ? authEnd : colon;
        }
        String host = s.substring(hostStart, hostEnd);
        if (isIpLiteral(host)) {
            sb.append(IP);
        } else if (isInternalHost(host, 0, host.length())) {
            sb.append(HOST);
        } else {
            sb.append(host);
        }
        sb.append(s, hostEnd, authEnd); // port
        int query = s.indexOf('?', authEnd);
        if (query >= 0 && query < end) {
            sb.append(s, authEnd, query).append('?').append(REDACTED);
        } else {
            sb.append(s, authEnd, end);
        }
    }

    private static boolean isIpLiteral(String host) {
        if (host.length() > 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']') {
            String inner = host.substring(1, host.length() - 1);
            int zone = inner.indexOf('%');
            return isIpv6(zone < 0 ? inner : inner.substring(0, zone));
        }
        return isIpv4(host, 0, host.length());
    }

    private static String replaceIpv6(String s) {
        Matcher m = IPV6_CANDIDATE.matcher(s);
        StringBuilder sb = null;
        int last = 0;
        while (m.find()) {
            int end = m.end();
            int zone = s.lastIndexOf('%', end - 1);
            int addrEnd = zone >= m.start() ? zone : end;
            if (zone < m.start()) {
                // "at ::1." or "fe80::1: refused": the sentence's dot or colon is not part of the address.
                while (addrEnd > m.start() && s.charAt(addrEnd - 1) == '.') {
                    addrEnd--;
                }
                if (addrEnd - m.start() > 1 && s.charAt(addrEnd - 1) == ':' && s.charAt(addrEnd - 2) != ':') {
                    addrEnd--;
                }
                end = addrEnd;
            }
            String candidate = s.substring(m.start(), addrEnd);
            if (!hasHexDigit(candidate) || !isIpv6(candidate)) {
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(s.length());
            }
            sb.append(s, last, m.start()).append(IP);
            last = end;
        }
        if (sb == null) {
            return s;
        }
        return sb.append(s, last, s.length()).toString();
    }

    private static boolean hasHexDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code s} is an IPv6 address in any of the RFC 4291 text forms (without zone). */
    static boolean isIpv6(String s) {
        int gap = s.indexOf("::");
        if (gap < 0) {
            return groups(s, 0, s.length(), true) == 8;
        }
        if (s.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        int before = gap == 0 ? 0 : groups(s, 0, gap, false);
        int after = gap + 2 == s.length() ? 0 : groups(s, gap + 2, s.length(), true);
        return before >= 0 && after >= 0 && before + after <= 7;
    }

    /**
     * Counts the colon-separated groups of 1 to 4 hex digits in {@code [from, to)}; a last group that is a dotted IPv4
     * address counts as two. Returns -1 when the range is not such a sequence.
     */
    private static int groups(String s, int from, int to, boolean ipv4Tail) {
        int count = 0;
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i < to && s.charAt(i) != ':') {
                continue;
            }
            int len = i - start;
            if (len == 0) {
                return -1;
            }
            if (i == to && ipv4Tail && s.indexOf('.', start) >= 0 && s.indexOf('.', start) < to) {
                if (!isIpv4(s, start, to)) {
                    return -1;
                }
                count += 2;
            } else {
                if (len > 4) {
                    return -1;
                }
                for (int k = start; k < i; k++) {
                    if (Character.digit(s.charAt(k), 16) < 0) {
                        return -1;
                    }
                }
                count++;
            }
            start = i + 1;
        }
        return count;
    }

    private static boolean isIpv4(String s, int from, int to) {
        int parts = 0;
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i < to && s.charAt(i) != '.') {
                continue;
            }
            int len = i - start;
            if (len < 1 || len > 3 || (len > 1 && s.charAt(start) == '0')) {
                return false;
            }
            int v = 0;
            for (int k = start; k < i; k++) {
                char c = s.charAt(k);
                if (!isDigit(c)) {
                    return false;
                }
                v = v * 10 + (c - '0');
            }
            if (v > 255) {
                return false;
            }
            parts++;
            start = i + 1;
        }
        return parts == 4;
    }

    /** Replaces each internal host name: a maximal run of letters, digits, '_', '.' and '-', without end dots. */
    private String replaceHosts(String s) {
        StringBuilder sb = null;
        int last = 0;
        int n = s.length();
        int i = 0;
        while (i < n) {
            if (!isHostChar(s.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && isHostChar(s.charAt(i))) {
                i++;
            }
            int end = i;
            while (start < end && !Character.isLetterOrDigit(s.charAt(start))) {
                start++;
            }
            while (end > start && !Character.isLetterOrDigit(s.charAt(end - 1))) {
                end--;
            }
            if (start < end && isInternalHost(s, start, end)) {
                if (sb == null) {
                    sb = new StringBuilder(n);
                }
                sb.append(s, last, start).append(HOST);
                last = end;
            }
        }
        if (sb == null) {
            return s;
        }
        return sb.append(s, last, n).toString();
    }

    private static boolean isHostChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '.' || c == '-' || c == '_';
    }

    private boolean isInternalHost(String s, int from, int to) {
        String[] labels = s.substring(from, to).split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty()) {
                return false;
            }
        }
        for (String[] pattern : hostPatterns) {
            if (matches(pattern, 0, labels, 0)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code labels[li..]} match {@code pattern[pi..]}; recursion is as deep as the pattern is long. */
    private static boolean matches(String[] pattern, int pi, String[] labels, int li) {
        if (pi == pattern.length) {
            return li == labels.length;
        }
        if (pattern[pi].equals("*")) {
            for (int next = li + 1; next <= labels.length; next++) {
                if (matches(pattern, pi + 1, labels, next)) {
                    return true;
                }
            }
            return false;
        }
        return li < labels.length
                && pattern[pi].equalsIgnoreCase(labels[li])
                && matches(pattern, pi + 1, labels, li + 1);
    }

    private boolean anchorAt(String s, int i) {
        for (String a : hostAnchors) {
            if (s.regionMatches(true, i, a, 0, a.length())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** {@code s} with every non-empty match of {@code p} replaced; {@code s} itself when there is none. */
    private static String replace(String s, Pattern p, String with) {
        Matcher m = p.matcher(s);
        StringBuilder sb = null;
        int last = 0;
        while (m.find()) {
            if (m.end() == m.start()) {
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(s.length());
            }
            sb.append(s, last, m.start()).append(with);
            last = m.end();
        }
        if (sb == null) {
            return s;
        }
        return sb.append(s, last, s.length()).toString();
    }
}
