package io.tandem.incentives.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.tandem.incentives.PeriodClose;
import io.tandem.incentives.PeriodCloses;
import io.tandem.incentives.Statement;
import io.tandem.incentives.StatementLine;
import io.tandem.incentives.Statements;
import io.tandem.platform.SpreadsheetCsv;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.api.TenantRequestFilter;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Closing pay periods, statements (JSON or CSV), approval, and live attainment. */
@Controller("/api/v1/incentives")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class StatementsController {

    private final Statements statements;
    private final PeriodCloses closes;

    public StatementsController(Statements statements, PeriodCloses closes) {
        this.statements = statements;
        this.closes = closes;
    }

    /** 200 with the statements when the close is small; else 202 with the close running in the background, to follow at its Location. */
    @Post("/periods/{period}/close")
    public HttpResponse<?> close(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable String period) {
        PeriodCloses.Outcome outcome = closes.close(user, period);
        if (outcome.background() == null) {
            return HttpResponse.ok(outcome.statements());
        }
        return HttpResponse.accepted().body(outcome.background()).header("Location", "/api/v1/incentives/closes/" + outcome.background().id());
    }

    @Get("/closes/{id}")
    public PeriodClose closeProgress(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id) {
        return closes.get(user, id);
    }

    @Get("/statements")
    public List<Statement> list(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @QueryValue String period) {
        return statements.list(user, period);
    }

    @Get(value = "/statements.csv", produces = "text/csv")
    public HttpResponse<String> csv(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @QueryValue String period) {
        StringBuilder csv = new StringBuilder(SpreadsheetCsv.row(List.of("period", "plan", "member", "kind", "status", "line", "metric",
                "weight", "value", "target", "attainment", "segment", "factor", "amount", "currency", "note")));
        for (Statement s : statements.list(user, period)) {
            for (StatementLine l : s.lines()) {
                csv.append(SpreadsheetCsv.row(Arrays.asList(s.period(), s.planName(), s.memberName(), s.kind(), s.status(), l.lineNo(),
                        l.metric(), l.weight(), l.value(), l.target(), l.attainment(), l.segment(), l.factor(), l.amount(),
                        s.currency(), l.note())));
            }
        }
        return HttpResponse.ok(csv.toString()).contentType(MediaType.of("text/csv"))
                .header("Content-Disposition", "attachment; filename=\"statements-" + period.replaceAll("[^0-9A-Za-z-]", "") + ".csv\"");
    }

    @Post("/statements/{id}/approve")
    public Statement approve(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id) {
        return statements.approve(user, id);
    }

    @Get("/attainment")
    public List<Statement> attainment(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user) {
        return statements.live(user);
    }

}
