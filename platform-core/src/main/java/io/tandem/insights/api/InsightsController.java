package io.tandem.insights.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.tandem.insights.Insight;
import io.tandem.insights.InsightDraft;
import io.tandem.insights.InsightKind;
import io.tandem.insights.Insights;
import io.tandem.insights.findings.FindingSettings;
import io.tandem.insights.findings.FindingsReport;
import io.tandem.insights.findings.InsightFindings;
import io.tandem.metrics.MetricsPeriod;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.api.TenantRequestFilter;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Sales' insights: {@code POST /api/v1/insights} (sales logs), {@code GET} the feed (everyone; filters kind, tag,
 * segment, q; {@code campaign} ranks what fits it first), {@code GET/PATCH/DELETE /{id}} (author or admin changes),
 * {@code POST /{id}/uses} and {@code DELETE /{id}/uses/{useId}} (marketing marks where it used one), {@code GET /loop}.
 */
@Controller("/api/v1/insights")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class InsightsController {

    private final Insights insights;
    private final InsightFindings findings;

    public InsightsController(Insights insights, InsightFindings findings) {
        this.insights = insights;
        this.findings = findings;
    }

    @Post
    public HttpResponse<Insight> log(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @Body InsightDraft draft) {
        return HttpResponse.created(insights.log(user, draft));
    }

    @Get
    public List<Insight> feed(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @Nullable @QueryValue String kind,
                              @Nullable @QueryValue String tag, @Nullable @QueryValue String segment, @Nullable @QueryValue UUID campaign,
                              @Nullable @QueryValue String q, @Nullable @QueryValue Integer page, @Nullable @QueryValue Integer size) {
        return insights.feed(user, new Insights.Feed(kind(kind), tag, segment, campaign, q, page == null ? 0 : page, size == null ? 50 : size));
    }

    @Get("/loop")
    public Insights.Loop loop(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @Nullable @QueryValue String from,
                              @Nullable @QueryValue String to) {
        return insights.loop(user, MetricsPeriod.parse(from, to));
    }

    /** The findings from the data: the last report (each finding with its groups, effect, p-values and records). */
    @Get("/findings")
    public FindingsReport findings(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user) {
        return findings.report(user);
    }

    /** Computes the findings again now. */
    @Post("/findings/refresh")
    public FindingsReport refreshFindings(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user) {
        return findings.refresh(user);
    }

    @Get("/settings")
    public FindingSettings settings(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user) {
        return findings.settings(user);
    }

    /** Admins choose the value feature of time-to-value ({"valueFeature":"workflows"}, null for any feature). */
    @Put("/settings")
    public FindingSettings changeSettings(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user,
                                          @Body FindingSettings settings) {
        return findings.changeSettings(user, settings);
    }

    @Get("/{id}")
    public Insight get(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id) {
        return insights.get(user, id);
    }

    /** A campaign brief drafted from the insight (facts, numbers, the quote), to edit. */
    @Get("/{id}/brief")
    public Insights.Brief brief(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id) {
        return insights.brief(user, id);
    }

    @Patch("/{id}")
    public Insight change(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id,
                          @Body InsightDraft draft) {
        return insights.change(user, id, draft);
    }

    @Delete("/{id}")
    public HttpResponse<Void> remove(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id) {
        insights.remove(user, id);
        return HttpResponse.noContent();
    }

    @Post("/{id}/uses")
    public HttpResponse<Insight> markUsed(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id,
                                          @Body InsightDraft.UseMark mark) {
        return HttpResponse.created(insights.markUsed(user, id, mark));
    }

    @Delete("/{id}/uses/{useId}")
    public HttpResponse<Void> unmarkUse(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id,
                                        @PathVariable UUID useId) {
        insights.unmarkUse(user, id, useId);
        return HttpResponse.noContent();
    }

    private static InsightKind kind(@Nullable String kind) {
        if (kind == null || kind.isBlank()) {
            return null;
        }
        try {
            return InsightKind.valueOf(kind.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("Unknown kind '" + kind + "': WIN_STORY, OBJECTION, LOSS_REASON, CUSTOMER_OUTCOME or COMPETITOR.");
        }
    }
}
