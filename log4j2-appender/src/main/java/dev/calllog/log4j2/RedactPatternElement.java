package dev.calllog.log4j2;

import org.apache.logging.log4j.core.config.Node;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.config.plugins.PluginValue;
import org.apache.logging.log4j.core.config.plugins.validation.constraints.Required;

/**
 * A regular expression whose matches are redacted, as a nested element of the {@code CallLog} appender; repeatable:
 *
 * <pre>{@code
 * <RedactPattern>sk-[A-Za-z0-9]{20,}</RedactPattern>
 * <RedactPattern value="\b\d{13,19}\b"/>
 * }</pre>
 *
 * <p>See {@code CallLogConfig.addRedactPattern}.
 */
@Plugin(name = "RedactPattern", category = Node.CATEGORY, printObject = true)
public final class RedactPatternElement {
    private final String regex;

    private RedactPatternElement(String regex) {
        this.regex = regex;
    }

    /** @param regex the regular expression: the element's text, or its {@code value} attribute */
    @PluginFactory
    public static RedactPatternElement of(
            @PluginValue("value") @Required(message = "<RedactPattern> needs a regular expression") String regex) {
        return new RedactPatternElement(regex);
    }

    public String regex() {
        return regex;
    }

    @Override
    public String toString() {
        return regex;
    }
}
