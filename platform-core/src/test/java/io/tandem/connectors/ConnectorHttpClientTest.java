package io.tandem.connectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.tandem.connector.api.ConnectorContext;
import io.tandem.connector.api.ConnectorFailure;
import io.tandem.connector.api.ConnectorLog;
import io.tandem.connector.api.HttpCall;
import io.tandem.connector.api.HttpResult;
import io.tandem.platform.outbound.GuardedHttpClient;
import io.tandem.platform.outbound.OutboundPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The HTTP connectors get from the host, against a WireMock vendor: 429 with and without
 * Retry-After, 500s, timeouts and broken answers are retried or reported — never a silent gap —
 * and the connection's rate limit spaces requests out. Waits are recorded, not slept.
 */
class ConnectorHttpClientTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private WireMockServer vendor;
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();

    @BeforeEach
    void vendor() {
        vendor = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        vendor.start();
    }

    @AfterEach
    void stop() {
        vendor.stop();
    }

    private ConnectorHttpClient http(RequestRate rate) {
        GuardedHttpClient guarded = new GuardedHttpClient(new OutboundPolicy("127.0.0.1:" + vendor.port()));
        ConnectorLog log = new ConnectorLog() {
            @Override
            public void info(String message) {
            }

            @Override
            public void warn(String message) {
                warnings.add(message);
            }
        };
        return new ConnectorHttpClient(guarded, new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(5)),
                rate, waits::add, cancelled::get, log, Clock.fixed(NOW, ZoneOffset.UTC), () -> 0.5);
    }

    private static ConnectorLog silentLog() {
        return new ConnectorLog() {
            @Override
            public void info(String message) {
            }

            @Override
            public void warn(String message) {
            }
        };
    }

    private ConnectorHttpClient http() {
        return http(RequestRate.unlimited());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + vendor.port() + path;
    }

    /** Answers in order, one per request, the last one for every request after. */
    private void answers(String path, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder... responses) {
        for (int i = 0; i < responses.length; i++) {
            String state = i == 0 ? Scenario.STARTED : "answer " + i;
            var stub = get(urlPathEqualTo(path)).inScenario(path).whenScenarioStateIs(state).willReturn(responses[i]);
            vendor.stubFor(i < responses.length - 1 ? stub.willSetStateTo("answer " + (i + 1)) : stub);
        }
    }

    private static Duration total(List<Duration> waits) {
        return waits.stream().reduce(Duration.ZERO, Duration::plus);
    }

    @Test
    void a429WithRetryAfterWaitsThatLong() {
        answers("/contacts", aResponse().withStatus(429).withHeader("Retry-After", "7"), aResponse().withStatus(200).withBody("ok"));
        HttpResult result = http().send(HttpCall.get(url("/contacts")));
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.bodyText()).isEqualTo("ok");
        assertThat(total(waits)).isEqualTo(Duration.ofSeconds(7));
        vendor.verify(2, getRequestedFor(urlPathEqualTo("/contacts")));
    }

    @Test
    void aRetryAfterDateIsHonouredToo() {
        String inTwelveSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(NOW.plusSeconds(12), ZoneOffset.UTC));
        answers("/deals", aResponse().withStatus(503).withHeader("Retry-After", inTwelveSeconds), aResponse().withStatus(200));
        assertThat(http().send(HttpCall.get(url("/deals"))).status()).isEqualTo(200);
        assertThat(total(waits)).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void a429WithoutRetryAfterBacksOffExponentially() {
        answers("/search", aResponse().withStatus(429), aResponse().withStatus(429), aResponse().withStatus(429),
                aResponse().withStatus(200));
        assertThat(http().send(HttpCall.get(url("/search"))).status()).isEqualTo(200);
        // base 1 s × 2ⁿ, jitter fixed at the middle (×1.0)
        assertThat(total(waits)).isEqualTo(Duration.ofSeconds(1 + 2 + 4));
        assertThat(warnings).hasSize(3).allMatch(w -> w.contains("HTTP 429"));
    }

    @Test
    void serverErrorsAreRetriedAndWhenTheyPersistTheRunIsToldWhy() {
        answers("/flaky", aResponse().withStatus(500), aResponse().withStatus(502), aResponse().withStatus(200).withBody("[]"));
        assertThat(http().send(HttpCall.get(url("/flaky"))).bodyText()).isEqualTo("[]");

        answers("/down", aResponse().withStatus(500));
        assertThatThrownBy(() -> http().send(HttpCall.get(url("/down?hapikey=secret-in-query"))))
                .isInstanceOf(ConnectorFailure.class)
                .hasMessageContaining("failed after 4 attempts").hasMessageContaining("HTTP 500")
                .hasMessageNotContaining("secret-in-query");
        vendor.verify(4, getRequestedFor(urlPathEqualTo("/down")));
    }

    @Test
    void timeoutsAndBrokenAnswersAreRetried() {
        answers("/slow", aResponse().withStatus(200).withFixedDelay(1_500), aResponse().withStatus(200).withBody("fast"));
        assertThat(http().send(HttpCall.get(url("/slow")).timeout(Duration.ofMillis(300))).bodyText()).isEqualTo("fast");
        assertThat(warnings.get(0)).contains("no answer within");

        answers("/garbage", aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE), aResponse().withFault(Fault.EMPTY_RESPONSE),
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), aResponse().withStatus(200).withBody("fine"));
        assertThat(http().send(HttpCall.get(url("/garbage"))).bodyText()).isEqualTo("fine");

        // "200 OK" and then garbage until the connection closes is a complete HTTP answer: its body goes to
        // the connector, whose parser reports it (the run fails with the reason; nothing is skipped silently).
        answers("/malformed", aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));
        HttpResult malformed = http().send(HttpCall.get(url("/malformed")));
        assertThat(malformed.status()).isEqualTo(200);
        assertThat(malformed.bodyText()).doesNotStartWith("{").doesNotStartWith("[");

        answers("/always-garbage", aResponse().withFault(Fault.EMPTY_RESPONSE));
        assertThatThrownBy(() -> http().send(HttpCall.get(url("/always-garbage"))))
                .isInstanceOf(ConnectorFailure.class).hasMessageContaining("failed after 4 attempts");
    }

    @Test
    void clientErrorsAndTheConnectorsOwnGiveUpAnswersAreReturnedAtOnce() {
        answers("/missing", aResponse().withStatus(404).withBody("{\"message\":\"not found\"}"));
        assertThat(http().send(HttpCall.get(url("/missing"))).status()).isEqualTo(404);
        vendor.verify(1, getRequestedFor(urlPathEqualTo("/missing")));

        String daily = "{\"status\":\"error\",\"errorType\":\"RATE_LIMIT\",\"policyName\":\"DAILY\"}";
        answers("/quota", aResponse().withStatus(429).withBody(daily));
        HttpResult quota = http().send(HttpCall.get(url("/quota")).giveUpWhen(r -> r.status() == 429 && r.bodyText().contains("\"DAILY\"")));
        assertThat(quota.status()).isEqualTo(429);
        vendor.verify(1, getRequestedFor(urlPathEqualTo("/quota")));

        answers("/tomorrow", aResponse().withStatus(429).withHeader("Retry-After", "86400"));
        assertThat(http().send(HttpCall.get(url("/tomorrow"))).status()).as("a day is not worth sleeping on").isEqualTo(429);
        assertThat(waits).isEmpty();
    }

    @Test
    void theConnectionsRateLimitSpacesRequestsOut() {
        answers("/page", aResponse().withStatus(200));
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        ConnectorHttpClient limited = new ConnectorHttpClient(new GuardedHttpClient(new OutboundPolicy("127.0.0.1:" + vendor.port())),
                RetryPolicy.DEFAULT, new RequestRate(5, 1, now::get), duration -> {
                    waits.add(duration);
                    now.addAndGet(duration.toNanos());
                }, cancelled::get, silentLog(), Clock.systemUTC(), () -> 0.5);
        for (int i = 0; i < 11; i++) {
            limited.send(HttpCall.get(url("/page")));
        }
        // 11 requests at 5 a second: the first goes at once, ten more need about two seconds in all.
        assertThat(total(waits)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aVendorsOwnBudgetSpacesItsCallsBesidesTheConnectionsLimit() {
        answers("/search", aResponse().withStatus(200));
        answers("/list", aResponse().withStatus(200));
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        ConnectorHttpClient budgeted = new ConnectorHttpClient(new GuardedHttpClient(new OutboundPolicy("127.0.0.1:" + vendor.port())),
                RetryPolicy.DEFAULT, RequestRate.unlimited(), duration -> {
                    waits.add(duration);
                    now.addAndGet(duration.toNanos());
                }, cancelled::get, silentLog(), Clock.systemUTC(), () -> 0.5, now::get);
        for (int i = 0; i < 9; i++) {
            budgeted.send(HttpCall.get(url("/search")).budget("search", 4));
            budgeted.send(HttpCall.get(url("/list")));
        }
        // 9 searches at 4 a second: the first at once, eight more in two seconds; the listings wait for nothing.
        assertThat(total(waits)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aWaitTheConnectorReadsFromA429BodyComesFirst() {
        answers("/busy", aResponse().withStatus(429).withBody("{\"policyName\":\"TEN_SECONDLY_ROLLING\"}").withHeader("Retry-After", "1"),
                aResponse().withStatus(429).withBody("{\"policyName\":\"OTHER\"}"), aResponse().withStatus(200));
        HttpCall call = HttpCall.get(url("/busy"))
                .retryWait(r -> r.bodyText().contains("TEN_SECONDLY_ROLLING") ? Duration.ofSeconds(10) : null);
        assertThat(http().send(call).status()).isEqualTo(200);
        // ten seconds as the body says (not the header's one), then the host's own back-off (2 s on the second attempt)
        // where the connector has no answer
        assertThat(total(waits)).isEqualTo(Duration.ofSeconds(10 + 2));
    }

    @Test
    void aCancelledRunStopsWaiting() {
        answers("/never", aResponse().withStatus(503).withHeader("Retry-After", "60"));
        ConnectorHttpClient http = new ConnectorHttpClient(new GuardedHttpClient(new OutboundPolicy("127.0.0.1:" + vendor.port())),
                RetryPolicy.DEFAULT, RequestRate.unlimited(), duration -> {
                    waits.add(duration);
                    cancelled.set(true);
                }, cancelled::get, silentLog(), Clock.systemUTC(), () -> 0.5);
        assertThatThrownBy(() -> http.send(HttpCall.get(url("/never")))).isInstanceOf(ConnectorContext.Cancelled.class);
        assertThat(total(waits)).as("stopped after the first slice of the minute").isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aConnectionCannotReachInternalAddresses() {
        ConnectorHttpClient strict = new ConnectorHttpClient(new GuardedHttpClient(new OutboundPolicy("")), RetryPolicy.DEFAULT,
                RequestRate.unlimited(), waits::add, cancelled::get, silentLog(), Clock.systemUTC(), () -> 0.5);
        for (String target : new String[]{url("/contacts"), "https://169.254.169.254/latest/meta-data/", "https://10.0.0.8/api"}) {
            assertThatThrownBy(() -> strict.send(HttpCall.get(target))).as(target).isInstanceOf(ConnectorFailure.class)
                    .hasMessageContaining("was not sent");
        }
        assertThat(vendor.getAllServeEvents()).isEmpty();
    }
}
