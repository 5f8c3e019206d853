package io.ccheadless.core.oauth;

import io.ccheadless.core.testing.SteppingClock;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** Operator-minted, single-use states with PKCE, and every refusal of a callback, on an in-memory state store. */
class AuthorizationTest {
    static final URI AUTH = URI.create("https://authz.example/oauth2/default/v1/");
    static final URI REDIRECT = URI.create("https://cb.example/oauth/callback");
    final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-01T09:00:00Z"));

    /** The DynamoDB store's rule in memory: consumed once, and only before it expires. */
    static final class InMemoryStates implements AuthorizationStates {
        final Map<String, PendingAuthorization> saved = new HashMap<>();
        int consumes;

        @Override
        public void save(String stateHash, PendingAuthorization pending) {
            saved.put(stateHash, pending);
        }

        @Override
        public Optional<PendingAuthorization> consume(String stateHash, Instant now) {
            consumes++;
            PendingAuthorization p = saved.remove(stateHash);
            return p != null && now.isBefore(p.expiresAt()) ? Optional.of(p) : Optional.empty();
        }
    }

    final InMemoryStates states = new InMemoryStates();
    final Authorization authorization = new Authorization(states, AUTH,
            () -> new ClientCredentials("the api key", Secret.of("the-client-secret")), clock);

    static Map<String, String> query(URI url) {
        Map<String, String> q = new LinkedHashMap<>();
        for (String kv : url.getRawQuery().split("&")) {
            String[] p = kv.split("=", 2);
            q.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
        }
        return q;
    }

