package io.ccheadless.sandbox.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Mints and checks RS256 access-token JWTs shaped like CC's (docs/cc-api.md §2.1). */
public final class AccessTokens {
    public static final String ISSUER = "https://identity.constantcontact.com/oauth2/aus1lm3ry9mF7x2Ja0h8";
    public static final String AUDIENCE = "https://api.cc.email/v3";
    public static final Duration USER_TOKEN_LIFETIME = Duration.ofHours(24);
    public static final Duration PARTNER_TOKEN_LIFETIME = Duration.ofHours(1);

    private final JwtKeys keys;
    private final RandomTokens random;

    public AccessTokens(JwtKeys keys, RandomTokens random) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** An access token for a user grant, living 24 hours from {@code now}. */
    public Secret issueUserToken(String clientId, String subject, String accountId, Set<String> scopes, Instant now) {
        Map<String, Object> c = base(now, USER_TOKEN_LIFETIME);
        c.put("cid", clientId);
        c.put("uid", "00u" + Fingerprints.sha256(subject).substring(0, 17));
        c.put("scp", List.copyOf(scopes));
        c.put("auth_time", now.getEpochSecond());
        c.put("sub", subject);
        c.put("platform_user_id", Fingerprints.sha256("puid" + subject).substring(0, 8) + "-"
                + Fingerprints.sha256("puid" + subject).substring(8, 12));
        c.put("encoded_account_id", accountId);
        return new Secret(keys.sign(c));
    }

    /** A partner token (client credentials), living one hour. */
    public Secret issuePartnerToken(String partnerClientId, Instant now) {
        Map<String, Object> c = base(now, PARTNER_TOKEN_LIFETIME);
        c.put("cid", partnerClientId);
        c.put("scp", List.of(Scopes.PARTNER));
        c.put("sub", partnerClientId);
        c.put("token_use", "partner");
        return new Secret(keys.sign(c));
    }

    private Map<String, Object> base(Instant now, Duration lifetime) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("ver", 1);
        c.put("jti", "AT." + random.next(32));
        c.put("iss", ISSUER);
        c.put("aud", AUDIENCE);
        c.put("iat", now.getEpochSecond());
        c.put("exp", now.plus(lifetime).getEpochSecond());
        return c;
    }

    /** The claims of a token that is signed by this sandbox, meant for the V3 API, and not expired at {@code now}. */
    public Optional<AccessClaims> verify(String token, Instant now) {
        return keys.verify(token).flatMap(c -> {
            if (!ISSUER.equals(c.path("iss").asText()) || !AUDIENCE.equals(c.path("aud").asText())) {
                return Optional.empty();
            }
            long exp = c.path("exp").asLong(0);
            if (now.getEpochSecond() >= exp) {
                return Optional.empty();
            }
            Set<String> scopes = new LinkedHashSet<>();
            for (JsonNode s : c.path("scp")) {
                scopes.add(s.asText());
            }
            return Optional.of(new AccessClaims(c.path("cid").asText(), c.path("sub").asText(),
                    c.path("encoded_account_id").asText(""), scopes, Instant.ofEpochSecond(c.path("iat").asLong()),
                    Instant.ofEpochSecond(exp), "partner".equals(c.path("token_use").asText())));
        });
    }
}
