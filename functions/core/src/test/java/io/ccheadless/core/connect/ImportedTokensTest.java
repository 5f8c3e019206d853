package io.ccheadless.core.connect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.*;

/** What {@code cch connect import} accepts as a token set, and the precise refusal of everything else. */
class ImportedTokensTest {
    static final Instant NOW = Instant.parse("2026-11-01T09:00:00Z");
    static final String A = "eyJhbGciOiJSUzI1NiJ9.access-part.sig";
    static final String R = "refresh-Xy7_secret-value";

    @Test
    void ccsOwnTokenAnswerIsReadWithItsLifetime() {
        ImportedTokens t = ImportedTokens.parse("{\"access_token\":\"" + A + "\",\"refresh_token\":\"" + R
                + "\",\"token_type\":\"Bearer\",\"expires_in\":86400,\"scope\":\"account_read\"}", NOW);
        assertEquals(A, t.accessToken().reveal());
        assertEquals(R, t.refreshToken().reveal());
        assertEquals(NOW.plusSeconds(86_400), t.accessTokenExpiresAt());
    }

    @Test
    void expiresAtIsReadAsAnInstantOrEpochSecondsAndIsOptional() {
        String base = "{\"access_token\":\"" + A + "\",\"refresh_token\":\"" + R + "\"";
        assertEquals(Instant.parse("2026-11-02T09:00:00Z"),
                ImportedTokens.parse(base + ",\"expires_at\":\"2026-11-02T09:00:00Z\"}", NOW).accessTokenExpiresAt());
        assertEquals(Instant.ofEpochSecond(1_800_000_000L),
                ImportedTokens.parse(base + ",\"expires_at\":1800000000}", NOW).accessTokenExpiresAt());
        assertNull(ImportedTokens.parse(base + "}", NOW).accessTokenExpiresAt());
    }

    @Test
    void twoLinesAreTheAccessTokenThenTheRefreshToken() {
        ImportedTokens t = ImportedTokens.parse("\n  " + A + "\r\n" + R + "\n\n", NOW);
        assertEquals(A, t.accessToken().reveal());
        assertEquals(R, t.refreshToken().reveal());
        assertNull(t.accessTokenExpiresAt());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   \n", "{", "[1,2]", "{\"refresh_token\":\"" + R + "\"}", "{\"access_token\":\"" + A + "\"}",
        "{\"access_token\":7,\"refresh_token\":\"" + R + "\"}",
        "{\"access_token\":\"" + A + "\",\"refresh_token\":\"\"}",
        "{\"access_token\":\"" + A + "\",\"refresh_token\":\"two words\"}",
        "{\"access_token\":\"" + A + "\",\"refresh_token\":\"" + R + "\",\"expires_in\":-5}",
        "{\"access_token\":\"" + A + "\",\"refresh_token\":\"" + R + "\",\"expires_in\":\"soon\"}",
        "{\"access_token\":\"" + A + "\",\"refresh_token\":\"" + R + "\",\"expires_at\":\"tomorrow\"}",
        "{\"access_token\":\"" + R + "\",\"refresh_token\":\"" + R + "\"}",
        A, A + "\n" + R + "\nthird", "access_token=" + A + " refresh_token=" + R
    })
    void anythingElseIsMalformedInputNamingTheProblemButNoValue(String input) {
        ConnectRefused r = assertThrows(ConnectRefused.class, () -> ImportedTokens.parse(input, NOW));
        assertEquals(ConnectRefused.Reason.MALFORMED_INPUT, r.reason());
        assertTrue(r.getMessage().endsWith("Nothing was stored."), r.getMessage());
        assertFalse(r.getMessage().contains(A) || r.getMessage().contains(R) || r.getMessage().contains("secret-value"),
                r.getMessage());
        assertTrue(r.advice().contains("standard input"), r.advice());
    }

    @Test
    void anInputFarLongerThanATokenSetIsRefused() {
        String huge = "{\"access_token\":\"" + "a".repeat(70_000) + "\",\"refresh_token\":\"" + R + "\"}";
        assertEquals(ConnectRefused.Reason.MALFORMED_INPUT,
                assertThrows(ConnectRefused.class, () -> ImportedTokens.parse(huge, NOW)).reason());
    }

    @Test
    void toStringMasksBothTokens() {
        String s = ImportedTokens.parse(A + "\n" + R, NOW).toString();
        assertFalse(s.contains(A) || s.contains(R), s);
    }
}
