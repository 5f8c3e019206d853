package io.ccheadless.sandbox.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ccheadless.sandbox.ApiStrictness;
import io.ccheadless.sandbox.data.Campaign;
import io.ccheadless.sandbox.data.CampaignStatus;
import io.ccheadless.sandbox.data.EmailStats;
import io.ccheadless.sandbox.http.Json;
import io.ccheadless.sandbox.http.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /v3/reports/summary_reports/email_campaign_summaries} (sent campaigns, newest {@code last_sent_date}
 * first), {@code GET /v3/reports/stats/email_campaigns/{campaign_ids}} and {@code GET
 * /v3/reports/email_reports/{campaign_activity_id}/links}.
 */
public final class ReportsEndpoint {
    public static final int MAX_STATS_IDS = 150;

    record UniqueCounts(int sends, int opens, int clicks, int forwards, int optouts, int abuse, int bounces,
                        int notOpened) {
    }

    record Summary(String campaignId, String campaignType, String lastSentDate, UniqueCounts uniqueCounts) {
    }

    record AggregatePercents(double click, double open, double didNotOpen, double bounce, double unsubscribe) {
    }

    record SummaryPage(List<Summary> bulkEmailCampaignSummaries, AggregatePercents aggregatePercents,
                       @JsonProperty("_links") Links links) {
    }

    record Stats(int emBounces, int emClicks, int emClicksAll, int emClicksAllComputer, int emClicksAllMobile,
                 int emClicksAllTablet, int emClicksAllOther, int emClicksAllNone, int emForwards, int emNotOpened,
                 int emOpens, int emOpensAll, int emOpensAllComputer, int emOpensAllMobile, int emOpensAllTablet,
                 int emOpensAllOther, int emOpensAllNone, int emOptouts, int emSends) {
    }

    record Percents(double bounce, double click, double desktopClick, double desktopOpen, double didNotOpen,
                    double mobileClick, double mobileOpen, double open, double unsubscribe) {
    }

    record StatsResult(String campaignId, Stats stats, Percents percents, String lastRefreshTime) {
    }

    record StatsError(String errorKey, String errorMessage) {
    }

    record StatsPage(List<StatsResult> results, List<StatsError> errors) {
    }

    record LinkClickCount(String linkUrl, String urlId, int uniqueClicks) {
    }

    record EmailLinks(String campaignActivityId, List<LinkClickCount> linkClickCounts) {
    }

    private final Json json;
    private final PageLimit limit;
    private final ApiStrictness strict;

    public ReportsEndpoint(Json json, PageLimit limit) {
        this(json, limit, ApiStrictness.LENIENT);
    }

    public ReportsEndpoint(Json json, PageLimit limit, ApiStrictness strict) {
        this.json = Objects.requireNonNull(json, "json");
        this.limit = Objects.requireNonNull(limit, "limit");
        this.strict = Objects.requireNonNull(strict, "strict");
    }

    public Response summaries(ApiCall call) {
        Optional<String> token = call.request().query().first("cursor");
        Cursor position = null;
        OffsetCursor offset = null;
        int size;
        if (token.isPresent()) {
            Optional<Cursor> c = strict.offsetCursors() ? Optional.empty() : Cursor.decode(token.get());
            Optional<OffsetCursor> o = strict.offsetCursors() ? OffsetCursor.decode(token.get()) : Optional.empty();
            if (c.isEmpty() && o.isEmpty()) {
                return ApiErrors.badRequest("The cursor is invalid.");
            }
            position = c.orElse(null);
            offset = o.orElse(null);
            size = c.map(Cursor::limit).orElseGet(() -> o.get().limit());
        } else {
            Optional<Integer> l = limit.read(call.request().query().first("limit"));
            if (l.isEmpty()) {
                return ApiErrors.badRequest(limit.problem());
            }
            size = l.get();
        }
        Instant now = call.now();
        List<Campaign> sent = call.account().campaigns().sentByLastSentDesc(now);
        Cursor from = position;
        int skip = offset == null ? 0 : Math.min(offset.offset(), sent.size());
        List<Campaign> matching = sent.subList(skip, sent.size()).stream()
                .filter(c -> from == null || from.isAfter(c.lastSentAt(now).orElseThrow(), c.campaignId()))
                .limit(size + 1L).toList();
        List<Campaign> page = matching.subList(0, Math.min(size, matching.size()));
        Links links = null;
        if (matching.size() > size) {
            Campaign last = page.getLast();
            String cursor = strict.offsetCursors() ? new OffsetCursor(size, skip + size).encode()
                    : new Cursor(size, Optional.empty(), Optional.empty(), last.lastSentAt(now).orElseThrow(),
                    last.campaignId()).encode();
            links = Links.next("/v3/reports/summary_reports/email_campaign_summaries?cursor=" + cursor);
        }
        List<Summary> items = page.stream().map(c -> {
            EmailStats s = c.statsAt(now);
            Instant lastSent = c.lastSentAt(now).orElseThrow();
            return new Summary(c.campaignId(), c.type().label(),
                    Timestamps.format(strict.summariesToTheMinute() ? lastSent.truncatedTo(ChronoUnit.MINUTES) : lastSent),
                    new UniqueCounts(s.sends(), s.opens(), s.clicks(), s.forwards(), s.optouts(), s.abuse(), s.bounces(),
                            s.notOpened()));
        }).toList();
        return json.response(200, new SummaryPage(items.isEmpty() && strict.omitEmptyLists() ? null : items,
                aggregate(sent, now), links));
    }

