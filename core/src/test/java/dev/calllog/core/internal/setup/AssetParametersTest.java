package dev.calllog.core.internal.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class AssetParametersTest {

    @Test
    void defaults() {
        AssetParameters p = AssetParameters.defaults();
        assertThat(p.validate()).isEmpty();
        assertThat(p.placeholderValues())
                .containsExactly(
                        entry("retention_days", 30),
                        entry("rollover_age", "1d"),
                        entry("rollover_size", "30gb"),
                        entry("number_of_replicas", 1),
                        entry("auto_expand_replicas", "0-1"),
                        entry("critical_threshold", 0),
                        entry("error_threshold", 10),
                        entry("monitor_interval_minutes", 1),
                        entry("critical_window_minutes", 2),
                        entry("tenant_attribute", "${attr.internal.account_id}"));
    }

    @Test
    void fixedReplicasTurnAutoExpansionOff() {
        AssetParameters p = AssetParameters.defaults().replicas(0);
        assertThat(p.placeholderValues())
                .contains(entry("number_of_replicas", 0), entry("auto_expand_replicas", false));
    }

    @Test
    void sizesAndAgesAreReadInAnyCase() {
        AssetParameters p = AssetParameters.defaults().rolloverAge(" 12H ").rolloverSize("50GB");
        assertThat(p.validate()).isEmpty();
        assertThat(p.placeholderValues()).contains(entry("rollover_age", "12h"), entry("rollover_size", "50gb"));
    }

    @Test
    void eachProblemNamesTheParameter() {
        AssetParameters p = AssetParameters.defaults()
                .retentionDays(0)
                .rolloverAge("1 day")
                .rolloverSize("30")
                .replicas(-1)
                .criticalThreshold(-1)
                .errorThreshold(-2)
                .monitorIntervalMinutes(0)
                .tenantAttribute("attr.internal.x\"}}");
        assertThat(p.validate())
                .containsExactly(
                        "retention days must be 1 or more, not 0",
                        "rollover age '1 day' is not a duration such as 1d, 12h or 30m",
                        "rollover size '30' is not a size such as 30gb or 500mb",
                        "replicas must be 0 or more, not -1",
                        "critical threshold must be 0 or more, not -1",
                        "error threshold must be 0 or more, not -2",
                        "monitor interval must be 1 minute or more, not 0",
                        "tenant attribute 'attr.internal.x\"}}' is not user.name or attr.<internal|jwt|ldap|proxy>.<name>");
    }

    @Test
    void tenantAttributesOfEveryAuthenticationBackend() {
        for (String a : new String[] {"user.name", "attr.jwt.account_id", "attr.ldap.o", "attr.proxy.tenant"}) {
            assertThat(AssetParameters.defaults().tenantAttribute(a).validate())
                    .as(a)
                    .isEmpty();
        }
    }
}
