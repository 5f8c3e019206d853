package io.ccheadless.core.token;

import io.ccheadless.core.oauth.TokenSet;

import java.util.Optional;

/** Token-set versions (Secrets Manager in production): immutable, addressed by version id. */
public interface TokenVault {

    /** The version the pointer names; fails with {@link VaultException} if absent or unreadable. */
    TokenSet read(String tenant, String versionId);

    /** The version if it exists (crash recovery asks whether generation N+1 was already written). */
    Optional<TokenSet> find(String tenant, String versionId);

    /**
     * Writes generation {@code generation} under the deterministic version id
     * {@link VersionIds#of(String, long)}; writing the same value twice is a no-op, a different value
     * under the same id fails. Answers the version id.
     */
    String write(String tenant, long generation, TokenSet tokens);
}
