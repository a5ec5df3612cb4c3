/**
 * Internal: the shipping pipeline, one job per class: the record buffer, the batch worker, the batch, the bulk
 * exporter, the retry policy, the outcome recorder and the spooling exporter. It is not an API for applications: the types here are public only because the appenders, the NDJSON encoders and the command line, in other packages, use them; they may change in any release.
 */
package dev.calllog.core.internal.shipping;
