package io.ccheadless.callback;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.testing.SteppingClock;
import io.ccheadless.sandbox.auth.ResourceOwner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Whoever opens a minted link within its ten minutes connects their own account: the callback refuses another
 * account than the tenant's with 409 (unless the link was minted with --allow-account-change), and a user without
 * the sync's privileges with 403; neither changes a stored byte.
 */
class CallbackAccountGuardTest {
    static final String T = "acme";
    SteppingClock clock;
    CallbackFixture fx;
    CallbackHandler handler;
    final List<String> logLines = new ArrayList<>();

    @BeforeEach
    void connectOnce() throws Exception {
        clock = new SteppingClock(Instant.now());
        fx = new CallbackFixture(clock);
        handler = new CallbackHandler(fx.app.callback(), clock, new Log(logLines::add, clock, "callback"));
        assertEquals(200, call(CallbackFixture.consent(fx.app.authorization().begin(T, CallbackFixture.REDIRECT).url()))
                .getStatusCode());
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    APIGatewayV2HTTPResponse call(Map<String, String> query) {
        APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
        e.setQueryStringParameters(query);
        return handler.handle(e, null);
    }

    /** {@code who} opens a link minted for T and approves. */
    APIGatewayV2HTTPResponse openedBy(ResourceOwner who, boolean allowChange) throws Exception {
        ResourceOwner before = fx.cc.users().signIn(who);
        try {
            return call(CallbackFixture.consent(fx.app.authorization().begin(T, CallbackFixture.REDIRECT, allowChange).url()));
        } finally {
            fx.cc.users().signIn(before);
        }
    }

    @Test
    void anotherAccountIs409AndChangesNothingUnlessTheLinkAllowedIt() throws Exception {
        ResourceOwner other = fx.cc.users().otherOwner(0);
        String before = fx.storedState(T);

        APIGatewayV2HTTPResponse r = openedBy(other, false);

        assertEquals(409, r.getStatusCode(), r.getBody());
        assertTrue(r.getBody().contains("--allow-account-change"), r.getBody());
        assertEquals(before, fx.storedState(T));

        APIGatewayV2HTTPResponse allowed = openedBy(other, true);
        assertEquals(200, allowed.getStatusCode(), allowed.getBody());
        assertEquals(other.accountId(), fx.app.tokens().report(T).account());
        assertTrue(allowed.getBody().contains("Harbor Street Bakery") || allowed.getBody().contains(other.accountId()),
                allowed.getBody());
    }

    @Test
    void aUserWithoutTheReportingPrivilegeIs403NamingIt() throws Exception {
        ResourceOwner colleague = fx.cc.users().otherOwner(1);
        fx.cc.users().setPrivileges(colleague.subject(), Set.of("account:read", "campaign:read"));
        String before = fx.storedState(T);

        APIGatewayV2HTTPResponse r = openedBy(colleague, true);

        assertEquals(403, r.getStatusCode(), r.getBody());
        assertTrue(r.getBody().contains("ui:campaign:metrics"), r.getBody());
        assertEquals(before, fx.storedState(T));
    }
}
