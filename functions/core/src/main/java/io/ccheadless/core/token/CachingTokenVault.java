package io.ccheadless.core.token;

import io.ccheadless.core.oauth.TokenSet;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Versions never change, so a warm container may keep every version it has read (a handful per day). */
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
        return cached != null ? Optional.of(cached) : delegate.find(tenant, versionId);
    }

    @Override
    public String write(String tenant, long generation, TokenSet tokens) {
        String id = delegate.write(tenant, generation, tokens);
        byVersion.put(tenant + "/" + id, tokens);
        return id;
    }
}
