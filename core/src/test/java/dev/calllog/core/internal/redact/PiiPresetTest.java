package dev.calllog.core.internal.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The corpus: what each preset must catch, and the ordinary values of call events it must leave intact. */
class PiiPresetTest {
    private final Redactor all = new Redactor(true, "", List.of(), EnumSet.allOf(PiiPreset.class));

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            call me on +1 415 555 0100 please     | call me on [phone] please
            +14155550100                          | [phone]
            +44 20 7946 0958                      | [phone]
            +49 (0)30 1234 5678                   | [phone]
            +4915123456789                        | [phone]
            caller (415) 555-0100 rang            | caller [phone] rang
            415-555-0100                          | [phone]
            415.555.0100                          | [phone]
            020 7946 0958                         | [phone]
            transferred to 030 1234 5678.         | transferred to [phone].
            """)
    void phoneNumbers(String in, String out) {
        assertThat(all.redact(in)).isEqualTo(out);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            mail jane.doe+calls@example.com now   | mail [email] now
            J.Smith@Mail.Example.CO.UK            | [email]
            <ops_team@acme-corp.io>               | <[email]>
            a@b.de, c@d.fr                        | [email], [email]
            """)
    void emailAddresses(String in, String out) {
        assertThat(all.redact(in)).isEqualTo(out);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            card 4111 1111 1111 1111 declined     | card [card] declined
            4111111111111111                      | [card]
            5555-5555-5555-4444                   | [card]
            2223003122003222                      | [card]
            378282246310005                       | [card]
            6011 1111 1111 1117                   | [card]
            3530111333300000                      | [card]
            4222222222222                         | [card]
            """)
    void paymentCards(String in, String out) {
        assertThat(all.redact(in)).isEqualTo(out);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            IBAN DE89 3704 0044 0532 0130 00 OK   | IBAN [iban] OK
            DE89370400440532013000                | [iban]
            GB82 WEST 1234 5698 7654 32           | [iban]
            pay to FR1420041010050500013M02606.   | pay to [iban].
            NL91ABNA0417164300                    | [iban]
            """)
    void ibans(String in, String out) {
        assertThat(all.redact(in)).isEqualTo(out);
    }

    /** Values call events carry every day: none of them is personal data, and none may be touched. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "call-1003",
                "agent-support",
                "5003",
                "1764000000000", // epoch milliseconds: 13 digits, no card issuer
                "1764000000000123", // epoch microseconds, 16 digits
                "4111111111111112", // card-like, fails Luhn
                "1234 5678 9012 3456", // fails Luhn
                "2026-11-23T18:51:06.654321Z",
                "2026-11-23",
                "18:51:06",
                "crm_lookup",
                "123e4567-e89b-12d3-a456-426614174000",
                "k7q3m2x9d0a1p-42",
                "version 2.19.4",
                "duration 1500 ms, 3 retries",
                "HTTP 503 after 30000 ms",
                "order 5551234567", // a bare run of digits is not a phone number
                "DE89 3704 0044 0532 0130 01", // IBAN with a wrong check
                "user@localhost",
                "price 12.50 EUR",
                "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                "room 101 floor 3",
                "ticket ABCD1234EFGH5678",
                "+1", // too short
                "temperature -12.5",
            })
    void ordinaryValuesAreKept(String value) {
        assertThat(all.redact(value)).isSameAs(value);
    }

    @Test
    void eachPresetOnlyReplacesItsOwnKind() {
        String text = "jane@example.com +14155550100 4111111111111111 DE89370400440532013000";
        assertThat(new Redactor(true, "", List.of(), Set.of(PiiPreset.EMAIL)).redact(text))
                .isEqualTo("[email] +14155550100 4111111111111111 DE89370400440532013000");
        assertThat(new Redactor(true, "", List.of(), Set.of(PiiPreset.PHONE)).redact(text))
                .isEqualTo("jane@example.com [phone] 4111111111111111 DE89370400440532013000");
        assertThat(new Redactor(true, "", List.of(), Set.of(PiiPreset.CARD)).redact(text))
                .isEqualTo("jane@example.com +14155550100 [card] DE89370400440532013000");
        assertThat(new Redactor(true, "", List.of(), Set.of(PiiPreset.IBAN)).redact(text))
                .isEqualTo("jane@example.com +14155550100 4111111111111111 [iban]");
    }

    @Test
    void withoutPresetsPersonalDataIsLeftToTheUsersPatterns() {
        String text = "jane@example.com +14155550100";
        assertThat(new Redactor(true, "", List.of(), Set.of()).redact(text)).isSameAs(text);
    }

    @Test
    void presetsDoNothingWhenRedactionIsOff() {
        String text = "jane@example.com";
        assertThat(new Redactor(false, "", List.of(), EnumSet.allOf(PiiPreset.class)).redact(text))
                .isSameAs(text);
    }

    @Test
    void aLongTextCannotOverflowTheStack() {
        String text = "+1 " + "5".repeat(200_000) + " a@" + "b.".repeat(100_000) + "com " + "4111 ".repeat(50_000)
                + "DE89 ".repeat(50_000);
        String out = all.redact(text);
        assertThat(out).isNotEqualTo(Redactor.FAILED);
        assertThat(all.failures()).isZero();
    }

    @Test
    void namesAreParsedCaseInsensitivelyAndUnknownOnesAreNamed() {
        assertThat(PiiPreset.parse(" Phone, EMAIL ,,card,iban"))
                .containsExactlyInAnyOrder(PiiPreset.PHONE, PiiPreset.EMAIL, PiiPreset.CARD, PiiPreset.IBAN);
        assertThat(PiiPreset.parse("")).isEmpty();
        assertThatThrownBy(() -> PiiPreset.parse("phone,ssn"))
                .hasMessage("'ssn' is not a redaction preset; known: phone, email, card, iban");
    }

    @Test
    void luhnAndMod97() {
        assertThat(PiiPreset.luhn("79927398713")).isTrue();
        assertThat(PiiPreset.luhn("79927398710")).isFalse();
        assertThat(PiiPreset.isIban("GB82WEST12345698765432", 0, 22)).isTrue();
        assertThat(PiiPreset.isIban("GB82WEST12345698765433", 0, 22)).isFalse();
    }
}
