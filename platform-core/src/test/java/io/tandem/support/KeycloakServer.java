package io.tandem.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real Keycloak for the keycloak identity mode's tests: the distribution Maven fetched with the tests
 * (org.keycloak:keycloak-quarkus-dist), unpacked once into a cache beside the local Maven repository (its
 * one-time build step is kept there between runs), started on loopback with Tandem's realm file from
 * {@code deploy/keycloak}, fresh (its development database is removed first). One per test JVM, started on
 * first use; it runs in its own process group, stopped as a group when the JVM ends ({@code kc.sh} starts
 * Java again, so the first PID is not the server's). A lock on the cache keeps two test JVMs of this
 * machine from sharing it at once.
 */
public final class KeycloakServer {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-password-for-tests";
    public static final String CLIENT_SECRET = "client-secret-for-tests";
    /** A public client of the tests only, with the password grant, to get users' tokens without a browser. */
    public static final String TEST_CLIENT = "tandem-tests";
    private static final String VERSION = "26.7.3";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KeycloakServer shared;

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;
    private final int managementPort;
    private final Process process;
    private final FileLock lock;

    public static synchronized KeycloakServer shared() {
        if (shared == null) {
            shared = new KeycloakServer();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    private KeycloakServer() {
        try {
            Path home = unpacked();
            FileChannel channel = FileChannel.open(home.resolve(".tandem-test-lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = channel.lock();
            deleteTree(home.resolve("data/h2"));
            Path imports = Files.createDirectories(home.resolve("data/import"));
            Files.copy(find("deploy/keycloak/tandem-realm.json"), imports.resolve("tandem-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            port = freePort();
            managementPort = freePort();
            ProcessBuilder builder = new ProcessBuilder("setsid", home.resolve("bin/kc.sh").toString(), "start-dev", "--http-host=127.0.0.1",
                    "--http-port=" + port, "--http-management-host=127.0.0.1", "--http-management-port=" + managementPort,
                    "--health-enabled=true", "--import-realm");
            builder.environment().putAll(Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN, "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD,
                    "TANDEM_KEYCLOAK_CLIENT_SECRET", CLIENT_SECRET));
            Path log = Files.createDirectories(Path.of("target")).resolve("keycloak.log");
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            process = builder.start();
            waitUntilReady(log);
            createTestClient();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String issuer() {
        return url() + "/realms/tandem";
    }

    /** The app's configuration for keycloak identity mode against this server. */
    public Map<String, Object> appProperties() {
        return Map.of("tandem.identity.mode", "keycloak", "tandem.keycloak.url", url(), "tandem.keycloak.admin-user", ADMIN,
                "tandem.keycloak.admin-password", ADMIN_PASSWORD, "tandem.keycloak.client-secret", CLIENT_SECRET);
    }

    /** An admin-API GET in the tandem realm (path after /admin/realms/tandem). */
    public JsonNode admin(String path) {
        return send(HttpRequest.newBuilder(URI.create(url() + "/admin/realms/tandem" + path)).header("Authorization", "Bearer " + adminToken()).GET(), 200);
    }

    /** An admin-API POST of JSON in the tandem realm; Keycloak must answer 201. */
    public void adminCreate(String path, String json) {
        send(HttpRequest.newBuilder(URI.create(url() + "/admin/realms/tandem" + path)).header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)), 201);
    }

    /** An admin-API PUT of JSON in the tandem realm (path after it, "" for the realm itself); Keycloak must answer 204. */
    public void adminUpdate(String path, String json) {
        send(HttpRequest.newBuilder(URI.create(url() + "/admin/realms/tandem" + path)).header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)), 204);
    }

    /** Lets Tandem's client send browsers back to (and after logout to) an app started by a test on its own port. */
    public void allowRedirectsTo(String appBaseUrl) {
        String base = appBaseUrl.replaceAll("/+$", "");
        String id = admin("/clients?clientId=tandem").get(0).get("id").asText();
        JsonNode client = admin("/clients/" + id);
        java.util.Set<String> uris = new java.util.LinkedHashSet<>();
        client.get("redirectUris").forEach(u -> uris.add(u.asText()));
        uris.add(base + "/*");
        String joined = String.join("##", uris);
        adminUpdate("/clients/" + id, "{\"redirectUris\":" + JSON.valueToTree(uris) + ",\"attributes\":{\"post.logout.redirect.uris\":"
                + JSON.valueToTree(joined) + "}}");
    }

    /** A POST of JSON to the admin API's root (path after /admin, e.g. "/realms" to create a realm); Keycloak must answer 201. */
    public void adminCreateAtRoot(String path, String json) {
        send(HttpRequest.newBuilder(URI.create(url() + "/admin" + path)).header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)), 201);
    }

    /** A user's tokens through the tests' client, with the organization scope: the access token and the refresh token. */
    public JsonNode userTokens(String username, String password) {
        return userTokens(username, password, "openid organization");
    }

    /** A user's tokens for these scopes ({@code organization:*} asks for every organization of the user). */
    public JsonNode userTokens(String username, String password, String scope) {
        return form("/realms/tandem/protocol/openid-connect/token", "grant_type=password&client_id=" + TEST_CLIENT + "&scope="
                + encode(scope) + "&username=" + encode(username) + "&password=" + encode(password));
    }

    /** The password grant's raw answer, for a user who may be refused (disabled, say). */
    public HttpResponse<String> tokenRequest(String username, String password, String scope) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url() + "/realms/tandem/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=" + TEST_CLIENT + "&scope=" + encode(scope)
                            + "&username=" + encode(username) + "&password=" + encode(password))).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** New tokens for a refresh token, through the tests' client. */
    public JsonNode refreshed(String refreshToken) {
        return form("/realms/tandem/protocol/openid-connect/token", "grant_type=refresh_token&client_id=" + TEST_CLIENT + "&refresh_token="
                + encode(refreshToken));
    }

    /** The payload of a JWT, decoded (no verification: what Keycloak put in it). */
    public static JsonNode claims(String jwt) {
        try {
            return JSON.readTree(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An access token of the master realm's admin: a token from another realm than Tandem's. */
    public String adminToken() {
        return form("/realms/master/protocol/openid-connect/token", "grant_type=password&client_id=admin-cli&username=" + ADMIN + "&password="
                + encode(ADMIN_PASSWORD)).get("access_token").asText();
    }

    private JsonNode form(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(url() + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)), 200);
    }

    private JsonNode send(HttpRequest.Builder request, int expected) {
        try {
            HttpResponse<String> answer = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != expected) {
                throw new AssertionError("Keycloak answered " + answer.statusCode() + ": " + answer.body());
            }
            return answer.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void createTestClient() {
        String client = """
                {"clientId":"%s","publicClient":true,"directAccessGrantsEnabled":true,"standardFlowEnabled":false,
                 "protocolMappers":[{"name":"tandem audience","protocol":"openid-connect","protocolMapper":"oidc-audience-mapper",
                   "config":{"included.client.audience":"tandem","access.token.claim":"true","id.token.claim":"false"}}]}""".formatted(TEST_CLIENT);
        send(HttpRequest.newBuilder(URI.create(url() + "/admin/realms/tandem/clients")).header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(client)), 201);
    }

    private void waitUntilReady(Path log) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("Keycloak stopped while starting; its log:\n" + tail(log));
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            sleep(1000);
        }
        throw new AssertionError("Keycloak was not ready within 5 minutes; its log:\n" + tail(log));
    }

    /** Stops the whole process group: kc.sh and the Java it started. */
    private synchronized void stop() {
        try {
            long group = process.pid();
            new ProcessBuilder("kill", "-TERM", "--", "-" + group).inheritIO().start().waitFor();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                new ProcessBuilder("kill", "-KILL", "--", "-" + group).inheritIO().start().waitFor();
            }
            sleep(2000); // the server's Java may outlive kc.sh by a moment
            new ProcessBuilder("kill", "-KILL", "--", "-" + group).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
            lock.release();
            lock.channel().close();
        } catch (IOException | InterruptedException e) {
            // the JVM is ending; nothing more to do
        }
    }

    /** The distribution, unpacked once beside the local Maven repository and kept (with its build) between runs. */
    private static Path unpacked() throws IOException {
        Path repository = Path.of(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));
        Path zip = repository.resolve("org/keycloak/keycloak-quarkus-dist/" + VERSION + "/keycloak-quarkus-dist-" + VERSION + ".zip");
        if (!Files.exists(zip)) {
            throw new AssertionError("The Keycloak distribution is not in " + zip + ": the test command (mvn verify) fetches it with the tests.");
        }
        Path cache = repository.getParent().resolve("tandem-test-cache");
        Path home = cache.resolve("keycloak-" + VERSION);
        if (Files.exists(home.resolve("bin/kc.sh"))) {
            return home;
        }
        Path partial = Files.createDirectories(cache).resolve("keycloak-" + VERSION + ".unpacking-" + ProcessHandle.current().pid());
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                String name = entry.getName().substring(entry.getName().indexOf('/') + 1);
                Path target = partial.resolve(name).normalize();
                if (!target.startsWith(partial) || name.isEmpty()) {
                    continue;
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(entries, target, StandardCopyOption.REPLACE_EXISTING);
                    if (name.endsWith(".sh")) {
                        target.toFile().setExecutable(true);
                    }
                }
            }
        }
        try {
            Files.move(partial, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException anotherRunWasFaster) {
            deleteTree(partial);
        }
        return home;
    }

    private static Path find(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new AssertionError("No " + relative + " above " + Path.of("").toAbsolutePath());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String tail(Path log) throws IOException {
        java.util.List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
