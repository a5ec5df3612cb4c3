/**
 * Internal: status messages, throttled, to the logging framework's own status channel, and losses on the console.
 * It is not an API for applications: the types here are public only because the appenders, the NDJSON encoders and the command line, in other packages, use them; they may change in any release.
 */
package dev.calllog.core.internal.status;
