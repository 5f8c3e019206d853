package io.ccheadless.core.token;

import io.ccheadless.core.oauth.TokenSet;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Versions never change, so a warm container may keep every version it has read (a handful per day).
 * {@link #clear()} empties it before a snapshot is taken, so no token set is ever restored from one.
 */
public final class CachingTokenVault implements TokenVault {
    private final TokenVault delegate;
    private final Map<String, TokenSet> byVersion = new ConcurrentHashMap<>();

    public CachingTokenVault(TokenVault delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public TokenSet read(String tenant, String versionId) {
        return byVersion.computeIfAbsent(tenant + "/" + versionId, k -> delegate.read(tenant, versionId));
    }

    @Override
    public Optional<TokenSet> find(String tenant, String versionId) {
        TokenSet cached = byVersion.get(tenant + "/" + versionId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<TokenSet> found = delegate.find(tenant, versionId);
        found.ifPresent(t -> byVersion.put(tenant + "/" + versionId, t));
        return found;
    }

    @Override
    public void write(String tenant, String versionId, long generation, TokenSet tokens) {
        delegate.write(tenant, versionId, generation, tokens);
        byVersion.put(tenant + "/" + versionId, tokens);
    }

    /** How many versions are held (the snapshot test asserts none after priming). */
    public int size() {
        return byVersion.size();
    }

    public void clear() {
        byVersion.clear();
    }
}
