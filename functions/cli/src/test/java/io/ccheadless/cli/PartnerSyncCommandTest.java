package io.ccheadless.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.PartnerCredentialsSecret;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.store.DynamoCampaignStore;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.aws.wiring.Container;
import io.ccheadless.core.campaigns.StoredCampaign;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.partner.PartnerDiscovery;
import io.ccheadless.core.tenants.TenantEntry;
import io.ccheadless.core.tenants.TenantKind;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxConfig;
import io.ccheadless.sandbox.SandboxRoutes;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code cch sync --tenant partner.<encoded account id>} on a stack with partner credentials (moto, a sandbox with its
 * per-key limits): the partner tenant the dispatcher's discovery registered is synced through CC's pass-through with
 * the partner JWT, as the SyncFunction syncs it, and no OAuth token is asked for. A stack without partner credentials
 * refuses it as a configuration error (exit status 2), and a malformed partner tenant id is refused while parsing.
 */
class PartnerSyncCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aPartnerTenantIsSyncedThroughThePassThroughAndRefusedWhereTheStackHasNoPartnerCredentials() {
        try (CcSandbox cc = CcSandbox.start(SandboxConfig.builder().campaigns(6).build())) {
            Map<String, String> env = new HashMap<>(Moto.environment(cc.authBaseUri().toString(), cc.baseUri().toString(),
                    Map.of("PartnerAccounts", "Enabled")));
            env.put("PRIME_ON_INIT", "false");
            env.put("LOOKBACK_DAYS", "1");
            env.put("STATS_WINDOW_DAYS", "1");
            env.put("CC_LINK_REPORT", "false");
            String demo;
            try (AwsClients aws = Moto.provision(env, cc.clientId(), cc.clientSecret())) {
                Settings settings = Settings.fromEnvironment(env);
                new PartnerCredentialsSecret(aws.secrets(), settings.partnerSecretId()).store(JSON.createObjectNode()
                        .put("client_id", cc.partnerClientId()).put("client_secret", cc.partnerClientSecret())
                        .put("api_key", cc.clientId()).toString());
                cc.control().sendCampaign(cc.control().createCampaign("Spring Blend"));
                try (Container c = Container.of(settings, aws, Clock.systemUTC(), new Log(l -> { }, Clock.systemUTC(), "test"),
                        "test")) {   // the dispatcher's discovery registers the managed accounts
                    List<TenantEntry> tenants = c.bean(PartnerDiscovery.class).run(Instant.now().plusSeconds(60)).tenants();
                    demo = tenants.stream().filter(t -> t.kind() == TenantKind.PARTNER
                                    && "Riverside Coffee Roasters".equals(t.partner().organizationName()))
                            .findFirst().orElseThrow().tenant();
                }
                cc.counters().reset();

                PartnerCredentialsCommandTest.Result r = PartnerCredentialsCommandTest.run(env, "", "sync", "--tenant", demo);

                assertEquals(ExitCodes.OK, r.status(), r.out() + r.err());
                assertTrue(r.out().contains("Sync of tenant '" + demo + "'"), r.out());
                assertTrue(r.err().contains("sync pass: tenant " + demo + ", outcome COMPLETED"), r.err());
                assertTrue(cc.counters().requests(SandboxRoutes.PARTNER_SYNC) >= 1, "read through the pass-through: "
                        + cc.counters().requestsByRoute());
                assertEquals(1, cc.counters().requests(SandboxRoutes.PARTNER_TOKEN), "one partner JWT");
                assertEquals(0, cc.counters().requests(SandboxRoutes.TOKEN), "no OAuth token for a partner tenant");
                List<StoredCampaign> stored = new DynamoCampaignStore(aws.dynamo(), settings.campaignsTable(),
                        io.ccheadless.core.obs.Sleeper.REAL).syncedSince(demo, Instant.EPOCH);
                assertTrue(stored.stream().anyMatch(s -> s.campaign().name().equals("Spring Blend")),
                        "the fresh send is stored under the partner tenant: " + stored.size());
                assertFalse((r.out() + r.err()).contains(cc.partnerClientSecret()), "no partner credential printed");

                PartnerCredentialsCommandTest.Result malformed = PartnerCredentialsCommandTest.run(env, "", "sync",
                        "--tenant", "partner.");
                assertEquals(ExitCodes.USAGE, malformed.status());
                assertTrue(malformed.err().contains("--tenant must be"), malformed.err());
            }

            Map<String, String> plain = new HashMap<>(Moto.environment(cc.authBaseUri().toString(), cc.baseUri().toString()));
            plain.put("PRIME_ON_INIT", "false");
            try (AwsClients ignored = Moto.provision(plain, cc.clientId(), cc.clientSecret())) {
                PartnerCredentialsCommandTest.Result refused = PartnerCredentialsCommandTest.run(plain, "", "sync",
                        "--tenant", demo);
                assertEquals(ExitCodes.USAGE, refused.status(), refused.out() + refused.err());
                assertTrue(refused.err().contains("no partner credentials"), refused.err());
            }
        }
    }
}
