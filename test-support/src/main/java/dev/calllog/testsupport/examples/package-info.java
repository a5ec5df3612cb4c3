/**
 * What the example applications under {@code examples/} share in their tests: the cluster they write to
 * ({@link dev.calllog.testsupport.examples.CallLogCluster}), an application run in a JVM of its own
 * ({@link dev.calllog.testsupport.examples.ExampleProcess}), the field-by-field comparison of what OpenSearch holds
 * with the documents an example must yield ({@link dev.calllog.testsupport.examples.Documents}), and the check that
 * puts them together ({@link dev.calllog.testsupport.examples.ExampleRun}).
 */
package dev.calllog.testsupport.examples;
