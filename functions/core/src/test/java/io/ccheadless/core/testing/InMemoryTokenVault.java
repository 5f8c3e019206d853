package io.ccheadless.core.testing;

import io.ccheadless.core.oauth.TokenSet;
import io.ccheadless.core.token.TokenVault;
import io.ccheadless.core.token.VaultException;

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
    public synchronized void write(String tenant, String versionId, long generation, TokenSet tokens) {
        if (failNextWrites > 0) {
            failNextWrites--;
            throw new VaultException("injected write failure", true, null);
        }
        TokenSet existing = versions.get(tenant + "/" + versionId);
        if (existing != null && !existing.equals(tokens)) {
            throw new VaultException("version " + versionId + " holds a different value", VaultException.Kind.CONFLICT, null);
        }
        versions.put(tenant + "/" + versionId, tokens);
        writes++;
    }

    /** How many versions are stored for {@code tenant} (every generation of every chain). */
    public synchronized long versionsOf(String tenant) {
        return versions.keySet().stream().filter(k -> k.startsWith(tenant + "/")).count();
    }
}
