package io.ccheadless.sandbox.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Issued authorization codes: single use, five minutes (docs/cc-api.md §2.4), kept by digest only. */
public final class AuthorizationCodes {
    public static final Duration LIFETIME = Duration.ofMinutes(5);

    /**
     * @param codeChallenge base64url SHA-256 of the PKCE verifier, or null when the request had no PKCE
     */
    public record Pending(GrantedAccess access, String redirectUri, String codeChallenge, Instant issuedAt) {
        public Pending {
            Objects.requireNonNull(access, "access");
            Objects.requireNonNull(redirectUri, "redirectUri");
            Objects.requireNonNull(issuedAt, "issuedAt");
        }
    }

    private final Map<String, Pending> byDigest = new ConcurrentHashMap<>();
    private final RandomTokens random;

    public AuthorizationCodes(RandomTokens random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    public Secret issue(Pending pending) {
        Secret code = new Secret(random.authorizationCode());
        byDigest.put(Fingerprints.sha256(code.value()), pending);
        return code;
    }

    /** Takes the code out (whatever happens next, it cannot be used again); empty if unknown, used or expired. */
    public Optional<Pending> consume(String code, Instant now) {
        if (code == null || code.isEmpty()) {
            return Optional.empty();
        }
        Pending p = byDigest.remove(Fingerprints.sha256(code));
        if (p == null || !now.isBefore(p.issuedAt().plus(LIFETIME))) {
            return Optional.empty();
        }
        return Optional.of(p);
    }
}
