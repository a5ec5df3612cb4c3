/**
 * Internal: the engine behind both appenders (mapping, buffering and shipping, configured once). Applications reach it
 * through an appender's {@code getEngine()} only to read its metrics ({@link dev.calllog.core.metrics}).
 */
package dev.calllog.core;
