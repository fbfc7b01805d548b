package io.tandem.usage;

import io.micronaut.core.annotation.Nullable;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.ApiKeys;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The write key of a tracking call is any API key of the tenant. Analytics libraries present it as
 * HTTP Basic's user name with an empty password ({@code key:}, some without the colon), or only in
 * the body ({@code writeKey}, as the Java library does); either names the tenant.
 */
@Singleton
public class WriteKeys {

    private final ApiKeys keys;

    public WriteKeys(ApiKeys keys) {
        this.keys = keys;
    }

    /** The tenant whose key this is; 401 when there is none or it is not a live key. */
    public UUID tenantOf(@Nullable String authorization, @Nullable String bodyWriteKey) {
        String key = fromBasic(authorization).orElse(bodyWriteKey);
        if (key == null || key.isBlank()) {
            throw new ProblemException(ProblemException.Kind.UNAUTHORIZED,
                    "A write key is required: an API key of your tenant as the HTTP Basic user name, or as writeKey in the body.");
        }
        return keys.holderOf(key.strip()).map(ApiKeys.KeyHolder::tenantId)
                .orElseThrow(() -> new ProblemException(ProblemException.Kind.UNAUTHORIZED, "The write key is not a live API key of any tenant."));
    }

    private static Optional<String> fromBasic(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw new ProblemException(ProblemException.Kind.UNAUTHORIZED, "The Basic credentials are not base64.");
        }
        int colon = decoded.indexOf(':');
        return Optional.of(colon < 0 ? decoded : decoded.substring(0, colon));
    }
}
