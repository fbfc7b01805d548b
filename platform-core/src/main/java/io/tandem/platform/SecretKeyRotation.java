package io.tandem.platform;

import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.tandem.platform.jobs.TenantsWithWork;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rotating {@code TANDEM_SECRET_KEY}: start every instance with the new key and the old one as
 * {@code TANDEM_SECRET_KEY_PREVIOUS}. At start-up each instance seals every stored secret still under
 * the old key again under the new one, tenant by tenant (sealing twice is harmless), and logs how
 * many; after that, {@code TANDEM_SECRET_KEY_PREVIOUS} can go. docs/security.md has the steps.
 */
@Singleton
public class SecretKeyRotation {

    private static final Logger LOG = LoggerFactory.getLogger(SecretKeyRotation.class);

    private final SecretBox box;
    private final List<SealedSecrets> keepers;
    private final TenantsWithWork tenants;

    public SecretKeyRotation(SecretBox box, List<SealedSecrets> keepers, TenantsWithWork tenants) {
        this.box = box;
        this.keepers = keepers;
        this.tenants = tenants;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        if (box.rotating()) {
            int resealed = resealAll();
            LOG.info("Secret key rotation: {} stored secret(s) sealed again under the new key", resealed);
        }
    }

    /** Returns how many secrets were sealed again. */
    public int resealAll() {
        AtomicInteger total = new AtomicInteger();
        tenants.forEachTenant("secret-key-rotation", "tenants_with_sealed_secrets", Instant.now(), tenantId -> {
            int n = keepers.stream().mapToInt(k -> k.reseal(tenantId)).sum();
            total.addAndGet(n);
            return n;
        });
        return total.get();
    }
}
