/** Internal: removal of network addresses, internal host names, credentials, query strings and file paths from text. */
package dev.calllog.core.internal.redact;
