/**
 * Internal: the packages below carry the engine's parts (settings, mapping, JSON, redaction, asset set-up, shipping,
 * spool, status, transport). Their types are public only because the appenders, the NDJSON encoders and the command
 * line, in other packages, use them. They are not an API for applications and may change in any release. The API is
 * {@link dev.calllog.core.catalog} and {@link dev.calllog.core.metrics.CallLogMetricsMXBean}.
 */
package dev.calllog.core.internal;
