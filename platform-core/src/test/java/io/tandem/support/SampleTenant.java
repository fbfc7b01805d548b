package io.tandem.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.support.ApiClient.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The shared sample tenant (shared/sample-tenant, copied into the test resources): its CSV files
 * imported through the real import API, in the documented order, and its independently computed answers.
 */
public final class SampleTenant {

    public static final String[] IMPORT_ORDER = {"campaigns", "accounts", "leads", "opportunities", "spend", "mrr", "usage", "stage-changes"};

    private SampleTenant() {
    }

    public static void importAll(ApiClient api, String token) {
        for (String type : IMPORT_ORDER) {
            JsonNode result = importAndWait(api, token, type, csv(type).getBytes(StandardCharsets.UTF_8));
            if (!result.get("status").asText().equals("DONE") || result.get("failed").asInt() != 0) {
                throw new AssertionError("sample " + type + " did not import cleanly: " + result);
            }
        }
    }

    public static JsonNode importAndWait(ApiClient api, String token, String type, byte[] csv) {
        Response started = api.postBytes("/api/v1/imports/" + type, token, "text/csv", csv);
        if (started.status() != 202) {
            throw new AssertionError("import not accepted: " + started);
        }
        return waitFor(api, token, started.json().get("importId").asText());
    }

    /** Polls an import until it is DONE or FAILED; returns its final status. */
    public static JsonNode waitFor(ApiClient api, String token, String id) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            Response status = api.get("/api/v1/imports/" + id, token);
            String state = status.json().get("status").asText();
            if (state.equals("DONE") || state.equals("FAILED")) {
                return status.json();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("import " + id + " did not finish");
    }

    public static String csv(String type) {
        return resource("/sample-tenant/" + type + ".csv");
    }

    public static String expectedJson() {
        return resource("/sample-tenant/expected.json");
    }

    private static String resource(String path) {
        try (InputStream in = SampleTenant.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
