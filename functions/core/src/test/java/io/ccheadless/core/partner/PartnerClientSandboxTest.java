package io.ccheadless.core.partner;

import com.fasterxml.jackson.databind.JsonNode;
import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.oauth.ClientCredentials;
import io.ccheadless.core.oauth.Secret;
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
    static PartnerClient client(CcSandbox cc, String partnerSecret) {
        HttpExchange http = HttpExchange.withDefaults(Duration.ofSeconds(5));
        return new PartnerClient(http, URI.create(cc.baseUri() + "/partners/oauth2/default/v1/token"), http, cc.baseUri(),
                () -> new ClientCredentials(cc.partnerClientId(), Secret.of(partnerSecret)), cc::clientId, cc.clock().asClock());
    }

    @Test
    void discoveryPagesThroughTheManagedAccountsAndThePassThroughReadsOneOfThemWithOneSharedJwt() {
        try (CcSandbox cc = CcSandbox.start(SandboxConfig.builder().clock(SandboxClock.fixed(Instant.now())).build())) {
            PartnerClient partner = client(cc, cc.partnerClientSecret());
            List<PartnerClient.ManagedAccount> managed = partner.managedAccounts();
            assertEquals(9, managed.size(), "the sandbox's 13 client accounts, of which 9 managed: " + managed);
            assertEquals(managed.size(), managed.stream().map(PartnerClient.ManagedAccount::encodedAccountId).distinct().count());

            for (PartnerClient.ManagedAccount a : managed.subList(0, 3)) {
                JsonNode page = partner.get(a.encodedAccountId(), "/emails", Map.of("limit", "50"));
                assertTrue(page.path("campaigns").isArray() && !page.path("campaigns").isEmpty(), a + ": " + page);
            }
            assertEquals(1, partner.tokensFetched(), "one partner JWT for discovery and every account");
            assertEquals(1, cc.counters().requests(SandboxRoutes.PARTNER_TOKEN));
            assertEquals(3, cc.counters().requests(SandboxRoutes.PARTNER_SYNC));

            cc.clock().advance(Duration.ofMinutes(54));
            partner.get(managed.getFirst().encodedAccountId(), "/emails", Map.of());
            assertEquals(1, partner.tokensFetched(), "still cached 54 minutes in");
            cc.clock().advance(Duration.ofMinutes(2));
            partner.get(managed.getFirst().encodedAccountId(), "/emails", Map.of());
            assertEquals(2, partner.tokensFetched(), "renewed once less than 5 minutes of its hour were left");
        }
    }

    @Test
    void anUnmanagedAccountIsRefusedAndBadPartnerCredentialsNameNoSecret() {
        try (CcSandbox cc = CcSandbox.start(SandboxConfig.builder().clock(SandboxClock.fixed(Instant.now())).build())) {
            PartnerClient partner = client(cc, cc.partnerClientSecret());
            String unmanaged = unmanagedId(cc);
            PartnerClient.PartnerException refused = assertThrows(PartnerClient.PartnerException.class,
                    () -> partner.get(unmanaged, "/emails", Map.of()));
            assertEquals(403, refused.status());
            assertFalse(refused.retryable());

            String wrong = "not-the-partner-secret-" + System.nanoTime();
            PartnerClient.PartnerException bad = assertThrows(PartnerClient.PartnerException.class,
                    () -> client(cc, wrong).managedAccounts());
            assertEquals(401, bad.status());
            assertFalse(bad.getMessage().contains(wrong) || bad.getMessage().contains(cc.partnerClientSecret()), bad.getMessage());
        }
    }

    /** An unmanaged child, from the unfiltered listing (the client itself only asks for managed ones). */
    private static String unmanagedId(CcSandbox cc) {
        PartnerClient all = client(cc, cc.partnerClientSecret());
        HttpExchange http = HttpExchange.withDefaults(Duration.ofSeconds(5));
        String jwt = all.token().reveal();
        HttpExchange.Response r = http.send("GET", URI.create(cc.baseUri() + "/v3/partner/accounts?account_type=unmanaged"),
                Map.of("Authorization", "Bearer " + jwt, "x-api-key", cc.clientId()), null);
        assertEquals(200, r.status());
        return r.body().replaceAll("(?s).*?\"encoded_account_id\":\"([^\"]+)\".*", "$1");
    }
}
