package io.ccheadless.core.partner;

import com.fasterxml.jackson.databind.JsonNode;
import io.ccheadless.core.api.CcApiClient;
import io.ccheadless.core.api.CcApiException;
import io.ccheadless.core.campaigns.testing.SandboxLogin;
import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.core.partner.testing.PartnerClients;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxClock;
import io.ccheadless.sandbox.SandboxConfig;
import io.ccheadless.sandbox.SandboxRoutes;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Partner discovery and the pass-through against the sandbox's partner endpoints. */
class PartnerClientSandboxTest {
    static final Sleeper NO_WAIT = d -> { };

    static CcSandbox sandbox() {
        return CcSandbox.start(SandboxConfig.builder().clock(SandboxClock.fixed(Instant.parse("2026-03-10T15:00:00Z")))
                .apiRateLimit(false).build());
    }

    @Test
    void discoveryPagesThroughTheManagedAccountsAndThePassThroughReadsThemWithOneSharedJwt() {
        try (CcSandbox cc = sandbox()) {
            PartnerClient partner = PartnerClients.of(cc, cc.clock().asClock(), NO_WAIT);
            Instant deadline = cc.clock().now().plusSeconds(60);
            List<PartnerClient.ManagedAccount> managed = partner.managedAccounts(deadline);
            assertEquals(9, managed.size(), "the sandbox's 13 client accounts, of which 9 managed: " + managed);
            assertEquals(managed.size(), managed.stream().map(PartnerClient.ManagedAccount::encodedAccountId).distinct().count());
            assertEquals("Riverside Coffee Roasters", managed.getFirst().organizationName());

            for (PartnerClient.ManagedAccount a : managed.subList(0, 3)) {
                try (CcApiClient c = partner.client(a.encodedAccountId(), deadline)) {
                    JsonNode page = c.get("/v3/emails?limit=50");
                    assertTrue(page.path("campaigns").isArray() && !page.path("campaigns").isEmpty(), a + ": " + page);
                }
            }
            assertEquals(1, partner.tokensFetched(), "one partner JWT for discovery and every account");
            assertEquals(1, cc.counters().requests(SandboxRoutes.PARTNER_TOKEN));
            assertEquals(3, cc.counters().requests(SandboxRoutes.PARTNER_SYNC));
            assertEquals(0, cc.counters().requests(SandboxRoutes.TOKEN), "no OAuth token call at all");

            cc.clock().advance(Duration.ofMinutes(54));
            read(partner, managed.getFirst().encodedAccountId(), cc.clock().now().plusSeconds(60));
            assertEquals(1, partner.tokensFetched(), "still cached 54 minutes in");
            cc.clock().advance(Duration.ofMinutes(2));
            read(partner, managed.getFirst().encodedAccountId(), cc.clock().now().plusSeconds(60));
            assertEquals(2, partner.tokensFetched(), "renewed once less than 5 minutes of its hour were left");
        }
    }

    @Test
    void thePassThroughCarriesTheQueryAndAnswersWhatTheDirectEndpointAnswers() {
        try (CcSandbox cc = sandbox()) {
            PartnerClient partner = PartnerClients.of(cc, cc.clock().asClock(), NO_WAIT);
            String demo = partner.managedAccounts(cc.clock().now().plusSeconds(60)).getFirst().encodedAccountId();
            String path = "/v3/emails?limit=3&after_date=2025-12-01T00:00:00.000Z";
            JsonNode through;
            try (CcApiClient c = partner.client(demo, cc.clock().now().plusSeconds(60))) {
                through = c.get(path);
            }
            String bearer = new SandboxLogin(cc).bearer();   // the same account, by OAuth
            HttpExchange.Response direct = HttpExchange.withDefaults(Duration.ofSeconds(5)).send("GET",
                    URI.create(cc.baseUri() + path), Map.of("Authorization", "Bearer " + bearer), null);
            assertEquals(200, direct.status());
            assertEquals(3, through.path("campaigns").size(), through.toString());
            assertEquals(through.path("campaigns"), new com.fasterxml.jackson.databind.ObjectMapper().readTree(direct.body())
                    .path("campaigns"), "the same page, limit and dates carried through");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void operationBodyNamesThePathWithoutV3AndEachQueryParameterDecodedOnce() {
        JsonNode op = json(PartnerClient.operation("/v3/emails/activities/a1/send_history"));
        assertEquals("/emails/activities/a1/send_history", op.path("account_operation_url").asText());
        assertEquals("GET", op.path("account_operation_method").asText());
        assertTrue(op.path("account_operation_query_parameters").isEmpty());
        JsonNode q = json(PartnerClient.operation("/v3/emails?limit=50&cursor=YS%3Db%2Bc+d&flag")).path("account_operation_query_parameters");
        assertEquals(3, q.size());
        assertEquals("limit", q.get(0).path("query_param_key").asText());
        assertEquals("YS=b+c+d", q.get(1).path("query_param_value").asText(), "%XX decoded, '+' kept: the pass-through encodes again");
        assertEquals("", q.get(2).path("query_param_value").asText());
    }

    @Test
    void anUnmanagedAccountIsRefusedAndBadPartnerCredentialsNameNoSecret() {
        try (CcSandbox cc = sandbox()) {
            PartnerClient partner = PartnerClients.of(cc, cc.clock().asClock(), NO_WAIT);
            String unmanaged = unmanagedId(cc, partner);
            CcApiException refused = assertThrows(CcApiException.class, () -> read(partner, unmanaged, cc.clock().now().plusSeconds(60)),
                    "the client's own answer; PartnerSync words it for a partner tenant");
            assertEquals(403, refused.status());
            assertFalse(refused.retryable());

            String wrong = "not-the-partner-secret-" + System.nanoTime();
            PartnerClient bad = PartnerClients.of(cc.baseUri(), new PartnerCredentials(cc.partnerClientId(), Secret.of(wrong),
                    Secret.of(cc.clientId())), Duration.ofSeconds(5), cc.clock().asClock(), NO_WAIT);
            PartnerClient.PartnerException e = assertThrows(PartnerClient.PartnerException.class,
                    () -> bad.managedAccounts(cc.clock().now().plusSeconds(60)));
            assertEquals(401, e.status());
            assertFalse(e.retryable(), "wrong credentials are not retried");
            assertEquals(1, cc.counters().answers(401), "asked once");
            assertFalse(e.getMessage().contains(wrong) || e.getMessage().contains(cc.partnerClientSecret()), e.getMessage());
            assertFalse(new PartnerCredentials("id", Secret.of(wrong), Secret.of("key-" + wrong)).toString().contains(wrong));
        }
    }

    private static void read(PartnerClient partner, String account, Instant deadline) {
        try (CcApiClient c = partner.client(account, deadline)) {
            c.get("/v3/emails?limit=1");
        }
    }

    /** An unmanaged child, from the unfiltered listing (the client itself only asks for managed ones). */
    static String unmanagedId(CcSandbox cc, PartnerClient partner) {
        String jwt = partner.token(cc.clock().now().plusSeconds(60)).reveal();
        HttpExchange.Response r = HttpExchange.withDefaults(Duration.ofSeconds(5)).send("GET",
                URI.create(cc.baseUri() + "/v3/partner/accounts?account_type=unmanaged"),
                Map.of("Authorization", "Bearer " + jwt, "x-api-key", cc.clientId()), null);
        assertEquals(200, r.status());
        return r.body().replaceAll("(?s).*?\"encoded_account_id\":\"([^\"]+)\".*", "$1");
    }

    private static JsonNode json(String s) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(s);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
