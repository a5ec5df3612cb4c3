package dev.calllog.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.config.Setting;
import dev.calllog.core.internal.config.Settings;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The plugin's attributes against the declaration of the settings ({@link Settings}): the builder has exactly the
 * declared attributes, each with its setter and its secrecy; each attribute of a {@code log4j2.xml} reaches its setting;
 * and any changed setting makes another manager, so that a reload never keeps an engine with old settings.
 */
class Log4jSettingsTest {

    @Test
    void theBuilderHasExactlyTheDeclaredAttributes() throws Exception {
        Map<String, Field> fields = new LinkedHashMap<>();
        for (Field f : CallLogAppenderBuilder.attributeFields()) {
            fields.put(f.getName(), f);
        }
        TreeSet<String> declared = new TreeSet<>();
        Settings.ALL.forEach(s -> declared.addAll(s.log4jNames()));
        assertThat(new TreeSet<>(fields.keySet())).isEqualTo(declared);

        List<String> problems = new ArrayList<>();
        for (Field f : fields.values()) {
            Setting s = Settings.byLog4jName(f.getName());
            if (f.getType() != String.class) {
                problems.add(f.getName() + " is " + f.getType() + ": attributes are kept as written");
            }
            if (f.getAnnotation(PluginBuilderAttribute.class).sensitive() != s.sensitive()) {
                problems.add(f.getName() + " sensitive=" + !s.sensitive() + ", but " + s + " is declared otherwise");
            }
            String setter = "set" + Character.toUpperCase(f.getName().charAt(0))
                    + f.getName().substring(1);
            boolean found = false;
            for (var m : CallLogAppenderBuilder.class.getMethods()) {
                found |= m.getName().equals(setter) && m.getParameterCount() == 1;
            }
            if (!found) {
                problems.add("no builder method " + setter);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theNdjsonLayoutTakesTheAppendersAttributesAsWrittenAndTheirDefaults() {
        TreeSet<String> declared = new TreeSet<>();
        Settings.ALL.stream().filter(Setting::shapesDocument).forEach(s -> declared.addAll(s.log4jNames()));
        TreeSet<String> attributes = new TreeSet<>();
        CallLogNdjsonLayout.Builder.attributeFields().forEach(f -> attributes.add(f.getName()));
        assertThat(attributes).as("the settings declared as shaping a document").isEqualTo(declared);

        List<String> problems = new ArrayList<>();
        for (Field f : CallLogNdjsonLayout.Builder.attributeFields()) {
            Setting s = Settings.byLog4jName(f.getName());
            if (s == null) {
                problems.add(f.getName() + " is not a declared setting");
            } else if (f.getAnnotation(PluginBuilderAttribute.class).sensitive() != s.sensitive()) {
                problems.add(f.getName() + " sensitive=" + !s.sensitive() + ", but " + s + " is declared otherwise");
            }
            if (f.getType() != String.class) {
                problems.add(f.getName() + " is " + f.getType() + ": attributes are kept as written");
            }
        }
        assertThat(problems).isEmpty();
        // Unset, every setting that shapes a document has the appender's default (slf4jKeyValues included).
        CallLogConfig layout = CallLogNdjsonLayout.newBuilder().toConfig();
        CallLogConfig appender = CallLogAppender.newBuilder().toConfig();
        for (Field f : CallLogNdjsonLayout.Builder.attributeFields()) {
            Setting s = Settings.byLog4jName(f.getName());
            assertThat(s.read(layout)).as(f.getName()).isEqualTo(s.read(appender));
            assertThat(s.read(layout)).as(f.getName()).isEqualTo(s.defaultValue());
        }
        assertThat(layout.slf4jKeyValues()).isTrue();
    }

    @Test
    void everyAttributeOfALog4j2XmlReachesItsSetting() throws Exception {
        FakeEngines.install();
        StringBuilder attributes = new StringBuilder();
        for (Setting s : Settings.ALL) {
            for (String a : s.log4jNames()) {
                attributes
                        .append(' ')
                        .append(a)
                        .append("=\"")
                        .append(example(s))
                        .append('"');
            }
        }
        String xml = "<Configuration status=\"off\"><Appenders><CallLog name=\"CALLLOG\"" + attributes
                + "/></Appenders><Loggers><Root level=\"info\"/></Loggers></Configuration>";
        LoggerContext ctx = new LoggerContext("settings-test");
        try {
            ctx.start(new XmlConfiguration(
                    ctx, new ConfigurationSource(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))));
            CallLogConfig c = TestContexts.appender(ctx).getConfig();
            SoftAssertions soft = new SoftAssertions();
            for (Setting s : Settings.ALL) {
                if (s.on(Setting.Framework.LOG4J)) {
                    soft.assertThat(s.read(c))
                            .as(s.log4jNames() + "=" + example(s))
                            .isEqualTo(example(s));
                }
            }
            soft.assertAll();
        } finally {
            ctx.stop();
        }
    }

    @Test
    void anyChangedSettingMakesAnotherManager() {
        String defaults = CallLogManager.managerName(new CallLogConfig());
        SoftAssertions soft = new SoftAssertions();
        for (Setting s : Settings.ALL) {
            CallLogConfig c = new CallLogConfig();
            s.apply(c, example(s));
            soft.assertThat(CallLogManager.managerName(c)).as(s.toString()).isNotEqualTo(defaults);
        }
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
}
