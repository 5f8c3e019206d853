package io.ccheadless.sandbox.data;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An email campaign as the sandbox stores it. Its status, {@code updated_at} and statistics are functions of the
 * time you look at it: a campaign scheduled for {@code sendAt} is Scheduled before and Done after (with one send
 * recorded at {@code sendAt}); a campaign with {@code removedAt} is Removed from then on.
 *
 * @param editedAt  when it was last edited by its owner (before any send or removal)
 * @param sendAt    when it is (or was) sent, or null for a draft
 * @param removedAt when it was deleted, or null
 * @param audience  how many contacts the send reached
 */
public record Campaign(String campaignId, String name, CampaignType type, Instant createdAt, Instant editedAt,
                       Instant sendAt, Instant removedAt, CampaignActivity primary, CampaignActivity permalink,
                       int audience, Engagement engagement) {
    public Campaign {
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > 80) {
            throw new IllegalArgumentException("campaign name must be 1..80 characters");
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(editedAt, "editedAt");
        if (editedAt.isBefore(createdAt)) {
            throw new IllegalArgumentException("edited before created");
        }
        if (sendAt != null && sendAt.isBefore(createdAt)) {
            throw new IllegalArgumentException("sent before created");
        }
        if (removedAt != null && removedAt.isBefore(createdAt)) {
            throw new IllegalArgumentException("removed before created");
        }
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(permalink, "permalink");
        if (audience < 0) {
            throw new IllegalArgumentException("audience must be >= 0");
        }
        Objects.requireNonNull(engagement, "engagement");
    }

    public boolean existsAt(Instant now) {
        return !createdAt.isAfter(now);
    }

    public boolean sentBy(Instant now) {
        return sendAt != null && !sendAt.isAfter(now);
    }

    public CampaignStatus statusAt(Instant now) {
        if (removedAt != null && !removedAt.isAfter(now)) {
            return CampaignStatus.REMOVED;
        }
        if (sendAt == null) {
            return CampaignStatus.DRAFT;
        }
        return sentBy(now) ? CampaignStatus.DONE : CampaignStatus.SCHEDULED;
    }

    public Instant updatedAt(Instant now) {
        Instant u = editedAt;
        if (sentBy(now) && sendAt.isAfter(u)) {
            u = sendAt;
        }
        if (removedAt != null && !removedAt.isAfter(now) && removedAt.isAfter(u)) {
            u = removedAt;
        }
        return u;
    }

    /** When it was last sent, if it has been by {@code now}. */
    public Optional<Instant> lastSentAt(Instant now) {
        return sentBy(now) ? Optional.of(sendAt) : Optional.empty();
    }

    public EmailStats statsAt(Instant now) {
        return sentBy(now) ? engagement.statsAfter(audience, Duration.between(sendAt, now)) : EmailStats.NONE;
    }

    public List<CampaignActivity> activities() {
        return List.of(primary, permalink);
    }

    public Campaign sentAt(Instant when) {
        return new Campaign(campaignId, name, type, createdAt, editedAt, when, removedAt, primary, permalink, audience,
                engagement);
    }

    public Campaign removed(Instant when) {
        return new Campaign(campaignId, name, type, createdAt, editedAt, sendAt, when, primary, permalink, audience,
                engagement);
    }
}
