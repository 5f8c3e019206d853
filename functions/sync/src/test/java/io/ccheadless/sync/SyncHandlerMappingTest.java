package io.ccheadless.sync;

import io.ccheadless.aws.config.ConfigurationException;
import io.ccheadless.core.api.CcApiException;
import io.ccheadless.core.partner.PartnerClient;
import io.ccheadless.core.tenants.TenantSync;
import io.ccheadless.core.token.StoreUnavailableException;
import io.ccheadless.core.token.TokenUnavailableException;
import io.ccheadless.core.token.VaultException;
import io.ccheadless.aws.wiring.FunctionStart;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** How the sync handler words its failures, by their type; no AWS or CC needed. */
class SyncHandlerMappingTest {
    @Test
    void failuresAreNamedByTheirType() {
        assertEquals("configuration: STATE_TABLE is not set", Failures.describe(new ConfigurationException("configuration: STATE_TABLE is not set")));
        assertEquals("malformed", Failures.describe(new SyncRequest.BadEventException("malformed")));
        assertEquals("AWS: down", Failures.describe(new StoreUnavailableException("down", null)));
        assertEquals("Constant Contact API: GET /v3/x: 500", Failures.describe(new CcApiException("GET /v3/x: 500", 500, true, null)));
        assertEquals("token vault: gone", Failures.describe(new VaultException("gone", false, null)));
        assertEquals("tenant 'x' is not connected to Constant Contact — authorize it once: cch authorize --tenant x",
                Failures.describe(TokenUnavailableException.notConnected("x")));
        assertEquals("IllegalStateException: odd", Failures.describe(new IllegalStateException("odd")));
        assertEquals("Constant Contact partner API: partner token endpoint answered 401",
                Failures.describe(new PartnerClient.PartnerException("partner token endpoint answered 401", 401, false)));
        assertEquals("no partner", Failures.describe(new TenantSync.NoPartnerCredentialsException("no partner")));
    }

    @Test
    void aSyncRequestNamesAnOAuthOrAPartnerTenantAndAStackWithoutPartnerCredentialsRefusesThePartnerOne() {
        assertEquals("partner.a07e1lwvtuw0", new QueuedSync("m", 1, "{\"tenant\": \"partner.a07e1lwvtuw0\"}").request().tenant());
        for (String bad : java.util.List.of("partner.", "partner.a.b", "partner.a/b", "other.a07e1lwvtuw0")) {
            assertThrows(SyncRequest.BadEventException.class, () -> new QueuedSync("m", 1, "{\"tenant\": \"" + bad + "\"}").request(), bad);
        }
        java.util.List<String> ran = new java.util.ArrayList<>();
        TenantSync oauthOnly = new TenantSync((t, d) -> {
            ran.add(t);
            return null;
        }, null);
        oauthOnly.run("acme", java.time.Instant.EPOCH);
        TenantSync.NoPartnerCredentialsException e = assertThrows(TenantSync.NoPartnerCredentialsException.class,
                () -> oauthOnly.run("partner.a07e1lwvtuw0", java.time.Instant.EPOCH));
        assertTrue(e.getMessage().contains("PARTNER_SECRET_ID"), e.getMessage());
        assertEquals(java.util.List.of("acme"), ran, "the partner tenant never reached the OAuth path");
    }

    @Test
    void anInvocationOfAContainerThatCouldNotStartAnswersTheConfigurationLine() {
        SyncHandler h = new SyncHandler(FunctionStart.start("sync", Map.of("AWS_REGION", "us-east-1")));
        SyncHandler.SyncFailedException e = assertThrows(SyncHandler.SyncFailedException.class,
                () -> h.handleRequest(new ByteArrayInputStream("{}".getBytes()), new ByteArrayOutputStream(), null));
        assertEquals("configuration: STATE_TABLE is not set; CAMPAIGNS_TABLE is not set; TOKEN_SECRET_PREFIX is not set;"
                + " CLIENT_SECRET_ID is not set; EVENT_BUS_NAME is not set", e.getMessage());
        assertNull(h.priming(), "nothing to prime");
    }

    @Test
    void theSqsSampleIsReadAsOneQueuedSyncAndABodyWithoutATenantIsRefused() throws Exception {
        byte[] sample = io.ccheadless.aws.testing.RepoFiles.event("sqs-sync.json").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var records = QueuedSync.parse(sample);
        assertEquals(1, records.size());
        assertEquals("059f36b4-87a3-44ab-83d2-661975830a7d", records.getFirst().messageId());
        assertEquals("default", records.getFirst().request().tenant());
        assertEquals(1, records.getFirst().receiveCount());
        assertNull(QueuedSync.parse("{\"tenant\": \"acme\"}".getBytes()), "a direct invocation is not an SQS event");
        var noTenant = new QueuedSync("m", 1, "{}");
        assertThrows(SyncRequest.BadEventException.class, noTenant::request, "never read as the default tenant");
        assertEquals("unknown", noTenant.tenantOrUnknown());
    }
}
