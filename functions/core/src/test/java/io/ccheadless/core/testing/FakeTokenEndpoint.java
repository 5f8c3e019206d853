package io.ccheadless.core.testing;

import io.ccheadless.core.oauth.InvalidGrantException;
import io.ccheadless.core.oauth.OAuthException;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.oauth.TokenEndpoint;
import io.ccheadless.core.oauth.TokenSet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** CC's strict rotation in memory: each refresh token works once. Failures can be queued. */
public final class FakeTokenEndpoint implements TokenEndpoint {
    private final Set<Secret> live = new HashSet<>();
    private final AtomicInteger counter = new AtomicInteger();
    private final Deque<RuntimeException> queuedFailures = new ArrayDeque<>();
    public int redemptions;
    public int invalidGrants;

    public synchronized TokenSet issue(Instant now) {
        Secret rt = Secret.of("rt-" + counter.incrementAndGet() + "-fake-refresh-token");
        live.add(rt);
        return new TokenSet(Secret.of("at-" + counter.get() + "-fake-access-token"), rt, now.plus(Duration.ofHours(24)),
                "campaign_data offline_access", now, now);
    }

    public synchronized void failNext(RuntimeException e) {
        queuedFailures.add(e);
    }

    public static OAuthException unavailable() {
        return new OAuthException("token endpoint answered 503", 503, "http_503", true, null);
    }

    @Override
    public synchronized TokenSet refresh(TokenSet current, Instant now) {
        redemptions++;
        if (!queuedFailures.isEmpty()) {
            throw queuedFailures.poll();
        }
        if (!live.remove(current.refreshToken())) {
            invalidGrants++;
            throw new InvalidGrantException("The refresh token is invalid or expired.");
        }
        return issue(now);
    }

    @Override
    public synchronized TokenSet exchangeCode(String code, String redirectUri, String codeVerifier, Instant now) {
        return issue(now);
    }
}
