package io.ccheadless.core.campaigns;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Reading the results: a tenant's stored campaigns sent in the last {@code days} days, newest first, a page at a time. */
public final class RecentCampaigns {
    public static final int MAX_DAYS = 366;
    public static final int DEFAULT_DAYS = 7;
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;

    private final CampaignStore store;
    private final Clock clock;

    public RecentCampaigns(CampaignStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @param nextCursor hand it back for the next page; null on the last */
    public record Listing(String tenant, int days, Instant from, Instant to, List<SentCampaign> campaigns, String nextCursor) {
        public Listing {
            campaigns = List.copyOf(campaigns);
        }
    }

    /**
     * @throws IllegalArgumentException             when {@code days} or {@code limit} is out of range
     * @throws CampaignStore.BadCursorException when {@code cursor} is not one this handed out
     */
    public Listing list(String tenant, int days, int limit, String cursor) {
        Objects.requireNonNull(tenant, "tenant");
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("days must be from 1 to " + MAX_DAYS);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT);
        }
        Instant to = clock.instant();
        Instant from = to.minus(Duration.ofDays(days));
        CampaignStore.CampaignPage page = store.sentBetween(tenant, from, to, limit, cursor);
        return new Listing(tenant, days, from, to, page.campaigns(), page.nextCursor());
    }
}
