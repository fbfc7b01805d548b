package io.tandem.platform.web;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.servlet.api.annotation.ServletFilterBean;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** The servlet filters in front of everything Tomcat serves (the API and the web UI). */
@Factory
class WebFilters {

    // Each filter's registered name comes from its bean name or type: they must differ.
    @Singleton
    @Named("security-headers")
    @ServletFilterBean(filterName = "security-headers", urlPatterns = "/*")
    SecurityHeaders securityHeaders() {
        return new SecurityHeaders();
    }

    @Singleton
    @Named("api-body-guard")
    @ServletFilterBean(filterName = "api-body-guard", urlPatterns = "/api/*")
    ApiBodyGuard apiBodyGuard(@Value("${tandem.api.max-json-body-bytes:1048576}") int maxBytes) {
        return new ApiBodyGuard(maxBytes);
    }
}
