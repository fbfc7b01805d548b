package io.tandem.platform.operations;

import org.slf4j.bridge.SLF4JBridgeHandler;

/** One log for the whole process: what libraries write through java.util.logging (Tomcat) goes through Logback too. */
public final class Logs {

    private Logs() {
    }

    /** Call first thing in a main method, before Tomcat writes its first line. */
    public static void routeJavaUtilLogging() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }
}
