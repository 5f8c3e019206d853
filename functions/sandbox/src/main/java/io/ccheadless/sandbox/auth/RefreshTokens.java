package io.ccheadless.sandbox.auth;

import io.ccheadless.sandbox.RefreshTokenMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Refresh-token chains (one per consent) and the rotation rules of {@link RefreshTokenMode}. Every operation
 * holds one lock, so two concurrent redemptions of the same token are decided one after the other.
 * Tokens are kept by SHA-256 digest; only long-lived values are kept whole, because they are handed back.
 */
public final class RefreshTokens {
    /** A refresh token unused for this long is dead (docs/cc-api.md §2.10). */
    public static final Duration IDLE_LIFETIME = Duration.ofDays(180);

    /** The outcome of presenting a refresh token. */
    public sealed interface Redemption permits Redeemed, Rejected, ClientAuthRequired {
    }

    /**
     * @param refreshToken the token to hand back, empty when the response must omit it (LONG_LIVED_OMIT)
     */
    public record Redeemed(GrantedAccess access, Optional<Secret> refreshToken, long presentedGeneration,
                           long issuedGeneration) implements Redemption {
    }

    public record Rejected(String detail, long presentedGeneration) implements Redemption {
    }

    /** The chain belongs to a confidential client and the request did not authenticate; nothing changed. */
    public record ClientAuthRequired(long presentedGeneration) implements Redemption {
    }

    private static final class Token {
        final String chainId;
        final long generation;
        final Secret longLivedValue;
        Instant lastUsedAt;
        Instant rotatedAt;

        Token(String chainId, long generation, Secret longLivedValue, Instant issuedAt) {
            this.chainId = chainId;
            this.generation = generation;
            this.longLivedValue = longLivedValue;
            this.lastUsedAt = issuedAt;
        }
    }

    private static final class Chain {
        final GrantedAccess access;
        final List<String> digests = new ArrayList<>();
        long newestGeneration;
        String revokedBecause;

        Chain(GrantedAccess access) {
            this.access = access;
        }
    }

    private final Object lock = new Object();
    private final Map<String, Token> tokens = new HashMap<>();
    private final Map<String, Chain> chains = new HashMap<>();
    private final RandomTokens random;
    private RefreshTokenMode mode;
    private Duration grace;

    public RefreshTokens(RandomTokens random, RefreshTokenMode mode, Duration grace) {
        this.random = Objects.requireNonNull(random, "random");
        setMode(mode, grace);
    }

    public void setMode(RefreshTokenMode mode, Duration grace) {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("negative grace");
        }
        synchronized (lock) {
            this.mode = mode;
            this.grace = grace;
        }
    }

    public RefreshTokenMode mode() {
        synchronized (lock) {
            return mode;
        }
    }

    /** Starts a chain for a new consent and returns its first token (generation 1). */
    public Secret start(GrantedAccess access, Instant now) {
        synchronized (lock) {
            String chainId = random.next(12);
            Chain chain = new Chain(access);
            chains.put(chainId, chain);
            return mint(chainId, chain, now);
        }
    }

    private Secret mint(String chainId, Chain chain, Instant now) {
        Secret value = new Secret(random.refreshToken());
        long generation = ++chain.newestGeneration;
        String digest = Fingerprints.sha256(value.value());
        tokens.put(digest, new Token(chainId, generation, mode.rotating() ? null : value, now));
        chain.digests.add(digest);
        return value;
    }

    public Redemption redeem(String presented, String clientId, boolean clientAuthenticated, Instant now) {
        synchronized (lock) {
            Token t = presented == null ? null : tokens.get(Fingerprints.sha256(presented));
            if (t == null) {
                return new Rejected("unknown refresh token", 0);
            }
            Chain chain = chains.get(t.chainId);
            if (!chain.access.clientId().equals(clientId)) {
                return new Rejected("refresh token was issued to another client", t.generation);
            }
            if (!chain.access.publicClient() && !clientAuthenticated) {
                return new ClientAuthRequired(t.generation);
            }
            if (chain.revokedBecause != null) {
                return new Rejected("chain revoked: " + chain.revokedBecause, t.generation);
            }
            if (!now.isBefore(t.lastUsedAt.plus(IDLE_LIFETIME))) {
                return new Rejected("unused for 180 days", t.generation);
            }
            return switch (mode) {
                case LONG_LIVED, LONG_LIVED_OMIT -> longLived(t, chain, now);
                case ROTATING_STRICT, ROTATING_GRACE, ROTATING_FAMILY_REVOCATION -> rotate(t, chain, now);
            };
        }
    }

    private Redemption longLived(Token t, Chain chain, Instant now) {
        t.lastUsedAt = now;
        if (mode == RefreshTokenMode.LONG_LIVED_OMIT) {
            return new Redeemed(chain.access, Optional.empty(), t.generation, 0);
        }
        if (t.longLivedValue == null) {
            // issued while the app was rotating; it keeps working but its value is not kept: rotate once
            Secret next = mint(t.chainId, chain, now);
            t.rotatedAt = now;
            return new Redeemed(chain.access, Optional.of(next), t.generation, chain.newestGeneration);
        }
        return new Redeemed(chain.access, Optional.of(t.longLivedValue), t.generation, t.generation);
    }

    private Redemption rotate(Token t, Chain chain, Instant now) {
        if (t.rotatedAt != null) {
            boolean graceApplies = mode != RefreshTokenMode.ROTATING_STRICT && !grace.isZero()
                    && now.isBefore(t.rotatedAt.plus(grace));
            if (!graceApplies) {
                if (mode == RefreshTokenMode.ROTATING_FAMILY_REVOCATION) {
                    chain.revokedBecause = "generation " + t.generation + " was presented again after rotation";
                    return new Rejected("reused after rotation; chain revoked", t.generation);
                }
                return new Rejected("reused after rotation", t.generation);
            }
        }
        for (String d : chain.digests) {
            Token other = tokens.get(d);
            if (other.rotatedAt == null) {
                other.rotatedAt = now;
            }
        }
        Secret next = mint(t.chainId, chain, now);
        return new Redeemed(chain.access, Optional.of(next), t.generation, chain.newestGeneration);
    }

    /** Revokes every chain of a client, as when CC or the account owner withdraws the app's access. */
    public int revokeAll(String clientId, String reason) {
        synchronized (lock) {
            int n = 0;
            for (Chain c : chains.values()) {
                if (c.access.clientId().equals(clientId) && c.revokedBecause == null) {
                    c.revokedBecause = reason;
                    n++;
                }
            }
            return n;
        }
    }
}
