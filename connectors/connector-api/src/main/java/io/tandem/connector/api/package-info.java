/**
 * The connector plugin SPI: what a CRM or marketing-tool connector implements and the canonical
 * records it emits. Modelled on the Airbyte protocol: {@link io.tandem.connector.api.SourceConnector#spec spec},
 * {@link io.tandem.connector.api.SourceConnector#check check},
 * {@link io.tandem.connector.api.SourceConnector#discover discover} and
 * {@link io.tandem.connector.api.SourceConnector#read read} with per-stream state the host persists.
 *
 * <p>Plugin authors depend on this module and PF4J alone, both with {@code provided} scope; nothing
 * of Micronaut or Jackson appears here. The host owns the hard parts once for every connector:
 * retries and back-off ({@link io.tandem.connector.api.ConnectorHttp}), persistence of records and
 * checkpoints in one transaction, scheduling, secrets.
 *
 * <p>Versioning: {@link io.tandem.connector.api.ConnectorSpi#VERSION} is a semantic version. A
 * <em>minor</em> change only adds (a record field with a default, a new record type, a context
 * method with a default implementation): plugins built against 1.x keep working on any 1.y with
 * y ≥ x. A <em>major</em> change removes or changes something: plugins must be rebuilt. A plugin
 * declares what it needs in its manifest, {@code Plugin-Requires: >=1.0.0 & <2.0.0}, and the host
 * refuses to start a plugin whose range excludes its SPI version.
 */
package io.tandem.connector.api;
