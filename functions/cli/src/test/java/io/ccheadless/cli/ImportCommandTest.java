package io.ccheadless.cli;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.CcHeadless;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.core.oauth.ClientCredentials;
import io.ccheadless.core.oauth.InvalidGrantException;
import io.ccheadless.core.oauth.OAuthClient;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.oauth.TokenSet;
import io.ccheadless.core.token.TokenPointer;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxClock;
import io.ccheadless.sandbox.SandboxConfig;
import io.ccheadless.sandbox.auth.ResourceOwner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code cch connect import} end to end: the CC sandbox in-process (strict rotation), the state table and token
 * secret on moto, the token set handed over on standard input or in a file as an operator would.
 */
class ImportCommandTest {
    static final String T = "acme";
    static final String REDIRECT = "http://127.0.0.1:8765/oauth/callback";

    CcSandbox cc;
    Map<String, String> env;
    AwsClients aws;
    Clock clock;
    OAuthClient colleague;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        cc = CcSandbox.start(SandboxConfig.builder().tokenEndpointRateLimit(false).apiRateLimit(false)
                .clock(SandboxClock.fixed(Instant.parse("2026-11-01T09:00:00Z"))).campaigns(4).build());
        clock = cc.clock().asClock();
        env = Moto.environment(cc.authBaseUri().toString(), cc.baseUri().toString());
        aws = Moto.provision(env, cc.clientId(), cc.clientSecret());
        colleague = new OAuthClient(HttpExchange.withDefaults(Duration.ofSeconds(5)), cc.authBaseUri(),
                new ClientCredentials(cc.clientId(), Secret.of(cc.clientSecret())));
    }

    @AfterEach
    void stop() {
        aws.close();
        cc.close();
        String all = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertFalse(all.matches("(?s).*eyJ[A-Za-z0-9_-]{8,}\\..*"), "a token was printed");
    }

    /** The token set a colleague generated for {@code who}'s account. */
    TokenSet generatedBy(ResourceOwner who) {
        ResourceOwner before = cc.users().signIn(who);
        try {
            String code = cc.issueAuthorizationCode(cc.clientId(), REDIRECT, Set.of("account_read", "campaign_data", "offline_access"), null);
            return colleague.exchangeCode(code, REDIRECT, null, clock.instant());
        } finally {
            cc.users().signIn(before);
        }
    }

    static String json(TokenSet t) {
        return "{\"access_token\": \"" + t.accessToken().reveal() + "\", \"refresh_token\": \"" + t.refreshToken().reveal()
                + "\", \"expires_in\": 86400}";
    }

    int run(String stdin, String... args) {
        out.reset();
        err.reset();
        String[] argv = new String[args.length + 3];
        argv[0] = "connect";
        argv[1] = "import";
        argv[2] = "--tenant=" + T;
        System.arraycopy(args, 0, argv, 3, args.length);
        return Main.run(argv, new CliContext(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), clock,
                Sleeper.REAL));
    }

    CcHeadless app() {
        return new CcHeadless(Settings.fromEnvironment(env), aws, clock, new Log(l -> { }, clock, "test"), "test");
    }

    /** Everything stored for the tenant, raw: the pointer item and the token secret's version ids. */
    String storedState() {
        CcHeadless app = app();
        var item = aws.dynamo().getItem(b -> b.tableName(app.settings().stateTable()).consistentRead(true)
                .key(Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("tenant#" + T)))).item();
        List<String> versions;
        try {
            aws.secrets().describeSecret(b -> b.secretId(app.tokenSecretId(T)));
            versions = aws.secrets().listSecretVersionIds(b -> b.secretId(app.tokenSecretId(T))).versions().stream()
                    .map(v -> v.versionId()).sorted().toList();
        } catch (software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException e) {
            versions = List.of();
        }
        TreeMap<String, Object> stable = new TreeMap<>(item);
        stable.remove("lease_owner");
        stable.remove("lease_until");
        stable.remove("lease_fence");
        return stable + " versions=" + versions;
    }

    String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aSetOnStandardInputConnectsTheTenantAndTheOperatorIsToldTheOldCopyIsDead() {
        ResourceOwner demo = cc.users().demoOwner();
        TokenSet given = generatedBy(demo);

        assertEquals(0, run(json(given)), errors());

        assertTrue(printed().contains("Connected tenant 'acme' to Constant Contact account '") && printed().contains("("
                + demo.accountId() + ") (generation 1, imported)."), printed());
        assertTrue(printed().contains("is now dead: cc-headless holds the only live copy"), printed());
        assertTrue(printed().contains("no longer works"), printed());
        TokenPointer p = app().tokens().pointer(T).orElseThrow();
        assertEquals(1, p.generation());
        assertEquals(demo.accountId(), app().tokens().report(T).account());
        assertThrows(InvalidGrantException.class, () -> colleague.refresh(given, clock.instant()), "the given copy is dead");
    }

    @Test
    void badInputExitsWith2AndAnotherAccountWith6AndNeitherChangesAnythingStored() {
        assertEquals(2, run("{\"access_token\": \"abc\""));
        assertTrue(errors().contains("cch: The token set is not valid JSON. Nothing was stored."), errors());
        assertTrue(storedState().endsWith("versions=[]"), storedState());

        assertEquals(0, run(json(generatedBy(cc.users().demoOwner()))), errors());
        String before = storedState();
        ResourceOwner other = cc.users().otherOwner(0);

        assertEquals(ExitCodes.REFUSED, run(json(generatedBy(other))));
        assertTrue(errors().contains("but this authorization is for account"), errors());
        assertTrue(errors().contains("cch connect import --tenant acme --allow-account-change"), errors());
        assertEquals(before, storedState());

        assertEquals(0, run(json(generatedBy(other)), "--allow-account-change"), errors());
        assertTrue(printed().contains("The tenant was connected to account " + cc.users().demoOwner().accountId() + " before"),
                printed());
        assertEquals(other.accountId(), app().tokens().report(T).account());
    }

    @Test
    void aFileWithTheTwoTokensOnTwoLinesWorksToo(@TempDir Path dir) throws Exception {
        TokenSet given = generatedBy(cc.users().demoOwner());
        Path file = dir.resolve("tokens.txt");
        Files.writeString(file, given.accessToken().reveal() + "\n" + given.refreshToken().reveal() + "\n");

        assertEquals(0, run("", "--file", file.toString()), errors());
        assertEquals(1, app().tokens().pointer(T).orElseThrow().generation());
    }

    @Test
    void noOptionTakesAToken() {
        assertEquals(2, run("", "--access-token", "x"));
        assertTrue(errors().contains("Unknown option"), errors());
    }
}
