/**
 * The event catalogue: the 36 built-in events, their categories and levels. Applications use {@link
 * dev.calllog.core.catalog.EventCodes} (the codes, which are also the marker names) and {@link
 * dev.calllog.core.catalog.Level}; this package is part of the project's API.
 */
package dev.calllog.core.catalog;
