package dev.calllog.testsupport;

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
}
