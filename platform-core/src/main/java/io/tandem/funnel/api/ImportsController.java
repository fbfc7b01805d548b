package io.tandem.funnel.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.tandem.funnel.ingest.CsvImports;
import io.tandem.funnel.ingest.ImportJob;
import io.tandem.funnel.ingest.RecordProblem;
import io.tandem.funnel.ingest.RecordType;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.api.TenantRequestFilter;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * CSV imports over HTTP: post the file as the body ({@code text/csv}), get 202 with the import's id,
 * then follow its status, counts and row errors.
 */
@Controller("/api/v1/imports")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class ImportsController {

    static final int ERRORS_IN_STATUS = 1000;

    private final CsvImports imports;

    public ImportsController(CsvImports imports) {
        this.imports = imports;
    }

    @Post(uri = "/{type}", consumes = {"text/csv", "text/plain", "application/octet-stream"})
    public HttpResponse<Map<String, UUID>> start(@PathVariable String type, @Nullable @Header("X-File-Name") String fileName,
                                                 @RequestAttribute(TenantRequestFilter.TENANT_ATTRIBUTE) UUID tenantId,
                                                 HttpRequest<?> request, HttpServletRequest servletRequest) throws IOException {
        RecordType recordType = IngestController.recordType(type);
        Optional<SignedInUser> user = request.getAttribute(TenantRequestFilter.USER_ATTRIBUTE, SignedInUser.class);
        UUID id = user.isPresent()
                ? imports.start(user.get(), recordType, fileName, servletRequest.getInputStream())
                : imports.startWithApiKey(tenantId, recordType, fileName, servletRequest.getInputStream());
        return HttpResponse.accepted().body(Map.of("importId", id));
    }

    @Get
    public List<ImportJob> recent(@RequestAttribute(TenantRequestFilter.TENANT_ATTRIBUTE) UUID tenantId,
                                  @Nullable @QueryValue Integer limit) {
        return imports.recent(tenantId, limit == null ? 50 : limit);
    }

    /** Status and counts, with the first {@value #ERRORS_IN_STATUS} row errors; page through the rest with /errors. */
    @Get("/{id}")
    public ImportStatus status(@PathVariable UUID id, @RequestAttribute(TenantRequestFilter.TENANT_ATTRIBUTE) UUID tenantId) {
        ImportJob job = imports.job(tenantId, id);
        return new ImportStatus(job, job.progress(), imports.errors(tenantId, id, 0, ERRORS_IN_STATUS));
    }

    @Get("/{id}/errors")
    public List<RecordProblem> errors(@PathVariable UUID id, @RequestAttribute(TenantRequestFilter.TENANT_ATTRIBUTE) UUID tenantId,
                                      @Nullable @QueryValue Long offset, @Nullable @QueryValue Integer limit) {
        return imports.errors(tenantId, id, offset == null ? 0 : offset, limit == null ? 1000 : limit);
    }

    @Serdeable
    public record ImportStatus(@com.fasterxml.jackson.annotation.JsonUnwrapped ImportJob job, double progress, List<RecordProblem> errors) {
    }
}
