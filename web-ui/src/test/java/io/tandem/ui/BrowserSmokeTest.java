package io.tandem.ui;

import io.tandem.support.TandemTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole first-day journey in a real headless Chromium against the real server: sign up, land on
 * home, invite a colleague, sign out, sign in as the colleague. Needs Debian's chromium and
 * chromium-driver; CI installs them and sets TANDEM_REQUIRE_BROWSER=true so that this cannot be skipped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserSmokeTest {

    private TandemTestApplication app;
    private HeadlessChromium chromium;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    void start() {
        chromium = HeadlessChromium.start();
        app = TandemTestApplication.start();
        browser = chromium.browser;
        wait = chromium.wait;
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

    @Test
    void signUpInviteAColleagueSignOutAndSignInAsTheColleague() {
        browser.get(url("signup"));
        type("#company input", "Vandelay Industries");
        type("#name input", "Art Vandelay");
        type("#email input", "art@vandelay.example");
        type("#password input", "importer exporter");
        click("#create-account");

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("greeting"), "Welcome to Vandelay Industries, Art Vandelay"));
        assertThat(browser.findElement(By.id("signed-in-user")).getText()).contains("Art Vandelay").contains("ADMIN");

        browser.get(url("team"));
        click("#invite");
        type("#invite-email input", "george@vandelay.example");
        type("#invite-name input", "George Costanza");
        type("#invite-password input", "latex salesman");
        click("#send-invite");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("invited-credentials"), "latex salesman"));
        click("#invite-done");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("vaadin-grid"), "george@vandelay.example"));

        click("#sign-out");
        wait.until(ExpectedConditions.urlContains("/login"));
        type("#vaadinLoginUsername input", "george@vandelay.example");
        WebElement password = visible("#vaadinLoginPassword input");
        password.sendKeys("latex salesman", Keys.ENTER);

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("greeting"), "Welcome to Vandelay Industries, George Costanza"));
        assertThat(browser.findElement(By.id("signed-in-user")).getText()).contains("MARKETING").contains("MEMBER");
        assertNothingBlockedByTheContentSecurityPolicy();
    }

    @Test
    void anAdminLoadsDemoDataThenBrowsesTheFunnelRecordsImportsACsvAndSyncsAConnection() throws Exception {
        browser.get(url("signup"));
        type("#company input", "Kramerica");
        type("#name input", "Cosmo Kramer");
        type("#email input", "cosmo@kramerica.example");
        type("#password input", "oil bladder idea");
        click("#create-account");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("greeting"), "Welcome to Kramerica"));
        click("#load-demo");
        new WebDriverWait(browser, Duration.ofSeconds(180)).until(ExpectedConditions.invisibilityOfElementLocated(By.id("load-demo")));
        // The demo's people and their passwords, shown once.
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("demo-people-grid"), "Sasha Ivanova"));
        screenshot("home");
        click("#demo-people-done");

        browser.get(url("dashboard?preset=last-12-months"));
        // The tiles appear once the metrics, computed off the UI thread, have arrived.
        new WebDriverWait(browser, Duration.ofSeconds(120)).until(ExpectedConditions.visibilityOfElementLocated(By.id("tile-winRate")));
        assertThat(browser.findElement(By.id("dashboard-loading")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("insight-cards")).getText()).as("the dashboard's insight cards")
                .contains("From our data · retention").contains("Accounts adopting workflows").contains("From our data · campaigns by revenue");
        for (String chart : List.of("funnel-chart", "velocity-chart", "campaign-chart", "calibration-chart")) {
            wait.until(ExpectedConditions.attributeToBe(By.id(chart), "rendered", "true"));
            WebElement canvas = browser.findElement(By.cssSelector("#" + chart + " canvas"));
            assertThat(canvas.getSize().getWidth()).as(chart).isGreaterThan(100);
        }
        assertThat(browser.findElement(By.id("tile-winRate")).getText()).contains("%");
        // Formatted for reading, with the change against the previous twelve months.
        assertThat(browser.findElement(By.cssSelector("#tile-marketingSourcedRevenue .metric-value")).getText()).matches("\\$[0-9.]+[KMB]");
        assertThat(browser.findElement(By.cssSelector("#tile-handoffs .metric-value")).getText()).matches("[0-9]{1,3}(,[0-9]{3})*");
        assertThat(browser.findElement(By.id("change-handoffs")).getText()).matches("[▲▼=] [0-9.]+ % vs previous period");
        assertThat(browser.findElement(By.id("change-winRate")).getText()).contains("pts vs previous period");
        assertThat(browser.findElement(By.id("cohort-heat-map")).getText()).contains("Cohort");
        screenshot("dashboard");
        for (String chart : List.of("funnel-chart", "campaign-chart", "calibration-chart")) {
            WebElement element = browser.findElement(By.id(chart));
            ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", element);
            Files.write(java.nio.file.Path.of("target", "screenshots", chart + ".png"), element.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        }

        browser.get(url("funnel"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("funnel-flow"), "MQL"));
        assertThat(browser.findElement(By.id("funnel-flow")).getText()).contains("INQUIRY").contains("SLA 48 h").contains("hand-off");
        screenshot("funnel");

        browser.get(url("records"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("vaadin-grid"), "DL"));
        screenshot("records");

        browser.get(url("handoffs?view=all&status=all"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("inbox-summary"), "hand-offs"));
        assertThat(browser.findElement(By.id("inbox-grid")).getText()).contains("Accepted");
        // Each route's components come in its own chunk of the production bundle: a stale bundle leaves them undefined.
        assertThat((Boolean) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return !!customElements.get('vaadin-tabs') && !!customElements.get('vaadin-grid')")).isTrue();
        screenshot("handoffs");

        browser.get(url("incentives"));
        visible("#new-plan").click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#plan-curve-chart canvas")));
        assertThat((Boolean) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return !!customElements.get('vaadin-number-field') && !!customElements.get('vaadin-dialog')")).isTrue();
        screenshot("incentives-plan-editor");

        // The demo's built-in story, found in its data: early workflows adopters retain better.
        browser.get(url("insights"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("findings"), "Accounts adopting workflows within 30 days retain"));
        By workflowsRecords = By.xpath("//p[contains(., 'Accounts adopting workflows')]/following-sibling::vaadin-details[1]");
        chromium.clickInView(browser.findElement(workflowsRecords).findElement(By.tagName("vaadin-details-summary")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(workflowsRecords, "adopters"));
        assertThat(browser.findElement(workflowsRecords).getText()).as("the accounts behind the finding, adopters first")
                .contains("Customer ").containsSubsequence("adopters", "Customer ", "others");
        // Campaigns by what their leads became (the order is DemoFindingsTest's to check).
        assertThat(visible("#campaign-ranking").getText()).contains("Partner referrals").contains("Ebook giveaway");
        screenshot("insights");

        // The API's documentation: Swagger UI on the OpenAPI description, everything from Tandem, no inline script.
        browser.get(url("api/swagger-ui"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".swagger-ui .info"), "Tandem"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("swagger-ui"), "/api/v1/insights/findings"));
        assertThat(chromium.blockedByContentSecurityPolicy()).as("nothing blocked by the page's policy").isEmpty();
        screenshot("swagger-ui");

        browser.get(url("imports"));
        java.nio.file.Path csv = Files.createTempFile("campaigns", ".csv");
        Files.writeString(csv, "external_id,name,channel,started_at,ended_at\nk-1,Kramerica launch,events,2025-01-01T00:00:00Z,\nk-2,Broken,events,someday,\n");
        WebElement select = visible("vaadin-select");
        select.click();
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//vaadin-select-item[normalize-space(.)='campaigns']"))).click();
        // The upload's file input lives in its shadow root.
        browser.findElement(By.tagName("vaadin-upload")).getShadowRoot().findElement(By.cssSelector("input[type=file]")).sendKeys(csv.toString());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("import-status"), "done"));
        assertThat(browser.findElement(By.id("import-status")).getText()).contains("1 new").contains("1 bad");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("vaadin-grid"), "someday"));
        screenshot("imports");

        // A connection from the bundled CSV plugin, made with the form its spec generates, then synced.
        browser.get(url("connections"));
        visible("#add-connection").click();
        visible("#connection-name input").sendKeys("Browser exports");
        visible("#create-connection").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("vaadin-grid"), "Browser exports"));
        browser.findElement(By.xpath("//vaadin-grid-cell-content[normalize-space(.)='Browser exports']")).click();
        visible("#sync-now").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("connection-message"), "succeeded"));
        screenshot("connections");

        // The audit log names the connection just made, by whom; its filters' components are in the bundle.
        browser.get(url("audit"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit-lines"), "Browser exports"));
        assertThat(browser.findElement(By.id("audit-lines")).getText()).contains("Connection: created").contains("cosmo@kramerica.example");
        assertThat((Boolean) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return !!customElements.get('vaadin-date-picker') && !!customElements.get('vaadin-select')")).isTrue();
        screenshot("audit-log");
        assertNothingBlockedByTheContentSecurityPolicy();
    }

    private void assertNothingBlockedByTheContentSecurityPolicy() {
        assertThat(chromium.blockedByContentSecurityPolicy()).as("what the Content-Security-Policy blocked").isEmpty();
    }

    private void screenshot(String name) {
        chromium.screenshot(name);
    }

    private String url(String route) {
        return HeadlessChromium.url(app.baseUrl(), route);
    }

    private WebElement visible(String css) {
        return chromium.visible(css);
    }

    private void type(String css, String text) {
        chromium.type(css, text);
    }

    private void click(String css) {
        chromium.click(css);
    }
}
