/**
 * The connector runtime: the host side of the connector SPI ({@code io.tandem.connector.api}).
 * So far the HTTP every connector uses ({@link io.tandem.connectors.ConnectorHttpClient}); the plugin
 * catalogue, connections, stage mappings and syncs build on it.
 */
package io.tandem.connectors;
