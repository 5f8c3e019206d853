package io.ccheadless.token;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.ccheadless.core.access.TenantAccess;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.testing.InMemoryCallerGrants;
import io.ccheadless.core.testing.FakeTokenEndpoint;
import io.ccheadless.core.testing.InMemoryPointerStore;
import io.ccheadless.core.testing.InMemoryTokenVault;
import io.ccheadless.core.testing.SteppingClock;
import io.ccheadless.core.token.LoggingTokenTelemetry;
import io.ccheadless.core.token.TokenPolicy;
import io.ccheadless.core.token.TokenService;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.*;

/** The token API's statuses over an in-memory token service: no AWS, no CC. */
class TokenApiMappingTest {
    final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-01T00:00:00Z"));
    final InMemoryPointerStore pointers = new InMemoryPointerStore();
    final FakeTokenEndpoint cc = new FakeTokenEndpoint();
    final List<String> logs = new ArrayList<>();
    final TokenService tokens = new TokenService(pointers, new InMemoryTokenVault(), cc,
            new LoggingTokenTelemetry(new Log(logs::add, clock, "t")), TokenPolicy.defaults(), clock, clock,
            RandomGenerator.of("L64X128MixRandom"), "test");
    final InMemoryCallerGrants grants = new InMemoryCallerGrants();
    final TokenApiHandler handler = new TokenApiHandler(tokens, new TenantAccess(grants), clock,
            new Log(logs::add, clock, "token-api"));

    {
        grants.grant("arn:aws:iam::123456789012:user/caller", "acme");
    }

    static APIGatewayV2HTTPEvent get(String tenant, String route, boolean signed) {
        APIGatewayV2HTTPEvent.RequestContext rc = new APIGatewayV2HTTPEvent.RequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod("GET");
        http.setPath("/tenants/" + tenant + "/" + route);
        rc.setHttp(http);
        if (signed) {
            APIGatewayV2HTTPEvent.RequestContext.IAM iam = new APIGatewayV2HTTPEvent.RequestContext.IAM();
            iam.setUserArn("arn:aws:iam::123456789012:user/caller");
            APIGatewayV2HTTPEvent.RequestContext.Authorizer a = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
            a.setIam(iam);
            rc.setAuthorizer(a);
        }
        APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
        e.setRequestContext(rc);
        e.setPathParameters(new HashMap<>(Map.of("tenant", tenant)));
        return e;
    }

    @Test
    void aTenantNeverAuthorizedIs404NotConnected() {
        APIGatewayV2HTTPResponse r = handler.handle(get("acme", "token", true), null);
        assertEquals(404, r.getStatusCode());
        assertTrue(r.getBody().contains("\"error\":\"not_connected\""), r.getBody());
        assertTrue(r.getBody().contains("cch authorize --tenant acme"), r.getBody());
    }

    @Test
    void aRefusedChainIs409ReauthRequired() {
        tokens.connect("acme", now -> cc.issue(now), clock.instant().plus(Duration.ofMinutes(1)));
        cc.failNext(new io.ccheadless.core.oauth.InvalidGrantException("The refresh token is invalid or expired."));
        clock.advance(Duration.ofDays(2));
        assertThrows(io.ccheadless.core.token.TokenUnavailableException.class,
                () -> tokens.accessToken("acme", clock.instant().plus(Duration.ofMinutes(5))));   // CC refuses the chain
        APIGatewayV2HTTPResponse r = handler.handle(get("acme", "token", true), null);
        assertEquals(409, r.getStatusCode(), r.getBody());
        assertTrue(r.getBody().contains("\"error\":\"reauth_required\""), r.getBody());
        assertTrue(r.getBody().contains("\"operator_action\""), r.getBody());
    }

    @Test
    void aFreshTokenIsVendedWithoutTheRefreshToken() {
        tokens.connect("acme", now -> cc.issue(now), clock.instant().plus(Duration.ofMinutes(1)));
        APIGatewayV2HTTPResponse r = handler.handle(get("acme", "token", true), null);
        assertEquals(200, r.getStatusCode(), r.getBody());
        assertTrue(r.getBody().contains("\"token_type\":\"Bearer\""));
        assertFalse(r.getBody().contains("refresh"));
    }

    @Test
    void anUnsignedRequestIs403AndABadTenant400() {
        assertEquals(403, handler.handle(get("acme", "status", false), null).getStatusCode());
        assertEquals(400, handler.handle(get("no/such", "status", true), null).getStatusCode());
    }

    @Test
    void anUngrantedTenantIs403BeforeItsPointerIsRead() {
        tokens.connect("globex", now -> cc.issue(now), clock.instant().plus(Duration.ofMinutes(1)));
        APIGatewayV2HTTPResponse r = handler.handle(get("globex", "token", true), null);
        assertEquals(403, r.getStatusCode(), r.getBody());
        assertTrue(r.getBody().contains("cch access grant --principal arn:aws:iam::123456789012:user/caller --tenant globex"),
                r.getBody());
        // Same answer for a tenant that does not exist: a refusal tells nothing about which tenants are connected.
        APIGatewayV2HTTPResponse none = handler.handle(get("nobody", "token", true), null);
        assertEquals(403, none.getStatusCode(), none.getBody());
        assertEquals(r.getBody().replace("globex", "X"), none.getBody().replace("nobody", "X"));
    }

    @Test
    void aCallerThatIsNoRoleOrUserHoldsNoGrant() {
        for (String arn : new String[]{"arn:aws:iam::123456789012:root", "arn:aws:sts::123456789012:federated-user/bob", "not-an-arn"}) {
            APIGatewayV2HTTPEvent e = get("acme", "status", true);
            e.getRequestContext().getAuthorizer().getIam().setUserArn(arn);
            assertEquals(403, handler.handle(e, null).getStatusCode(), arn);
        }
    }
}
