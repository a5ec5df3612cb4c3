package dev.calllog.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.joran.util.PropertySetter;
import ch.qos.logback.core.joran.util.beans.BeanDescriptionCache;
import ch.qos.logback.core.util.AggregationType;
import dev.calllog.core.config.Setting;
import dev.calllog.core.config.Settings;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The appender's setters against the declaration of the settings ({@link Settings}): every declared Logback element
 * reaches its setting through Logback's own property setter (as {@code logback.xml} does), and no setter exists without
 * a declaration.
 */
class LogbackSettingsTest {

    @Test
    void everyDeclaredElementReachesItsSettingAsLogbackSetsIt() {
        SoftAssertions soft = new SoftAssertions();
        LoggerContext context = new LoggerContext();
        for (Setting s : Settings.ALL) {
            if (!s.on(Setting.Framework.LOGBACK)) {
                continue;
            }
            for (String element : s.logbackNames()) {
                CallLogAppender appender = new CallLogAppender();
                appender.setContext(context);
                PropertySetter setter = new PropertySetter(new BeanDescriptionCache(context), appender);
                setter.setContext(context);
                String value = example(s);
                AggregationType type = setter.computeAggregationType(element);
                if (type == AggregationType.AS_BASIC_PROPERTY) {
                    setter.setProperty(element, value);
                } else if (type == AggregationType.AS_BASIC_PROPERTY_COLLECTION) {
                    setter.addBasicProperty(element, value);
                } else {
                    soft.fail("<" + element + "> of " + s + " is not a simple element of the appender: " + type);
                    continue;
                }
                soft.assertThat(s.read(appender.getConfig()))
                        .as("<" + element + ">" + value + "</" + element + ">")
                        .isEqualTo(value);
            }
        }
        soft.assertAll();
    }

    @Test
    void everySetterIsADeclaredSettingOfItsType() {
        List<String> problems = new ArrayList<>();
        for (Method m : CallLogAppender.class.getDeclaredMethods()) {
            String n = m.getName();
            if (!Modifier.isPublic(m.getModifiers())
                    || m.getParameterCount() != 1
                    || !(n.startsWith("set") || n.startsWith("add"))) {
                continue;
            }
            String element = Character.toLowerCase(n.charAt(3)) + n.substring(4);
            Setting s = Settings.byLogbackName(element);
            if (s == null) {
                problems.add(n + " sets <" + element + ">, which Settings does not declare for Logback");
                continue;
            }
            Class<?> expected =
                    switch (s.type()) {
                        case BOOLEAN -> boolean.class;
                        case INT -> int.class;
                        case LONG -> long.class;
                        default -> String.class;
                    };
            if (m.getParameterTypes()[0] != expected) {
                problems.add(n + " takes " + m.getParameterTypes()[0] + ", the setting " + s + " is " + s.type());
            }
        }
        assertThat(problems).isEmpty();
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
