package io.ccheadless.core.campaigns.testing;

import io.ccheadless.core.campaigns.CampaignStore;
import io.ccheadless.core.campaigns.SentCampaign;
import io.ccheadless.core.campaigns.StoredCampaign;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The campaign store as a map keyed like the table (tenant, campaign id). Counts item writes. Thread-safe. */
public class InMemoryCampaignStore implements CampaignStore {
    private final Map<String, StoredCampaign> items = new TreeMap<>();
    private final AtomicInteger itemWrites = new AtomicInteger();

    private static String key(String tenant, String id) {
        return tenant + "\u0000" + id;
    }

    @Override
    public synchronized List<SentCampaign> sentBetween(String tenant, Instant from, Instant to) {
        return items.values().stream().map(StoredCampaign::campaign)
                .filter(c -> c.tenant().equals(tenant) && !c.lastSentAt().isBefore(from) && !c.lastSentAt().isAfter(to))
                .sorted(Comparator.comparing(SentCampaign::lastSentAt).reversed().thenComparing(SentCampaign::campaignId))
                .toList();
    }

    @Override
    public synchronized CampaignPage sentBetween(String tenant, Instant from, Instant to, int limit, String cursor) {
        List<SentCampaign> all = sentBetween(tenant, from, to);
        int start;
        try {
            start = cursor == null ? 0 : Integer.parseInt(cursor);
        } catch (NumberFormatException e) {
            throw new BadCursorException("not a cursor of this store");
        }
        int end = Math.min(all.size(), start + limit);
        return new CampaignPage(all.subList(start, end), end < all.size() ? Integer.toString(end) : null);
    }

    @Override
    public synchronized List<StoredCampaign> syncedSince(String tenant, Instant from) {
        return items.values().stream()
                .filter(s -> s.campaign().tenant().equals(tenant) && !s.lastSentAt().isBefore(from)).toList();
    }

    @Override
    public synchronized void upsert(List<StoredCampaign> campaigns) {
        for (StoredCampaign c : campaigns) {
            items.put(key(c.campaign().tenant(), c.campaignId()), c);
            itemWrites.incrementAndGet();
        }
    }

    /** Every stored item of {@code tenant}, by campaign id. */
    public synchronized Map<String, StoredCampaign> all(String tenant) {
        Map<String, StoredCampaign> out = new TreeMap<>();
        items.values().stream().filter(s -> s.campaign().tenant().equals(tenant)).forEach(s -> out.put(s.campaignId(), s));
        return out;
    }

    public int itemWrites() {
        return itemWrites.get();
    }

    /** A copy: later writes to either do not show in the other. */
    public synchronized List<StoredCampaign> snapshot() {
        return new ArrayList<>(items.values());
    }
}
