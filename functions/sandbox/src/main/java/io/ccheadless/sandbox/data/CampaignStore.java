package io.ccheadless.sandbox.data;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** One account's campaigns, by id and by activity id. Thread-safe. */
public final class CampaignStore {
    private final Map<String, Campaign> byId = new ConcurrentHashMap<>();
    private final Map<String, String> campaignByActivity = new ConcurrentHashMap<>();
    private final java.util.Set<String> names = ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> withdrawnActivities = ConcurrentHashMap.newKeySet();

    public CampaignStore(Collection<Campaign> campaigns) {
        campaigns.forEach(this::put);
    }

    public synchronized void put(Campaign c) {
        Objects.requireNonNull(c, "c");
        Campaign previous = byId.get(c.campaignId());
        if ((previous == null || !previous.name().equals(c.name())) && nameTaken(c.name())) {
            throw new IllegalArgumentException("campaign name already used: " + c.name());
        }
        if (previous != null) {
            names.remove(previous.name());
        }
        names.add(c.name());
        byId.put(c.campaignId(), c);
        c.activities().forEach(a -> campaignByActivity.put(a.activityId(), c.campaignId()));
    }

    public synchronized void replaceAll(Collection<Campaign> campaigns) {
        byId.clear();
        campaignByActivity.clear();
        withdrawnActivities.clear();
        names.clear();
        campaigns.forEach(this::put);
    }

    /**
     * From now on the activity answers 404 (its read and its link report) while its campaign still lists it: an
     * activity CC can no longer give, as real CC may answer for a campaign's deleted or unavailable primary activity.
     */
    public void withdrawActivity(String activityId) {
        withdrawnActivities.add(Objects.requireNonNull(activityId, "activityId"));
    }

    public boolean activityWithdrawn(String activityId) {
        return withdrawnActivities.contains(activityId);
    }

    public boolean nameTaken(String name) {
        return names.contains(name);
    }

    public Optional<Campaign> find(String campaignId) {
        return Optional.ofNullable(byId.get(campaignId));
    }

    public Optional<Campaign> findByActivity(String activityId) {
        return Optional.ofNullable(campaignByActivity.get(activityId)).map(byId::get);
    }

    /** Campaigns that exist at {@code now}, newest {@code updated_at} first, ties by id. */
    public List<Campaign> byUpdatedDesc(Instant now) {
        return byId.values().stream().filter(c -> c.existsAt(now))
                .sorted(Comparator.comparing((Campaign c) -> c.updatedAt(now)).reversed()
                        .thenComparing(Campaign::campaignId))
                .toList();
    }

    /** Campaigns sent by {@code now} and not removed, newest send (or re-send) first, ties by id. */
    public List<Campaign> sentByLastSentDesc(Instant now) {
        return byId.values().stream()
                .filter(c -> c.sentBy(now) && c.statusAt(now) != CampaignStatus.REMOVED)
                .sorted(Comparator.comparing((Campaign c) -> c.lastSentAt(now).orElseThrow()).reversed()
                        .thenComparing(Campaign::campaignId))
                .toList();
    }

    public int size() {
        return byId.size();
    }
}
