package dev.calllog.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.config.HeaderSetting;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every connection setting of {@code logback.xml} reaches the core's settings. */
class LogbackConnectionSettingsTest {

    @Test
    void everyConnectionElementReachesTheSettings() throws Exception {
        String xml = """
                <configuration>
                  <appender name="CALLLOG" class="dev.calllog.logback.CallLogAppender">
                    <url>https://search.example.com:9200</url>
                    <apiKeyFile>/run/secrets/api-key</apiKeyFile>
                    <bearerTokenFile>/run/secrets/token</bearerTokenFile>
                    <passwordFile>/run/secrets/password</passwordFile>
                    <header>X-Tenant: blue</header>
                    <header>X-Routing-Key: eu-1</header>
                    <caFile>/etc/calllog/root-ca.pem</caFile>
                    <clientCertFile>/etc/calllog/client.pem</clientCertFile>
                    <clientKeyFile>/etc/calllog/client.key</clientKeyFile>
                    <clientKeyPassword>key-pass</clientKeyPassword>
                    <keyStore>/etc/calllog/client.p12</keyStore>
                    <keyStorePassword>store-pass</keyStorePassword>
                    <keyStoreType>PKCS12</keyStoreType>
                    <proxy>http://proxy.example:3128</proxy>
                    <proxyUsername>proxy-user</proxyUsername>
                    <proxyPassword>proxy-pass</proxyPassword>
                    <awsRegion>eu-west-1</awsRegion>
                    <awsService>aoss</awsService>
                    <apiKey>id:key</apiKey>
                    <bearerToken>tok</bearerToken>
                  </appender>
                  <root level="INFO"><appender-ref ref="CALLLOG"/></root>
                </configuration>
                """;
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        // The appender refuses to start on these made-up files and conflicting credentials; its settings are read.
        configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        try {
            CallLogAppender appender = (CallLogAppender)
                    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("CALLLOG");
            CallLogConfig c = appender == null ? null : appender.getConfig();
            assertThat(c).isNotNull();
            assertThat(c.apiKeyFile()).isEqualTo("/run/secrets/api-key");
            assertThat(c.bearerTokenFile()).isEqualTo("/run/secrets/token");
            assertThat(c.passwordFile()).isEqualTo("/run/secrets/password");
            assertThat(c.headers())
                    .containsExactly(new HeaderSetting("X-Tenant", "blue"), new HeaderSetting("X-Routing-Key", "eu-1"));
            assertThat(c.caFile()).isEqualTo("/etc/calllog/root-ca.pem");
            assertThat(c.clientCertFile()).isEqualTo("/etc/calllog/client.pem");
            assertThat(c.clientKeyFile()).isEqualTo("/etc/calllog/client.key");
            assertThat(c.clientKeyPassword()).isEqualTo("key-pass");
            assertThat(c.keyStore()).isEqualTo("/etc/calllog/client.p12");
            assertThat(c.keyStorePassword()).isEqualTo("store-pass");
            assertThat(c.keyStoreType()).isEqualTo("PKCS12");
            assertThat(c.proxy()).isEqualTo("http://proxy.example:3128");
            assertThat(c.proxyUsername()).isEqualTo("proxy-user");
            assertThat(c.proxyPassword()).isEqualTo("proxy-pass");
            assertThat(c.awsRegion()).isEqualTo("eu-west-1");
            assertThat(c.awsService()).isEqualTo("aoss");
            assertThat(c.apiKey()).isEqualTo("id:key");
            assertThat(c.bearerToken()).isEqualTo("tok");
        } finally {
            context.stop();
        }
    }
}
