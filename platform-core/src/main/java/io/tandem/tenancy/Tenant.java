package io.tandem.tenancy;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** A company using Tandem. */
@MappedEntity("tenant")
public record Tenant(@Id UUID tenantId, String name, Instant createdAt) {
}
