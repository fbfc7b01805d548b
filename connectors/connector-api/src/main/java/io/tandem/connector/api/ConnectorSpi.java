package io.tandem.connector.api;

/** The SPI's own version, which the host gives PF4J as its system version (see the package documentation). */
public final class ConnectorSpi {

    /** Semantic version of this SPI. */
    public static final String VERSION = "1.0.0";

    private ConnectorSpi() {
    }
}
