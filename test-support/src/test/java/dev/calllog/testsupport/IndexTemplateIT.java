package dev.calllog.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The call-log templates on the shared node of the default version. */
@WithOpenSearch
class IndexTemplateIT extends CallLogTemplateContract {
    private final OpenSearchHttp http;

    IndexTemplateIT(OpenSearchHttp http) {
        this.http = http;
    }

    @Override
    OpenSearchHttp connect() {
        return http;
    }

    @Test
    void theContractRunsOnTheDefaultVersion() {
        OpenSearchHttp.Response root = http.get("/");
        assertThat(root.ok()).as(root.toString()).isTrue();
        assertThat(root.body())
                .containsPattern("\"number\"\\s*:\\s*\"" + Pattern.quote(OpenSearchVersions.defaultVersion()) + "\"");
    }
}
