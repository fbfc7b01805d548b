package io.tandem.connector.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run reads: the streams, in order, and each one's state from the last checkpoint (absent
 * for a stream read for the first time or fully refreshed).
 */
public record ReadRequest(List<String> streams, Map<String, String> state) {

    public ReadRequest {
        streams = List.copyOf(streams);
        state = Map.copyOf(new HashMap<>(state));
    }

    public Optional<String> stateOf(String stream) {
        return Optional.ofNullable(state.get(stream));
    }
}
