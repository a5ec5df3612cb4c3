package dev.calllog.core.internal.redact;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kinds of personal data that users switch on by name ({@code redactPresets}) and that are then replaced in messages,
 * error messages and every string in {@code data}. Each preset finds candidates with a pattern made of repeated
 * character classes only (no repeated groups, so long texts cannot overflow the stack), then validates them in code,
 * so that ids, durations, timestamps and versions are left alone.
 */
public enum PiiPreset {
    /**
     * Phone numbers: international numbers written with a {@code +} and 8 to 15 digits ({@code +1 415 555 0100},
     * {@code +44 20 7946 0958}, {@code +4915123456789}), and national numbers written in three groups separated by a
     * space, dot or dash, or with the area code in parentheses ({@code (415) 555-0100}, {@code 415-555-0100},
     * {@code 020 7946 0958}), 9 to 13 digits. A bare run of digits without {@code +} is not taken for a phone number:
     * it cannot be told from an id.
     */
    PHONE("[phone]") {
        private final Pattern international = Pattern.compile("(?<![\\w+])\\+\\d[\\d ().-]{6,22}\\d(?![\\w])");
        private final Pattern national = Pattern.compile(
                "(?<![\\w.+-]|\\d[ .-])(?:\\(\\d{2,5}\\) ?|\\d{2,5}[ .-])\\d{3,4}[ .-]\\d{3,8}(?![\\w]|[ .-]\\d)");

        @Override
        String apply(String s) {
            String out = replace(s, international, token, candidate -> digits(candidate, 8, 15));
            return replace(out, national, token, candidate -> digits(candidate, 9, 13));
        }

        @Override
        boolean mayMatch(int digits, boolean at, boolean upper) {
            return digits >= 8;
        }
    },

    /** E-mail addresses ({@code name@example.com}), whatever their domain. */
    EMAIL("[email]") {
        private final Pattern email = Pattern.compile(
                "(?<![\\w.%+-])[A-Za-z0-9._%+-]++@[A-Za-z0-9-][A-Za-z0-9.-]*\\.[A-Za-z]{2,24}(?![\\w-])");

        @Override
        String apply(String s) {
            return replace(s, email, token, candidate -> true);
        }

        @Override
        boolean mayMatch(int digits, boolean at, boolean upper) {
            return at;
        }
    },

    /**
     * Payment card numbers of the major networks (Visa, Mastercard, American Express, Discover, Diners, JCB,
     * UnionPay, Maestro), 13 to 19 digits, written together or in groups separated by spaces or dashes, that pass the
     * Luhn check. The issuer prefix is checked too, so a 13-digit epoch-millisecond timestamp is never taken for one.
     */
    CARD("[card]") {
        private final Pattern card = Pattern.compile("(?<![\\w-])\\d[\\d -]{10,36}\\d(?![\\w]|-\\d)");

        @Override
        String apply(String s) {
            // The candidate may hold several numbers in a row: each span between group boundaries is tried.
            return replace(s, card, token, PiiPreset::cardSpan);
        }

        @Override
        boolean mayMatch(int digits, boolean at, boolean upper) {
            return digits >= 12;
        }
    },

    /**
     * International bank account numbers: a country code, two check digits and up to 30 letters or digits, together
     * or in groups of four ({@code DE89 3704 0044 0532 0130 00}), 15 to 34 characters, that pass the ISO 13616
     * mod-97 check.
     */
    IBAN("[iban]") {
        private final Pattern iban = Pattern.compile("(?<![A-Za-z0-9])[A-Z]{2}\\d{2}[A-Z0-9 ]{11,40}");

        @Override
        String apply(String s) {
            return replace(s, iban, token, (text, start, end) -> {
                int e = ibanEnd(text, start, end);
                return e < 0 ? null : new int[] {start, e};
            });
        }

        @Override
        boolean mayMatch(int digits, boolean at, boolean upper) {
            return digits >= 2 && upper;
        }
    };

    final String token;

    PiiPreset(String token) {
        this.token = token;
    }

    /** What replaces each match, e.g. {@code [phone]}. */
    public String token() {
        return token;
    }

