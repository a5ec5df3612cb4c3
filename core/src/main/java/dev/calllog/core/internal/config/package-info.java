/**
 * Internal: the settings, declared once ({@link dev.calllog.core.internal.config.Settings}), their values and their checks at
 * start-up. Applications set them in {@code logback.xml} or {@code log4j2.xml}. It is not an API for applications: the types here are public only because the appenders, the NDJSON encoders and the command line, in other packages, use them; they may change in any release.
 */
package dev.calllog.core.internal.config;
