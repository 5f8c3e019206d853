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
 * @param resends   its {@code resend} activities, each with its own send history (CC: a resend to non-openers)
 */
public record Campaign(String campaignId, String name, CampaignType type, Instant createdAt, Instant editedAt,
                       Instant sendAt, Instant removedAt, CampaignActivity primary, CampaignActivity permalink,
                       int audience, Engagement engagement, List<Resend> resends) {
    /** A {@code resend} activity and its runs, first first; each run reached {@code count} contacts. */
    public record Resend(CampaignActivity activity, List<Instant> runs, int count) {
        public Resend {
            Objects.requireNonNull(activity, "activity");
            runs = List.copyOf(runs);
        }

        public Resend ranAgain(Instant at) {
            List<Instant> more = new java.util.ArrayList<>(runs);
            more.add(at);
            return new Resend(activity, more, count);
        }
    }

    public Campaign(String campaignId, String name, CampaignType type, Instant createdAt, Instant editedAt,
                    Instant sendAt, Instant removedAt, CampaignActivity primary, CampaignActivity permalink,
                    int audience, Engagement engagement) {
        this(campaignId, name, type, createdAt, editedAt, sendAt, removedAt, primary, permalink, audience, engagement,
                List.of());
    }

    public Campaign {
        resends = List.copyOf(Objects.requireNonNull(resends, "resends"));
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
        return updatedAt(now, true);
    }

    /** @param sendsMove whether a send (or re-send) moves {@code updated_at}; CC does not promise that it does */
    public Instant updatedAt(Instant now, boolean sendsMove) {
        Instant u = editedAt;
        Optional<Instant> sent = lastSentAt(now);
        if (sendsMove && sent.isPresent() && sent.get().isAfter(u)) {
            u = sent.get();
        }
        if (removedAt != null && !removedAt.isAfter(now) && removedAt.isAfter(u)) {
            u = removedAt;
        }
        return u;
    }

    /** When it was last sent (its original send or its latest re-send run), if it has been by {@code now}. */
    public Optional<Instant> lastSentAt(Instant now) {
        if (!sentBy(now)) {
            return Optional.empty();
        }
        Instant last = sendAt;
        for (Resend r : resends) {
            for (Instant run : r.runs()) {
                if (!run.isAfter(now) && run.isAfter(last)) {
                    last = run;
                }
            }
        }
        return Optional.of(last);
    }

    /** Its original send's engagement, plus the contacts each re-send run reached. */
    public EmailStats statsAt(Instant now) {
        if (!sentBy(now)) {
            return EmailStats.NONE;
        }
        int resent = 0;
        for (Resend r : resends) {
            resent += (int) r.runs().stream().filter(run -> !run.isAfter(now)).count() * r.count();
        }
        return engagement.statsAfter(audience, Duration.between(sendAt, now)).plusSends(resent);
    }

    public List<CampaignActivity> activities() {
        List<CampaignActivity> all = new java.util.ArrayList<>(List.of(primary, permalink));
        resends.forEach(r -> all.add(r.activity()));
        return all;
    }

    /** The resend activity with this id, if it is one of this campaign's. */
    public Optional<Resend> resend(String activityId) {
        return resends.stream().filter(r -> r.activity().activityId().equals(activityId)).findFirst();
    }

    /** Sent again at {@code when} through its resend activity {@code activity} (added when new). */
    public Campaign resentAt(CampaignActivity activity, Instant when, int count) {
        List<Resend> next = new java.util.ArrayList<>();
        boolean found = false;
        for (Resend r : resends) {
            if (r.activity().activityId().equals(activity.activityId())) {
                next.add(r.ranAgain(when));
                found = true;
            } else {
                next.add(r);
            }
        }
        if (!found) {
            next.add(new Resend(activity, List.of(when), count));
        }
        return new Campaign(campaignId, name, type, createdAt, editedAt, sendAt, removedAt, primary, permalink, audience,
                engagement, next);
    }

    public Campaign sentAt(Instant when) {
        return new Campaign(campaignId, name, type, createdAt, editedAt, when, removedAt, primary, permalink, audience,
                engagement, resends);
    }

    public Campaign removed(Instant when) {
        return new Campaign(campaignId, name, type, createdAt, editedAt, sendAt, when, primary, permalink, audience,
                engagement, resends);
    }
}
