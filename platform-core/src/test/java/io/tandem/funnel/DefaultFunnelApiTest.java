package io.tandem.funnel;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.support.ApiClient;
import io.tandem.support.ApiClient.Response;
import io.tandem.support.TandemTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DefaultFunnelApiTest {

    private TandemTestApplication app;
    private ApiClient api;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start();
        api = app.api();
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void aNewTenantHasTheDefaultFunnelWithMqlAsTheHandoff() {
        String token = api.signUpAndLogIn("Funnel Co", "funnel@example.com");
        Response funnel = api.get("/api/v1/funnel", token);
        assertThat(funnel.status()).as(funnel.body()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        funnel.json().forEach(s -> keys.add(s.get("key").asText()));
        assertThat(keys).containsExactly("INQUIRY", "MQL", "SAL", "SQL", "OPPORTUNITY", "WON", "LOST", "ACTIVE", "CHURNED");

        JsonNode mql = funnel.json().get(1);
        assertThat(mql.get("handoff").asBoolean()).isTrue();
        assertThat(mql.get("slaHours").asInt()).isEqualTo(48);
        assertThat(mql.get("ownerTeam").asText()).isEqualTo("MARKETING");
        assertThat(mql.get("entryCriteria").asText()).contains("budget >= 10000");
        assertThat(funnel.json().get(5).get("kind").asText()).isEqualTo("WON");
        assertThat(funnel.json().get(8).get("kind").asText()).isEqualTo("CHURNED");

        Response versions = api.get("/api/v1/funnel/versions", token);
        assertThat(versions.json()).hasSize(1);
        assertThat(versions.json().get(0).get("number").asInt()).isEqualTo(1);
    }
}
