package io.tandem.metrics;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** Accounts that started in one calendar month, and the share still active 1, 2, … months after it began. */
@Serdeable
public record CohortRow(String cohort, long accounts, List<Double> retention) {
}