    /** Percentages over all sent campaigns: opens, not-opened and opt-outs of delivered; clicks of opens. */
    private static AggregatePercents aggregate(List<Campaign> sent, Instant now) {
        long sends = 0, opens = 0, clicks = 0, bounces = 0, optouts = 0, notOpened = 0;
        for (Campaign c : sent) {
            EmailStats s = c.statsAt(now);
            sends += s.sends();
            opens += s.opens();
            clicks += s.clicks();
            bounces += s.bounces();
            optouts += s.optouts();
            notOpened += s.notOpened();
        }
        long delivered = sends - bounces;
        return new AggregatePercents(pct(clicks, opens), pct(opens, delivered), pct(notOpened, delivered),
                pct(bounces, sends), pct(optouts, delivered));
    }

    public Response stats(ApiCall call) {
        Set<String> ids = new LinkedHashSet<>();
        for (String id : call.request().pathParam("campaign_ids").split(",")) {
            if (!id.isBlank()) {
                ids.add(id.trim());
            }
        }
        if (ids.isEmpty() || ids.size() > MAX_STATS_IDS) {
            return ApiErrors.badRequest("campaign_ids must list from 1 to " + MAX_STATS_IDS + " campaign ids.");
        }
        Instant now = call.now();
        List<StatsResult> results = new ArrayList<>();
        for (String id : ids) {
            Optional<Campaign> c = call.account().campaigns().find(id).filter(x -> x.existsAt(now));
            if (c.isEmpty()) {
                return ApiErrors.notFound("reportingsvc.not_found.invalid_path_param.campaign_ids.",
                        "Could not find any campaign stats for all requested campaigns.");
            }
            results.add(result(c.get(), now));
        }
        return json.response(200, new StatsPage(results, List.of()));
    }

    /**
     * A sent campaign's link report. The primary activity's links carry the campaign's clicks: its first link every
     * unique clicker, its second a third of them (a contact clicking both counts in each, as in CC), so no link has
     * more unique clicks than the campaign and together they have at least as many. A resend activity reports no
     * click of its own. Links nobody clicked are listed only with {@code no_clicks=true}; under {@link
     * ApiStrictness#omitEmptyLists()} an empty list is left out, as CC may.
     */
    public Response links(ApiCall call) {
        Instant now = call.now();
        String id = call.request().pathParam("campaign_activity_id");
        Optional<String> noClicks = call.request().query().first("no_clicks");
        if (noClicks.isPresent() && !noClicks.get().equals("true") && !noClicks.get().equals("false")) {
            return ApiErrors.badRequest("no_clicks must be true or false.");
        }
        Optional<Campaign> found = call.account().campaigns().findByActivity(id)
                .filter(c -> c.existsAt(now) && c.sentBy(now) && c.statusAt(now) != CampaignStatus.REMOVED)
                .filter(c -> c.primary().activityId().equals(id) || c.resend(id).isPresent())
                .filter(c -> !call.account().campaigns().activityWithdrawn(id));
        if (found.isEmpty()) {
            return ApiErrors.notFound("campaign_activity.not.found",
                    "No sent primary_email or resend email campaign activity has this id.");
        }
        Campaign c = found.get();
        int clicks = c.primary().activityId().equals(id) ? c.statsAt(now).clicks() : 0;
        String base = "https://example.com/" + c.campaignId().substring(0, 8);
        List<LinkClickCount> all = List.of(new LinkClickCount(base + "/offer", "1100577727321", clicks),
                new LinkClickCount(base + "/more", "1100577727322", clicks / 3));
        boolean withUnclicked = noClicks.map(Boolean::parseBoolean).orElse(false);
        List<LinkClickCount> shown = all.stream().filter(l -> withUnclicked || l.uniqueClicks() > 0).toList();
        return json.response(200, new EmailLinks(id, shown.isEmpty() && strict.omitEmptyLists() ? null : shown));
    }

    private static StatsResult result(Campaign c, Instant now) {
        EmailStats s = c.statsAt(now);
        Stats stats = new Stats(s.bounces(), s.clicks(), s.clicksAll(), s.clicksComputer(), s.clicksMobile(),
                s.clicksTablet(), s.clicksOther(), 0, s.forwards(), s.notOpened(), s.opens(), s.opensAll(),
                s.opensComputer(), s.opensMobile(), s.opensTablet(), s.opensOther(), 0, s.optouts(), s.sends());
        long delivered = s.sends() - s.bounces();
        Percents p = new Percents(pct(s.bounces(), s.sends()), pct(s.clicks(), s.opens()),
                pct(s.clicksComputer(), s.clicksAll()), pct(s.opensComputer(), s.opensAll()),
                pct(s.notOpened(), delivered), pct(s.clicksMobile(), s.clicksAll()), pct(s.opensMobile(), s.opensAll()),
                pct(s.opens(), delivered), pct(s.optouts(), delivered));
        return new StatsResult(c.campaignId(), stats, p, Timestamps.format(now));
    }

    private static double pct(long part, long whole) {
        return whole <= 0 ? 0.0 : Math.round(part * 1000.0 / whole) / 10.0;
    }
}
