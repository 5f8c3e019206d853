package io.ccheadless.core.campaigns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.ccheadless.core.api.CcApiClient;
import io.ccheadless.core.api.UnusableResponseException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The CC endpoints the sync reads (docs/cc-api.md §3, §4.1), parsed tolerantly where CC's documents disagree (counts as
 * numbers or strings). A page object without its list is an empty page: CC's contract marks none of those fields
 * required and CC's own SDK made them optional (docs/cc-api.md §5). What is not an object at all, or a list field
 * that holds something other than a list, is unusable and retried.
 */
public final class CcCampaigns {
    private static final DateTimeFormatter CC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final CcApiClient api;

    public CcCampaigns(CcApiClient api) {
        this.api = Objects.requireNonNull(api, "api");
    }

    /** One row of the bulk summaries report: a sent campaign, when it was last sent, and its unique counts. */
    public record Summary(String campaignId, Instant lastSentAt, CampaignStats stats) {
    }

    /** @param skipped rows without an id or a readable send date (ignored, counted) */
    public record SummaryPage(List<Summary> summaries, String nextHref, int skipped) {
        public SummaryPage {
            summaries = List.copyOf(summaries);
        }
    }

    /** One row of {@code GET /v3/emails}: what the listing says about a campaign. */
    public record Listed(String campaignId, String name, String status, String type, Instant updatedAt) {
    }

    public record ListingPage(List<Listed> campaigns, String nextHref) {
        public ListingPage {
            campaigns = List.copyOf(campaigns);
        }
    }

    public record Activity(String activityId, String role) {
    }

    public record Details(String name, String status, String type, List<Activity> activities) {
        public Details {
            activities = List.copyOf(activities);
        }

        /** The id of the campaign's {@code primary_email} activity, null when CC lists none. */
        public String primaryActivityId() {
            return activities.stream().filter(a -> a.role().equals("primary_email")).map(Activity::activityId)
                    .findFirst().orElse(null);
        }
    }

    /** One run of an activity's send history. */
    public record SendRun(int sendId, Instant runDate, String status) {
        public boolean completed() {
            return "COMPLETED".equalsIgnoreCase(status);
        }
    }

    public static String firstSummariesPage(int limit) {
        return "/v3/reports/summary_reports/email_campaign_summaries?limit=" + limit;
    }

    /** Campaigns updated after {@code after} (and before {@code before}, unless null), newest update first. */
    public static String listingUpdatedBetween(Instant after, Instant before, int limit) {
        return "/v3/emails?limit=" + limit + "&after_date=" + CC_TIME.format(after)
                + (before == null ? "" : "&before_date=" + CC_TIME.format(before));
    }

    public int requestsMade() {
        return api.requestsMade();
    }

    public List<Instant> throttledAt() {
        return api.throttledAt();
    }

    public SummaryPage summaries(String href) {
        return api.get(href, body -> {
            JsonNode list = requireArray(body, "bulk_email_campaign_summaries");
            List<Summary> out = new ArrayList<>();
            int skipped = 0;
            for (JsonNode s : list) {
                String id = s.path("campaign_id").asText("");
                Instant sent = time(s.path("last_sent_date"));
                if (id.isBlank() || sent == null) {
                    skipped++;
                    continue;
                }
                JsonNode u = s.path("unique_counts");
                out.add(new Summary(id, sent, new CampaignStats(count(u, "sends"), count(u, "opens"), count(u, "clicks"),
                        count(u, "forwards"), count(u, "optouts"), count(u, "abuse"), count(u, "bounces"),
                        count(u, "not_opened"))));
            }
            return new SummaryPage(out, next(body), skipped);
        });
    }

