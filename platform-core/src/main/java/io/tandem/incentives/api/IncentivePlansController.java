package io.tandem.incentives.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.tandem.incentives.IncentivePlans;
import io.tandem.incentives.Levers;
import io.tandem.incentives.PlanActivation;
import io.tandem.incentives.WhatIfSimulator;
import io.tandem.incentives.Plan;
import io.tandem.incentives.PlanDraft;
import io.tandem.metrics.MetricsPeriod;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.api.TenantRequestFilter;

import java.util.List;
import java.util.UUID;

/** Incentive plans: create, read, change (a new version once active), simulate, activate (after the standard scenarios), retire. */
@Controller("/api/v1/incentives/plans")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class IncentivePlansController {

    private final IncentivePlans plans;
    private final PlanActivation activation;
    private final WhatIfSimulator simulator;

    public IncentivePlansController(IncentivePlans plans, PlanActivation activation, WhatIfSimulator simulator) {
        this.plans = plans;
        this.activation = activation;
        this.simulator = simulator;
    }

    @Post
    public HttpResponse<Plan> create(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @Body PlanDraft draft) {
        return HttpResponse.created(plans.create(user, draft));
    }

    @Get
    public List<Plan> list(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user) {
        return plans.list(user);
    }

    @Get("/{id}")
    public Plan get(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id) {
        return plans.get(user, id);
    }

    @Get("/{id}/versions")
    public List<Plan> versions(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id) {
        return plans.history(user, id);
    }

    @Put("/{id}")
    public Plan change(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id, @Body PlanDraft draft) {
        return plans.change(user, id, draft);
    }

    @Post("/{id}/activate")
    public Plan activate(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id,
                         @Nullable @Body Activation activation) {
        return this.activation.activate(user, id, activation == null ? null : activation.overrideReason());
    }

    /**
     * The standard scenarios for this version, and the caller's own levers when given; modelled on the
     * window {@code from}…{@code to} when given (both), else on the twelve months up to the newest data.
     */
    @Post("/{id}/simulate")
    public WhatIfSimulator.Simulation simulate(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id,
                                               @Nullable @QueryValue String from, @Nullable @QueryValue String to, @Nullable @Body Levers levers) {
        if ((from == null) != (to == null)) {
            throw ProblemException.invalid("A modelling window needs both from and to (or neither, for the twelve months before the newest data).");
        }
        return simulator.simulate(user, id, levers, from == null ? null : MetricsPeriod.parse(from, to));
    }

    @Post("/{id}/retire")
    public Plan retire(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id) {
        return plans.retire(user, id);
    }

    @Serdeable
    public record Activation(@Nullable String overrideReason) {
    }
}
