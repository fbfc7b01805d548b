package io.tandem.connectors;

import io.tandem.connector.api.RecordKind;
import io.tandem.funnel.FunnelVersion;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A connection's mapping as a run uses it: the funnel stage a vendor stage value means. The admin's
 * choice wins, then the connector's suggestion; a value with neither that spells a stage key of the
 * funnel (any case) means that stage; anything else is unmapped and waits for the admin.
 */
final class StageResolver {

    /** What a vendor value means: a stage, "not a funnel stage" (known, no stage), or nothing yet (unmapped). */
    record Meaning(boolean known, String stage) {
        static final Meaning UNMAPPED = new Meaning(false, null);
    }

    private final Map<String, Optional<String>> choices = new HashMap<>();
    private final FunnelVersion funnel;

    StageResolver(List<StageMapping.Entry> entries, FunnelVersion funnel) {
        this.funnel = funnel;
        for (StageMapping.Entry e : entries) {
            choices.put(key(e.kind(), e.vendorValue()), Optional.ofNullable(e.stage()));
        }
    }

    Meaning meaning(RecordKind kind, String vendorValue) {
        if (vendorValue == null || vendorValue.isBlank()) {
            return new Meaning(true, null);
        }
        Optional<String> chosen = choices.get(key(kind.name(), vendorValue));
        if (chosen != null) {
            return new Meaning(true, chosen.orElse(null));
        }
        return funnel.stage(vendorValue).map(s -> new Meaning(true, s.key())).orElse(Meaning.UNMAPPED);
    }

    private static String key(String kind, String value) {
        return kind.toUpperCase(Locale.ROOT) + "\u0000" + value;
    }
}
