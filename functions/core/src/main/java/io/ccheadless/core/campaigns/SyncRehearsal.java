package io.ccheadless.core.campaigns;

import io.ccheadless.core.api.AccessTokens;
import io.ccheadless.core.api.CcApi;
import io.ccheadless.core.api.CcApiClient;
import io.ccheadless.core.api.CcTransport;
import io.ccheadless.core.api.RequestBudget;
import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.token.AccessGrant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Priming for the sync (README, "Cold starts"): two passes of the real {@link CampaignSync} — a campaign first
 * seen (read, stored, announced), then its stats grown in a pass that refreshes the stats window — <em>without
 * sending or storing anything</em>. CC is a {@link CcTransport} answering a made-up account from memory (the word
 * "priming" for a token; an activity it does not know), and the stores and the bus are this class's own, in memory.
 * It warms our own code's first run (classes, lambdas, the interpreter's first pass through the client, the parsers,
 * the classifier and the writer), which no harmless call to CC reaches. Answers the campaigns it stored, for the
 * caller's item codec.
 */
public final class SyncRehearsal {
    static final String CAMPAIGN = "00000000-0000-0000-0000-00000000cafe";
    static final String SUMMARIES = """
            {"bulk_email_campaign_summaries":[{"campaign_id":"%s","campaign_type":"Newsletter",
             "last_sent_date":"%s","unique_counts":{"sends":100,"opens":%d,"clicks":10,"forwards":1,"optouts":1,
             "abuse":0,"bounces":2,"not_opened":%d}}],"aggregate_percents":{"open":40.0},"_links":{}}""";
    static final String DETAILS = """
            {"campaign_id":"%s","name":"priming","current_status":"Done","type":"NEWSLETTER",
             "campaign_activities":[{"campaign_activity_id":"00000000-0000-0000-0000-00000000beef","role":"primary_email"}]}""";
    static final String REPORT = """
            {"results":[{"campaign_id":"%s","stats":{"em_sends":100,"em_opens":41,"em_opens_all":50,"em_clicks":10,
             "em_clicks_all":12,"em_bounces":2,"em_optouts":1,"em_not_opened":57},
             "percents":{"open":41.8,"click":10.2,"bounce":2.0,"unsubscribe":1.0},
             "last_refresh_time":"%s"}],"errors":[]}""";

    private SyncRehearsal() {
    }

    public static List<StoredCampaign> rehearse(CcApi api, SyncPolicy policy, String tenant, Clock clock) {
        Instant now = clock.instant();
        Instant sent = now.minus(Duration.ofHours(1));
        int[] opens = {40};
        CcTransport canned = (http, base, pathAndQuery, bearer) -> {
            if (pathAndQuery.startsWith("/v3/reports/summary_reports/")) {
                return new HttpExchange.Response(200, SUMMARIES.formatted(CAMPAIGN, sent, opens[0], 98 - opens[0]), null, null);
            }
            if (pathAndQuery.startsWith("/v3/reports/stats/email_campaigns/")) {
                return new HttpExchange.Response(200, REPORT.formatted(CAMPAIGN, now), null, null);
            }
            if (pathAndQuery.startsWith("/v3/emails/" + CAMPAIGN)) {
                return new HttpExchange.Response(200, DETAILS.formatted(CAMPAIGN), null, null);
            }
            return new HttpExchange.Response(404, "[{\"error_key\":\"priming\",\"error_message\":\"not found\"}]", null, null);
        };
        AccessTokens tokens = new AccessTokens() {
            @Override
            public AccessGrant current() {
                return new AccessGrant(Secret.of("priming"), now.plus(Duration.ofHours(1)), 0);
            }

            @Override
            public AccessGrant afterRejection(long generation) {
                return current();
            }
        };
        Store store = new Store();
        CampaignSync sync = new CampaignSync(store, new States(), sends -> new CampaignEvents.Publication(sends.size(),
                List.of(), 0), clock, policy, "priming", new Log(line -> { }, clock, "priming"));
        for (int pass = 0; pass < 2; pass++) {
            try (CcApiClient client = api.client(tokens, now.plus(Duration.ofMinutes(1)), RequestBudget.UNLIMITED, canned)) {
                sync.run(tenant, new CcCampaigns(client), now.plus(Duration.ofMinutes(10)));
            }
            opens[0]++;
        }
        return List.copyOf(store.items.values());
    }

    /** The campaigns stored by the rehearsal, in memory. */
    private static final class Store implements CampaignStore {
        final Map<String, StoredCampaign> items = new LinkedHashMap<>();

        @Override
        public List<SentCampaign> sentBetween(String tenant, Instant from, Instant to) {
            return items.values().stream().map(StoredCampaign::campaign).toList();
        }

        @Override
        public CampaignPage sentBetween(String tenant, Instant from, Instant to, int limit, String cursor) {
            return new CampaignPage(sentBetween(tenant, from, to), null);
        }

        @Override
        public List<StoredCampaign> syncedSince(String tenant, Instant from) {
            return new ArrayList<>(items.values());
        }

        @Override
        public void upsert(List<StoredCampaign> campaigns) {
            campaigns.forEach(c -> items.put(c.campaignId(), c));
        }
    }

    /** The rehearsal's sync state: its lease is always free, its state kept between its two passes. */
    private static final class States implements SyncStateStore {
        private SyncState state = SyncState.EMPTY;

        @Override
        public Optional<SyncState> read(String tenant) {
            return Optional.of(state);
        }

        @Override
        public LeaseAttempt tryAcquire(String tenant, SyncLease lease, Instant now) {
            return new Acquired(state);
        }

        @Override
        public void save(String tenant, SyncLease lease, SyncState saved, boolean release) {
            state = saved;
        }

        @Override
        public void release(String tenant, SyncLease lease) {
        }
    }
}
