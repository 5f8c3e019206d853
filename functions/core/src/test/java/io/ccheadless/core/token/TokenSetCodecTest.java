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

    /** The stored text, byte for byte as the versions written before the codec moved to jackson-core alone. */
    @Test
    void aVersionIsWrittenExactlyAsBefore() {
        TokenSet t = new TokenSet(Secret.of("at-1"), Secret.of("rt-1"), NOW.plusSeconds(86400), "campaign_data offline_access",
                NOW, NOW, ClientType.CONFIDENTIAL, "acc-1");
        String json = TokenSetCodec.encode("acme", 3, t);
        assertEquals("{\"tenant\":\"acme\",\"generation\":3,\"access_token\":\"at-1\",\"refresh_token\":\"rt-1\","
                + "\"access_token_expires_at\":\"2026-11-02T09:00:00Z\",\"scope\":\"campaign_data offline_access\","
                + "\"issued_at\":\"2026-11-01T09:00:00Z\",\"refresh_token_issued_at\":\"2026-11-01T09:00:00Z\",\"account_id\":\"acc-1\"}",
                json);
        assertEquals(t, TokenSetCodec.decode(json, "version 3"));
    }

    @Test
    void whatIsNotATokenSetIsCorruptAndNamedWithoutItsValues() {
        String good = TokenSetCodec.encode("acme", 3, set(ClientType.CONFIDENTIAL));
        String[][] cases = {
                {"   ", "version 3 holds an empty token set"},
                {"{}", "version 3 holds an empty token set"},
                {"[\"rt-1\"]", "version 3 holds an empty token set"},
                {"null", "version 3 holds an empty token set"},
                {"{\"refresh_token\": \"rt-1\"", "version 3 is not JSON"},
                {"rt-1", "version 3 is not JSON"},
                {good.replace("\"refresh_token\":\"rt-1\"", "\"refresh_token\":7"), "version 3 lacks field 'refresh_token'"},
                {good.replace("\"refresh_token\":\"rt-1\"", "\"refresh_token\":\" \""), "version 3 lacks field 'refresh_token'"},
                {good.replace("2026-11-02T09:00:00Z", "tomorrow"), "version 3 has an unreadable timestamp"},
        };
        for (String[] c : cases) {
            VaultException e = assertThrows(VaultException.class, () -> TokenSetCodec.decode(c[0], "version 3"), c[0]);
            assertEquals(c[1], e.getMessage(), c[0]);
            assertEquals(VaultException.Kind.CORRUPT, e.kind(), c[0]);
        }
        assertEquals("version 3 is not JSON", assertThrows(VaultException.class, () -> TokenSetCodec.decode(null, "version 3"))
                .getMessage());
        // an access token is optional (a set kept for its refresh token); a null scope reads as none
        TokenSet noAccess = TokenSetCodec.decode(good.replace("\"access_token\":\"at-1\",", "")
                .replace("2026-11-02T09:00:00Z", "2026-11-01T09:00:00Z").replace(
                "\"scope\":\"campaign_data offline_access\"", "\"scope\":null"), "version 3");
        assertFalse(noAccess.hasAccessToken());
        assertEquals("", noAccess.scope());
    }
}
