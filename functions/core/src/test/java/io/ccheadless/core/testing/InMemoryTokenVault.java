package io.ccheadless.core.testing;

import io.ccheadless.core.oauth.TokenSet;
import io.ccheadless.core.token.TokenVault;
import io.ccheadless.core.token.VaultException;
import io.ccheadless.core.token.VersionIds;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Versions in memory with Secrets Manager's rule: the same token with a different value is refused. */
public final class InMemoryTokenVault implements TokenVault {
    private final Map<String, TokenSet> versions = new HashMap<>();
    public int writes;
    public int failNextWrites;

    @Override
    public synchronized TokenSet read(String tenant, String versionId) {
        return find(tenant, versionId).orElseThrow(() -> new VaultException("no version " + versionId, false, null));
    }

    @Override
    public synchronized Optional<TokenSet> find(String tenant, String versionId) {
        return Optional.ofNullable(versions.get(tenant + "/" + versionId));
    }

    @Override
    public synchronized String write(String tenant, long generation, TokenSet tokens) {
        if (failNextWrites > 0) {
            failNextWrites--;
            throw new VaultException("injected write failure", true, null);
        }
        String id = VersionIds.of(tenant, generation);
        TokenSet existing = versions.get(tenant + "/" + id);
        if (existing != null && !existing.equals(tokens)) {
            throw new VaultException("version " + id + " holds a different value", false, null);
        }
        versions.put(tenant + "/" + id, tokens);
        writes++;
        return id;
    }
}
