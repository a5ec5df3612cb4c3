package dev.calllog.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.joran.util.PropertySetter;
import ch.qos.logback.core.joran.util.beans.BeanDescriptionCache;
import ch.qos.logback.core.spi.ContextAware;
import ch.qos.logback.core.util.AggregationType;
import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.config.Setting;
import dev.calllog.core.internal.config.Settings;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The appender's and the NDJSON encoder's setters against the declaration of the settings ({@link Settings}): every
 * declared Logback element reaches its setting through Logback's own property setter (as {@code logback.xml} does), no
 * setter exists without a declaration, and the encoder takes exactly the settings declared as shaping a document, with
 * their declared defaults.
 */
class LogbackSettingsTest {

    @Test
    void everyDeclaredElementReachesItsSettingAsLogbackSetsIt() {
        assertThat(elementsNotReachingTheirSetting(
                        s -> s.on(Setting.Framework.LOGBACK), CallLogAppender::new, CallLogAppender::getConfig))
                .isEmpty();
    }

    @Test
    void everySetterIsADeclaredSettingOfItsType() {
        assertThat(undeclaredSetters(CallLogAppender.class, s -> true)).isEmpty();
    }

    @Test
    void everyDocumentSettingReachesTheEncoderAsLogbackSetsIt() {
        assertThat(elementsNotReachingTheirSetting(
                        s -> s.on(Setting.Framework.LOGBACK) && s.shapesDocument(),
                        CallLogNdjsonEncoder::new,
                        CallLogNdjsonEncoder::getConfig))
                .isEmpty();
    }

    @Test
    void everySetterOfTheEncoderIsADeclaredDocumentSettingOfItsType() {
        assertThat(undeclaredSetters(CallLogNdjsonEncoder.class, Setting::shapesDocument))
                .isEmpty();
    }

    @Test
    void unsetTheEncodersSettingsHaveTheirDeclaredDefaults() {
        CallLogConfig encoder = new CallLogNdjsonEncoder().getConfig();
        SoftAssertions soft = new SoftAssertions();
        for (Setting s : Settings.ALL) {
            if (s.on(Setting.Framework.LOGBACK) && s.shapesDocument()) {
                soft.assertThat(s.read(encoder)).as("default of " + s).isEqualTo(s.defaultValue());
            }
        }
        soft.assertAll();
    }

    /**
     * The elements of the settings {@code which} selects that do not reach their setting when Logback sets them on a
     * new component: each described as a problem.
     */
    private static <T extends ContextAware> List<String> elementsNotReachingTheirSetting(
            Predicate<Setting> which, Supplier<T> component, Function<T, CallLogConfig> config) {
        List<String> problems = new ArrayList<>();
        LoggerContext context = new LoggerContext();
        for (Setting s : Settings.ALL) {
            if (!which.test(s)) {
                continue;
            }
            for (String element : s.logbackNames()) {
                T target = component.get();
                target.setContext(context);
                PropertySetter setter = new PropertySetter(new BeanDescriptionCache(context), target);
                setter.setContext(context);
                String value = example(s);
                AggregationType type = setter.computeAggregationType(element);
                if (type == AggregationType.AS_BASIC_PROPERTY) {
                    setter.setProperty(element, value);
                } else if (type == AggregationType.AS_BASIC_PROPERTY_COLLECTION) {
                    setter.addBasicProperty(element, value);
                } else {
                    problems.add("<" + element + "> of " + s + " is not a simple element of "
                            + target.getClass().getSimpleName() + ": " + type);
                    continue;
                }
                String read = s.read(config.apply(target));
                if (!value.equals(read)) {
                    problems.add("<" + element + ">" + value + "</" + element + "> on "
                            + target.getClass().getSimpleName() + " read back as " + read);
                }
            }
        }
        return problems;
    }

    /**
     * The public {@code set}/{@code add} methods of {@code type} that do not set a Logback setting {@code which}
     * selects, or take another type than its declaration's: each described as a problem.
     */
    private static List<String> undeclaredSetters(Class<?> type, Predicate<Setting> which) {
        List<String> problems = new ArrayList<>();
        for (Method m : type.getDeclaredMethods()) {
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
            if (!which.test(s)) {
                problems.add(n + " sets <" + element + ">, which Settings does not declare as shaping a document");
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
        return problems;
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
