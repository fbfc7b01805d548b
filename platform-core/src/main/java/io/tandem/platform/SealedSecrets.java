package io.tandem.platform;

import java.util.UUID;

/**
 * A context that keeps secrets sealed by {@link SecretBox} (webhooks, connections). During a key
 * rotation, {@link SecretKeyRotation} asks each to seal a tenant's secrets again under the new key.
 */
public interface SealedSecrets {

    /**
     * Seals again, under the current key, every secret of the tenant still sealed under the previous
     * one, in a transaction of that tenant. Returns how many.
     */
    int reseal(UUID tenantId);
}
