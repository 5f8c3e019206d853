package io.ccheadless.sandbox.data;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The accounts the sandbox serves: the demo account (the one every OAuth consent authorizes) and the client
 * accounts of the sandbox's technology partner. Everything is derived from the seed.
 */
public final class SandboxAccounts {
    /** Default spread of the demo account's campaigns before the start time. */
    public static final Duration DEMO_SPAN = Duration.ofDays(90);

    /** A partner client account: its profile plus partner-only attributes. */
    public record PartnerChild(String encodedAccountId, String organizationName, String siteOwnerName,
                               String billingStatus, long subscriberCount, boolean managed) {
    }

    private static final String[][] CHILDREN = {
        {"Harbor Street Bakery", "Lena Fischer", "Open"}, {"Maple Grove Yoga", "Priya Raman", "Open"},
        {"Summit Trail Outfitters", "Jack Box", "Trial"}, {"Bluebird Books", "Oliver Grant", "Open"},
        {"Copper Kettle Diner", "Rosa Jimenez", "Canceled"}, {"Northside Vet Clinic", "Dr. Amy Chen", "Open"},
        {"Tidewater Kayak Tours", "Sam Ellis", "Trial End"}, {"Golden Hour Photography", "Mia Laurent", "Open"},
        {"Ironwood Fitness", "Marcus Hale", "Trial"}, {"Little Sprouts Preschool", "Hannah Kim", "Open"},
        {"Cedar & Sage Florist", "Nora Patel", "Open"}, {"Riverbend Dental", "Dr. Luis Ortega", "Open"},
    };

    private final long seed;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final List<PartnerChild> children;
    private final Account demo;

    public SandboxAccounts(long seed, int demoCampaigns, Instant now) {
        this.seed = seed;
        Random r = new Random(seed);
        AccountProfile profile = new AccountProfile(SeededIds.encodedAccountId(r), "Riverside Coffee Roasters", "Maya",
                "Ortega", "maya@riversidecoffee.example", "503-555-0142", "503-555-0100", "https://riversidecoffee.example",
                "America/Los_Angeles", new AccountProfile.Address("1420 SE Water Ave", "Portland", "OR", "97214", "US"));
        this.demo = build(profile, seed, demoCampaigns, now, DEMO_SPAN);
        accounts.put(demo.id(), demo);
        List<PartnerChild> kids = new ArrayList<>();
        kids.add(new PartnerChild(demo.id(), profile.organizationName(), "Maya Ortega", "Open", 2_640, true));
        for (int i = 0; i < CHILDREN.length; i++) {
            String[] c = CHILDREN[i];
            kids.add(new PartnerChild(SeededIds.encodedAccountId(r), c[0], c[1], c[2], 100 + r.nextInt(9_000), i % 3 != 2));
        }
        this.children = List.copyOf(kids);
    }

    private static Account build(AccountProfile profile, long seed, int campaigns, Instant now, Duration span) {
        Random r = new Random(seed ^ 0x5DEECE66DL);
        List<String> lists = List.of(SeededIds.uuid(r), SeededIds.uuid(r), SeededIds.uuid(r));
        CampaignGenerator g = new CampaignGenerator(profile, lists);
        return new Account(profile, lists, new CampaignStore(g.generate(seed, campaigns, now, span)));
    }

    public Account demo() {
        return demo;
    }

    /** The account with this id; a partner child's campaigns are made the first time it is asked for. */
    public Optional<Account> find(String encodedAccountId, Instant now) {
        Account a = accounts.get(encodedAccountId);
        if (a != null) {
            return Optional.of(a);
        }
        return children.stream().filter(c -> c.encodedAccountId().equals(encodedAccountId)).findFirst()
                .map(c -> accounts.computeIfAbsent(c.encodedAccountId(), id -> child(c, now)));
    }

    private Account child(PartnerChild c, Instant now) {
        String first = c.siteOwnerName().replace("Dr. ", "").split(" ")[0];
        String last = c.siteOwnerName().substring(c.siteOwnerName().lastIndexOf(' ') + 1);
        String domain = c.organizationName().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]", "") + ".example";
        AccountProfile p = new AccountProfile(c.encodedAccountId(), c.organizationName(), first, last,
                first.toLowerCase(java.util.Locale.ROOT) + "@" + domain, "555-0100", "555-0101", "https://" + domain,
                "America/New_York", new AccountProfile.Address("1 Main St", "Springfield", "IL", "62701", "US"));
        long childSeed = seed * 31 + c.encodedAccountId().hashCode();
        return build(p, childSeed, 8 + (int) Math.floorMod(childSeed, 10), now, DEMO_SPAN);
    }

    public List<PartnerChild> partnerChildren() {
        return children;
    }

    public Optional<PartnerChild> partnerChild(String encodedAccountId) {
        return children.stream().filter(c -> c.encodedAccountId().equals(encodedAccountId)).findFirst();
    }

    public long seed() {
        return seed;
    }
}
