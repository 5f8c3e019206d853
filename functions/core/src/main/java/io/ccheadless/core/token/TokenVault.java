package io.ccheadless.core.token;

import io.ccheadless.core.oauth.TokenSet;

import java.util.Optional;

/**
 * Token-set versions (Secrets Manager in production): immutable, addressed by version id. Every failure is a
 * {@link VaultException}, never an SDK type.
 */
public interface TokenVault {

    /** The version the pointer names; fails with {@link VaultException} if absent or unreadable. */
    TokenSet read(String tenant, String versionId);

    /** The version if it exists (crash recovery asks whether generation N+1 was already written). */
    Optional<TokenSet> find(String tenant, String versionId);

    /**
     * Writes {@code tokens} as generation {@code generation} under {@code versionId} ({@link VersionIds}); writing
     * the same value twice is a no-op, a different value under the same id fails, not retryable.
     */
    void write(String tenant, String versionId, long generation, TokenSet tokens);
}
