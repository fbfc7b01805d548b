package io.tandem.ui;

import com.vaadin.flow.component.page.AppShellConfigurator;
import jakarta.inject.Singleton;

/** Page-wide settings of the web UI. */
@Singleton
@com.vaadin.flow.component.page.Meta(name = "description", content = "Tandem: one funnel, one set of numbers for sales and marketing")
public class TandemAppShell implements AppShellConfigurator {
}
