package dev.calllog.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The declaration of the settings ({@link Settings}) against the core's {@link CallLogConfig} and the README's settings
 * table: a setting that exists in one place and not in another, or whose documented default is not the code's, fails
 * here. The adapters' tests check their setters and attributes against the same declaration.
 */
class SettingsTest {

    @Test
    void eachDefaultIsWhatANewConfigurationHolds() {
        CallLogConfig fresh = new CallLogConfig();
        SoftAssertions soft = new SoftAssertions();
        for (Setting s : Settings.ALL) {
            if (s.name().equals("url") && System.getenv("OPENSEARCH_URL") != null) {
                continue; // the environment decides the default URL
            }
            soft.assertThat(s.read(fresh)).as("default of " + s).isEqualTo(s.defaultValue());
        }
        soft.assertAll();
    }

    @Test
    void eachSettingReachesTheConfigurationFromItsText() {
        SoftAssertions soft = new SoftAssertions();
        for (Setting s : Settings.ALL) {
            CallLogConfig c = new CallLogConfig();
            String example = example(s);
            s.apply(c, example);
            soft.assertThat(s.read(c)).as(s + " set to " + example).isEqualTo(example);
        }
        soft.assertAll();
    }

    @Test
    void aValueThatIsNotOfTheSettingsTypeIsReportedNamingTheSettingAndTheValue() {
        SoftAssertions soft = new SoftAssertions();
        for (Setting s : Settings.ALL) {
            if (s.type() != Setting.Type.BOOLEAN && s.type() != Setting.Type.INT && s.type() != Setting.Type.LONG) {
                continue;
            }
            CallLogConfig c = new CallLogConfig();
            s.apply(c, "lots");
            soft.assertThat(c.validate())
                    .as(s.toString())
                    .first()
                    .asString()
                    .startsWith("<" + s.name() + "> 'lots' is not");
            soft.assertThat(s.read(c)).as(s + " keeps its default").isEqualTo(s.defaultValue());
        }
        CallLogConfig c = new CallLogConfig();
        Settings.byName("maxMessageChars").apply(c, "3000000000");
        soft.assertThat(c.validate()).contains("<maxMessageChars> '3000000000' is too large: at most 2147483647");
        soft.assertAll();
    }

    @Test
    void everySetterOfTheConfigurationIsADeclaredSetting() {
        Set<String> declared = new HashSet<>();
        Settings.ALL.forEach(s -> declared.addAll(s.allNames()));
        List<String> undeclared = new ArrayList<>();
        for (Method m : CallLogConfig.class.getDeclaredMethods()) {
            String n = m.getName();
            if (Modifier.isPublic(m.getModifiers())
                    && m.getParameterCount() == 1
                    && (n.startsWith("set") || n.startsWith("add"))) {
                String setting = Character.toLowerCase(n.charAt(3)) + n.substring(4);
                if (!declared.contains(setting)) {
                    undeclared.add(n);
                }
            }
        }
        assertThat(undeclared)
                .as("setters of CallLogConfig without a declaration in Settings")
                .isEmpty();
    }

    @Test
    void namesAreUniqueAndSecretsAreMarked() {
        Set<String> names = new HashSet<>();
        for (Setting s : Settings.ALL) {
            assertThat(names.add(s.name())).as("one declaration of " + s).isTrue();
            if (s.on(Setting.Framework.LOGBACK)) {
                assertThat(s.logbackNames()).as(s.toString()).startsWith(s.name());
            }
            assertThat(s.on(Setting.Framework.LOG4J))
                    .as(s + " is on Log4j")
                    .isEqualTo(!s.log4jNames().isEmpty());
        }
        assertThat(Settings.ALL.stream().filter(Setting::sensitive).map(Setting::name))
                .containsExactlyInAnyOrder(
                        "password",
                        "trustStorePassword",
                        "redactHashSecret",
                        "apiKey",
                        "bearerToken",
                        "header",
                        "clientKeyPassword",
                        "keyStorePassword",
                        "proxyPassword");
    }

    @Test
    void theReadmeTableListsEverySettingWithItsDefault() throws IOException {
        Map<String, ReadmeRow> rows = readmeRows();
        SoftAssertions soft = new SoftAssertions();
        for (Setting s : Settings.ALL) {
            ReadmeRow row = rows.remove(s.name());
            if (row == null) {
                soft.fail("README's settings table has no row for " + s);
                continue;
            }
            soft.assertThat(row.names).as("names of " + s + " in the README").isEqualTo(s.allNames());
            if (s.name().equals("bufferBytes")) {
                // Depends on the heap: the README gives the rule, which must be the code's.
                soft.assertThat(row.defaultCell)
                        .as("README default of " + s)
                        .startsWith("a quarter of the maximum heap")
                        .contains("at least 64 MiB, at most 1 GiB");
                soft.assertThat(s.defaultValue())
                        .isEqualTo(String.valueOf(CallLogConfig.defaultBufferBytes(
                                Runtime.getRuntime().maxMemory())));
                soft.assertThat(CallLogConfig.defaultBufferBytes(8L << 30)).isEqualTo(1L << 30);
                soft.assertThat(CallLogConfig.defaultBufferBytes(128L << 20)).isEqualTo(64L << 20);
                soft.assertThat(CallLogConfig.defaultBufferBytes(1L << 30)).isEqualTo(256L << 20);
            } else if (s.defaultValue() == null) {
                soft.assertThat(row.defaultCell).as("README default of " + s).startsWith("none");
            } else {
                soft.assertThat(row.defaultCell).as("README default of " + s).contains("`" + s.defaultValue() + "`");
            }
            boolean log4jOnly = !s.on(Setting.Framework.LOGBACK);
            soft.assertThat(row.firstCell.contains("(Log4j 2 only)"))
                    .as(s + " marked Log4j 2 only in the README")
                    .isEqualTo(log4jOnly);
        }
        soft.assertThat(rows.keySet())
                .as("README rows without a declared setting")
                .isEmpty();
        soft.assertAll();
    }

    /** A value the setting reads back unchanged, other than its default. */
    static String example(Setting s) {
        return switch (s.type()) {
            case BOOLEAN -> String.valueOf(!Boolean.parseBoolean(s.defaultValue()));
            case INT, LONG -> "4242";
            case LIST -> "alpha,beta";
            case REPEATED -> "sms_sent:messaging";
            case TEXT -> s.name().equals("minLevel") ? "ERROR" : s.name().equals("overflowPolicy") ? "block" : "x-1";
        };
    }

    private record ReadmeRow(String firstCell, Set<String> names, String defaultCell) {}

    private static final Pattern NAME = Pattern.compile("`<?([a-z][A-Za-z0-9]*)>?`");

    /** The rows of the README's settings table, by the first name of each. */
    private static Map<String, ReadmeRow> readmeRows() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("\n## Settings\n");
        assertThat(section).as("the README's Settings section").isPositive();
        int table = readme.indexOf("\n| Setting | Default | Meaning |", section);
        assertThat(table).as("the settings table").isPositive();
        Map<String, ReadmeRow> rows = new LinkedHashMap<>();
        List<String> lines = readme.substring(table + 1).lines().toList();
        for (String line : lines.subList(2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.substring(1, line.length() - 1).split(" \\| ");
            String first = cells[0].trim();
            Set<String> names = new java.util.LinkedHashSet<>();
            Matcher m = NAME.matcher(first);
            while (m.find()) {
                names.add(m.group(1));
            }
            assertThat(names).as("names in " + line).isNotEmpty();
            rows.put(names.iterator().next(), new ReadmeRow(first, names, cells[1].trim()));
        }
        return rows;
    }
}
