package io.tandem.funnel.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.tandem.funnel.RecordBrowser;
import io.tandem.tenancy.api.TenantRequestFilter;

import java.util.List;
import java.util.UUID;

/** Browsing records: {@code GET /api/v1/records/{leads|opportunities|accounts|campaigns}?q=&page=&size=} and a record's stage history. */
@Controller("/api/v1/records")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class RecordsController {

    private final RecordBrowser records;

    public RecordsController(RecordBrowser records) {
        this.records = records;
    }

    @Get("/{kind}")
    public RecordBrowser.RecordPage page(@PathVariable String kind, @Nullable @QueryValue String q, @Nullable @QueryValue Integer page,
                                         @Nullable @QueryValue Integer size,
                                         @RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) io.tandem.tenancy.SignedInUser user) {
        return records.page(user.tenantId(), RecordBrowser.Kind.of(kind), q, page == null ? 0 : page, size == null ? 50 : size);
    }

    @Get("/{kind}/{id}/history")
    public List<RecordBrowser.StageEntry> history(@PathVariable String kind, @PathVariable UUID id,
                                                  @RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) io.tandem.tenancy.SignedInUser user) {
        return records.history(user.tenantId(), RecordBrowser.Kind.of(kind), id);
    }

    /** The sources the record came from (one person can come from two CRMs), the first one first. */
    @Get("/{kind}/{id}/sources")
    public List<RecordBrowser.RecordSource> sources(@PathVariable String kind, @PathVariable UUID id,
                                                    @RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) io.tandem.tenancy.SignedInUser user) {
        return records.sources(user.tenantId(), RecordBrowser.Kind.of(kind), id);
    }
}
