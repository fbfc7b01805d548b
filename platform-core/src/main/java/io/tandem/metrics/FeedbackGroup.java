package io.tandem.metrics;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * Sales' feedback on marketing's hand-offs of one campaign or source in a period, and what became of
 * them downstream; plus the loss reasons of its deals lost in the period.
 *
 * @param group       the campaign's external id or the source; "(none)" for hand-offs without one
 * @param slaCompliance of hand-offs whose deadline passed or that got a verdict, the share answered in time
 * @param sqlRate     share of the hand-offs whose lead entered SQL after the hand-off
 * @param wonRate     share of the hand-offs whose lead has a won opportunity
 */
@Serdeable
public record FeedbackGroup(String group, @Nullable String name, long handoffs, long accepted, long rejected, long open,
                            List<ReasonCount> rejectionReasons, @Nullable Double conformingShare, @Nullable Double slaCompliance,
                            @Nullable Double sqlRate, @Nullable Double wonRate, long lost, List<ReasonCount> lossReasons) {
}
