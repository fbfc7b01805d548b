package io.tandem.incentives;

import io.tandem.platform.ProblemException;
import io.tandem.tenancy.SignedInUser;
import jakarta.inject.Singleton;

import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Activating a plan version runs the standard what-if scenarios first. A version that would pay its
 * team more while revenue or NRR falls is refused (409, with the flags) unless the author gives a reason
 * to activate it anyway; that reason is recorded with the version.
 */
@Singleton
public class PlanActivation {

    private final IncentivePlans plans;
    private final WhatIfSimulator simulator;

    public PlanActivation(IncentivePlans plans, WhatIfSimulator simulator) {
        this.plans = plans;
        this.simulator = simulator;
    }

    public Plan activate(SignedInUser author, UUID versionId, String overrideReason) {
        IncentivePlans.requireEditor(author);
        WhatIfSimulator.Simulation simulation = simulator.simulate(author, versionId, null, null);
        String reason = overrideReason == null || overrideReason.isBlank() ? null : overrideReason.strip();
        if (simulation.flagged() && reason == null) {
            String flags = simulation.scenarios().stream().filter(WhatIfSimulator.Outcome::perverse).map(WhatIfSimulator.Outcome::summary)
                    .collect(Collectors.joining("; "));
            throw ProblemException.conflict("This plan rewards a perverse outcome (" + flags + "). Change it, or activate it with an "
                    + "overrideReason saying why.");
        }
        return plans.activate(author, versionId, simulation.flagged() ? reason : null);
    }
}
