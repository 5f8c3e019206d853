package io.ccheadless.core.campaigns;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The scheduled job: summaries newest first until older than the look-back window; details only for
 * campaigns not stored yet or sent again; upsert what changed; announce what was newly sent.
 */
public final class CampaignSync {
    private final CampaignStore store;
    private final CampaignEvents events;
    private final Clock clock;
    private final Duration lookback;
    private final int pageSize;

    public CampaignSync(CampaignStore store, CampaignEvents events, Clock clock, Duration lookback, int pageSize) {
        this.store = Objects.requireNonNull(store, "store");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lookback = Objects.requireNonNull(lookback, "lookback");
        if (lookback.isNegative() || lookback.isZero()) {
            throw new IllegalArgumentException("look-back window must be positive");
        }
        if (pageSize < 1 || pageSize > 500) {
            throw new IllegalArgumentException("page size must be 1..500 (CC's limit)");
        }
        this.pageSize = pageSize;
    }

    /** @param requestsMade reads the API client's request count at the end */
    public SyncReport run(String tenant, CcCampaigns cc, java.util.function.IntSupplier requestsMade) {
        Instant started = clock.instant();
        Instant cutoff = started.minus(lookback);
        Map<String, SentCampaign> stored = store.sentBetween(tenant, cutoff, started.plus(Duration.ofDays(1))).stream()
                .collect(Collectors.toMap(SentCampaign::campaignId, Function.identity(), (a, b) -> a));

        List<CcCampaigns.Summary> inWindow = new ArrayList<>();
        String href = CcCampaigns.firstSummariesPage(pageSize);
        pages:
        while (href != null) {
            CcCampaigns.SummaryPage page = cc.summaries(href);
            for (CcCampaigns.Summary s : page.summaries()) {
                if (s.lastSentAt().isBefore(cutoff)) {
                    break pages;   // sorted by last_sent_date descending: the rest is older still
                }
                inWindow.add(s);
            }
            href = page.nextHref();
        }

        List<SentCampaign> current = new ArrayList<>();
        List<SentCampaign> changed = new ArrayList<>();
        List<SentCampaign> newlySent = new ArrayList<>();
        Instant syncedAt = clock.instant();
        for (CcCampaigns.Summary s : inWindow) {
            SentCampaign before = stored.get(s.campaignId());
            boolean sentAgain = before == null || !before.lastSentAt().equals(s.lastSentAt());
            SentCampaign now;
            if (sentAgain) {
                CcCampaigns.Details d = cc.details(s.campaignId());
                now = new SentCampaign(tenant, s.campaignId(), d.name(), d.status(), d.type(), s.lastSentAt(), s.stats(), syncedAt);
                newlySent.add(now);
            } else {
                now = new SentCampaign(tenant, s.campaignId(), before.name(), before.status(), before.campaignType(),
                        s.lastSentAt(), s.stats(), syncedAt);
            }
            current.add(now);
            if (!now.sameAs(before)) {
                changed.add(now);
            }
        }
        if (!changed.isEmpty()) {
            store.upsert(changed);
        }
        if (!newlySent.isEmpty()) {
            events.campaignsSent(newlySent);   // after the store: a failed run re-reads and does not announce twice
        }
        return new SyncReport(tenant, inWindow.size(), changed.size(), newlySent.size(), requestsMade.getAsInt(),
                Duration.between(started, clock.instant()), current);
    }
}