    public ListingPage listing(String href) {
        return api.get(href, body -> {
            JsonNode list = requireArray(body, "campaigns");
            List<Listed> out = new ArrayList<>();
            for (JsonNode c : list) {
                String id = c.path("campaign_id").asText("");
                String name = c.path("name").asText("");
                Instant updated = time(c.path("updated_at"));
                if (id.isBlank() || name.isBlank() || updated == null) {
                    continue;   // the per-campaign read will answer for it
                }
                out.add(new Listed(id, name, c.path("current_status").asText("Unknown"), c.path("type").asText("Unknown"),
                        updated));
            }
            return new ListingPage(out, next(body));
        });
    }

    /** {@code GET /v3/emails/{id}}; a campaign CC does not know is a {@code CcApiException} with status 404. */
    public Details details(String campaignId) {
        return api.get("/v3/emails/" + campaignId, b -> {
            if (!b.isObject()) {
                throw new UnusableResponseException("not an object");
            }
            String name = b.path("name").asText("");
            if (name.isBlank()) {
                throw new UnusableResponseException("campaign has no name");
            }
            List<Activity> activities = new ArrayList<>();
            for (JsonNode a : b.path("campaign_activities")) {
                String id = a.path("campaign_activity_id").asText("");
                if (!id.isBlank()) {
                    activities.add(new Activity(id, a.path("role").asText("")));
                }
            }
            return new Details(name, b.path("current_status").asText("Unknown"), b.path("type").asText("Unknown"), activities);
        });
    }

    /** {@code GET /v3/emails/activities/{id}/send_history}: every run, first first. */
    public List<SendRun> sendHistory(String activityId) {
        return api.get("/v3/emails/activities/" + activityId + "/send_history", b -> {
            if (!b.isArray()) {
                throw new UnusableResponseException("send history is not an array");
            }
            List<SendRun> runs = new ArrayList<>();
            for (JsonNode r : b) {
                Instant at = time(r.path("run_date"));
                if (at != null) {
                    runs.add(new SendRun(r.path("send_id").asInt(0), at, r.path("send_status").asText("")));
                }
            }
            return runs;
        });
    }

    /**
     * {@code GET /v3/emails/activities/{id}}: subject, from name and preheader (links not read: null). A body without a
     * textual subject is unusable (retried): CC requires one of every email activity it sends.
     */
    public CampaignContent activity(String activityId) {
        return api.get("/v3/emails/activities/" + activityId, b -> {
            if (!b.isObject()) {
                throw new UnusableResponseException("not an object");
            }
            JsonNode subject = b.get("subject");
            if (subject == null || !subject.isTextual()) {
                throw new UnusableResponseException("email activity has no subject");
            }
            return new CampaignContent(activityId, subject.asText(), b.path("from_name").asText(""),
                    b.path("preheader").asText(""), null);
        });
    }

    /**
     * {@code GET /v3/reports/email_reports/{id}/links?no_clicks=true}: each link's unique clicks, most clicked first,
     * links not yet clicked too (the report is read once, usually soon after the send). An absent list is no link
     * (docs/cc-api.md §5), but only in an answer that names the activity asked: anything else is unusable (retried),
     * so a garbled 200 is never stored as "no links". Rows without a URL are left out.
     */
    public List<CampaignContent.Link> links(String activityId) {
        return api.get("/v3/reports/email_reports/" + activityId + "/links?no_clicks=true", b -> {
            if (!b.isObject() || !activityId.equals(b.path("campaign_activity_id").asText(""))) {
                throw new UnusableResponseException("the link report does not name the activity asked");
            }
            List<CampaignContent.Link> out = new ArrayList<>();
            for (JsonNode l : requireArray(b, "link_click_counts")) {
                String url = l.path("link_url").asText("");
                if (!url.isBlank()) {
                    out.add(new CampaignContent.Link(url, count(l, "unique_clicks")));
                }
            }
            out.sort(java.util.Comparator.comparingLong(CampaignContent.Link::uniqueClicks).reversed()
                    .thenComparing(CampaignContent.Link::url));
            return out;
        });
    }

    /** Campaign ids a stats report request may name (the contract's {@code maximum: 150}). */
    public static final int MAX_REPORT_IDS = 150;

