package dev.calllog.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallLogConfigTest {

    @Test
    void defaultsAreValid() {
        assertThat(new CallLogConfig().validate()).isEmpty();
    }

    @Test
    void defaultBufferIsAQuarterOfTheHeapBetween64MiBAnd1GiB() {
        long mib = 1024L * 1024;
        assertThat(CallLogConfig.defaultBufferBytes(128 * mib)).isEqualTo(64 * mib);
        assertThat(CallLogConfig.defaultBufferBytes(512 * mib)).isEqualTo(128 * mib);
        assertThat(CallLogConfig.defaultBufferBytes(1024 * mib)).isEqualTo(256 * mib);
        assertThat(CallLogConfig.defaultBufferBytes(16 * 1024 * mib)).isEqualTo(1024 * mib);
        assertThat(CallLogConfig.defaultBufferBytes(Long.MAX_VALUE)).isEqualTo(64 * mib);
        assertThat(new CallLogConfig().bufferBytes())
                .isEqualTo(CallLogConfig.defaultBufferBytes(Runtime.getRuntime().maxMemory()));
    }

    @Test
    void emptyCredentialsFromUnsetVariablesCountAsUnset() {
        CallLogConfig c = new CallLogConfig();
        c.setUsername("");
        c.setPassword("");
        assertThat(c.username()).isNull();
        assertThat(c.password()).isNull();
        assertThat(c.validate()).isEmpty();
    }

    @Test
    void passwordWithoutUsernameIsReported() {
        CallLogConfig c = new CallLogConfig();
        c.setPassword("secret");
        assertThat(c.validate()).containsExactly("<password> is set but <username> is not");
    }

    @Test
    void eachProblemNamesTheSettingToFix() {
        CallLogConfig c = new CallLogConfig();
        c.addUrl("ftp://node:21");
        c.setDataStream("Bad Name");
        c.setMinLevel("LOUD");
        c.setBatchMaxEvents(0);
        c.addEvent("Not-Snake:x");
        assertThat(c.validate())
                .containsExactly(
                        "<url> 'ftp://node:21' is not an http:// or https:// URL with a host",
                        "<dataStream> 'Bad Name' is not a valid data stream name: lower-case letters, digits, '-', '_'"
                                + " and '.', not starting with '-', '_' or '.'",
                        "<minLevel> 'LOUD' is not a level: use TRACE, DEBUG, INFO, WARNING, ERROR or CRITICAL",
                        "<event>: event code 'not-snake' must be snake_case: a lower-case letter, then letters, digits"
                                + " or '_'",
                        "<batchMaxEvents> must be greater than 0, not 0");
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutEchoingThem() {
        CallLogConfig c = new CallLogConfig();
        c.addUrl("https://admin:hunter2@search.example.com:9200");
        assertThat(c.validate())
                .containsExactly("<url> 'https://search.example.com:9200' carries credentials: use <username> and"
                        + " <password> (or <passwordFile>) instead");
    }

    @Test
    void measureKeysDefaultToTheCatalogueMeasurements() {
        assertThat(new CallLogConfig().measureKeys())
                .containsExactly(
                        "latency_ms",
                        "duration_ms",
                        "duration_s",
                        "http_status",
                        "attempt",
                        "attempts",
                        "spoken_ms",
                        "silence_ms",
                        "ring_ms",
                        "turn");
    }

    @Test
    void addedMeasureKeysReplaceTheDefaultsThenAccumulate() {
        CallLogConfig c = new CallLogConfig();
        c.addMeasureKey("tokens");
        c.addMeasureKey(" cost_usd , tokens");
        assertThat(c.measureKeys()).containsExactly("tokens", "cost_usd");
        assertThat(c.validate()).isEmpty();
    }

    @Test
    void anEmptyMeasureKeysSettingMeansNoMeasures() {
        CallLogConfig c = new CallLogConfig();
        c.setMeasureKeys("");
        assertThat(c.measureKeys()).isEmpty();
        assertThat(c.validate()).isEmpty();
    }

    @Test
    void measureKeysMustBeNonEmptyTopLevelNames() {
        CallLogConfig c = new CallLogConfig();
        c.setMeasureKeys("latency_ms,,http.status");
        assertThat(c.validate())
                .containsExactly(
                        "<measureKeys> has an empty key name: separate the names with single commas",
                        "<measureKeys> 'http.status' contains a dot: name a top-level key of data");
    }

    @Test
    void eachReliabilityProblemNamesTheSettingToFix() {
        CallLogConfig c = new CallLogConfig();
        c.setSpoolDir("spool\u0000dir");
        c.setSpoolMaxBytes(1000);
        c.setSpoolFsyncMillis(-1);
        c.setOverflowPolicy("wait");
        c.setBlockTimeoutMillis(-5);
        c.setMaxDocumentBytes(100);
        assertThat(c.validate())
                .containsExactly(
                        "<spoolDir> 'spool\u0000dir' is not a valid path: Nul character not allowed: spool\u0000dir",
                        "<spoolMaxBytes> must be at least 1048576, not 1000",
                        "<spoolFsyncMillis> must be 0 (after every batch) or more, not -1",
                        "<overflowPolicy> 'wait' is not a policy: use dropNewest, dropOldest or block",
                        "<blockTimeoutMillis> must be 0 or more, not -5",
                        "<maxDocumentBytes> must be at least 16384, not 100");
    }

    @Test
    void overflowPoliciesAreReadInAnyCase() {
        CallLogConfig c = new CallLogConfig();
        assertThat(c.overflowPolicy()).isEqualTo(OverflowPolicy.DROP_NEWEST);
        c.setOverflowPolicy("DROP_OLDEST");
        assertThat(c.overflowPolicy()).isEqualTo(OverflowPolicy.DROP_OLDEST);
        c.setOverflowPolicy(" Block ");
        assertThat(c.overflowPolicy()).isEqualTo(OverflowPolicy.BLOCK);
        c.setOverflowPolicy("");
        assertThat(c.overflowPolicy()).isEqualTo(OverflowPolicy.DROP_NEWEST);
        assertThat(c.spoolDir()).isNull();
    }

    @Test
    void labelKeysDefaultToTheCatalogueNames() {
        assertThat(new CallLogConfig().labelKeys())
                .containsExactly("tool", "integration", "webhook", "destination", "node", "reason");
    }

    @Test
    void addedLabelKeysReplaceTheDefaultsThenAccumulate() {
        CallLogConfig c = new CallLogConfig();
        c.addLabelKey("queue");
        c.addLabelKey(" region , queue");
        assertThat(c.labelKeys()).containsExactly("queue", "region");
        assertThat(c.validate()).isEmpty();
    }

    @Test
    void anEmptyLabelKeysSettingMeansNoLabels() {
        CallLogConfig c = new CallLogConfig();
        c.setLabelKeys("");
        assertThat(c.labelKeys()).isEmpty();
        assertThat(c.validate()).isEmpty();
    }

    @Test
    void labelKeysMustBeNonEmptyTopLevelNames() {
        CallLogConfig c = new CallLogConfig();
        c.setLabelKeys("tool,,http.host");
        assertThat(c.validate())
                .containsExactly(
                        "<labelKeys> has an empty key name: separate the names with single commas",
                        "<labelKeys> 'http.host' contains a dot: name a top-level key of data");
    }
}
