/**
 * Internal: from a logging framework's event to a call-log document (the record, the data snapshot, the document
 * writer, the size estimates, trace correlation). It is not an API for applications: the types here are public only because the appenders, the NDJSON encoders and the command line, in other packages, use them; they may change in any release.
 */
package dev.calllog.core.internal.mapping;
