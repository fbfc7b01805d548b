package io.tandem.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client for API tests: real requests over the loopback, raw bodies, no framework magic. */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String INVITED_PASSWORD = "a long password 1";

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ApiClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public Response get(String path, String token) {
        return send(builder(path, token).GET());
    }

    public Response post(String path, String token, String body) {
        return send(builder(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response postWithApiKey(String path, String apiKey, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .header("X-API-Key", apiKey).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response getWithApiKey(String path, String apiKey) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .header("X-API-Key", apiKey).GET());
    }

    public Response postText(String path, String token, String contentType, String body) {
        return send(builder(path, token).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response postBytes(String path, String token, String contentType, byte[] body) {
        return send(builder(path, token).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public Response putBytes(String path, String token, String contentType, byte[] body) {
        return send(builder(path, token).header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public Response put(String path, String token, String body) {
        return send(builder(path, token).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response delete(String path, String token) {
        return send(builder(path, token).DELETE());
    }

    public Response patch(String path, String token, String body) {
        return send(builder(path, token).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Signs up a company and returns the admin's bearer token. */
    public String signUpAndLogIn(String company, String email) {
        Response signup = post("/api/v1/signup", null, json("company", company, "name", "Admin of " + company,
                "email", email, "password", "correct horse battery"));
        if (signup.status() != 201) {
            throw new AssertionError("sign-up failed: " + signup);
        }
        return logIn(email, "correct horse battery");
    }

    /** An admin invites a colleague (password "a long password 1"); returns the colleague's bearer token. */
    public String inviteAndLogIn(String adminToken, String email, String team, String role, boolean teamLead) {
        Response invited = post("/api/v1/users", adminToken, "{\"email\":\"" + email + "\",\"name\":\"" + email.substring(0, email.indexOf('@'))
                + "\",\"team\":\"" + team + "\",\"role\":\"" + role + "\",\"password\":\"" + INVITED_PASSWORD + "\",\"teamLead\":" + teamLead + "}");
        if (invited.status() != 201) {
            throw new AssertionError("invitation failed: " + invited);
        }
        return logIn(email, INVITED_PASSWORD);
    }

    /** Sends records through the ingestion API; every one of them must be taken (200, no errors). */
    public void ingest(String token, String type, String body) {
        Response response = post("/api/v1/ingest/" + type, token, body);
        if (response.status() != 200 || response.json().get("errors").size() > 0) {
            throw new AssertionError("ingesting " + type + " failed: " + response);
        }
    }

    public String logIn(String email, String password) {
        Response login = post("/api/v1/login", null, json("email", email, "password", password));
        if (login.status() != 200) {
            throw new AssertionError("login failed: " + login);
        }
        return login.json().get("access_token").asText();
    }

    /** Builds a JSON object from alternating keys and string values. */
    public static String json(String... keysAndValues) {
        var node = JSON.createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            node.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return node.toString();
    }

    private HttpRequest.Builder builder(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Response(int status, String contentType, String body) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public boolean isProblem() {
            return contentType.startsWith("application/problem+json") && json().hasNonNull("detail");
        }
    }
}
