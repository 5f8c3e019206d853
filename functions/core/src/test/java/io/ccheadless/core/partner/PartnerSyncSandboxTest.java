package io.ccheadless.core.partner;

import io.ccheadless.core.campaigns.CampaignSend;
import io.ccheadless.core.campaigns.CampaignSync;
import io.ccheadless.core.campaigns.SentCampaign;
import io.ccheadless.core.campaigns.StoredCampaign;
import io.ccheadless.core.campaigns.SyncReport;
import io.ccheadless.core.campaigns.testing.InMemoryCampaignStore;
import io.ccheadless.core.campaigns.testing.InMemorySyncStateStore;
import io.ccheadless.core.campaigns.testing.RecordingCampaignEvents;
import io.ccheadless.core.campaigns.testing.SyncFixture;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.partner.testing.InMemoryPartnerRegistry;
import io.ccheadless.core.partner.testing.PartnerClients;
import io.ccheadless.core.tenants.PartnerListing;
import io.ccheadless.core.tenants.TenantEntry;
import io.ccheadless.core.tenants.TenantKind;
import io.ccheadless.sandbox.SandboxRoutes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A partner tenant against the sandbox: discovery registers the managed accounts, and the campaign sync through the
 * pass-through stores and announces exactly what an OAuth tenant's sync of the same account does (the sandbox's demo
 * account is also the partner's first managed account), with no OAuth token call at all.
 */
class PartnerSyncSandboxTest {

    @Test
    void aPartnerTenantsSyncThroughThePassThroughStoresAndAnnouncesExactlyWhatTheOAuthTenantsDoes() {
        try (SyncFixture fx = new SyncFixture(300, 7, null)) {
            SyncReport direct = fx.sync();   // OAuth tenant "acme": its own bearer token, straight to /v3
            assertEquals(SyncReport.Outcome.COMPLETED, direct.outcome());

            InMemoryCampaignStore store = new InMemoryCampaignStore();
            RecordingCampaignEvents events = new RecordingCampaignEvents();
            CampaignSync sync = new CampaignSync(store, new InMemorySyncStateStore(), events, fx.clock, fx.policy, "test",
                    new Log(l -> { }, fx.clock, "sync"));
            PartnerClient partner = PartnerClients.of(fx.cc, fx.clock, d -> { });
            Instant deadline = fx.clock.instant().plus(Duration.ofMinutes(5));
            String account = partner.managedAccounts(deadline).getFirst().encodedAccountId();
            String tenant = TenantKind.partnerTenant(account);
            long oauthTokenCalls = fx.cc.counters().requests(SandboxRoutes.TOKEN);

            SyncReport through = new PartnerSync(partner, sync).run(tenant, deadline);

            assertEquals(SyncReport.Outcome.COMPLETED, through.outcome());
            assertEquals(tenant, through.tenant());
            assertFalse(store.all(tenant).isEmpty());
            assertEquals(untenanted(fx.store.all(SyncFixture.TENANT)), untenanted(store.all(tenant)),
                    "the same stored items, field for field");
            assertEquals(untenantedSends(fx.events.published()), untenantedSends(events.published()),
                    "the same events, in the same order");
            assertTrue(events.published().stream().allMatch(e -> e.campaign().tenant().equals(tenant)));
            assertEquals(direct.ccRequests(), through.ccRequests(), "one pass-through call per V3 read");
            assertEquals(through.ccRequests(), fx.cc.counters().requests(SandboxRoutes.PARTNER_SYNC));
            assertEquals(oauthTokenCalls, fx.cc.counters().requests(SandboxRoutes.TOKEN), "no OAuth token call for a partner tenant");
            assertEquals(1, partner.tokensFetched());

            SyncReport again = new PartnerSync(partner, sync).run(tenant, deadline);
            assertEquals(1, again.ccRequests(), "no change: one request, as for an OAuth tenant");
            assertEquals(0, again.campaignsWritten());
        }
    }

    @Test
    void aSyncOfAnAccountThePartnerDoesNotManageIsATypedRefusalNamingWhy() {
        try (SyncFixture fx = new SyncFixture(0, 7, null)) {
            PartnerClient partner = PartnerClients.of(fx.cc, fx.clock, d -> { });
            Instant deadline = fx.clock.instant().plusSeconds(60);
            String unmanaged = PartnerClientSandboxTest.unmanagedId(fx.cc, partner);
            InMemoryCampaignStore store = new InMemoryCampaignStore();
            CampaignSync sync = new CampaignSync(store, new InMemorySyncStateStore(), new RecordingCampaignEvents(), fx.clock,
                    fx.policy, "test", new Log(l -> { }, fx.clock, "sync"));
            PartnerClient.PartnerException e = assertThrows(PartnerClient.PartnerException.class,
                    () -> new PartnerSync(partner, sync).run(TenantKind.partnerTenant(unmanaged), deadline));
            assertEquals(403, e.status());
            assertFalse(e.retryable());
            assertTrue(e.getMessage().contains("not, or no longer, managed"), e.getMessage());
            assertTrue(store.all(TenantKind.partnerTenant(unmanaged)).isEmpty());
        }
    }

