package io.tandem.connector.testkit;

import io.tandem.connector.api.RecordSink;
import io.tandem.connector.api.SourceRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A sink that keeps everything a connector emits, rejects and checkpoints, in order, for assertions. */
public final class RecordingSink implements RecordSink {

    /** A rejected source record: where and why. */
    public record Rejection(String stream, String where, String reason) {
    }

    private final List<SourceRecord> records = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private final Map<String, String> state = new LinkedHashMap<>();
    private int checkpoints;

    @Override
    public synchronized void emit(SourceRecord record) {
        if (record == null) {
            throw new AssertionError("a connector emitted null");
        }
        records.add(record);
    }

    @Override
    public synchronized void reject(String stream, String where, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new AssertionError("a rejection needs a reason an admin can act on");
        }
        rejections.add(new Rejection(stream, where, reason));
    }

    @Override
    public synchronized void checkpoint(String stream, String streamState) {
        if (streamState == null) {
            throw new AssertionError("a checkpoint needs a state (empty is fine)");
        }
        state.put(stream, streamState);
        checkpoints++;
    }

    @Override
    public void progress(long done, long total) {
        if (done < 0) {
            throw new AssertionError("progress cannot be negative");
        }
    }

    public synchronized List<SourceRecord> records() {
        return List.copyOf(records);
    }

    public synchronized <T extends SourceRecord> List<T> records(Class<T> type) {
        return records.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public synchronized List<Rejection> rejections() {
        return List.copyOf(rejections);
    }

    /** The state a next run would start from. */
    public synchronized Map<String, String> state() {
        return Map.copyOf(state);
    }

    public synchronized int checkpoints() {
        return checkpoints;
    }
}
