package io.tandem.connector.api;

/** The SPI's own version, which the host gives PF4J as its system version (see the package documentation). */
public final class ConnectorSpi {

    /**
     * Semantic version of this SPI. Not a compile-time constant on purpose: code compiled against one
     * version of this class must read the version of the one it runs with, not a copy the compiler
     * inlined.
     */
    public static final String VERSION = running();

    private static String running() {
        return "1.3.0";
    }

    private ConnectorSpi() {
    }
}
