package io.ccheadless.token;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.CcHeadless;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.store.DynamoPointerStore;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.core.access.TenantAccess;
import io.ccheadless.core.obs.Log;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The IAM-only token vending and status routes, against moto and the sandbox. */
class TokenApiTest {
    static final String REDIRECT = "http://127.0.0.1:8765/oauth/callback";
    /** The role behind the requests' assumed-role session (see request()). */
    static final String REPORTING = "arn:aws:iam::123456789012:role/reporting";
    CcSandbox cc;
    AwsClients aws;
    CcHeadless app;
    Settings settings;
    TokenApiHandler handler;
    final List<String> logLines = new ArrayList<>();

    @BeforeEach
    void setUp() {
        cc = CcSandbox.start(SandboxConfig.builder().campaigns(5).build());
        Map<String, String> env = Moto.environment(cc.authBaseUri().toString(), cc.baseUri().toString());
        aws = Moto.provision(env, cc.clientId(), cc.clientSecret());
        settings = Settings.fromEnvironment(env);
        Clock clock = Clock.systemUTC();
        app = new CcHeadless(settings, aws, clock, new Log(logLines::add, clock, "test"), "test");
        String code = cc.issueAuthorizationCode(cc.clientId(), REDIRECT, Set.of("account_read", "campaign_data", "offline_access"), null);
        app.connectWithCode("acme", code, REDIRECT, null, Instant.now().plusSeconds(60));
        app.callerGrants().grant(REPORTING, "acme");
        app.callerGrants().grant(REPORTING, "nobody");
        handler = new TokenApiHandler(app.tokens(), new TenantAccess(app.callerGrants()), clock,
                new Log(logLines::add, clock, "token-api"));
    }

    @AfterEach
    void tearDown() {
        aws.close();
        cc.close();
    }

    static APIGatewayV2HTTPEvent request(String tenant, String route, boolean signed) {
        var http = APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath("/tenants/" + tenant + "/" + route).build();
        var ctx = APIGatewayV2HTTPEvent.RequestContext.builder().withHttp(http);
        if (signed) {
            ctx.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withIam(APIGatewayV2HTTPEvent.RequestContext.IAM.builder()
                            .withUserArn("arn:aws:sts::123456789012:assumed-role/reporting/svc").build()).build());
        }
        return APIGatewayV2HTTPEvent.builder().withRouteKey("GET /tenants/{tenant}/" + route)
                .withPathParameters(Map.of("tenant", tenant)).withRequestContext(ctx.build()).build();
    }

    @Test
    void vendsTheCurrentAccessTokenAndNeverTheRefreshToken() {
        APIGatewayV2HTTPResponse r = handler.handle(request("acme", "token", true), null);
        assertEquals(200, r.getStatusCode(), r.getBody());
        var tokens = app.tokens().accessToken("acme", Instant.now().plusSeconds(10));
        assertTrue(r.getBody().contains("\"access_token\":\"" + tokens.accessToken().reveal() + "\""));
        assertFalse(r.getBody().contains("refresh"), r.getBody());
        assertEquals("no-store", r.getHeaders().get("Cache-Control"));
        for (String l : logLines) {
            assertFalse(l.contains(tokens.accessToken().reveal()), "a log line holds the token: " + l);
        }
    }

    @Test
    void statusReportsTheConnectionWithoutSecrets() {
        APIGatewayV2HTTPResponse r = handler.handle(request("acme", "status", true), null);
        assertEquals(200, r.getStatusCode(), r.getBody());
        assertTrue(r.getBody().contains("\"status\":\"ACTIVE\""), r.getBody());
        assertTrue(r.getBody().contains("\"generation\":1"), r.getBody());
        assertFalse(r.getBody().contains("token\":\"ey"), r.getBody());
    }

    @Test
    void aCallerIsRefusedEveryRouteOfATenantItIsNotGranted() {
        String token = app.tokens().accessToken("acme", Instant.now().plusSeconds(10)).accessToken().reveal();
        String billing = "arn:aws:iam::123456789012:role/billing";
        for (String route : List.of("token", "status")) {
            APIGatewayV2HTTPEvent e = request("acme", route, true);
            e.getRequestContext().getAuthorizer().getIam().setUserArn("arn:aws:sts::123456789012:assumed-role/billing/svc");
            APIGatewayV2HTTPResponse r = handler.handle(e, null);
            assertEquals(403, r.getStatusCode(), r.getBody());
            assertFalse(r.getBody().contains(token), r.getBody());
            assertFalse(r.getBody().contains("ACTIVE"), "a refusal says nothing of the tenant: " + r.getBody());
            assertTrue(r.getBody().contains("cch access grant --principal " + billing + " --tenant acme"), r.getBody());
        }
        app.callerGrants().grant(billing, "acme");
        APIGatewayV2HTTPEvent e = request("acme", "token", true);
        e.getRequestContext().getAuthorizer().getIam().setUserArn("arn:aws:sts::123456789012:assumed-role/billing/svc");
        assertEquals(200, handler.handle(e, null).getStatusCode(), "granted through the state table, from the next request on");
    }

    @Test
    void unsignedRequestsAreRefused() {
        assertEquals(403, handler.handle(request("acme", "token", false), null).getStatusCode());
    }

    @Test
    void unknownAndMalformedTenantsAreTold() {
        APIGatewayV2HTTPResponse unknown = handler.handle(request("nobody", "token", true), null);
        assertEquals(404, unknown.getStatusCode());
        assertTrue(unknown.getBody().contains("cch authorize --tenant nobody"), unknown.getBody());
        assertEquals(400, handler.handle(request("bad tenant!", "token", true), null).getStatusCode());
    }

    @Test
    void aTenantNeedingReauthorizationGets409WithTheOperatorCommand() {
        assertTrue(new DynamoPointerStore(aws.dynamo(), settings.stateTable()).markReauthRequired("acme", 1, "test: revoked"));
        APIGatewayV2HTTPResponse r = handler.handle(request("acme", "token", true), null);
        assertEquals(409, r.getStatusCode());
        assertTrue(r.getBody().contains("\"error\":\"reauth_required\""), r.getBody());
        assertTrue(r.getBody().contains("cch authorize --tenant acme"), r.getBody());
    }

    @Test
    void anExpiredTokenIsRefreshedThroughTheLeaseBeforeItIsVended() {
        cc.clock().advance(Duration.ofHours(25));   // CC rejects the stored token now
        long before = cc.counters().successfulRefreshes();
        // The vending path uses the same TokenService: force the 401 path by asking after a rejection.
        var g = app.tokens().refreshAfter("acme", 1, Instant.now().plusSeconds(30));
        assertEquals(2, g.generation());
        assertEquals(before + 1, cc.counters().successfulRefreshes());
        APIGatewayV2HTTPResponse r = handler.handle(request("acme", "token", true), null);
        assertTrue(r.getBody().contains(g.accessToken().reveal()));
    }
}
