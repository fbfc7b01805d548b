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
import io.tandem.incentives.Statement;
import io.tandem.incentives.StatementLine;
import io.tandem.incentives.Statements;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.api.TenantRequestFilter;

import java.util.List;
import java.util.UUID;

/** Closing pay periods, statements (JSON or CSV), approval, and live attainment. */
@Controller("/api/v1/incentives")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class StatementsController {

    private final Statements statements;

    public StatementsController(Statements statements) {
        this.statements = statements;
    }

    @Post("/periods/{period}/close")
    public List<Statement> close(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable String period) {
        return statements.close(user, period);
    }

    @Get("/statements")
    public List<Statement> list(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @QueryValue String period) {
        return statements.list(user, period);
    }

    @Get(value = "/statements.csv", produces = "text/csv")
    public HttpResponse<String> csv(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @QueryValue String period) {
        StringBuilder csv = new StringBuilder("period,plan,member,kind,status,line,metric,weight,value,target,attainment,segment,factor,amount,currency,note\n");
        for (Statement s : statements.list(user, period)) {
            for (StatementLine l : s.lines()) {
                csv.append(String.join(",", field(s.period()), field(s.planName()), field(s.memberName()), s.kind(), s.status(),
                        Integer.toString(l.lineNo()), field(l.metric()), field(l.weight()), field(l.value()), field(l.target()),
                        field(l.attainment()), field(l.segment()), field(l.factor()), field(l.amount()), s.currency(), field(l.note()))).append('\n');
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

    private static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof java.math.BigDecimal d ? d.toPlainString() : value.toString();
        return text.contains(",") || text.contains("\"") || text.contains("\n") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
