package dev.calllog.core.internal.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calllog.core.internal.config.CallLogConfig;
import java.util.List;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {
    private final Redactor redactor = Redactor.from(new CallLogConfig());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            connecting to 10.0.0.12 failed                | connecting to [ip] failed
            10.0.0.12:8080 refused                        | [ip]:8080 refused
            peer=192.168.1.1, retrying                    | peer=[ip], retrying
            last hop 255.255.255.255.                     | last hop [ip].
            subnet 10.1.0.0/16                            | subnet [ip]/16
            dns 8.8.8.8 and 1.1.1.1                       | dns [ip] and [ip]
            """)
    void ipv4AddressesAreRedacted(String in, String out) {
        assertThat(redactor.redact(in)).isEqualTo(out);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            from 2001:db8:85a3::8a2e:370:7334 ok          | from [ip] ok
            from 2001:0db8:85a3:0000:0000:8a2e:0370:7334  | from [ip]
            loopback ::1.                                 | loopback [ip].
            link fe80::1%eth0 down                        | link [ip] down
            mapped ::ffff:10.0.0.1 here                   | mapped [ip] here
            at fe80::1: refused                           | at [ip]: refused
            bracketed [2001:db8::1]:443                   | bracketed [[ip]]:443
            all-zero ::                                   | all-zero ::
            """)
    void ipv6AddressesAreRedacted(String in, String out) {
        assertThat(redactor.redact(in)).isEqualTo(out);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            GET from db.internal timed out                | GET from [host] timed out
            redis-1.cache.svc:6379 refused                | [host]:6379 refused
            api.prod.cluster.local down                   | [host] down
            LOCALHOST answered                            | [host] answered
            mail to ops@mx.corp bounced                   | mail to ops@[host] bounced
            """)
    void internalHostsAreRedacted(String in, String out) {
        assertThat(redactor.redact(in)).isEqualTo(out);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            https://user:s3cret@api.example.com/v1/x      | https://[credentials]@api.example.com/v1/x
            ftp://anonymous@files.example.com/pub         | ftp://[credentials]@files.example.com/pub
            https://api.example.com/v1/calls?token=abc&x=1 | https://api.example.com/v1/calls?[redacted]
            see https://api.example.com/cb?code=x.        | see https://api.example.com/cb?[redacted].
            https://app.example.com/#/calls?id=7          | https://app.example.com/#/calls?[redacted]
            https://app.example.com/docs#section          | https://app.example.com/docs#section
            http://10.0.0.5:8080/health                   | http://[ip]:8080/health
            http://[::1]:9200/_bulk                       | http://[ip]:9200/_bulk
            http://search.internal:9200/_bulk?pretty      | http://[host]:9200/_bulk?[redacted]
            jdbc:postgresql://db.internal/calls           | jdbc:postgresql://[host]/calls
            (see https://api.example.com/v1/x)            | (see https://api.example.com/v1/x)
            """)
    void urlsAreTakenApart(String in, String out) {
        assertThat(redactor.redact(in)).isEqualTo(out);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            cannot read /var/lib/app/x.json               | cannot read [path]
            cannot read /var/lib/app/x.json.              | cannot read [path].
            wrote to /tmp/                                | wrote to [path]
            config=/etc/app/conf.yaml, retry              | config=[path], retry
            (/opt/app/lib/a.jar)                          | ([path])
            open ~/calls/today.csv                        | open [path]
            open ~bob/notes.txt                           | open [path]
            open C:\\Users\\x\\a.txt failed               | open [path] failed
            open C:/Users/x/a.txt failed                  | open [path] failed
            share \\\\files\\calls\\x.wav gone            | share [path] gone
            """)
    void fileSystemPathsAreRedacted(String in, String out) {
        assertThat(redactor.redact(in)).isEqualTo(out);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "call 42 completed",
                "OpenSearch 2.19.4 is up",
                "v1.2.3.4 released",
                "1/2 of the calls, and/or 24/7",
                "meeting at 12:30, ended 12:30:45.123",
                "ratio 3:2 and std::vector",
                "mac 00:1a:2b:3c:4d:5e",
                "written to conf/app.xml and ../x",
                "https://api.example.com/v1/x",
                "mail jane.doe@example.com",
                "2026-11-23T18:51:06.654321Z",
                "the internal team and the local office",
                "db.internal.example.com answered",
                "10.0.0.1.5 is not an address",
                "256.1.1.1 is not an address",
                "Approval Granted — ça marche 😀",
                "//cdn.example.com/x.js"
            })
    void ordinaryTextIsKeptAsIs(String text) {
        assertThat(redactor.redact(text)).isSameAs(text);
    }

    @Test
    void fourPartVersionsCannotBeToldFromAddresses() {
        assertThat(redactor.redact("version 1.2.3.4")).isEqualTo("version [ip]");
    }

    @Test
    void userPatternsApplyLast() {
        CallLogConfig config = new CallLogConfig();
        config.addRedactPattern("\\+?\\d{10,15}");
        config.addRedactPattern("sk_live_[A-Za-z0-9]+");
        Redactor r = Redactor.from(config);
        assertThat(r.redact("callee +4915112345678 with key sk_live_abc123 from 10.0.0.1"))
                .isEqualTo("callee [redacted] with key [redacted] from [ip]");
    }

    @Test
    void userPatternsMatchingNothingChangeNothing() {
        Redactor r = new Redactor(true, "", List.of("x*"));
        assertThat(r.redact("abc")).isEqualTo("abc");
        assertThat(r.redact("axxb")).isEqualTo("a[redacted]b");
    }

    @Test
    void emailAddressesChangeOnlyThroughAUserPattern() {
        Redactor r = new Redactor(true, "", List.of("[\\w.+-]+@[\\w.-]+"));
        assertThat(r.redact("mail jane.doe@example.com")).isEqualTo("mail [redacted]");
    }

    @Test
    void customHostPatterns() {
        Redactor r = new Redactor(true, "*.acme.net, build-server, *, a.*.b", List.of());
        assertThat(r.redact("db.eu.acme.net and build-server and x.y.z.b and a.q.b"))
                .isEqualTo("[host] and [host] and x.y.z.b and [host]");
        assertThat(r.redact("acme.net itself")).isEqualTo("acme.net itself");
    }

    @Test
    void noHostPatternsLeavesHostsAlone() {
        Redactor r = new Redactor(true, "", List.of());
        assertThat(r.redact("db.internal and 10.0.0.1")).isEqualTo("db.internal and [ip]");
    }

    @Test
    void disabledChangesNothing() {
        CallLogConfig config = new CallLogConfig();
        config.setRedact(false);
        config.addRedactPattern("secret");
        String text = "secret at 10.0.0.1 in /var/lib/x";
        assertThat(Redactor.from(config).redact(text)).isSameAs(text);
        assertThat(Redactor.disabled().redact(text)).isSameAs(text);
    }

    @Test
    void nullAndEmpty() {
        assertThat(redactor.redact(null)).isNull();
        assertThat(redactor.redact("")).isEmpty();
    }

    @Test
    void everythingTogether() {
        assertThat(redactor.redact("POST https://bob:pw@10.1.2.3:8443/hook?sig=1 from db.internal wrote /var/x/y"))
                .isEqualTo("POST https://[credentials]@[ip]:8443/hook?[redacted] from [host] wrote [path]");
    }

    @Test
    void longInputsDoNotOverflowTheStack() {
        assertThat(redactor.redact("x" + ".a".repeat(50_000) + ".internal!")).isEqualTo("[host]!");
        assertThat(redactor.redact("at /" + "a/".repeat(50_000) + ".")).isEqualTo("at [path].");
        assertThat(redactor.redact("at ~/" + "a/".repeat(50_000))).isEqualTo("at [path]");
        assertThat(redactor.redact("at C:/" + "a/".repeat(50_000))).isEqualTo("at [path]");
        String colons = "1:".repeat(50_000);
        assertThat(redactor.redact(colons)).isSameAs(colons);
        assertThat(redactor.failures()).isZero();
    }

    @Test
    void aFailingUserPatternReplacesTheWholeText() {
        Redactor r = new Redactor(true, "", List.of("(a|b)+"));
        assertThat(r.redact("xaby")).isEqualTo("x[redacted]y");
        assertThat(r.redact("ab".repeat(100_000))).isEqualTo(Redactor.FAILED);
        assertThat(r.failures()).isEqualTo(1);
    }

    @Test
    void invalidUserPatternIsRejected() {
        assertThatThrownBy(() -> new Redactor(true, "", List.of("("))).isInstanceOf(PatternSyntaxException.class);
    }

    @Test
    void ipv6Validation() {
        assertThat(Redactor.isIpv6("::1")).isTrue();
        assertThat(Redactor.isIpv6("1:2:3:4:5:6:7:8")).isTrue();
        assertThat(Redactor.isIpv6("1:2:3:4:5:6:7::")).isTrue();
        assertThat(Redactor.isIpv6("1:2:3:4:5:6:1.2.3.4")).isTrue();
        assertThat(Redactor.isIpv6("1:2:3:4:5:6:7")).isFalse();
        assertThat(Redactor.isIpv6("1:2:3:4:5:6:7:8:9")).isFalse();
        assertThat(Redactor.isIpv6("1::2::3")).isFalse();
        assertThat(Redactor.isIpv6("12345::1")).isFalse();
        assertThat(Redactor.isIpv6(":::1")).isFalse();
        assertThat(Redactor.isIpv6("1:2:3:4:5:6:7:8::")).isFalse();
        assertThat(Redactor.isIpv6("1.2.3.4::1")).isFalse();
    }
}
