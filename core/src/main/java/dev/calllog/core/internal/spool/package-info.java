/**
 * Internal: the disk spool: a bounded, crash-safe queue of {@code _bulk} items on local disk, where events wait while the cluster
 * cannot take them, also across restarts of the application. See {@link dev.calllog.core.internal.spool.Spool} for the file
 * format and the durability point.
 */
package dev.calllog.core.internal.spool;
