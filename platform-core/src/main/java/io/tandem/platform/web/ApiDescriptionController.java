package io.tandem.platform.web;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import io.tandem.platform.ProblemException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The API's OpenAPI description (generated at compile time, {@link ApiDescription}) at /api/openapi.yml, and
 * Swagger UI on it at /api/swagger-ui: Tandem's own page and start script (no inline script) and the Swagger UI
 * files the generator copied. Public: the description holds no data, only the shape of the API.
 */
@Controller("/api")
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
public class ApiDescriptionController {

    static final String DESCRIPTION = "META-INF/swagger/tandem-v1.yml";
    private static final String SWAGGER_UI = "META-INF/swagger/views/swagger-ui/res/";

    /** The files the page loads, and where each comes from: nothing else is served from these folders. */
    private static final Map<String, String> FILES = Map.of(
            "swagger-ui-bundle.js", SWAGGER_UI + "swagger-ui-bundle.js",
            "swagger-ui-standalone-preset.js", SWAGGER_UI + "swagger-ui-standalone-preset.js",
            "swagger-ui.css", SWAGGER_UI + "swagger-ui.css",
            "favicon-32x32.png", SWAGGER_UI + "favicon-32x32.png",
            "tandem-init.js", "api-docs/tandem-init.js");

    @Get(value = "/openapi.yml", produces = "application/yaml")
    public HttpResponse<byte[]> description() {
        return HttpResponse.ok(read(DESCRIPTION)).contentType("application/yaml");
    }

    @Get(value = "/swagger-ui", produces = MediaType.TEXT_HTML)
    public HttpResponse<byte[]> swaggerUi() {
        return HttpResponse.ok(read("api-docs/swagger-ui.html")).contentType(MediaType.TEXT_HTML_TYPE);
    }

    @Get(value = "/swagger-ui/res/{file}", produces = MediaType.ALL)
    public HttpResponse<byte[]> swaggerUiFile(String file) {
        String resource = FILES.get(file);
        if (resource == null) {
            throw ProblemException.notFound("No file " + file + " here.");
        }
        String type = file.endsWith(".js") ? "text/javascript" : file.endsWith(".css") ? "text/css" : "image/png";
        return HttpResponse.ok(read(resource)).contentType(type).header("Cache-Control", "public, max-age=86400");
    }

    private static byte[] read(String resource) {
        try (InputStream in = ApiDescriptionController.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
