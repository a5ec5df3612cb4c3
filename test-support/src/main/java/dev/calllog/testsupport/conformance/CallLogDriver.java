package dev.calllog.testsupport.conformance;

/**
 * Drives one framework path (Logback, SLF4J on Log4j 2, the Log4j API) for the conformance suite: configures a
 * call-log appender with {@link #SETTINGS}, replays logical calls the way an application on that path would, and
 * flushes.
 */
public interface CallLogDriver extends AutoCloseable {

    /**
     * The settings every driver configures besides {@code url} and {@code dataStream}: {@code mdcDataKeys=tenant},
     * {@code events=sms_sent:messaging:WARNING}, {@code lingerMillis=50}.
     */
    String SETTINGS = "mdcDataKeys=tenant; events=sms_sent:messaging:WARNING; lingerMillis=50";

    /** Starts an appender shipping to {@code dataStream} at {@code url}, with {@link #SETTINGS}. */
    void start(String url, String dataStream) throws Exception;

    /** Sets the call's context, logs it, and clears the context again. */
    void log(LogCall call);

    /** Waits until every event logged so far is delivered. */
    boolean flush(long timeoutMillis);

    /** Whether the path has a FATAL level (only the Log4j API does). */
    default boolean hasFatal() {
        return false;
    }

    /**
     * Whether the path is SLF4J 2 on Log4j, whose bridge keeps one marker per event and hands key-values to the
     * appender as ThreadContext strings; the suite then expects what {@link ConformanceCase#throughSlf4jOnLog4j}
     * describes.
     */
    default boolean throughSlf4jOnLog4j() {
        return false;
    }

    @Override
    void close() throws Exception;
}
