package io.ccheadless.core.connect;

import io.ccheadless.core.api.CcApi;
import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.oauth.ClientCredentials;
import io.ccheadless.core.oauth.OAuthClient;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.oauth.TokenSet;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.core.testing.InMemoryPointerStore;
import io.ccheadless.core.testing.InMemoryTokenVault;
import io.ccheadless.core.token.LoggingTokenTelemetry;
import io.ccheadless.core.token.TokenPointer;
import io.ccheadless.core.token.TokenPolicy;
import io.ccheadless.core.token.TokenService;
import io.ccheadless.core.token.TokenSetCodec;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxClock;
import io.ccheadless.sandbox.SandboxConfig;
import io.ccheadless.sandbox.auth.ResourceOwner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The connect paths against the in-process CC sandbox on its own clock, with the real {@link TokenService} over the
 * in-memory pointer store and vault (which enforce DynamoDB's conditions and Secrets Manager's version rule).
 */
final class ConnectSandboxFixture implements AutoCloseable {
    static final String T = "acme";
    static final String REDIRECT = "http://127.0.0.1:8765/oauth/callback";

    final CcSandbox cc;
    final Clock clock;
    final Sleeper advance;
    final InMemoryPointerStore pointers = new InMemoryPointerStore();
    final InMemoryTokenVault vault = new InMemoryTokenVault();
    final List<String> logLines = new ArrayList<>();
    final List<ConnectEvents.Connection> connections = new ArrayList<>();
    final List<ConnectRefused> refusals = new ArrayList<>();
    final OAuthClient oauth;
    final TokenService tokens;
    final CcApi api;
    final ConnectEvents events;

    ConnectSandboxFixture(SandboxConfig.Builder config) {
        cc = CcSandbox.start(config.clock(SandboxClock.fixed(Instant.parse("2026-11-01T09:00:00Z"))).campaigns(4).build());
        clock = cc.clock().asClock();
        advance = d -> cc.clock().advance(d);
        HttpExchange http = HttpExchange.withDefaults(Duration.ofSeconds(5));
        oauth = new OAuthClient(http, cc.authBaseUri(), new ClientCredentials(cc.clientId(), Secret.of(cc.clientSecret())));
        tokens = new TokenService(pointers, vault, oauth, new LoggingTokenTelemetry(new Log(logLines::add, clock, "t")),
                TokenPolicy.defaults(), clock, advance, RandomGenerator.of("L64X128MixRandom"), "test");
        api = new CcApi(http, cc.baseUri(), 50, clock, advance, RandomGenerator.of("L64X128MixRandom"));
        ConnectEvents audit = ConnectEvents.logging(new Log(logLines::add, clock, "t"));
        events = new ConnectEvents() {
            @Override
            public void connected(Connection c) {
                connections.add(c);
                audit.connected(c);
            }

            @Override
            public void refused(String tenant, ConnectPath path, ConnectRefused refusal) {
                refusals.add(refusal);
                audit.refused(tenant, path, refusal);
            }
        };
    }

    TokenImport importer() {
        return new TokenImport(tokens, oauth, new ConnectGuard(api, tokens), events, clock, advance);
    }

    Instant deadline() {
        return clock.instant().plus(Duration.ofMinutes(1));
    }

    /** A token set as a colleague would have generated it: {@code who} approves a code, which is exchanged. */
    TokenSet generatedBy(ResourceOwner who) {
        ResourceOwner before = cc.users().signIn(who);
        try {
            String code = cc.issueAuthorizationCode(cc.clientId(), REDIRECT,
                    Set.of("account_read", "campaign_data", "offline_access"), null);
            return oauth.exchangeCode(code, REDIRECT, null, clock.instant());
        } finally {
            cc.users().signIn(before);
        }
    }

    static String json(TokenSet t) {
        return "{\"access_token\":\"" + t.accessToken().reveal() + "\",\"refresh_token\":\"" + t.refreshToken().reveal()
                + "\",\"token_type\":\"Bearer\",\"expires_in\":86400}";
    }

    /** What is stored for T, byte for byte: the pointer and the set it names, and how many versions were written. */
    String stored() {
        Optional<TokenPointer> p = pointers.read(T).filter(TokenPointer::connected);
        return p.map(x -> x.withLease(null) + " " + TokenSetCodec.encode(T, x.generation(), vault.read(T, x.versionId())))
                .orElse("nothing") + " writes=" + vault.writes;
    }

    TokenSet current() {
        return vault.read(T, pointers.read(T).orElseThrow().versionId());
    }

    @Override
    public void close() {
        cc.close();
        for (String l : logLines) {
            assertFalse(l.matches(".*eyJ[A-Za-z0-9_-]{8,}\\..*"), l);
        }
    }
}