    /** The preset's name in the settings, in lower case ({@code phone}, {@code email}, {@code card}, {@code iban}). */
    public String settingName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code s} with every match replaced by {@link #token()}; {@code s} itself when nothing matched. */
    abstract String apply(String s);

    /**
     * Whether the text could hold a match at all, from a single scan: how many ASCII digits it has, whether it has an
     * {@code @}, whether it has an upper-case ASCII letter.
     */
    abstract boolean mayMatch(int digits, boolean at, boolean upper);

    /**
     * The presets named in {@code names}, comma-separated, case-insensitive; blank items are ignored.
     *
     * @throws IllegalArgumentException naming the unknown preset and the known ones
     */
    public static Set<PiiPreset> parse(String names) {
        Set<PiiPreset> out = EnumSet.noneOf(PiiPreset.class);
        if (names == null) {
            return out;
        }
        for (String raw : names.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) {
                continue;
            }
            PiiPreset found = null;
            for (PiiPreset p : values()) {
                if (p.settingName().equalsIgnoreCase(name)) {
                    found = p;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException(
                        "'" + name + "' is not a redaction preset; known: phone, email, card, iban");
            }
            out.add(found);
        }
        return out;
    }

    /** {@code s} with each match that {@code valid} accepts replaced by {@code token}; {@code s} when none. */
    static String replace(String s, Pattern p, String token, Predicate<String> valid) {
        return replace(
                s,
                p,
                token,
                (text, start, end) -> valid.test(text.substring(start, end)) ? new int[] {start, end} : null);
    }

    /** Finds the part of a candidate {@code text[start, end)} to replace. */
    @FunctionalInterface
    interface SpanFinder {
        /** The span to replace, {@code {from, to}}, or null when the candidate holds nothing to replace. */
        int[] find(String text, int start, int end);
    }

    /**
     * {@code s} with the span that {@code finder} picks in each candidate of {@code p} replaced by {@code token};
     * {@code s} itself when none. After a candidate that holds nothing, the search goes on one character further.
     */
    static String replace(String s, Pattern p, String token, SpanFinder finder) {
        Matcher m = p.matcher(s);
        StringBuilder sb = null;
        int last = 0;
        int from = 0;
        while (from < s.length() && m.find(from)) {
            int[] span = finder.find(s, m.start(), m.end());
            if (span == null) {
                from = m.start() + 1;
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(s.length());
            }
            sb.append(s, last, span[0]).append(token);
            last = span[1];
            from = span[1];
        }
        return sb == null ? s : sb.append(s, last, s.length()).toString();
    }

    private static boolean digits(String candidate, int min, int max) {
        int n = 0;
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c >= '0' && c <= '9') {
                n++;
            }
        }
        return n >= min && n <= max;
    }

    /**
     * The first span of {@code s[start, end)} that starts and ends at a group boundary and is a card number, or null.
     */
    static int[] cardSpan(String s, int start, int end) {
        for (int a = start; a < end; a = nextGroup(s, a, end)) {
            for (int b = end; b > a; b = previousGroupEnd(s, a, b)) {
                if (isCard(s.substring(a, b))) {
                    return new int[] {a, b};
                }
            }
        }
        return null;
    }

    private static int nextGroup(String s, int from, int end) {
        int i = from;
        while (i < end && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        while (i < end && (s.charAt(i) < '0' || s.charAt(i) > '9')) {
            i++;
        }
        return i;
    }

    private static int previousGroupEnd(String s, int start, int to) {
        int i = to;
        while (i > start && s.charAt(i - 1) >= '0' && s.charAt(i - 1) <= '9') {
            i--;
        }
        while (i > start && (s.charAt(i - 1) < '0' || s.charAt(i - 1) > '9')) {
            i--;
        }
        return i;
    }

    /** Whether {@code g} is a card number: 13 to 19 digits, single separators, a known issuer prefix, Luhn-valid. */
    static boolean isCard(String g) {
        StringBuilder digits = new StringBuilder(19);
        char prev = 'x';
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (prev < '0' || prev > '9') {
                return false; // two separators in a row
            }
            prev = c;
        }
        int n = digits.length();
        return n >= 13 && n <= 19 && knownIssuer(digits, n) && luhn(digits);
    }

    private static boolean knownIssuer(CharSequence d, int n) {
        int two = (d.charAt(0) - '0') * 10 + (d.charAt(1) - '0');
        int four = two * 100 + (d.charAt(2) - '0') * 10 + (d.charAt(3) - '0');
        return d.charAt(0) == '4' && (n == 13 || n == 16 || n == 19) // Visa
                || two >= 51 && two <= 55 && n == 16 // Mastercard
                || four >= 2221 && four <= 2720 && n == 16 // Mastercard 2-series
                || (two == 34 || two == 37) && n == 15 // American Express
                || (four == 6011 || two == 65 || four / 10 >= 644 && four / 10 <= 649) && n >= 16 // Discover
                || (two == 36 || two == 38 || four / 10 >= 300 && four / 10 <= 305) && n >= 14 // Diners
                || four >= 3528 && four <= 3589 && n >= 16 // JCB
                || two == 62 && n >= 16 // UnionPay
                || (two == 50 || two >= 56 && two <= 69)
                        && n >= 16; // Maestro (its shorter numbers look like other ids)
    }

    static boolean luhn(CharSequence digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /**
     * Where a valid IBAN starting at {@code start} ends, trying the candidate and then shorter ones ending before a
     * space (the pattern may have taken the next upper-case word); -1 when none is valid.
     */
    static int ibanEnd(String s, int start, int end) {
        int e = end;
        while (e > start) {
            while (e > start && s.charAt(e - 1) == ' ') {
                e--;
            }
            boolean wordEnds = e == s.length() || !Character.isLetterOrDigit(s.charAt(e));
            if (wordEnds && isIban(s, start, e)) {
                return e;
            }
            int space = s.lastIndexOf(' ', e - 1);
            if (space <= start) {
                return -1;
            }
            e = space;
        }
        return -1;
    }

    /** ISO 13616: 15 to 34 letters and digits (single spaces between groups allowed), mod 97 equal to 1. */
    static boolean isIban(String s, int start, int end) {
        StringBuilder compact = new StringBuilder(34);
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c != ' ') {
                compact.append(c);
            } else if (s.charAt(i - 1) == ' ') {
                return false;
            }
        }
        int n = compact.length();
        if (n < 15 || n > 34) {
            return false;
        }
        int rem = 0;
        for (int i = 0; i < n; i++) {
            char c = compact.charAt((i + 4) % n);
            int v = c <= '9' ? c - '0' : c - 'A' + 10;
            rem = v >= 10 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
        }
        return rem == 1;
    }
}
