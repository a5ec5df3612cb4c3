/**
 * Internal: installing the OpenSearch assets (templates, policies, monitors) before the first bulk request. It is not an API for applications: the types here are public only because the appenders, the NDJSON encoders and the command line, in other packages, use them; they may change in any release.
 */
package dev.calllog.core.internal.setup;
