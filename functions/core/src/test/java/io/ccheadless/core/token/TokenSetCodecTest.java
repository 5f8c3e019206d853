package io.ccheadless.core.token;

import io.ccheadless.core.oauth.ClientType;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.oauth.TokenSet;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.*;

class TokenSetCodecTest {
    static final Instant NOW = Instant.parse("2026-11-01T09:00:00Z");

    static TokenSet set(ClientType type) {
        return new TokenSet(Secret.of("at-1"), Secret.of("rt-1"), NOW.plusSeconds(86400), "campaign_data offline_access", NOW,
                NOW, type);
    }

    @Test
    void aPublicChainKeepsItsClientTypeThroughTheVault() {
        String json = TokenSetCodec.encode("acme", 3, set(ClientType.PUBLIC));
        assertTrue(json.contains("\"client_type\":\"public\""), json.replaceAll("\"(at|rt)-1\"", "\"…\""));
        assertEquals(set(ClientType.PUBLIC), TokenSetCodec.decode(json, "version 3"));
    }

    @Test
    void aConfidentialSetIsWrittenAsBeforeAndOldVersionsReadAsConfidential() {
        String json = TokenSetCodec.encode("acme", 3, set(ClientType.CONFIDENTIAL));
        assertFalse(json.contains("client_type"));
        assertEquals(set(ClientType.CONFIDENTIAL), TokenSetCodec.decode(json, "version 3"));
    }

    @Test
    void anUnknownClientTypeIsRefusedWithoutShowingTheValue() {
        String json = TokenSetCodec.encode("acme", 3, set(ClientType.PUBLIC)).replace("\"public\"", "\"martian\"");
        VaultException e = assertThrows(VaultException.class, () -> TokenSetCodec.decode(json, "version 3"));
        assertEquals("version 3 has an unknown client_type", e.getMessage());
    }
}
