package io.tandem.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.support.ApiClient;
import io.tandem.support.ApiClient.Response;
import io.tandem.support.KeycloakServer;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI in keycloak identity mode, in headless Chromium against a real Keycloak: sign-up, then the
 * first sign-in through Keycloak's two-step (identity-first) login page; sign-out ends the Keycloak session
 * too; a person of two companies chooses one on Keycloak's page; and a company that linked its own identity
 * provider (a second realm acting as Acme's) has its people sign in there and land in its tenant only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeycloakBrowserLoginTest {

    private static final String PASSWORD = "a long password 1";

    private HeadlessChromium chromium;
    private KeycloakServer keycloak;
    private TandemTestApplication app;
    private ApiClient api;

    @BeforeAll
    void start() {
        chromium = HeadlessChromium.start();
        keycloak = KeycloakServer.shared();
        Map<String, Object> properties = new HashMap<>(keycloak.appProperties());
        // The company's identity provider in this test is a realm of the same Keycloak, on the loopback.
        properties.put("tandem.outbound.allowlist", "127.0.0.1");
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), properties);
        api = app.api();
        keycloak.allowRedirectsTo(app.baseUrl());
    }

    @AfterAll
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @BeforeEach
    void freshBrowser() {
        ((ChromeDriver) chromium.browser).executeCdpCommand("Network.clearBrowserCookies", Map.of());
    }

    @Test
    void signUpThenSignInThroughKeycloakAndSigningOutEndsTheKeycloakSession() {
        chromium.browser.get(HeadlessChromium.url(app.baseUrl(), "signup"));
        chromium.type("#company input", "Umbrella Corp");
        chromium.type("#name input", "Albert Wesker");
        chromium.type("#email input", "albert@umbrella-kc.test");
        chromium.type("#password input", PASSWORD);
        chromium.click("#create-account");

        chromium.wait.until(ExpectedConditions.urlContains("/realms/tandem/"));
        signInAtKeycloak("albert@umbrella-kc.test", PASSWORD);
        chromium.waitForText("greeting", "Welcome to Umbrella Corp, Albert Wesker");
        assertThat(chromium.browser.findElement(By.id("signed-in-user")).getText()).contains("ADMIN");
        chromium.screenshot("keycloak-signed-in");

        chromium.click("#sign-out");
        chromium.visible("#company-sign-in");
        chromium.click("#company-sign-in");
        // Were Keycloak's session still alive, the browser would come straight back signed in; it asks again instead.
        chromium.wait.until(ExpectedConditions.urlContains("/realms/tandem/"));
        chromium.visible("#username");
        assertThat(chromium.blockedByContentSecurityPolicy()).isEmpty();
    }

    @Test
    void aPersonOfTwoCompaniesChoosesOneOnKeycloaksPage() {
        String first = signUp("Twin Alpha", "tess@twins-kc.test");
        String second = signUp("Twin Beta", "bert@twins-kc.test");
        Response invited = api.post("/api/v1/users", token("bert@twins-kc.test"), json("email", "tess@twins-kc.test", "name", "Tess Twin",
                "team", "LEADERSHIP", "role", "VIEWER"));
        assertThat(invited.status()).as(invited.body()).isEqualTo(201);

        chromium.browser.get(HeadlessChromium.url(app.baseUrl(), "login"));
        chromium.click("#company-sign-in");
        chromium.type("#username", "tess@twins-kc.test");
        chromium.click("#kc-login");
        // Keycloak asks which company, right after the e-mail (before the password).
        String beta = "#organization-" + slug("twin-beta-", second);
        chromium.wait.until(ExpectedConditions.or(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(beta)),
                ExpectedConditions.visibilityOfElementLocated(By.id("password"))));
        chromium.screenshot("keycloak-after-email-of-two-companies");
        assertThat(chromium.browser.findElements(By.cssSelector("[id^=organization-]"))).as("both companies offered").hasSize(2);
        chromium.click(beta);
        chromium.type("#password", PASSWORD);
        chromium.click("#kc-login");
        chromium.waitForText("greeting", "Welcome to Twin Beta, Tess Twin");
        assertThat(chromium.browser.findElement(By.id("signed-in-user")).getText()).contains("VIEWER");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void aCompanyLinksItsOwnIdentityProviderAndItsPeopleSignInThereIntoItsTenantOnly() {
        keycloak.adminCreateAtRoot("/realms", """
                {"realm":"acme-idp","enabled":true,
                 "clients":[{"clientId":"tandem-broker","secret":"broker-secret-1","publicClient":false,"standardFlowEnabled":true,
                             "redirectUris":["%s/realms/tandem/broker/*"]}],
                 "users":[{"username":"alice","email":"alice@acme-byo.test","emailVerified":true,"enabled":true,
                           "firstName":"Alice","lastName":"Liddell",
                           "credentials":[{"type":"password","value":"wonderland pass 1","temporary":false}]}]}""".formatted(keycloak.url()));
        String acme = signUp("Acme Byo", "art@acme-byo.test");
        String art = token("art@acme-byo.test");

        // Art, Acme's admin, links Acme's identity provider on the Settings page.
        chromium.browser.get(HeadlessChromium.url(app.baseUrl(), "login"));
        chromium.click("#company-sign-in");
        signInAtKeycloak("art@acme-byo.test", PASSWORD);
        chromium.waitForText("greeting", "Welcome to Acme Byo");
        chromium.browser.get(HeadlessChromium.url(app.baseUrl(), "settings"));
        chromium.type("#idp-name input", "Acme SSO");
        assertThat(chromium.visible("#idp-domain input").getAttribute("value")).as("the admin's own domain").isEqualTo("acme-byo.test");
        chromium.type("#idp-issuer input", keycloak.url() + "/realms/acme-idp");
        chromium.type("#idp-client-id input", "tandem-broker");
        chromium.type("#idp-client-secret input", "broker-secret-1");
        chromium.click("#link-idp");
        chromium.waitForText("linked-idps", "Acme SSO · acme-byo.test");
        chromium.screenshot("company-sign-in-linked");
        JsonNode linked = api.get("/api/v1/identity-providers", art).json();
        assertThat(linked).hasSize(1);
        assertThat(linked.toString()).doesNotContain("broker-secret-1");
        chromium.click("#sign-out");
        chromium.visible("#company-sign-in");

        Response invited = api.post("/api/v1/users", art, json("email", "alice@acme-byo.test", "name", "Alice Liddell", "team", "MARKETING",
                "role", "MEMBER"));
        assertThat(invited.status()).as(invited.body()).isEqualTo(201);
        assertThat(keycloak.admin("/users?exact=true&email=alice@acme-byo.test")).as("Keycloak makes her user at her first sign-in").isEmpty();

        chromium.browser.get(HeadlessChromium.url(app.baseUrl(), "login"));
        chromium.click("#company-sign-in");
        chromium.type("#username", "alice@acme-byo.test");
        chromium.click("#kc-login");
        chromium.wait.until(ExpectedConditions.urlContains("/realms/acme-idp/"));
        chromium.screenshot("company-identity-provider");
        chromium.type("#username", "alice");
        chromium.type("#password", "wonderland pass 1");
        chromium.click("#kc-login");
        chromium.waitForText("greeting", "Welcome to Acme Byo, Alice Liddell");

        String alice = keycloak.admin("/users?exact=true&email=alice@acme-byo.test").get(0).get("id").asText();
        List<String> organizations = new ArrayList<>();
        keycloak.admin("/organizations/members/" + alice + "/organizations").forEach(o -> organizations.add(o.get("alias").asText()));
        assertThat(organizations).containsExactly(slug("acme-byo-", acme));
    }

    /** Keycloak's identity-first login: the e-mail on one page (unless already given), the password on the next. */
    private void signInAtKeycloak(String email, String password) {
        chromium.wait.until(ExpectedConditions.or(ExpectedConditions.visibilityOfElementLocated(By.id("username")),
                ExpectedConditions.visibilityOfElementLocated(By.id("password"))));
        if (chromium.browser.findElements(By.id("password")).stream().noneMatch(e -> e.isDisplayed())) {
            chromium.type("#username", email);
            chromium.click("#kc-login");
        }
        chromium.type("#password", password);
        chromium.click("#kc-login");
    }

    private String signUp(String company, String email) {
        Response signedUp = api.post("/api/v1/signup", null, json("company", company, "name", "Admin", "email", email, "password", PASSWORD));
        assertThat(signedUp.status()).as(signedUp.body()).isEqualTo(201);
        return signedUp.json().get("tenantId").asText();
    }

    private String token(String email) {
        return keycloak.userTokens(email, PASSWORD).get("access_token").asText();
    }

    private static String slug(String prefix, String tenantId) {
        return prefix + tenantId.substring(0, 6);
    }
}
