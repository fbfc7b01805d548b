package io.tandem.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.tandem.support.ApiClient;
import io.tandem.support.PluginJars;
import io.tandem.support.SampleTenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.tandem.connectors.SyncApiTest.syncAndWait;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proof that the numbers do not depend on the pipe: one generated company whose marketing lives
 * in HubSpot (contacts with their lifecycle-stage dates, companies) and whose sales live in
 * Salesforce (converted leads, accounts, opportunities with their stage history), served by stubs of
 * both vendors' documented shapes and synced into Tandem, gives exactly the metrics — every figure of
 * {@code /api/v1/metrics} — of the same company imported as CSV files. Spend and MRR come from files in
 * both (neither CRM holds them); the synced tenant's MRR names the accounts by their HubSpot ids.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VendorStubsEndToEndTest extends VendorConnectorTest {

    private static final String PERIOD = "?from=2025-01-01T00:00:00Z&to=2025-07-01T00:00:00Z";
    private static final Instant START = Instant.parse("2024-07-01T00:00:00Z");

    VendorStubsEndToEndTest() {
        super(PluginJars.hubspot(), PluginJars.salesforce());
    }

    @Test
    void aCompanySyncedFromHubSpotAndSalesforceHasTheMetricsOfTheSameCompanyImported() {
        Company company = Company.generate(new Random(20261201), 30, 160);

        String importer = api.signUpAndLogIn("Imported Twin Co", "admin@imported-twin.test");
        importCsv(importer, "accounts", company.accountsCsv());
        importCsv(importer, "leads", company.leadsCsv());
        importCsv(importer, "opportunities", company.opportunitiesCsv());
        importCsv(importer, "stage-changes", company.stageChangesCsv());
        importCsv(importer, "spend", company.spendCsv());
        importCsv(importer, "mrr", company.mrrCsv());

        company.serveHubSpot(vendor);
        company.serveSalesforce(vendor);
        String syncer = api.signUpAndLogIn("Synced Twin Co", "admin@synced-twin.test");
        String hubspot = connect(syncer, "hubspot", "HubSpot", "{\"token\":\"pat-na1-e2e\",\"baseUrl\":\"" + base() + "\"}");
        String salesforce = connect(syncer, "salesforce", "Salesforce", "{\"instanceUrl\":\"" + base() + "\",\"accessToken\":\"00D!e2e\","
                + "\"baseUrl\":\"" + base() + "\",\"leadStatusHistory\":false}");
        for (String connection : List.of(hubspot, salesforce)) {
            JsonNode run = syncAndWait(api, syncer, connection, "{}");
            assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("succeeded");
            assertThat(run.get("rejections")).as(run.toString()).isEmpty();
        }
        importCsv(syncer, "spend", company.spendCsv());
        ApiClient.Response mrr = api.post("/api/v1/ingest/mrr?origin=" + hubspot, syncer, company.mrrJson());
        assertThat(mrr.json().get("errors")).as(mrr.body()).isEmpty();

        assertThat(api.get("/api/v1/records/leads", syncer).json().get("total").asLong())
                .as("a person in both CRMs is one lead").isEqualTo(company.people.size());
        assertThat(api.get("/api/v1/records/accounts", syncer).json().get("total").asLong())
                .as("a company in both CRMs is one account").isEqualTo(company.companies.size());
        JsonNode imported = api.get("/api/v1/metrics" + PERIOD, importer).json();
        JsonNode synced = api.get("/api/v1/metrics" + PERIOD, syncer).json();
        assertThat(imported.get("winRate").isNumber()).as("the generated company won and lost deals in the period: " + imported).isTrue();
        assertThat(imported.get("newCustomers").asInt()).as(imported.toString()).isPositive();
        assertThat(synced).as("every figure, through the two CRMs' stubs and through CSV").isEqualTo(imported);
    }


    private String connect(String admin, String plugin, String name, String config) {
        ApiClient.Response created = api.post("/api/v1/connections", admin, "{\"plugin\":\"" + plugin + "\",\"name\":\"" + name + "\",\"config\":"
                + config + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private void importCsv(String token, String type, String csv) {
        JsonNode result = SampleTenant.importAndWait(api, token, type, csv.getBytes(StandardCharsets.UTF_8));
        assertThat(result.get("status").asText()).as(type + ": " + result).isEqualTo("DONE");
        assertThat(result.get("failed").asInt()).as(type + ": " + result).isZero();
    }

    // ------------------------------------------------------------------ the generated company

    /** A company in both CRMs: the same people, companies and deals, written in each vendor's shape and as CSV. */
    private static final class Company {
        record Firm(int n, String name, String domain, Instant customerSince) {
            String hubspotId() {
                return Integer.toString(7000 + n);
            }

            String salesforceId() {
                return String.format("001%012dAAA", n);
            }
        }

        record Person(int n, String email, Firm firm, boolean salesSourced, String owner, Instant inquiry, Instant mql, Instant sql) {
            String hubspotId() {
                return Integer.toString(100 + n);
            }

            String salesforceId() {
                return String.format("00Q%012dAAA", n);
            }
        }

        record Deal(int n, Person person, String amount, Instant created, Instant closed, String status, String owner) {
            String salesforceId() {
                return String.format("006%012dAAA", n);
            }
        }

        final List<Firm> companies = new ArrayList<>();
        final List<Person> people = new ArrayList<>();
        final List<Deal> deals = new ArrayList<>();

        static Company generate(Random random, int firms, int persons) {
            Company c = new Company();
            for (int i = 0; i < firms; i++) {
                c.companies.add(new Firm(i, "Firm " + i, "firm" + i + ".test", null));
            }
            for (int j = 0; j < persons; j++) {
                Firm firm = c.companies.get(random.nextInt(firms));
                Instant inquiry = START.plus(Duration.ofMinutes(random.nextInt(300 * 24 * 60)));
                Instant mql = random.nextDouble() < 0.6 ? inquiry.plus(Duration.ofHours(1 + random.nextInt(20 * 24))) : null;
                Instant sql = mql != null && random.nextDouble() < 0.55 ? mql.plus(Duration.ofHours(1 + random.nextInt(15 * 24))) : null;
                Person person = new Person(j, "p" + j + "@" + firm.domain(), firm, random.nextDouble() < 0.25, "rep" + random.nextInt(3) + "@twin.test",
                        inquiry, mql, sql);
                c.people.add(person);
                if (sql != null && random.nextDouble() < 0.8) {
                    Instant created = sql.plus(Duration.ofHours(random.nextInt(72)));
                    double outcome = random.nextDouble();
                    // Salesforce's CloseDate is a day: closed deals close at midnight UTC.
                    Instant closed = outcome < 0.75 ? created.plus(Duration.ofDays(5 + random.nextInt(60))).truncatedTo(ChronoUnit.DAYS) : null;
                    String status = closed == null ? "open" : outcome < 0.45 ? "won" : "lost";
                    String amount = (2000 + random.nextInt(40_000)) + "." + String.format("%02d", random.nextInt(100));
                    c.deals.add(new Deal(c.deals.size(), person, amount, created, closed, status, person.owner()));
                }
            }
            // A firm is a customer from its first won deal on.
            for (Deal deal : c.deals) {
                Firm current = c.companies.get(deal.person().firm().n());
                if (deal.status().equals("won") && (current.customerSince() == null || deal.closed().isBefore(current.customerSince()))) {
                    c.companies.set(current.n(), new Firm(current.n(), current.name(), current.domain(), deal.closed()));
                }
            }
            c.people.replaceAll(p -> new Person(p.n(), p.email(), c.companies.get(p.firm().n()), p.salesSourced(), p.owner(), p.inquiry(), p.mql(),
                    p.sql()));
            c.deals.replaceAll(d -> new Deal(d.n(), c.people.get(d.person().n()), d.amount(), d.created(), d.closed(), d.status(), d.owner()));
            return c;
        }

        // ---- CSV

        String accountsCsv() {
            StringJoiner csv = new StringJoiner("\n", "external_id,name,domain,started_at\n", "\n");
            companies.forEach(f -> csv.add(f.hubspotId() + "," + f.name() + "," + f.domain() + "," + text(f.customerSince())));
            return csv.toString();
        }

        String leadsCsv() {
            StringJoiner csv = new StringJoiner("\n", "external_id,email,name,company,source,created_at,owner_email\n", "\n");
            people.forEach(p -> csv.add(p.hubspotId() + "," + p.email() + ",P " + p.n() + "," + p.firm().name() + ","
                    + (p.salesSourced() ? "sales" : "marketing") + "," + p.inquiry() + "," + p.owner()));
            return csv.toString();
        }

        String opportunitiesCsv() {
            StringJoiner csv = new StringJoiner("\n", "external_id,lead_id,account_id,name,amount,currency,created_at,closed_at,status,owner_email\n", "\n");
            deals.forEach(d -> csv.add(d.salesforceId() + "," + d.person().hubspotId() + "," + d.person().firm().hubspotId() + ",Deal " + d.n() + ","
                    + d.amount() + ",USD," + d.created() + "," + text(d.closed()) + "," + d.status() + "," + d.owner()));
            return csv.toString();
        }

        String stageChangesCsv() {
            StringJoiner csv = new StringJoiner("\n", "record_type,record_id,stage,occurred_at\n", "\n");
            for (Person p : people) {
                csv.add("lead," + p.hubspotId() + ",INQUIRY," + p.inquiry());
                if (p.mql() != null) {
                    csv.add("lead," + p.hubspotId() + ",MQL," + p.mql());
                }
                if (p.sql() != null) {
                    csv.add("lead," + p.hubspotId() + ",SQL," + p.sql());
                }
            }
            for (Deal d : deals) {
                csv.add("opportunity," + d.salesforceId() + ",OPPORTUNITY," + d.created());
                if (d.closed() != null) {
                    csv.add("opportunity," + d.salesforceId() + "," + d.status().toUpperCase(java.util.Locale.ROOT) + "," + d.closed());
                }
            }
            return csv.toString();
        }

        String spendCsv() {
            StringJoiner csv = new StringJoiner("\n", "team,period_start,period_end,amount,currency\n", "\n");
            Instant month = START;
            for (int m = 0; m < 12; m++) {
                Instant next = month.atZone(java.time.ZoneOffset.UTC).plusMonths(1).toInstant();
                csv.add("marketing," + month + "," + next + "," + (9000 + 250 * m) + ".00,USD");
                csv.add("sales," + month + "," + next + "," + (6000 + 100 * m) + ".00,USD");
                month = next;
            }
            return csv.toString();
        }

        /** A customer's MRR from its first won deal: a tenth of the deal's value. */
        String mrrCsv() {
            StringJoiner csv = new StringJoiner("\n", "account_id,effective_at,mrr,currency\n", "\n");
            mrr().forEach((account, at) -> csv.add(account + "," + at.getKey() + "," + at.getValue() + ",USD"));
            return csv.toString();
        }

        String mrrJson() {
            StringJoiner json = new StringJoiner(",", "[", "]");
            mrr().forEach((account, at) -> json.add("{\"account_id\":\"" + account + "\",\"effective_at\":\"" + at.getKey() + "\",\"mrr\":\""
                    + at.getValue() + "\",\"currency\":\"USD\"}"));
            return json.toString();
        }

        private Map<String, Map.Entry<Instant, String>> mrr() {
            Map<String, Map.Entry<Instant, String>> mrr = new java.util.TreeMap<>();
            for (Deal d : deals) {
                Firm firm = d.person().firm();
                if (d.status().equals("won") && d.closed().equals(firm.customerSince())) {
                    mrr.put(firm.hubspotId(), Map.entry(d.closed(), new java.math.BigDecimal(d.amount()).movePointLeft(1)
                            .setScale(2, java.math.RoundingMode.HALF_UP).toPlainString()));
                }
            }
            return mrr;
        }

        // ---- HubSpot's shapes

        void serveHubSpot(WireMockServer stub) {
            json(stub, get(urlPathEqualTo("/crm/v3/owners")), "{\"results\":[{\"id\":\"1\",\"email\":\"rep0@twin.test\"},"
                    + "{\"id\":\"2\",\"email\":\"rep1@twin.test\"},{\"id\":\"3\",\"email\":\"rep2@twin.test\"}]}");
            json(stub, get(urlPathEqualTo("/crm/v3/properties/contacts/lifecyclestage")), "{\"name\":\"lifecyclestage\",\"options\":["
                    + "{\"value\":\"lead\"},{\"value\":\"marketingqualifiedlead\"},{\"value\":\"salesqualifiedlead\"},{\"value\":\"customer\"}]}");
            json(stub, get(urlPathEqualTo("/crm/v3/pipelines/deals")), "{\"results\":[]}");
            for (String type : new String[] {"companies", "contacts", "deals"}) {
                json(stub, get(urlPathEqualTo("/crm/v3/objects/" + type)).withQueryParam("archived", equalTo("true")), "{\"results\":[]}");
            }
            json(stub, get(urlPathEqualTo("/crm/v3/objects/deals")).withQueryParam("archived", equalTo("false")), "{\"results\":[]}");
            StringJoiner firms = new StringJoiner(",", "{\"results\":[", "]}");
            for (Firm f : companies) {
                firms.add("{\"id\":\"" + f.hubspotId() + "\",\"properties\":{\"name\":\"" + f.name() + "\",\"domain\":\"" + f.domain() + "\","
                        + "\"createdate\":\"2024-06-01T00:00:00Z\"" + (f.customerSince() == null ? "" : ",\"hs_v2_date_entered_customer\":\""
                        + f.customerSince() + "\"") + "},\"archived\":false}");
            }
            json(stub, get(urlPathEqualTo("/crm/v3/objects/companies")).withQueryParam("archived", equalTo("false")), firms.toString());
            for (int from = 0; from < people.size(); from += 100) {
                StringJoiner page = new StringJoiner(",", "{\"results\":[", "]" + (from + 100 < people.size()
                        ? ",\"paging\":{\"next\":{\"after\":\"" + (from + 100) + "\"}}}" : "}"));
                for (Person p : people.subList(from, Math.min(people.size(), from + 100))) {
                    String stage = p.sql() != null ? "salesqualifiedlead" : p.mql() != null ? "marketingqualifiedlead" : "lead";
                    String owner = Integer.toString(1 + Integer.parseInt(p.owner().substring(3, 4)));
                    page.add("{\"id\":\"" + p.hubspotId() + "\",\"properties\":{\"email\":\"" + p.email() + "\",\"firstname\":\"P\",\"lastname\":\""
                            + p.n() + "\",\"company\":\"" + p.firm().name() + "\",\"createdate\":\"" + p.inquiry() + "\",\"lifecyclestage\":\"" + stage
                            + "\",\"hubspot_owner_id\":\"" + owner + "\",\"hs_analytics_source\":\"" + (p.salesSourced() ? "OFFLINE" : "ORGANIC_SEARCH")
                            + "\",\"hs_v2_date_entered_lead\":\"" + p.inquiry() + "\""
                            + (p.mql() == null ? "" : ",\"hs_v2_date_entered_marketingqualifiedlead\":\"" + p.mql() + "\"")
                            + (p.sql() == null ? "" : ",\"hs_v2_date_entered_salesqualifiedlead\":\"" + p.sql() + "\"") + "},\"archived\":false}");
                }
                json(stub, get(urlPathEqualTo("/crm/v3/objects/contacts")).withQueryParam("archived", equalTo("false"))
                        .withQueryParam("after", from == 0 ? absent() : equalTo(Integer.toString(from))), page.toString());
            }
        }

        // ---- Salesforce's shapes

        void serveSalesforce(WireMockServer stub) {
            String all = "/services/data/v60.0/queryAll";
            String query = "/services/data/v60.0/query";
            stub.stubFor(get(urlPathEqualTo(all)).atPriority(10).willReturn(ok("{\"totalSize\":0,\"done\":true,\"records\":[]}")));
            stub.stubFor(get(urlPathEqualTo(query)).atPriority(10).willReturn(ok("{\"totalSize\":0,\"done\":true,\"records\":[]}")));
            List<String> accounts = new ArrayList<>();
            for (Firm f : companies) {
                accounts.add(sObject("Account", f.salesforceId(), "2024-06-01T00:00:00.000+0000", "\"Name\":\"" + f.name()
                        + "\",\"Website\":\"https://www." + f.domain() + "/\",\"CreatedDate\":\"2024-06-01T00:00:00.000+0000\""));
            }
            soql(stub, all, "FROM Account ORDER BY", accounts);
            List<String> leads = new ArrayList<>();
            List<String> converted = new ArrayList<>();
            List<String> opportunities = new ArrayList<>();
            List<String> history = new ArrayList<>();
            for (Deal d : deals) {
                Person p = d.person();
                leads.add(sObject("Lead", p.salesforceId(), salesforce(p.sql()), "\"Email\":\"" + p.email() + "\",\"Name\":\"P " + p.n()
                        + "\",\"Company\":\"" + p.firm().name() + "\",\"IsConverted\":true,\"ConvertedOpportunityId\":\"" + d.salesforceId()
                        + "\",\"ConvertedAccountId\":\"" + p.firm().salesforceId() + "\",\"CreatedDate\":\"" + salesforce(p.inquiry()) + "\""));
                converted.add("{\"attributes\":{\"type\":\"Lead\"},\"Id\":\"" + p.salesforceId() + "\",\"ConvertedOpportunityId\":\""
                        + d.salesforceId() + "\"}");
                boolean closed = d.closed() != null;
                String stage = !closed ? "Prospecting" : d.status().equals("won") ? "Closed Won" : "Closed Lost";
                opportunities.add(sObject("Opportunity", d.salesforceId(), salesforce(closed ? d.closed() : d.created()), "\"AccountId\":\""
                        + p.firm().salesforceId() + "\",\"Name\":\"Deal " + d.n() + "\",\"StageName\":\"" + stage + "\",\"Amount\":" + d.amount()
                        + ",\"CloseDate\":" + (closed ? "\"" + d.closed().toString().substring(0, 10) + "\"" : "null") + ",\"IsClosed\":" + closed
                        + ",\"IsWon\":" + d.status().equals("won") + ",\"CreatedDate\":\"" + salesforce(d.created()) + "\","
                        + "\"Owner\":{\"attributes\":{\"type\":\"User\"},\"Email\":\"" + d.owner() + "\"}"));
                history.add("{\"attributes\":{\"type\":\"OpportunityHistory\"},\"OpportunityId\":\"" + d.salesforceId()
                        + "\",\"StageName\":\"Prospecting\",\"CreatedDate\":\"" + salesforce(d.created()) + "\"}");
                if (closed) {
                    history.add("{\"attributes\":{\"type\":\"OpportunityHistory\"},\"OpportunityId\":\"" + d.salesforceId() + "\",\"StageName\":\""
                            + stage + "\",\"CreatedDate\":\"" + salesforce(d.closed()) + "\"}");
                }
            }
            soql(stub, all, "FROM Lead ORDER BY", leads);
            soql(stub, all, "FROM Opportunity ORDER BY", opportunities);
            soql(stub, query, "WHERE ConvertedOpportunityId IN", converted);
            soql(stub, query, "FROM OpportunityHistory", history);
        }

        private static void soql(WireMockServer stub, String path, String contains, List<String> rows) {
            stub.stubFor(get(urlPathEqualTo(path)).atPriority(5).withQueryParam("q", containing(contains))
                    .willReturn(ok("{\"totalSize\":" + rows.size() + ",\"done\":true,\"records\":[" + String.join(",", rows) + "]}")));
        }

        private static String sObject(String type, String id, String modstamp, String fields) {
            return "{\"attributes\":{\"type\":\"" + type + "\"},\"Id\":\"" + id + "\",\"SystemModstamp\":\"" + modstamp + "\",\"IsDeleted\":false,"
                    + fields + "}";
        }

        /** Salesforce's way of writing a time: milliseconds and an offset without a colon. */
        private static String salesforce(Instant at) {
            return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(java.time.ZoneOffset.UTC).format(at);
        }

        private static void json(WireMockServer stub, com.github.tomakehurst.wiremock.client.MappingBuilder request, String body) {
            stub.stubFor(request.willReturn(ok(body)));
        }

        private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ok(String body) {
            return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
        }

        private static String text(Instant at) {
            return at == null ? "" : at.toString();
        }
    }
}
