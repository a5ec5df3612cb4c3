package dev.calllog.core.internal.setup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The install-time parameters of the OpenSearch assets, with their defaults. They are filled into the asset files
 * through {@link Placeholders}; the appender installs its templates with the defaults, the setup command with what it
 * is given.
 *
 * <p>Mutable while it is set up; {@link #validate()} before use.
 */
public final class AssetParameters {
    /** Default retention: backing indices are deleted this many days after they were rolled over. */
    public static final int DEFAULT_RETENTION_DAYS = 30;
    /** Default age at which the write index rolls over. */
    public static final String DEFAULT_ROLLOVER_AGE = "1d";
    /** Default primary-shard size at which the write index rolls over. */
    public static final String DEFAULT_ROLLOVER_SIZE = "30gb";
    /** Default threshold of the critical-event monitor: it fires when more CRITICAL events than this arrive. */
    public static final int DEFAULT_CRITICAL_THRESHOLD = 0;
    /** Default threshold of the error-rate monitors: more ERROR and CRITICAL events than this in 5 minutes. */
    public static final int DEFAULT_ERROR_THRESHOLD = 10;
    /** Default interval between two runs of each monitor, in minutes. */
    public static final int DEFAULT_MONITOR_INTERVAL_MINUTES = 1;
    /**
     * Default user attribute holding a user's account id, in the Security plugin's substitution syntax (without
     * {@code ${}}): internal users' {@code account_id} attribute.
     */
    public static final String DEFAULT_TENANT_ATTRIBUTE = "attr.internal.account_id";

    private static final Pattern TIME = Pattern.compile("[1-9][0-9]*(d|h|m|s)");
    private static final Pattern SIZE = Pattern.compile("[1-9][0-9]*(b|kb|mb|gb|tb|pb)");
    private static final Pattern ATTRIBUTE =
            Pattern.compile("user\\.name|attr\\.(internal|jwt|proxy|ldap)\\.[A-Za-z0-9_][A-Za-z0-9_.-]*");

    private int retentionDays = DEFAULT_RETENTION_DAYS;
    private String rolloverAge = DEFAULT_ROLLOVER_AGE;
    private String rolloverSize = DEFAULT_ROLLOVER_SIZE;
    private Integer replicas;
    private int criticalThreshold = DEFAULT_CRITICAL_THRESHOLD;
    private int errorThreshold = DEFAULT_ERROR_THRESHOLD;
    private int monitorIntervalMinutes = DEFAULT_MONITOR_INTERVAL_MINUTES;
    private String tenantAttribute = DEFAULT_TENANT_ATTRIBUTE;

    /** The defaults. */
    public static AssetParameters defaults() {
        return new AssetParameters();
    }

    /** Days a backing index is kept after its rollover. Default: {@value #DEFAULT_RETENTION_DAYS}. */
    public AssetParameters retentionDays(int days) {
        this.retentionDays = days;
        return this;
    }

    /** Age at which the write index rolls over, e.g. {@code 1d}, {@code 12h}. Default: {@value #DEFAULT_ROLLOVER_AGE}. */
    public AssetParameters rolloverAge(String age) {
        this.rolloverAge = age == null ? null : age.trim().toLowerCase(Locale.ROOT);
        return this;
    }

    /** Primary-shard size at which the write index rolls over, e.g. {@code 30gb}. Default: {@value #DEFAULT_ROLLOVER_SIZE}. */
    public AssetParameters rolloverSize(String size) {
        this.rolloverSize = size == null ? null : size.trim().toLowerCase(Locale.ROOT);
        return this;
    }

    /**
     * A fixed number of replicas per shard. Default: none fixed, {@code auto_expand_replicas} {@code 0-1}: one replica
     * when the cluster has a second data node, none on a single node (which stays green).
     */
    public AssetParameters replicas(int replicas) {
        this.replicas = replicas;
        return this;
    }

    /** Threshold of the critical-event monitor. Default: {@value #DEFAULT_CRITICAL_THRESHOLD} (any CRITICAL event). */
    public AssetParameters criticalThreshold(int threshold) {
        this.criticalThreshold = threshold;
        return this;
    }

    /** Threshold of the error-rate monitors. Default: {@value #DEFAULT_ERROR_THRESHOLD}. */
    public AssetParameters errorThreshold(int threshold) {
        this.errorThreshold = threshold;
        return this;
    }

    /** Minutes between two runs of a monitor. Default: {@value #DEFAULT_MONITOR_INTERVAL_MINUTES}. */
    public AssetParameters monitorIntervalMinutes(int minutes) {
        this.monitorIntervalMinutes = minutes;
        return this;
    }

    /**
     * The user attribute holding the account id a user may read, as the Security plugin names it in document-level
     * security: {@code attr.internal.<name>}, {@code attr.jwt.<name>}, {@code attr.ldap.<name>},
     * {@code attr.proxy.<name>}, or {@code user.name}. Default: {@value #DEFAULT_TENANT_ATTRIBUTE}.
     */
    public AssetParameters tenantAttribute(String attribute) {
        this.tenantAttribute = attribute == null ? null : attribute.trim();
        return this;
    }

    /** Each problem as one message naming the parameter; empty when all is well. */
    public List<String> validate() {
        List<String> problems = new ArrayList<>();
        if (retentionDays < 1) {
            problems.add("retention days must be 1 or more, not " + retentionDays);
        }
        if (rolloverAge == null || !TIME.matcher(rolloverAge).matches()) {
            problems.add("rollover age '" + rolloverAge + "' is not a duration such as 1d, 12h or 30m");
        }
        if (rolloverSize == null || !SIZE.matcher(rolloverSize).matches()) {
            problems.add("rollover size '" + rolloverSize + "' is not a size such as 30gb or 500mb");
        }
        if (replicas != null && replicas < 0) {
            problems.add("replicas must be 0 or more, not " + replicas);
        }
        if (criticalThreshold < 0) {
            problems.add("critical threshold must be 0 or more, not " + criticalThreshold);
        }
        if (errorThreshold < 0) {
            problems.add("error threshold must be 0 or more, not " + errorThreshold);
        }
        if (monitorIntervalMinutes < 1) {
            problems.add("monitor interval must be 1 minute or more, not " + monitorIntervalMinutes);
        }
        if (tenantAttribute == null || !ATTRIBUTE.matcher(tenantAttribute).matches()) {
            problems.add("tenant attribute '" + tenantAttribute
                    + "' is not user.name or attr.<internal|jwt|ldap|proxy>.<name>");
        }
        return problems;
    }

    /** The values of the placeholders the asset files use, by name. */
    public Map<String, Object> placeholderValues() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("retention_days", retentionDays);
        v.put("rollover_age", rolloverAge);
        v.put("rollover_size", rolloverSize);
        v.put("number_of_replicas", replicas == null ? 1 : replicas);
        v.put("auto_expand_replicas", replicas == null ? "0-1" : Boolean.FALSE);
        v.put("critical_threshold", criticalThreshold);
        v.put("error_threshold", errorThreshold);
        v.put("monitor_interval_minutes", monitorIntervalMinutes);
        // One interval, plus a minute for events that became searchable after the previous run had looked: an event
        // is seen by one or two runs, never by none.
        v.put("critical_window_minutes", monitorIntervalMinutes + 1);
        v.put("tenant_attribute", "${" + tenantAttribute + "}");
        return v;
    }
}
