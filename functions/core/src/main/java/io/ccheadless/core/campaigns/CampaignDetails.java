package io.ccheadless.core.campaigns;

import io.ccheadless.core.api.CcApiException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Name, status and type of the campaigns a pass needs them for, at the fewest requests: from the campaign
 * listing ({@code GET /v3/emails?after_date=…}, newest update first, 500 a page) read lazily in step with the
 * summaries, and from {@code GET /v3/emails/{id}} for a single campaign, for whatever the listing cannot hold
 * and for re-sends, whose send history needs the activity ids only that read gives.
 *
 * <p>Why the listing finds what it finds: a campaign's {@code updated_at} is never before its last send, so once
 * the listing has gone below a campaign's send date without meeting it, it will not meet it; the campaign is then
 * read on its own. The listing starts below what the pass has already covered ({@code before_date}), so a pass
 * resumed from a checkpoint does not read again what the interrupted invocation read; a campaign edited after its
 * send (updated above that bound) is then simply read on its own.
 */
final class CampaignDetails {
    /** What a pass needs to know about one campaign. {@code history}: also its runs since the last announcement. */
    record Need(String campaignId, Instant lastSentAt, boolean history) {
    }

    /** @param runs completed runs of the campaign's {@code resend} activities, first first (empty unless history was asked) */
    record Info(String name, String status, String type, List<Run> runs) {
    }

    /** One completed run of a {@code resend} activity, as CC identifies it (activity and send id) and dates it. */
    record Run(String activityId, int sendId, Instant at) {
        String key() {
            return activityId + "/" + sendId;
        }
    }

    private final CcCampaigns cc;
    private final Instant listingFrom;
    private final java.util.function.Supplier<Instant> listingBelow;
    private final int pageSize;
    private final Runnable beforeRequest;
    private final Map<String, CcCampaigns.Listed> listed = new HashMap<>();
    private String listingNext;
    private boolean listingStarted;
    private boolean listingDone;
    private Instant listingReachedDown;

    /**
     * @param listingFrom   the listing holds campaigns updated after this (below every send the pass can need)
     * @param listingBelow  read when the listing starts: it holds campaigns updated up to this (null: no bound)
     * @param beforeRequest called before each CC request (the pass's deadline and budget checks)
     */
    CampaignDetails(CcCampaigns cc, Instant listingFrom, java.util.function.Supplier<Instant> listingBelow, int pageSize,
                    Runnable beforeRequest) {
        this.cc = Objects.requireNonNull(cc, "cc");
        this.listingFrom = Objects.requireNonNull(listingFrom, "listingFrom");
        this.listingBelow = Objects.requireNonNull(listingBelow, "listingBelow");
        this.pageSize = pageSize;
        this.beforeRequest = Objects.requireNonNull(beforeRequest, "beforeRequest");
    }

    /** What the listing already said about a campaign, if it got to it (free: no request). */
    CcCampaigns.Listed listed(String campaignId) {
        return listed.get(campaignId);
    }

    /** Campaigns CC does not know (404) are missing from the answer. */
    Map<String, Info> resolve(Collection<Need> needs) {
        Map<String, Info> out = new LinkedHashMap<>();
        List<Need> remaining = new ArrayList<>();
        for (Need n : needs) {
            if (n.history()) {
                read(n, out);
            } else {
                remaining.add(n);
            }
        }
        while (true) {
            remaining.removeIf(n -> {
                CcCampaigns.Listed l = listed.get(n.campaignId());
                if (l != null) {
                    out.put(n.campaignId(), new Info(l.name(), l.status(), l.type(), List.of()));
                    return true;
                }
                return false;
            });
            if (remaining.isEmpty() || !listingMayHold(remaining)) {
                break;
            }
            if (!listingStarted && remaining.size() < 2) {
                break;   // one campaign: its own read costs one request, as a listing page would
            }
            readListingPage();
        }
        for (Need n : remaining) {
            read(n, out);
        }
        return out;
    }

    private boolean listingMayHold(List<Need> remaining) {
        if (listingDone) {
            return false;
        }
        if (listingReachedDown == null) {
            return true;
        }
        Instant oldest = remaining.stream().map(Need::lastSentAt).min(Comparator.naturalOrder()).orElseThrow();
        return !listingReachedDown.isBefore(oldest);
    }

    private void readListingPage() {
        Instant below = listingBelow.get();
        String href = listingStarted ? listingNext : CcCampaigns.listingUpdatedBetween(listingFrom.minusMillis(1),
                below == null ? null : below.plusMillis(1), pageSize);
        beforeRequest.run();
        CcCampaigns.ListingPage page = cc.listing(href);
        listingStarted = true;
        for (CcCampaigns.Listed l : page.campaigns()) {
            listed.put(l.campaignId(), l);
            if (listingReachedDown == null || l.updatedAt().isBefore(listingReachedDown)) {
                listingReachedDown = l.updatedAt();
            }
        }
        listingNext = page.nextHref();
        listingDone = listingNext == null;
    }

    private void read(Need n, Map<String, Info> out) {
        beforeRequest.run();
        CcCampaigns.Details d;
        try {
            d = cc.details(n.campaignId());
        } catch (CcApiException e) {
            if (e.status() == 404) {
                return;
            }
            throw e;
        }
        List<Run> runs = new ArrayList<>();
        if (n.history()) {
            // The original send is the primary_email activity's, announced when the campaign was first stored: only
            // resend activities can hold a send not yet announced, so only their histories are read.
            for (CcCampaigns.Activity a : d.activities()) {
                if (a.role().equals("resend")) {
                    beforeRequest.run();
                    try {
                        cc.sendHistory(a.activityId()).stream().filter(CcCampaigns.SendRun::completed)
                                .map(r -> new Run(a.activityId(), r.sendId(), r.runDate())).forEach(runs::add);
                    } catch (CcApiException e) {
                        if (e.status() != 404) {
                            throw e;
                        }
                    }
                }
            }
            runs.sort(Comparator.comparing(Run::at).thenComparing(Run::key));
        }
        out.put(n.campaignId(), new Info(d.name(), d.status(), d.type(), runs));
    }
}
