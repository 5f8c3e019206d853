package io.ccheadless.core.token;

import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.oauth.TokenSet;
import io.ccheadless.core.testing.InMemoryTokenVault;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** Versions are immutable, so reads are cached per version; found versions too, missing ones never; clear() empties it. */
class CachingTokenVaultTest {
    static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");
    static final TokenSet SET = new TokenSet(Secret.of("at"), Secret.of("rt"), NOW.plusSeconds(60), "s", NOW, NOW);

    /** Counts the delegate's calls. */
    static final class Counting implements TokenVault {
        final InMemoryTokenVault d = new InMemoryTokenVault();
        int reads;
        int finds;

        @Override
        public TokenSet read(String tenant, String versionId) {
            reads++;
            return d.read(tenant, versionId);
        }

        @Override
        public Optional<TokenSet> find(String tenant, String versionId) {
            finds++;
            return d.find(tenant, versionId);
        }

        @Override
        public void write(String tenant, String versionId, long generation, TokenSet tokens) {
            d.write(tenant, versionId, generation, tokens);
        }
    }

    @Test
    void aVersionIsReadFromTheStoreOnceAndWrittenVersionsAreNotReadAtAll() {
        Counting store = new Counting();
        CachingTokenVault cache = new CachingTokenVault(store);
        store.d.write("t", "v1", 1, SET);
        assertEquals(SET, cache.read("t", "v1"));
        assertEquals(SET, cache.read("t", "v1"));
        assertEquals(1, store.reads);
        cache.write("t", "v2", 2, SET);
        assertEquals(SET, cache.read("t", "v2"));
        assertEquals(Optional.of(SET), cache.find("t", "v2"));
        assertEquals(1, store.reads);
        assertEquals(0, store.finds);
        assertEquals(2, cache.size());
    }

    @Test
    void aMissingVersionIsAskedForAgainAndAFoundOneIsKept() {
        Counting store = new Counting();
        CachingTokenVault cache = new CachingTokenVault(store);
        assertTrue(cache.find("t", "v1").isEmpty());
        assertTrue(cache.find("t", "v1").isEmpty());
        assertEquals(2, store.finds, "an absent version may appear: never cached");
        store.d.write("t", "v1", 1, SET);
        assertEquals(Optional.of(SET), cache.find("t", "v1"));
        assertEquals(Optional.of(SET), cache.find("t", "v1"));
        assertEquals(3, store.finds);
        assertEquals(1, cache.size());
        assertTrue(cache.find("other", "v1").isEmpty(), "keyed by tenant too");
    }

    @Test
    void clearingLeavesNothingBehind() {
        Counting store = new Counting();
        CachingTokenVault cache = new CachingTokenVault(store);
        cache.write("t", "v1", 1, SET);
        cache.clear();
        assertEquals(0, cache.size());
        assertEquals(SET, cache.read("t", "v1"));
        assertEquals(1, store.reads);
    }
}