    @Test
    void aLinkCarriesTheClientTheScopesAStateAndAnS256ChallengeOfTheStoredVerifier() throws Exception {
        Authorization.Link link = authorization.begin("acme", REDIRECT);
        assertEquals("https://authz.example/oauth2/default/v1/authorize", link.url().getScheme() + "://"
                + link.url().getAuthority() + link.url().getPath());
        assertEquals(clock.instant().plus(Authorization.STATE_LIFETIME), link.expiresAt());
        Map<String, String> q = query(link.url());
        assertEquals("code", q.get("response_type"));
        assertEquals("the api key", q.get("client_id"));
        assertEquals(REDIRECT.toString(), q.get("redirect_uri"));
        assertEquals("account_read campaign_data offline_access", q.get("scope"));
        assertTrue(link.url().getRawQuery().contains("scope=account_read+campaign_data+offline_access"), "spaces as '+'");
        assertEquals("S256", q.get("code_challenge_method"));
        assertFalse(link.url().toString().contains("the-client-secret"));
        PendingAuthorization p = states.saved.get(Pkce.hash(q.get("state")));
        assertNotNull(p, "stored under the state's hash, not the state");
        assertFalse(states.saved.containsKey(q.get("state")));
        assertEquals("acme", p.tenant());
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(p.codeVerifier().reveal().getBytes(StandardCharsets.US_ASCII)));
        assertEquals(challenge, q.get("code_challenge"));
        assertTrue(p.codeVerifier().reveal().length() >= 43);
    }

    @Test
    void twoLinksHaveDifferentStatesAndVerifiers() {
        Map<String, String> a = query(authorization.begin("acme", REDIRECT).url());
        Map<String, String> b = query(authorization.begin("acme", REDIRECT).url());
        assertNotEquals(a.get("state"), b.get("state"));
        assertNotEquals(a.get("code_challenge"), b.get("code_challenge"));
    }

    @Test
    void onlyHttpsOrLoopbackHttpRedirectsAreAccepted() {
        assertThrows(IllegalArgumentException.class, () -> authorization.begin("acme", URI.create("http://cb.example/cb")));
        assertThrows(IllegalArgumentException.class, () -> authorization.begin("acme", URI.create("cb.example/cb")));
        assertDoesNotThrow(() -> authorization.begin("acme", URI.create("http://localhost:8080/cb")));
        assertDoesNotThrow(() -> authorization.begin("acme", URI.create("http://127.0.0.1:8080/cb")));
    }

    @Test
    void aCallbackWithTheMintedStateIsAcceptedOnce() {
        Map<String, String> q = query(authorization.begin("acme", REDIRECT).url());
        Authorization.Accepted a = authorization.validate(Map.of("state", q.get("state"), "code", "the-code"));
        assertEquals("the-code", a.code());
        assertEquals("acme", a.pending().tenant());
        Authorization.Refused replay = assertThrows(Authorization.Refused.class,
                () -> authorization.validate(Map.of("state", q.get("state"), "code", "the-code")));
        assertEquals(400, replay.status());
        assertTrue(replay.getMessage().contains("already used"), replay.getMessage());
        assertEquals(Authorization.MINT_AGAIN, replay.advice());
    }

    @Test
    void anExpiredStateIsRefused() {
        Map<String, String> q = query(authorization.begin("acme", REDIRECT).url());
        clock.advance(Authorization.STATE_LIFETIME.plusSeconds(1));
        assertEquals(400, assertThrows(Authorization.Refused.class,
                () -> authorization.validate(Map.of("state", q.get("state"), "code", "c"))).status());
    }

    @Test
    void onlyAStateOfTheMintedLengthAndAlphabetReachesTheStore() {
        String minted = query(authorization.begin("acme", REDIRECT).url()).get("state");
        assertTrue(Authorization.MINTED_STATE.matcher(minted).matches(), "the pattern describes what begin() mints");
        for (String forged : new String[]{minted.substring(1), minted + "A", minted.substring(1) + "=", minted.substring(1) + "+",
                "a".repeat(2048), minted.substring(1) + "/"}) {
            assertThrows(Authorization.Refused.class, () -> authorization.validate(Map.of("state", forged, "code", "c")));
        }
        assertEquals(0, states.consumes, "no forged state was looked up");
        assertEquals("acme", authorization.validate(Map.of("state", minted, "code", "c")).pending().tenant());
        assertEquals(1, states.consumes);
    }

    @Test
    void everyMalformedCallbackIsAPreciseRefusalThatEchoesNothing() {
        String longValue = "a".repeat(2049);
        record Case(Map<String, String> query, int status, String says) {
        }
        for (Case c : new Case[]{
                new Case(Map.of(), 400, "no state"),
                new Case(Map.of("state", " "), 400, "no state"),
                new Case(Map.of("state", "<script>"), 400, "malformed"),
                new Case(Map.of("state", longValue), 400, "'state' parameter is too long"),
                new Case(Map.of("state", "ok", "Weird-Name", longValue), 400, "'?' parameter is too long"),
                new Case(Map.of("state", "n".repeat(42)), 400, "malformed"),
                new Case(Map.of("state", "n".repeat(44)), 400, "malformed"),
                new Case(Map.of("state", "n".repeat(42) + "."), 400, "malformed"),
                new Case(Map.of("state", "n".repeat(43), "code", "c"), 400, "unknown")}) {
            Authorization.Refused r = assertThrows(Authorization.Refused.class, () -> authorization.validate(c.query()), c.toString());
            assertEquals(c.status(), r.status(), c.toString());
            assertTrue(r.getMessage().contains(c.says()), r.getMessage());
            assertFalse(r.getMessage().contains("<script>"));
        }
        String exactlyLimit = "a".repeat(2048);
        assertTrue(assertThrows(Authorization.Refused.class, () -> authorization.validate(Map.of("state", exactlyLimit)))
                .getMessage().contains("malformed"), "2,048 characters is not too long, but not a minted state either");
    }

    @Test
    void deniedConsentAndCcErrorsAndMissingOrMalformedCodesAreRefusedAfterConsumingTheState() {
        String[][] cases = {{"error", "access_denied"}, {"error", "server_error"}, {"error", "<b>"}, {"code", ""}, {"code", "a b"}};
        int[] statuses = {403, 400, 400, 400, 400};
        String[] says = {"not granted", "(server_error)", "(unreadable)", "no authorization code", "malformed"};
        for (int i = 0; i < cases.length; i++) {
            String state = query(authorization.begin("acme", REDIRECT).url()).get("state");
            Map<String, String> q = new HashMap<>(Map.of("state", state));
            q.put(cases[i][0], cases[i][1]);
            Authorization.Refused r = assertThrows(Authorization.Refused.class, () -> authorization.validate(q));
            assertEquals(statuses[i], r.status(), cases[i][1]);
            assertTrue(r.getMessage().contains(says[i]), r.getMessage());
            assertTrue(states.saved.isEmpty(), "the state is consumed either way");
            if (statuses[i] == 403) {
                assertTrue(r.advice().contains("cch authorize --tenant acme"), r.advice());
            }
        }
    }

    @Test
    void pkceVerifiersAreLongRandomAndTheirChallengeIsTheirHash() {
        Pkce a = Pkce.generate();
        Pkce b = Pkce.generate();
        assertNotEquals(a.verifier(), b.verifier());
        assertTrue(a.verifier().reveal().matches("[A-Za-z0-9_-]{43,128}"), a.verifier().reveal());
        assertEquals(Pkce.challengeOf(a.verifier().reveal()), a.challenge());
        assertNotEquals(Pkce.hash("x"), Pkce.hash("y"));
        assertEquals(Pkce.hash("x"), Pkce.hash("x"));
        assertEquals(Duration.ofMinutes(10), Authorization.STATE_LIFETIME);
    }
}
