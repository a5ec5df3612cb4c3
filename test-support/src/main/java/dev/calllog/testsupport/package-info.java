/**
 * Real OpenSearch nodes for tests and the demo, started from the {@code integ-test-zip} Maven artifact without Docker.
 *
 * <ul>
 *   <li>{@link dev.calllog.testsupport.OpenSearchNode}: one node; start, stop, kill, start again with its ports and
 *       data.
 *   <li>{@link dev.calllog.testsupport.OpenSearchCluster}: several nodes on loopback forming one cluster.
 *   <li>{@link dev.calllog.testsupport.WithOpenSearch}: one shared node per test JVM, injected as a parameter.
 *   <li>{@link dev.calllog.testsupport.OpenSearchHttp}: status and body of plain HTTP requests to a node.
 *   <li>{@link dev.calllog.testsupport.OpenSearchVersions}: the versions the build pinned and the Java each needs.
 * </ul>
 */
package dev.calllog.testsupport;
