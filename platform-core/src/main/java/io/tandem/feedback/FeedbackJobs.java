package io.tandem.feedback;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.tandem.platform.jobs.RecurringJob;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;

/** The feedback loop's background work: the SLA watch and the delivery of e-mails and webhook posts. */
@Factory
class FeedbackJobs {

    @Singleton
    @Named("sla-watch")
    RecurringJob slaWatch(SlaWatch watch, Clock clock, @Value("${tandem.jobs.sla-check-interval:1m}") Duration interval) {
        return job("sla-watch", interval, () -> watch.check(clock.instant()));
    }

    @Singleton
    @Named("notification-delivery")
    RecurringJob deliveries(Deliveries deliveries, @Value("${tandem.jobs.delivery-interval:10s}") Duration interval) {
        return job("notification-delivery", interval, deliveries::deliverDue);
    }

    private static RecurringJob job(String name, Duration interval, Runnable work) {
        return new RecurringJob() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Duration interval() {
                return interval;
            }

            @Override
            public void run() {
                work.run();
            }
        };
    }
}
