/**
 * The connector plugin SPI: what a CRM or marketing-tool connector implements (spec, check,
 * discover, read with a cursor the host persists) and the canonical records it emits. Plugin
 * authors depend on this module and PF4J alone, with {@code provided} scope. The extension points
 * arrive with the connector issues; today the module fixes the package and its dependency rules.
 */
package io.tandem.connector.api;
