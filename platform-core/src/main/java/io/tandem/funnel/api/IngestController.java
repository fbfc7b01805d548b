package io.tandem.funnel.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.tandem.funnel.ingest.IngestResult;
import io.tandem.funnel.ingest.Ingestion;
import io.tandem.funnel.ingest.JsonRecords;
import io.tandem.funnel.ingest.RawRecord;
import io.tandem.funnel.ingest.RecordType;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.api.TenantRequestFilter;

import java.util.List;
import java.util.UUID;

/**
 * {@code POST /api/v1/ingest/{type}} with a JSON array of records (the same fields as the CSV
 * columns). Valid records are written in one transaction; the response counts what happened and
 * lists every refused record with its position (1-based) and reason.
 */
@Controller("/api/v1/ingest")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class IngestController {

    private final Ingestion ingestion;

    public IngestController(Ingestion ingestion) {
        this.ingestion = ingestion;
    }

    @Post("/{type}")
    public IngestResult ingest(@PathVariable String type, @Nullable @QueryValue String origin, @Body JsonNode body,
                               @RequestAttribute(TenantRequestFilter.TENANT_ATTRIBUTE) UUID tenantId, HttpRequest<?> request) {
        mayWrite(request);
        RecordType recordType = recordType(type);
        List<RawRecord> records = JsonRecords.of(recordType, body);
        return ingestion.ingest(tenantId, recordType, origin, records);
    }

    static RecordType recordType(String type) {
        return RecordType.fromPath(type).orElseThrow(() -> ProblemException.notFound(
                "Unknown record type '" + type + "'; use one of leads, accounts, opportunities, campaigns, spend, mrr, usage, stage-changes, deletions."));
    }

    /** People with the VIEWER role read only; API keys and other roles may write. */
    static void mayWrite(HttpRequest<?> request) {
        request.getAttribute(TenantRequestFilter.USER_ATTRIBUTE, SignedInUser.class)
                .filter(user -> !user.mayChangeData())
                .ifPresent(viewer -> {
                    throw ProblemException.forbidden("Viewers cannot add or change records.");
                });
    }
}
