package dev.calllog.log4j2;

import org.apache.logging.log4j.core.config.Node;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.config.plugins.validation.constraints.Required;

/**
 * An event registered beyond the built-in catalogue, as a nested element of the {@code CallLog} appender:
 *
 * <pre>{@code
 * <Event code="sms_sent" category="messaging" level="INFO"/>
 * }</pre>
 *
 * <p>Equivalent to {@code events="sms_sent:messaging:INFO"}; see {@code CallLogConfig.addEvent}.
 */
@Plugin(name = "Event", category = Node.CATEGORY, printObject = true)
public final class EventElement {
    private final String code;
    private final String category;
    private final String level;

    private EventElement(String code, String category, String level) {
        this.code = code;
        this.category = category;
        this.level = level;
    }

    /**
     * @param code the event's snake_case code, which is also the marker name that selects it
     * @param category its snake_case category
     * @param level its level floor: INFO (default), WARNING, ERROR or CRITICAL
     */
    @PluginFactory
    public static EventElement of(
            @PluginAttribute("code") @Required(message = "<Event> needs a code") String code,
            @PluginAttribute("category") @Required(message = "<Event> needs a category") String category,
            @PluginAttribute("level") String level) {
        return new EventElement(code, category, level);
    }

    /** The event written {@code code:category[:LEVEL]}, as the {@code events} setting takes it. */
    public String spec() {
        return level == null || level.isBlank() ? code + ":" + category : code + ":" + category + ":" + level;
    }

    @Override
    public String toString() {
        return spec();
    }
}
