package io.tandem.ui.vaadin;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.shared.Registration;

/** Pages that follow work in progress (imports, syncs) ask the browser for news while they are shown. */
public final class Polling {

    private Polling() {
    }

    /**
     * Polls every {@code intervalMs} while {@code view} is attached; on leaving it, polling stops and the
     * listener goes with it (a page opened again does not poll twice, nor a left one at all).
     */
    public static void whileAttached(Component view, int intervalMs, Runnable poll) {
        Registration[] listener = new Registration[1];
        view.addAttachListener(e -> {
            e.getUI().setPollInterval(intervalMs);
            listener[0] = e.getUI().addPollListener(p -> poll.run());
        });
        view.addDetachListener(e -> {
            e.getUI().setPollInterval(-1);
            if (listener[0] != null) {
                listener[0].remove();
                listener[0] = null;
            }
        });
    }
}