    @Test
    void discoveryRegistersEachManagedAccountOnceMarksOneThatLeftAndListsItAgainWhenItComesBack() {
        try (SyncFixture fx = new SyncFixture(0, 7, null)) {
            InMemoryPartnerRegistry registry = new InMemoryPartnerRegistry();
            PartnerClient partner = PartnerClients.of(fx.cc, fx.clock, d -> { });
            PartnerDiscovery discovery = new PartnerDiscovery(partner, registry, registry, fx.clock);
            Instant deadline = fx.clock.instant().plusSeconds(60);

            PartnerDiscovery.Result first = discovery.run(deadline);
            assertEquals(9, first.listed());
            assertEquals(9, first.added());
            assertEquals(9, registry.writes());
            List<TenantEntry> tenants = registry.list();
            assertTrue(tenants.stream().allMatch(t -> t.kind() == TenantKind.PARTNER && t.syncable()
                    && t.tenant().equals("partner." + t.partner().encodedAccountId())), tenants.toString());

            PartnerDiscovery.Result second = discovery.run(deadline);
            assertEquals(0, second.changes().size(), "nothing changed: nothing written");
            assertEquals(9, registry.writes());

            // one account leaves the listing, then comes back (decided on what the registry holds)
            List<PartnerClient.ManagedAccount> all = partner.managedAccounts(deadline);
            Instant later = fx.clock.instant().plus(Duration.ofHours(1));
            PartnerDiscovery.Result gone = PartnerDiscovery.decide(registry.list(), all.subList(1, all.size()), later);
            assertEquals(1, gone.unlisted());
            PartnerListing left = gone.changes().getFirst();
            assertEquals(all.getFirst().encodedAccountId(), left.encodedAccountId());
            assertFalse(left.listed());
            assertEquals(later, left.since());
            registry.put(left);
            assertEquals("UNLISTED", registry.list().stream().filter(t -> t.partner().encodedAccountId().equals(left.encodedAccountId()))
                    .findFirst().orElseThrow().state(), "kept and marked, never deleted");
            assertEquals(9, registry.list().size());

            PartnerDiscovery.Result back = discovery.run(deadline);
            assertEquals(1, back.changes().size());
            assertTrue(back.changes().getFirst().listed());
            assertEquals(0, back.added(), "the same tenant again, not a new one");
            assertTrue(registry.list().stream().allMatch(TenantEntry::syncable));
        }
    }

    @Test
    void anAccountIdOutsideTheTenantAlphabetIsRefusedAndARenameIsRecorded() {
        Instant t0 = Instant.parse("2026-03-10T15:00:00Z");
        PartnerListing known = new PartnerListing("a07e1lwvtuw0", "Old Name", true, t0);
        PartnerDiscovery.Result r = PartnerDiscovery.decide(List.of(TenantEntry.partner(known, null)),
                List.of(new PartnerClient.ManagedAccount("a07e1lwvtuw0", "New Name"),
                        new PartnerClient.ManagedAccount("../etc#passwd", "Evil")), t0.plusSeconds(60));
        assertEquals(List.of("../etc#passwd"), r.refused());
        assertEquals(List.of(new PartnerListing("a07e1lwvtuw0", "New Name", true, t0)), r.changes(), "renamed, listed since t0");
        assertEquals(1, r.listed());
        assertThrows(IllegalArgumentException.class, () -> TenantKind.partnerTenant("a.b"));
        assertThrows(IllegalArgumentException.class, () -> TenantKind.partnerAccount("acme"));
        assertEquals(TenantKind.OAUTH, TenantKind.of("partner-acme"), "an OAuth id may look alike, never the same");
    }

    private static Map<String, SentCampaign> untenanted(Map<String, StoredCampaign> stored) {
        Map<String, SentCampaign> out = new TreeMap<>();
        stored.forEach((id, s) -> out.put(id, untenanted(s.campaign())));
        return out;
    }

    private static SentCampaign untenanted(SentCampaign c) {
        return new SentCampaign("-", c.campaignId(), c.name(), c.status(), c.campaignType(), c.lastSentAt(), c.stats(),
                c.syncedAt(), c.report(), c.content());
    }

    private static List<CampaignSend> untenantedSends(List<CampaignSend> sends) {
        return sends.stream().map(s -> new CampaignSend(untenanted(s.campaign()), s.sentAt(), s.sendKey())).toList();
    }
}
