package io.tandem.ui.views;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import io.tandem.connectors.ConnectionRequest;
import io.tandem.connectors.Connections;
import io.tandem.connectors.PluginCatalogue;
import io.tandem.connectors.PluginView;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.SignedInUser;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A new connection: pick one of the working plugins, and fill in the form its spec asks for. Secret
 * fields are password fields; what is typed there is sent once and never shown again.
 */
class ConnectionDialog extends Dialog {

    final Select<PluginView> plugin = new Select<>();
    final TextField name = new TextField("Name");
    final IntegerField everyMinutes = new IntegerField("Sync every (minutes, empty for on request only)");
    final VerticalLayout form = new VerticalLayout();
    final Map<String, HasValue<?, ?>> fields = new LinkedHashMap<>();
    final Paragraph problem = new Paragraph();
    final Button create = new Button("Create");

    ConnectionDialog(Connections connections, PluginCatalogue catalogue, SignedInUser admin, Runnable created) {
        setId("connection-dialog");
        setHeaderTitle("Add a connection");
        List<PluginView> working = catalogue.list(admin).stream().filter(p -> p.spec() != null && p.status().equals("LOADED")).toList();
        name.setId("connection-name");
        plugin.setLabel("Plugin");
        plugin.setItems(working);
        plugin.setItemLabelGenerator(p -> p.spec().name() + " (" + p.version() + ")");
        plugin.addValueChangeListener(e -> showForm(e.getValue()));
        form.setPadding(false);
        everyMinutes.setMin(5);
        everyMinutes.setMax(10080);
        problem.getStyle().set("color", "var(--lumo-error-text-color)");
        create.setId("create-connection");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(click -> {
            try {
                connections.create(admin, request());
                created.run();
                close();
            } catch (ProblemException refused) {
                problem.setText(refused.getMessage());
            }
        });
        add(new VerticalLayout(plugin, name, form, everyMinutes, problem));
        getFooter().add(new Button("Cancel", e -> close()), create);
        if (!working.isEmpty()) {
            // CSV files first: the one connection that needs no vendor account to try.
            plugin.setValue(working.stream().filter(p -> p.id().equals("csv")).findFirst().orElse(working.get(0)));
        }
    }

    private void showForm(PluginView chosen) {
        form.removeAll();
        fields.clear();
        if (chosen == null) {
            return;
        }
        form.add(new Paragraph(chosen.spec().description()));
        for (PluginView.Field f : chosen.spec().configFields()) {
            String label = f.name() + (f.required() ? " *" : "");
            Component field;
            if (f.secret()) {
                PasswordField secret = new PasswordField(label);
                secret.setRevealButtonVisible(false);
                field = secret;
            } else if (f.type().equals("BOOLEAN")) {
                field = new Checkbox(label, Boolean.parseBoolean(f.defaultValue()));
            } else {
                TextField text = new TextField(label);
                text.setValue(f.defaultValue() == null ? "" : f.defaultValue());
                field = text;
            }
            if (field instanceof com.vaadin.flow.component.HasHelper helper) {
                helper.setHelperText(f.help());
            }
            fields.put(f.name(), (HasValue<?, ?>) field);
            form.add(field);
        }
    }

    ConnectionRequest request() {
        Map<String, Object> config = new LinkedHashMap<>();
        fields.forEach((key, field) -> {
            Object value = field.getValue();
            if (value instanceof String text && text.isBlank()) {
                return;
            }
            config.put(key, value);
        });
        PluginView chosen = plugin.getValue();
        return new ConnectionRequest(chosen == null ? null : chosen.id(), name.getValue(), config,
                everyMinutes.getValue() == null ? null : new ConnectionRequest.Schedule(everyMinutes.getValue()));
    }
}
