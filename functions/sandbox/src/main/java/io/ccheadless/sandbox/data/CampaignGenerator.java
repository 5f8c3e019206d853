package io.ccheadless.sandbox.data;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Makes believable campaigns for an account, deterministically from a seed and a "now": about three quarters
 * sent (Done), the rest drafts, scheduled sends and removed campaigns, spread over {@code span} before now.
 */
public final class CampaignGenerator {
    private static final String[] TEMPLATES = {
        "%s Newsletter", "Weekend Flash Sale", "New Single-Origin: Ethiopia Yirgacheffe", "Holiday Blend Launch",
        "Brewing Guide: Pour-Over Basics", "Loyalty Rewards Update", "Cupping Night Invitation",
        "Cold Brew Season Is Here", "Tell Us How We Did", "Subscription Box Reminder", "Meet Our Green Coffee Buyer",
        "Espresso Workshop Sign-Up", "%s Roaster's Picks", "Free Shipping This Week", "Decaf Done Right",
        "Colombia Huila Restock", "Cafe Hours Update", "Gift Cards for Every Coffee Lover", "Seasonal Menu Preview",
        "Thank You for 5 Years", "Kenya AA Limited Release", "Back to School Bundle", "Barista Tips: Milk Steaming",
        "%s Community Spotlight", "Last Chance: Summer Blend"
    };
    private static final String[] PREHEADERS = {
        "Fresh from the roaster this week.", "A little something for your morning cup.",
        "Only a few bags left.", "Our team picked these just for you.", "Read on for brewing tips and news."
    };

    private final AccountProfile profile;
    private final List<String> contactLists;

    public CampaignGenerator(AccountProfile profile, List<String> contactLists) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.contactLists = List.copyOf(contactLists);
        if (contactLists.isEmpty()) {
            throw new IllegalArgumentException("an account needs at least one contact list");
        }
    }

    public List<Campaign> generate(long seed, int count, Instant now, Duration span) {
        Random r = new Random(seed);
        int baseAudience = 1_800 + r.nextInt(1_500);
        Set<String> names = new HashSet<>();
        List<Campaign> out = new ArrayList<>(count);
        long spanSeconds = Math.max(span.toSeconds(), 86_400);
        for (int i = 0; i < count; i++) {
            double u = (i + r.nextDouble()) / Math.max(1, count);
            Instant created = now.minusSeconds((long) (spanSeconds * (1 - u)) + 7_200);
            double roll = r.nextDouble();
            Instant sendAt = null;
            Instant removedAt = null;
            Instant edited;
            if (roll < 0.74) {
                sendAt = min(created.plusSeconds(7_200 + r.nextInt(3 * 86_400)), now.minusSeconds(1_800));
                edited = created.plusSeconds(Duration.between(created, sendAt).toSeconds() * 4 / 5);
            } else if (roll < 0.84) {
                edited = min(created.plusSeconds(r.nextInt(5 * 86_400)), now);
            } else if (roll < 0.90) {
                created = now.minusSeconds(3_600 + r.nextInt(10 * 86_400));
                edited = min(created.plusSeconds(r.nextInt(86_400)), now);
                sendAt = now.plusSeconds(3_600 + r.nextInt(14 * 86_400));
            } else {
                Instant last = created;
                if (r.nextBoolean()) {
                    sendAt = min(created.plusSeconds(86_400), now.minusSeconds(3_600));
                    last = sendAt;
                }
                edited = created;
                removedAt = min(last.plusSeconds(3_600 + r.nextInt(10 * 86_400)), now);
            }
            if (sendAt != null && sendAt.isBefore(created)) {
                sendAt = created;
            }
            if (edited.isBefore(created)) {
                edited = created;
            }
            if (removedAt != null && removedAt.isBefore(created)) {
                removedAt = created;
            }
            String name = uniqueName(TEMPLATES[r.nextInt(TEMPLATES.length)], sendAt != null ? sendAt : created, names);
            out.add(campaign(r, name, pickType(r), created, edited, sendAt, removedAt,
                    Math.max(50, baseAudience + r.nextInt(300) - 100 + (int) (u * 200))));
        }
        return out;
    }

    /** A new draft, as created through the control API. */
    public Campaign draft(Random r, String name, Instant now) {
        return campaign(r, name, CampaignType.NEWSLETTER, now, now, null, null, 2_000 + r.nextInt(1_000));
    }

    private Campaign campaign(Random r, String name, CampaignType type, Instant created, Instant edited, Instant sendAt,
                              Instant removedAt, int audience) {
        String id = SeededIds.uuid(r);
        List<String> lists = r.nextInt(4) == 0 && contactLists.size() > 1
                ? List.of(contactLists.get(0), contactLists.get(1)) : List.of(contactLists.get(r.nextInt(contactLists.size())));
        String subject = name.length() > 60 ? name.substring(0, 60) : name;
        CampaignActivity primary = new CampaignActivity(SeededIds.uuid(r), CampaignActivity.PRIMARY_EMAIL,
                profile.contactEmail(), profile.organizationName(), profile.contactEmail(), subject,
                PREHEADERS[r.nextInt(PREHEADERS.length)], lists);
        CampaignActivity permalink = new CampaignActivity(SeededIds.uuid(r), CampaignActivity.PERMALINK,
                profile.contactEmail(), profile.organizationName(), profile.contactEmail(), subject, "", List.of());
        double open = 0.22 + r.nextDouble() * 0.23;
        Engagement e = new Engagement(open, Math.min(open, 0.015 + r.nextDouble() * 0.055), 0.005 + r.nextDouble() * 0.025,
                0.001 + r.nextDouble() * 0.003, 0.001 + r.nextDouble() * 0.009, r.nextDouble() * 0.0005,
                1.3 + r.nextDouble() * 0.6);
        return new Campaign(id, name, type, created, edited, sendAt, removedAt, primary, permalink, audience, e);
    }

    private static CampaignType pickType(Random r) {
        int x = r.nextInt(100);
        if (x < 62) {
            return CampaignType.NEWSLETTER;
        } else if (x < 72) {
            return CampaignType.CUSTOM_CODE;
        } else if (x < 82) {
            return CampaignType.SALE;
        } else if (x < 88) {
            return CampaignType.ANNOUNCEMENT;
        } else if (x < 93) {
            return CampaignType.EVENT;
        } else if (x < 97) {
            return CampaignType.PRODUCT_NEWS;
        }
        return CampaignType.FEEDBACK;
    }

    private static String uniqueName(String template, Instant when, Set<String> taken) {
        String month = when.atZone(ZoneOffset.UTC).getMonth().getDisplayName(TextStyle.FULL, Locale.US);
        String base = template.contains("%s") ? template.formatted(month) : template;
        String name = base;
        for (int n = 2; !taken.add(name); n++) {
            name = base + " (" + n + ")";
        }
        return name;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