    /**
     * {@code GET /v3/reports/stats/email_campaigns/{campaign_ids}} for up to {@link #MAX_REPORT_IDS} campaigns: the
     * report of each that CC answered for (a result without a readable refresh time is left out). CC answers 404 for
     * the whole call when any id is unknown: a {@code CcApiException} with status 404.
     */
    public java.util.Map<String, CampaignReport> statsReport(List<String> campaignIds) {
        if (campaignIds.isEmpty() || campaignIds.size() > MAX_REPORT_IDS) {
            throw new IllegalArgumentException("1 to " + MAX_REPORT_IDS + " campaign ids, got " + campaignIds.size());
        }
        return api.get("/v3/reports/stats/email_campaigns/" + String.join(",", campaignIds), b -> {
            // CC answers 404 when it cannot report on an id, so a 200 reports on the ids asked: a body with none of
            // them is not an answer (unusable, retried), unlike an empty page of a listing
            JsonNode results = b.isObject() ? b.get("results") : null;
            if (results == null || !results.isArray() || results.isEmpty()) {
                throw new UnusableResponseException("the stats report has no results");
            }
            java.util.Map<String, CampaignReport> out = new java.util.LinkedHashMap<>();
            for (JsonNode r : results) {
                String id = r.path("campaign_id").asText("");
                Instant refreshed = time(r.path("last_refresh_time"));
                if (id.isBlank() || refreshed == null) {
                    continue;
                }
                JsonNode st = r.path("stats");
                out.put(id, new CampaignReport(count(st, "em_opens_all"), count(st, "em_clicks_all"),
                        new CampaignReport.Devices(count(st, "em_opens_all_computer"), count(st, "em_opens_all_mobile"),
                                count(st, "em_opens_all_tablet"), count(st, "em_opens_all_other") + count(st, "em_opens_all_none")),
                        new CampaignReport.Devices(count(st, "em_clicks_all_computer"), count(st, "em_clicks_all_mobile"),
                                count(st, "em_clicks_all_tablet"),
                                count(st, "em_clicks_all_other") + count(st, "em_clicks_all_none")),
                        refreshed, percents(r.path("percents"))));
            }
            return out;
        });
    }

    /** CC's percentages as given: each numeric (or numeric text) field of the object; none when absent. */
    private static java.util.Map<String, Double> percents(JsonNode p) {
        java.util.Map<String, Double> out = new java.util.TreeMap<>();
        if (p.isObject()) {
            p.properties().forEach(e -> {
                JsonNode v = e.getValue();
                Double d = v.isNumber() ? Double.valueOf(v.asDouble()) : null;
                if (v.isTextual()) {
                    try {
                        d = Double.parseDouble(v.asText().trim());
                    } catch (NumberFormatException ignored) {
                        // not a percentage: left out
                    }
                }
                if (d != null && Double.isFinite(d) && d >= 0) {
                    out.put(e.getKey(), d);
                }
            });
        }
        return out;
    }

    private static JsonNode requireArray(JsonNode body, String field) {
        if (!body.isObject()) {
            throw new UnusableResponseException("not an object");
        }
        JsonNode list = body.get(field);
        if (list == null || list.isNull()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        if (!list.isArray()) {
            throw new UnusableResponseException(field + " is not a list");
        }
        return list;
    }

    private static String next(JsonNode body) {
        JsonNode next = body.path("_links").path("next").path("href");
        return next.isTextual() && !next.asText().isBlank() ? next.asText() : null;
    }

    /** ISO-8601 with Z or an offset ({@code -0500} too); null when unreadable. */
    static Instant time(JsonNode v) {
        if (!v.isTextual()) {
            return null;
        }
        String s = v.asText().trim();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(s, DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS]XX")).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static long count(JsonNode u, String field) {
        JsonNode v = u.path(field);
        if (v.isNumber()) {
            return Math.max(0, v.asLong());
        }
        if (v.isTextual()) {
            try {
                return Math.max(0, Long.parseLong(v.asText().trim()));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }
}
