package io.tandem.tenancy;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.text.Normalizer;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * A company using Tandem. {@code slug} names it where a name must be safe and stable (the Keycloak
 * organization's alias): the company name in lower-case letters, digits and hyphens, and the start of
 * the tenant id, so two companies of the same name never share one.
 */
@MappedEntity("tenant")
public record Tenant(@Id UUID tenantId, String name, String slug, Instant createdAt) {

    public static String slugOf(String company, UUID tenantId) {
        String ascii = Normalizer.normalize(company, Normalizer.Form.NFD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
        String words = ascii.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (words.length() > 40) {
            words = words.substring(0, 40).replaceAll("-+$", "");
        }
        return (words.isEmpty() ? "tenant" : words) + "-" + tenantId.toString().substring(0, 6);
    }
}
