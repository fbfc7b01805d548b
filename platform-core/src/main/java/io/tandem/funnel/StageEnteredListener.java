package io.tandem.funnel;

import java.util.List;
import java.util.UUID;

/**
 * Told of every batch of new stage entries inside the transaction that records them (with the
 * tenant set), so that what follows from an entry (a hand-off landing in the sales inbox) is
 * committed together with it or not at all. Replayed entries are not reported again.
 */
public interface StageEnteredListener {

    void entered(UUID tenantId, List<StageEntered> entries, FunnelVersion current);
}
