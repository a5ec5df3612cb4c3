/**
 * Internal: the HTTP transport to OpenSearch on the JDK's own client (nodes, TLS, credentials, proxies, request
 * signing). It is not an API for applications: the types here are public only because the appenders, the NDJSON encoders and the command line, in other packages, use them; they may change in any release.
 */
package dev.calllog.core.internal.transport;
