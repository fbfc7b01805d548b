package io.tandem.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.component.upload.receivers.FileBuffer;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.micronaut.context.annotation.Prototype;
import io.tandem.connectors.Operators;
import io.tandem.connectors.PluginCatalogue;
import io.tandem.connectors.PluginView;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.SignedInUser;
import io.tandem.ui.vaadin.UiSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The plugin catalogue, for the installation's operators: what is installed, whether it works here
 * (a broken plugin shows its reason), upload a new plugin or a new version, enable, disable, uninstall.
 */
@Route(value = "plugins", layout = MainLayout.class)
@PageTitle("Plugins · Tandem")
@Prototype
public class PluginsView extends VerticalLayout implements BeforeEnterObserver {

    private final PluginCatalogue catalogue;
    private final Operators operators;
    final Grid<PluginView> plugins = new Grid<>(PluginView.class, false);
    final FileBuffer buffer = new FileBuffer();
    final Upload upload = new Upload(buffer);
    final Paragraph message = new Paragraph();

    public PluginsView(PluginCatalogue catalogue, Operators operators) {
        this.catalogue = catalogue;
        this.operators = operators;
        plugins.addColumn(PluginView::id).setHeader("Plugin").setAutoWidth(true);
        plugins.addColumn(PluginView::version).setHeader("Version").setAutoWidth(true);
        plugins.addColumn(PluginView::status).setHeader("Status").setAutoWidth(true);
        plugins.addColumn(p -> p.problem() == null ? "" : p.problem()).setHeader("Problem").setFlexGrow(1);
        plugins.addColumn(p -> p.bundled() ? "bundled" : "uploaded").setHeader("Source").setAutoWidth(true);
        plugins.setAllRowsVisible(true);
        upload.setAcceptedFileTypes(".jar", ".zip");
        upload.setMaxFiles(1);
        upload.addSucceededListener(e -> install(e.getFileName()));
        message.setId("plugins-message");
        add(new H1("Plugins"), new Paragraph("Connector plugins every company on this installation can use. "
                + "Upload a plugin (a jar or zip) to install it, or a new version of one to upgrade it: connections and their state stay."),
                upload, message, plugins);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        SignedInUser user = UiSession.requireUser();
        if (!operators.isOperator(user)) {
            throw ProblemException.forbidden("Only the installation's operators manage plugins.");
        }
        plugins.addComponentColumn(p -> {
            Button toggle = new Button(p.enabled() ? "Disable" : "Enable", e -> act(() -> catalogue.setEnabled(UiSession.requireUser(), p.id(), !p.enabled())));
            Button remove = new Button("Uninstall", e -> act(() -> catalogue.uninstall(UiSession.requireUser(), p.id())));
            toggle.addThemeVariants(ButtonVariant.LUMO_SMALL);
            remove.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
            return new HorizontalLayout(toggle, remove);
        }).setAutoWidth(true);
        refresh();
    }

    void install(String fileName) {
        try (InputStream in = buffer.getInputStream()) {
            PluginView installed = catalogue.install(UiSession.requireUser(), fileName, in);
            message.setText(installed.id() + " " + installed.version() + ": " + installed.status()
                    + (installed.problem() == null ? "" : " — " + installed.problem()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ProblemException refused) {
            message.setText(refused.getMessage());
        }
        upload.clearFileList();
        refresh();
    }

    private void act(Runnable change) {
        try {
            change.run();
        } catch (ProblemException refused) {
            message.setText(refused.getMessage());
        }
        refresh();
    }

    void refresh() {
        plugins.setItems(catalogue.list(UiSession.requireUser()));
    }
}
