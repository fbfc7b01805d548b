package io.tandem.platform.web;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;

/**
 * The REST API's OpenAPI description, generated from the controllers at compile time (micronaut-openapi) and served
 * at /api/openapi.yml with Swagger UI at /api/swagger-ui ({@link ApiDescriptionController}). Every route is in it:
 * OpenApiDescriptionTest fails otherwise.
 */
@OpenAPIDefinition(
        info = @Info(title = "Tandem", version = "v1",
                description = "One funnel, one set of numbers for sales and marketing: records and ingestion, the funnel and its hand-offs, "
                        + "metrics, feedback, incentives, insights, connectors. Errors are application/problem+json."),
        servers = @Server(url = "/"),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "An access token from POST /api/v1/login (or Keycloak's, in keycloak identity mode).")
@SecurityScheme(name = "apiKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER, paramName = "X-API-Key",
        description = "A tenant API key: ingestion, imports and product events only.")
final class ApiDescription {

    private ApiDescription() {
    }
}
