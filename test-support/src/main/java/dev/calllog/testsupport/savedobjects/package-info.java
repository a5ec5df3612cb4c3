/**
 * Saved objects of OpenSearch Dashboards and Kibana, checked without a Dashboards server: {@link
 * dev.calllog.testsupport.savedobjects.SavedObjects} reads an NDJSON export and lists the fields each object uses
 * ({@link dev.calllog.testsupport.savedobjects.FieldUse}); {@link
 * dev.calllog.testsupport.savedobjects.SavedObjectQuery} builds the query a visualization or saved search sends, to run
 * it on a real node, and reads the answer as table rows.
 */
package dev.calllog.testsupport.savedobjects;
