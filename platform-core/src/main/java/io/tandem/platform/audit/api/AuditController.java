package io.tandem.platform.audit.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.tandem.platform.audit.AuditLog;
import io.tandem.platform.audit.AuditQuery;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.api.TenantRequestFilter;

/**
 * The tenant's audit log for its admins: {@code GET /api/v1/audit} pages it newest first (follow {@code next} as
 * {@code before}); {@code GET /api/v1/audit.csv} exports every matching line. Both filter by days, subject, action, actor.
 */
@Controller("/api/v1")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class AuditController {

    private final AuditLog log;

    public AuditController(AuditLog log) {
        this.log = log;
    }

    @Get("/audit")
    public AuditLog.Page page(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user,
                              @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                              @Nullable @QueryValue String subject, @Nullable @QueryValue String subjectId,
                              @Nullable @QueryValue String action, @Nullable @QueryValue String actor,
                              @Nullable @QueryValue Integer limit, @Nullable @QueryValue String before) {
        return log.page(user, AuditQuery.parse(from, to, subject, subjectId, action, actor, limit, before));
    }

    @Get(value = "/audit.csv", produces = "text/csv")
    public HttpResponse<String> csv(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user,
                                    @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                    @Nullable @QueryValue String subject, @Nullable @QueryValue String subjectId,
                                    @Nullable @QueryValue String action, @Nullable @QueryValue String actor) {
        String csv = log.csv(user, AuditQuery.parse(from, to, subject, subjectId, action, actor, null, null));
        return HttpResponse.ok(csv).contentType(MediaType.of("text/csv"))
                .header("Content-Disposition", "attachment; filename=\"audit-log.csv\"");
    }
}
