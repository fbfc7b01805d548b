package io.tandem.feedback;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** One of the tenant's reasons: a code stored with verdicts, a label people read; retired codes stay for history. */
@Serdeable
public record ReasonCode(String code, String label, @Nullable Boolean active) {

    public boolean isActive() {
        return active == null || active;
    }
}
