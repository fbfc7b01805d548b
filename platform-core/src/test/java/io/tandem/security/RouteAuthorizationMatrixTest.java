package io.tandem.security;

import io.tandem.support.ApiClient;
import io.tandem.support.ApiClient.Response;
import io.tandem.support.TandemTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call which route: every REST route the router serves (HEAD mirrors GET and is left out)
 * against every kind of caller. {@code ok} means the caller got past authentication and
 * authorization (the route answered 2xx, or 400/404/409 for the empty body and unknown ids it was
 * sent); {@code 401} not signed in; {@code 403} forbidden. A route the table does not list fails the
 * test, so a new route cannot ship without a decided row. Columns:
 * anon, API key, VIEWER, VIEWER flagged SALES lead, MARKETING member and lead, SALES member and lead,
 * REVOPS member, LEADERSHIP member, ADMIN (REVOPS), and an installation operator (a REVOPS member
 * whose e-mail is in TANDEM_OPERATOR_EMAILS).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteAuthorizationMatrixTest {

    static final String EXPECTED = """
            route                                              anon key  vwr  vwrL mkt  mktL sal  salL rev  ldr  adm  op
            DELETE /api/v1/api-keys/{id}                       401  403  403  403  403  403  403  403  403  403  ok   403
            DELETE /api/v1/connections/{id}                    401  403  403  403  403  403  403  403  403  403  ok   403
            DELETE /api/v1/connections/{id}/files/{name}       401  403  403  403  403  403  403  403  403  403  ok   403
            DELETE /api/v1/identity-providers/{alias}          401  403  403  403  403  403  403  403  403  403  ok   403
            DELETE /api/v1/insights/{id}                       401  403  403  403  ok   ok   ok   ok   ok   ok   ok   ok
            DELETE /api/v1/insights/{id}/uses/{useId}          401  403  403  403  ok   ok   403  403  403  403  ok   403
            DELETE /api/v1/plugins/{id}                        401  403  403  403  403  403  403  403  403  403  403  ok
            DELETE /api/v1/settings/webhooks/{id}              401  403  403  403  403  403  403  403  403  403  ok   403
            GET /api/health                                    ok   403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/health/{selector}                         ok   403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/openapi.yml                               ok   403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/prometheus                                401  401  401  401  401  401  401  401  401  401  401  401
            GET /api/swagger-ui                                ok   403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/swagger-ui/res/{file}                     ok   403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/api-keys                               401  403  403  403  403  403  403  403  403  403  ok   403
            GET /api/v1/audit                                  401  403  403  403  403  403  403  403  403  403  ok   403
            GET /api/v1/audit.csv                              401  403  403  403  403  403  403  403  403  403  ok   403
            GET /api/v1/connections                            401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/connections/{id}                       401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/connections/{id}/campaigns             401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/connections/{id}/files                 401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/connections/{id}/mapping               401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/connections/{id}/runs                  401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/feedback/analytics                     401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/feedback/calibration                   401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/funnel                                 401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/funnel/proposals                       401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/funnel/proposals/{id}                  401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/funnel/proposals/{id}/impact           401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/funnel/versions                        401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/handoffs                               401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/handoffs/{id}                          401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/identity-providers                     401  403  403  403  403  403  403  403  403  403  ok   403
            GET /api/v1/imports                                401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/imports/{id}                           401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/imports/{id}/errors                    401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/incentives/alignment                   401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/incentives/attainment                  401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/incentives/closes/{id}                 401  403  403  403  403  403  403  403  403  ok   ok   403
            GET /api/v1/incentives/plans                       401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/incentives/plans/{id}                  401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/incentives/plans/{id}/versions         401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/incentives/statements                  401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/incentives/statements.csv              401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/insights                               401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/insights/findings                      401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/insights/loop                          401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/insights/settings                      401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/insights/{id}                          401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/insights/{id}/brief                    401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/losses                                 401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/me                                     401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/metrics                                401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/metrics/by-campaign                    401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/metrics/cohort-retention               401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/metrics/trend                          401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/notifications                          401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/plugins                                401  403  403  403  403  403  403  403  403  403  ok   ok
            GET /api/v1/records/{kind}                         401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/records/{kind}/{id}/history            401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/records/{kind}/{id}/sources            401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/runs/{runId}                           401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/settings/events                        401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/settings/feedback                      401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/settings/metrics                       401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            GET /api/v1/settings/webhooks                      401  403  403  403  403  403  403  403  403  403  ok   403
            GET /api/v1/settings/webhooks/{id}/deliveries      401  403  403  403  403  403  403  403  403  403  ok   403
            GET /api/v1/users                                  401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            PATCH /api/v1/connections/{id}                     401  403  403  403  403  403  403  403  403  403  ok   403
            PATCH /api/v1/insights/{id}                        401  403  403  403  ok   ok   ok   ok   ok   ok   ok   ok
            PATCH /api/v1/users/{id}                           401  403  403  403  403  403  403  403  403  403  ok   403
            POST /api/v1/api-keys                              401  403  403  403  403  403  403  403  403  403  ok   403
            POST /api/v1/connections                           401  403  403  403  403  403  403  403  403  403  ok   403
            POST /api/v1/connections/{id}/check                401  403  403  403  403  403  403  403  403  403  ok   403
            POST /api/v1/connections/{id}/sync                 401  403  403  403  403  403  403  403  403  403  ok   403
            POST /api/v1/demo-data                             401  403  403  403  403  403  403  403  403  403  ok   403
            POST /api/v1/events/{type}                         401  ok   403  403  403  403  403  403  403  403  403  403
            POST /api/v1/funnel/proposals                      401  403  403  403  ok   ok   ok   ok   ok   ok   ok   ok
            POST /api/v1/funnel/proposals/{id}/approve         401  403  403  403  403  ok   403  ok   403  403  403  403
            POST /api/v1/funnel/proposals/{id}/reject          401  403  403  403  403  ok   403  ok   403  403  403  403
            POST /api/v1/handoffs/verdicts                     401  403  403  403  403  403  ok   ok   403  403  ok   403
            POST /api/v1/handoffs/{id}/owner                   401  403  403  403  403  403  ok   ok   403  403  ok   403
            POST /api/v1/handoffs/{id}/verdict                 401  403  403  403  403  403  ok   ok   403  403  ok   403
            POST /api/v1/identity-providers                    401  403  403  403  403  403  403  403  403  403  ok   403
            POST /api/v1/imports/{type}                        401  ok   403  403  ok   ok   ok   ok   ok   ok   ok   ok
            POST /api/v1/incentives/periods/{period}/close     401  403  403  403  403  403  403  403  403  ok   ok   403
            POST /api/v1/incentives/plans                      401  403  403  403  403  403  403  403  403  ok   ok   403
            POST /api/v1/incentives/plans/{id}/activate        401  403  403  403  403  403  403  403  403  ok   ok   403
            POST /api/v1/incentives/plans/{id}/retire          401  403  403  403  403  403  403  403  403  ok   ok   403
            POST /api/v1/incentives/plans/{id}/simulate        401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            POST /api/v1/incentives/statements/{id}/approve    401  403  403  403  403  403  403  403  403  403  ok   403
            POST /api/v1/ingest/{type}                         401  ok   403  403  ok   ok   ok   ok   ok   ok   ok   ok
            POST /api/v1/insights                              401  403  403  403  403  403  ok   ok   403  403  ok   403
            POST /api/v1/insights/findings/refresh             401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            POST /api/v1/insights/{id}/uses                    401  403  403  403  ok   ok   403  403  403  403  ok   403
            POST /api/v1/login                                 ok   403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            POST /api/v1/losses/{id}/reason                    401  403  403  403  403  403  ok   ok   403  403  ok   403
            POST /api/v1/notifications/read-all                401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            POST /api/v1/notifications/{id}/read               401  403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            POST /api/v1/plugins                               401  403  403  403  403  403  403  403  403  403  403  ok
            POST /api/v1/plugins/{id}/disable                  401  403  403  403  403  403  403  403  403  403  403  ok
            POST /api/v1/plugins/{id}/enable                   401  403  403  403  403  403  403  403  403  403  403  ok
            POST /api/v1/runs/{runId}/cancel                   401  403  403  403  403  403  403  403  403  403  ok   403
            POST /api/v1/settings/webhooks                     401  403  403  403  403  403  403  403  403  403  ok   403
            POST /api/v1/signup                                ok   403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
            POST /api/v1/users                                 401  403  403  403  403  403  403  403  403  403  ok   403
            PUT /api/v1/connections/{id}/campaigns             401  403  403  403  403  403  403  403  403  403  ok   403
            PUT /api/v1/connections/{id}/files/{name}          401  403  403  403  403  403  403  403  403  403  ok   403
            PUT /api/v1/connections/{id}/mapping               401  403  403  403  403  403  403  403  403  403  ok   403
            PUT /api/v1/incentives/plans/{id}                  401  403  403  403  403  403  403  403  403  ok   ok   403
            PUT /api/v1/insights/settings                      401  403  403  403  403  403  403  403  403  403  ok   403
            PUT /api/v1/settings/events                        401  403  403  403  403  403  403  403  403  403  ok   403
            PUT /api/v1/settings/feedback                      401  403  403  403  403  403  403  403  403  403  ok   403
            PUT /api/v1/settings/metrics                       401  403  403  403  403  403  403  403  403  403  ok   403
            """;

    private TandemTestApplication app;
    private final Map<String, Caller> callers = new LinkedHashMap<>();
    private String loginBody;

    /** The application's configuration for this matrix (the keycloak identity mode runs it too). */
    Map<String, Object> configuration() {
        // With a scrape token, so that the metrics route is guarded as in production (no caller here presents it).
        return Map.of("tandem.operators", "operator@matrix.test", "tandem.metrics.token", "the-scrapers-token");
    }

    /** The table this configuration must serve. */
    String expected() {
        return EXPECTED;
    }

    /** Signs up the matrix's company; the admin's bearer token. */
    String signUpAdmin(ApiClient api) {
        return api.signUpAndLogIn("Matrix", "admin@matrix.test");
    }

    /** Invites a colleague; their bearer token. */
    String invite(ApiClient api, String admin, String email, String team, String role, boolean lead) {
        return api.inviteAndLogIn(admin, email, team, role, lead);
    }

    @BeforeAll
    void team() {
        app = TandemTestApplication.start(io.tandem.support.TestDatabase.shared().newDatabase(), configuration());
        ApiClient api = app.api();
        String admin = signUpAdmin(api);
        loginBody = json("email", "admin@matrix.test", "password", "correct horse battery");
        callers.put("anon", Caller.anonymous());
        String key = api.post("/api/v1/api-keys", admin, json("name", "matrix")).json().get("key").asText();
        callers.put("key", new Caller("key", null, key));
        callers.put("vwr", member(api, admin, "viewer", "LEADERSHIP", "VIEWER", false));
        callers.put("vwrL", member(api, admin, "viewer-lead", "SALES", "VIEWER", true));
        callers.put("mkt", member(api, admin, "marketer", "MARKETING", "MEMBER", false));
        callers.put("mktL", member(api, admin, "marketing-lead", "MARKETING", "MEMBER", true));
        callers.put("sal", member(api, admin, "seller", "SALES", "MEMBER", false));
        callers.put("salL", member(api, admin, "sales-lead", "SALES", "MEMBER", true));
        callers.put("rev", member(api, admin, "revops", "REVOPS", "MEMBER", false));
        callers.put("ldr", member(api, admin, "leader", "LEADERSHIP", "MEMBER", false));
        callers.put("adm", new Caller("adm", admin, null));
        callers.put("op", member(api, admin, "operator", "REVOPS", "MEMBER", false));
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void everyRouteAnswersEveryCallerAsTheTableSays() {
        List<String> routes = RouteListing.of(app.context()).stream().filter(r -> !r.startsWith("HEAD ")).toList();
        StringBuilder actual = new StringBuilder(EXPECTED.lines().findFirst().orElseThrow()).append('\n');
        List<String> serverErrors = new ArrayList<>();
        for (String route : routes) {
            StringBuilder row = new StringBuilder(String.format("%-50s", route));
            for (Caller caller : callers.values()) {
                RouteRequests.Call call = RouteRequests.of(route, loginBody);
                Response response = caller.send(baseUrl(), call.method(), call.path(), call.contentType(), call.body());
                if (response.status() >= 500) {
                    serverErrors.add(caller.name() + " " + route + " → " + response.status() + " " + response.body());
                }
                row.append(' ').append(String.format("%-4s", outcome(response.status())));
            }
            actual.append(row.toString().stripTrailing()).append('\n');
        }
        System.out.println("Route authorization matrix as served:\n" + actual);
        assertThat(serverErrors).as("no route answers any caller with a server error").isEmpty();
        assertThat(actual.toString()).as("the served matrix (printed above) matches the table").isEqualTo(expected());
    }

    private String baseUrl() {
        return RouteRequests.baseUrl(app);
    }

    static String outcome(int status) {
        return status == 401 || status == 403 ? Integer.toString(status) : status >= 500 ? "500" : "ok";
    }

    private Caller member(ApiClient api, String admin, String who, String team, String role, boolean lead) {
        return new Caller(who, invite(api, admin, who + "@matrix.test", team, role, lead), null);
    }
}
