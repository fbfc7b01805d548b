package io.tandem.platform.outbound;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The guarded client against real local servers: it refuses internal targets by the address it
 * would connect to, follows redirects only where each hop is allowed, and reads fixed, chunked and
 * oversized answers correctly.
 */
class GuardedHttpClientTest {

    private HttpServer allowed;
    private HttpServer internal;
    private final AtomicInteger internalHits = new AtomicInteger();

    @BeforeEach
    void servers() throws IOException {
        internal = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        internal.createContext("/", exchange -> {
            internalHits.incrementAndGet();
            answer(exchange, 200, "internal secret");
        });
        internal.start();
        allowed = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        allowed.createContext("/hello", exchange -> answer(exchange, 200, "hello " + exchange.getRequestMethod()));
        allowed.createContext("/chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0); // 0 = chunked
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write(("part" + i + ";").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });
        allowed.createContext("/big", exchange -> answer(exchange, 200, "x".repeat(10_000)));
        allowed.createContext("/to-internal", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + internal.getAddress().getPort() + "/meta");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        allowed.createContext("/to-hello", exchange -> {
            exchange.getResponseHeaders().add("Location", "/hello");
            exchange.sendResponseHeaders(301, -1);
            exchange.close();
        });
        allowed.start();
    }

    @AfterEach
    void stop() {
        allowed.stop(0);
        internal.stop(0);
    }

    private GuardedHttpClient client() {
        // Only the "allowed" stub's port is on the allow-list; the other loopback port stands for an internal service.
        return new GuardedHttpClient(new OutboundPolicy("127.0.0.1:" + allowed.getAddress().getPort()));
    }

    private String allowedUrl(String path) {
        return "http://127.0.0.1:" + allowed.getAddress().getPort() + path;
    }

    @Test
    void anAllowListedTargetAnswers() throws Exception {
        OutboundResponse get = client().send(OutboundRequest.get(URI.create(allowedUrl("/hello")), Map.of("Accept", "text/plain")));
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.bodyText()).isEqualTo("hello GET");
        OutboundResponse post = client().send(OutboundRequest.post(URI.create(allowedUrl("/hello")), Map.of("Content-Type", "application/json"), "{}"));
        assertThat(post.bodyText()).isEqualTo("hello POST");
        assertThat(client().send(OutboundRequest.get(URI.create(allowedUrl("/chunked")), Map.of())).bodyText())
                .startsWith("part0;part1;").endsWith("part99;");
    }

    @Test
    void internalTargetsAreRefusedBeforeAnyConnection() {
        GuardedHttpClient strict = new GuardedHttpClient(new OutboundPolicy(""));
        int port = internal.getAddress().getPort();
        for (String url : new String[]{"http://127.0.0.1:" + port + "/", "https://127.0.0.1:" + port + "/", "https://localhost:" + port + "/",
                "https://[::1]:" + port + "/", "https://0.0.0.0:" + port + "/", "https://169.254.169.254/latest/meta-data/",
                "https://10.0.0.1/", "https://[::ffff:127.0.0.1]:" + port + "/"}) {
            assertThatThrownBy(() -> strict.send(OutboundRequest.get(URI.create(url), Map.of()))).as(url).isInstanceOf(RefusedTarget.class);
        }
        assertThat(internalHits).as("nothing reached the internal service").hasValue(0);
    }

    @Test
    void aRedirectToAnInternalAddressIsRefusedAndAllowedRedirectsAreFollowed() throws Exception {
        assertThatThrownBy(() -> client().send(OutboundRequest.get(URI.create(allowedUrl("/to-internal")), Map.of())))
                .isInstanceOf(RefusedTarget.class);
        assertThat(internalHits).hasValue(0);
        assertThat(client().send(OutboundRequest.get(URI.create(allowedUrl("/to-hello")), Map.of())).bodyText()).isEqualTo("hello GET");
        OutboundResponse postNotFollowed = client().send(OutboundRequest.post(URI.create(allowedUrl("/to-internal")), Map.of(), "{}"));
        assertThat(postNotFollowed.status()).as("a POST is never redirected").isEqualTo(302);
        assertThat(internalHits).hasValue(0);
    }

    @Test
    void anAnswerAboveTheLimitIsRefusedAndHeadersCannotBeInjected() {
        OutboundRequest big = new OutboundRequest("GET", URI.create(allowedUrl("/big")), Map.of(), new byte[0],
                java.time.Duration.ofSeconds(5), 1_000);
        assertThatThrownBy(() -> client().send(big)).hasMessageContaining("larger than 1000 bytes");
        assertThatThrownBy(() -> client().send(OutboundRequest.get(URI.create(allowedUrl("/hello")), Map.of("X-Evil", "a\r\nHost: other"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
