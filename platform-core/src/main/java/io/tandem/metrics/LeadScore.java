package io.tandem.metrics;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** Calibration of marketing's lead score: Brier score, AUC and the decile table. */
@Serdeable
public record LeadScore(Double brier, Double auc, List<Decile> deciles, long count) {
}
