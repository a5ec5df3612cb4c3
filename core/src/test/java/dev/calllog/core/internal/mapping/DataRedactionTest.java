package dev.calllog.core.internal.mapping;

import static dev.calllog.core.internal.mapping.MappingFixture.completed;
import static dev.calllog.core.internal.mapping.MappingFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.catalog.EventCodes;
import dev.calllog.core.internal.config.CallLogConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Redaction of {@code data}: the presets and built-in rules on every string, the per-key rules at any depth. */
class DataRedactionTest {
    private static final String SECRET = "s3cr3t-salt";

    private static MappingFixture fixture(String presets, String... keyRules) {
        CallLogConfig config = new CallLogConfig();
        config.setRedactPresets(presets);
        for (String rule : keyRules) {
            config.addRedactKey(rule);
        }
        config.setRedactHashSecret(SECRET);
        config.setLabelKeys("caller_number,tool");
        return new MappingFixture(config);
    }

    @Test
    void presetsApplyToTopLevelAndNestedStringsAndKeysAreKept() {
        MappingFixture f = fixture("phone,email,card");
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("email", "jane@example.com");
        customer.put("phones", List.of("+1 415 555 0100", "ok"));
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED)
                .kv("note", "call back on +14155550100")
                .kv("customer", customer)
                .kv("duration_ms", 5003)
                .kv("call_ref", "call-1003"));
        assertThat(f.json(r))
                .isEqualTo(completed(
                        r,
                        "{\"note\":\"call back on [phone]\",\"customer\":{\"email\":\"[email]\","
                                + "\"phones\":[\"[phone]\",\"ok\"]},\"duration_ms\":5003,\"call_ref\":\"call-1003\"}",
                        "{\"duration_ms\":5003}"));
    }

    @Test
    void builtInRulesNowCoverDataStrings() {
        MappingFixture f = fixture("");
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED)
                .kv("webhook", "https://hooks.example.com/cb?token=abc")
                .kv("nested", Map.of("host", "10.1.2.3")));
        assertThat(f.json(r))
                .isEqualTo(completed(
                        r, "{\"webhook\":\"https://hooks.example.com/cb?[redacted]\",\"nested\":{\"host\":\"[ip]\"}}"));
    }

    @Test
    void keyRulesDropMaskAndHashAtEveryDepthAndFeedLabelsConsistently() {
        MappingFixture f = fixture("", "transcript:drop, caller_number:hash", "card_last4:mask");
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED)
                .kv("transcript", "my card is 4111 1111 1111 1111")
                .kv("caller_number", "+14155550100")
                .kv("tool", "crm_lookup")
                .kv("card_last4", 1111)
                .kv("customer", Map.of("caller_number", "+14155550100")));
        String hash = "hmac:" + HmacOracle.hex(SECRET, "+14155550100");
        assertThat(f.json(r))
                .isEqualTo(completed(
                        r,
                        "{\"caller_number\":\"" + hash + "\",\"tool\":\"crm_lookup\",\"card_last4\":\"[redacted]\","
                                + "\"customer\":{\"caller_number\":\"" + hash + "\"}}",
                        null,
                        "{\"caller_number\":\"" + hash + "\",\"tool\":\"crm_lookup\"}"));
    }

    @Test
    void aDroppedKeyIsNoMeasureAndTheErrorStillFollows() {
        MappingFixture f = fixture("", "duration_ms:drop");
        CallLogRecord r = f.map(
                event(EventCodes.CALL_COMPLETED).kv("duration_ms", 5003).throwable(new IllegalStateException("boom")));
        assertThat(f.json(r))
                .isEqualTo(completed(r, "{\"error\":{\"type\":\"IllegalStateException\",\"message\":\"boom\"}}"));
    }

    @Test
    void aHashedContainerIsTheHashOfItsJsonText() {
        MappingFixture f = fixture("", "address:hash");
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("street", "1 Main St");
        address.put("zip", 94105);
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED).kv("wrapper", Map.of("address", address)));
        assertThat(f.json(r))
                .isEqualTo(completed(
                        r,
                        "{\"wrapper\":{\"address\":\"hmac:"
                                + HmacOracle.hex(SECRET, "{\"street\":\"1 Main St\",\"zip\":94105}") + "\"}}"));
    }

    @Test
    void settingsAreValidatedWithTheirNames() {
        CallLogConfig config = new CallLogConfig();
        config.setRedactPresets("phone,ssn");
        config.addRedactKey("transcript");
        config.addRedactKey("x:shred");
        assertThat(config.validate())
                .contains(
                        "<redactPresets> 'ssn' is not a redaction preset; known: phone, email, card, iban",
                        "<redactKey> 'transcript' is not key:rule (for example transcript:drop)");
        CallLogConfig noSecret = new CallLogConfig();
        noSecret.addRedactKey("caller_number:hash");
        assertThat(noSecret.validate())
                .contains("<redactKey> a rule hashes, but <redactHashSecret> is not set: give it, e.g."
                        + " ${CALLLOG_HASH_SECRET}");
        CallLogConfig unknownRule = new CallLogConfig();
        unknownRule.addRedactKey("x:shred");
        assertThat(unknownRule.validate()).contains("<redactKey> 'shred' is not a key rule; known: drop, mask, hash");
    }

    /** An independent HMAC-SHA256, the expected value of the hash rule. */
    static final class HmacOracle {
        static String hex(String secret, String text) {
            try {
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec(
                        secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
                byte[] h = mac.doFinal(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return java.util.HexFormat.of().formatHex(h, 0, 16);
            } catch (java.security.GeneralSecurityException e) {
                throw new AssertionError(e);
            }
        }
    }
}
