package io.tandem.platform;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * Encrypts secrets Tandem must keep readable (a webhook's signing secret, a connection's credentials)
 * with AES-256-GCM under the installation's key ({@code tandem.secret-key}). Each value carries its
 * own random nonce; a value tampered with, or encrypted under another key, fails to open instead of
 * yielding garbage. While the key is rotated, values sealed under the previous key
 * ({@code tandem.secret-key-previous}) still open, and {@link #resealed} moves them to the new key.
 */
@Singleton
public class SecretBox {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecretKeySpec previous;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(@Value("${tandem.secret-key}") String secretKey, @Value("${tandem.secret-key-previous:}") String previousKey) {
        this.key = aesKey(secretKey);
        this.previous = previousKey == null || previousKey.isBlank() ? null : aesKey(previousKey);
    }

    /** The configured key may be any long string; its SHA-256 is the AES key. */
    private static SecretKeySpec aesKey(String configured) {
        try {
            return new SecretKeySpec(MessageDigest.getInstance("SHA-256").digest(configured.getBytes(StandardCharsets.UTF_8)), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a previous key is configured: a rotation is under way. */
    public boolean rotating() {
        return previous != null;
    }

    /** The value sealed again under the current key, when it was sealed under the previous one; empty when it is current. */
    public Optional<byte[]> resealed(byte[] box) {
        if (previous == null || opens(box, key)) {
            return Optional.empty();
        }
        return Optional.of(seal(open(box)));
    }

    /**
     * Seals again under the current key each of these boxes (by their owner's id) still sealed under
     * the previous one, handing each new box to {@code store}; returns how many.
     */
    public <K> int resealAll(java.util.Map<K, byte[]> boxes, java.util.function.BiConsumer<K, byte[]> store) {
        int resealed = 0;
        for (java.util.Map.Entry<K, byte[]> e : boxes.entrySet()) {
            Optional<byte[]> again = resealed(e.getValue());
            if (again.isPresent()) {
                store.accept(e.getKey(), again.get());
                resealed++;
            }
        }
        return resealed;
    }

    public byte[] seal(String secret) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not encrypt a secret", e);
        }
    }

    public String open(byte[] box) {
        try {
            return open(box, key);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            if (previous != null) {
                try {
                    return open(box, previous);
                } catch (GeneralSecurityException | IllegalArgumentException ignored) {
                    // neither key: reported below
                }
            }
            // IllegalArgumentException: a box too short to hold a nonce, i.e. damaged.
            throw new IllegalStateException("Could not decrypt a stored secret: was TANDEM_SECRET_KEY changed?", e);
        }
    }

    private static String open(byte[] box, SecretKeySpec with) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, with, new GCMParameterSpec(TAG_BITS, box, 0, NONCE_BYTES));
        return new String(cipher.doFinal(box, NONCE_BYTES, box.length - NONCE_BYTES), StandardCharsets.UTF_8);
    }

    private static boolean opens(byte[] box, SecretKeySpec with) {
        try {
            open(box, with);
            return true;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
