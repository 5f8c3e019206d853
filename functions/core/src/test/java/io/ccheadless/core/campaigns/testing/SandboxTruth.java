package io.ccheadless.core.campaigns.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccheadless.core.campaigns.CampaignReport;
import io.ccheadless.core.campaigns.CampaignStats;
import io.ccheadless.sandbox.CcSandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the sandbox's account holds right now, read over its own HTTP API with a plain client (independent of the
 * code under test): every summary and every listed campaign. Tests derive the expected store, the expected events
 * and the fewest requests a scenario needs from it.
 */
public final class SandboxTruth {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A sent campaign as CC reports it. */
    public record Sent(String campaignId, String name, String status, String type, Instant lastSentAt, CampaignStats stats) {
    }

    public record Listed(String campaignId, String name, String status, String type, Instant updatedAt) {
    }

    /** Sent campaigns, newest send first (the summaries' order). */
    public final List<Sent> sent;
    /** Every campaign, newest update first (the listing's order). */
    public final List<Listed> listed;

    private SandboxTruth(List<Sent> sent, List<Listed> listed) {
        this.sent = List.copyOf(sent);
        this.listed = List.copyOf(listed);
    }

    /**
     * Reads everything, pausing {@code pause} between requests (keep it above 250 ms when the sandbox enforces
     * 4 requests per second).
     */
    public static SandboxTruth read(CcSandbox cc, String bearer, Duration pause) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            Map<String, Listed> listed = new LinkedHashMap<>();
            String href = "/v3/emails?limit=500";
            while (href != null) {
                JsonNode b = get(http, cc, href, bearer, pause);
                for (JsonNode c : b.path("campaigns")) {
                    listed.put(c.path("campaign_id").asText(), new Listed(c.path("campaign_id").asText(),
                            c.path("name").asText(), c.path("current_status").asText(), c.path("type").asText(),
                            Instant.parse(c.path("updated_at").asText())));
                }
                href = b.path("_links").path("next").path("href").asText(null);
            }
            List<Sent> sent = new ArrayList<>();
            href = "/v3/reports/summary_reports/email_campaign_summaries?limit=500";
            while (href != null) {
                JsonNode b = get(http, cc, href, bearer, pause);
                for (JsonNode s : b.path("bulk_email_campaign_summaries")) {
                    String id = s.path("campaign_id").asText();
                    Listed l = listed.get(id);
                    JsonNode u = s.path("unique_counts");
                    sent.add(new Sent(id, l.name(), l.status(), l.type(), Instant.parse(s.path("last_sent_date").asText()),
                            new CampaignStats(u.path("sends").asLong(), u.path("opens").asLong(), u.path("clicks").asLong(),
                                    u.path("forwards").asLong(), u.path("optouts").asLong(), u.path("abuse").asLong(),
                                    u.path("bounces").asLong(), u.path("not_opened").asLong())));
                }
                href = b.path("_links").path("next").path("href").asText(null);
            }
            return new SandboxTruth(sent, new ArrayList<>(listed.values()));
        }
    }

    /** Sent campaigns with a last send at or after {@code from}. */
    public Map<String, Sent> sentSince(Instant from) {
        Map<String, Sent> out = new LinkedHashMap<>();
        sent.stream().filter(s -> !s.lastSentAt().isBefore(from)).forEach(s -> out.put(s.campaignId(), s));
        return out;
    }

    public Sent sent(String campaignId) {
        return sent.stream().filter(s -> s.campaignId().equals(campaignId)).findFirst().orElse(null);
    }

    /**
     * Summaries pages needed to see every send at or after {@code floor} and know there is none older: up to and
     * including the first send before the floor, or to the end of the list.
     */
    public int summaryPagesDownTo(Instant floor, int pageSize) {
        long inWindow = sent.stream().filter(s -> !s.lastSentAt().isBefore(floor)).count();
        long needed = Math.min(sent.size(), inWindow + 1);
        return (int) Math.max(1, (needed + pageSize - 1) / pageSize);
    }

    /**
     * The fewest requests that give name, status and type of {@code ids}: each campaign's own read, or listing
     * pages (newest update first) down to the oldest-updated of them, whichever is fewer.
     */
    public int detailRequests(java.util.Collection<String> ids, int pageSize) {
        if (ids.isEmpty()) {
            return 0;
        }
        Instant oldest = listed.stream().filter(l -> ids.contains(l.campaignId())).map(Listed::updatedAt)
                .min(Comparator.naturalOrder()).orElseThrow();
        long upTo = listed.stream().filter(l -> !l.updatedAt().isBefore(oldest)).count();
        int listingPages = (int) ((upTo + pageSize - 1) / pageSize);
        return Math.min(ids.size(), listingPages);
    }

    /**
     * The fewest requests that store {@code ids} as newly sent campaigns with their content: each campaign's own read
     * (name, status, type and the primary email activity's id, which neither the summaries nor the listing carry, so
     * the listing cannot save it), the activity (subject, from name, preheader) and, with the link report on, its
     * links: three requests a campaign (two without links).
     */
    public static int newCampaignRequests(java.util.Collection<String> ids, boolean links) {
        return ids.size() * (links ? 3 : 2);
    }

    /**
     * CC's stats report for {@code ids}, read with a plain client (150 a request): totals and device split.
     */
    public static Map<String, CampaignReport> reports(CcSandbox cc, String bearer,
                                                                                   List<String> ids) {
        Map<String, CampaignReport> out = new LinkedHashMap<>();
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (int i = 0; i < ids.size(); i += 150) {
                JsonNode b = get(http, cc, "/v3/reports/stats/email_campaigns/"
                        + String.join(",", ids.subList(i, Math.min(ids.size(), i + 150))), bearer, Duration.ZERO);
                for (JsonNode r : b.path("results")) {
                    JsonNode s = r.path("stats");
                    out.put(r.path("campaign_id").asText(), new CampaignReport(
                            s.path("em_opens_all").asLong(), s.path("em_clicks_all").asLong(),
                            new CampaignReport.Devices(s.path("em_opens_all_computer").asLong(),
                                    s.path("em_opens_all_mobile").asLong(), s.path("em_opens_all_tablet").asLong(),
                                    s.path("em_opens_all_other").asLong() + s.path("em_opens_all_none").asLong()),
                            new CampaignReport.Devices(s.path("em_clicks_all_computer").asLong(),
                                    s.path("em_clicks_all_mobile").asLong(), s.path("em_clicks_all_tablet").asLong(),
                                    s.path("em_clicks_all_other").asLong() + s.path("em_clicks_all_none").asLong()),
                            Instant.parse(r.path("last_refresh_time").asText()), percents(r.path("percents"))));
                }
            }
        }
        return out;
    }

    /** CC's percentages, each number as the sandbox gave it. */
    private static Map<String, Double> percents(JsonNode p) {
        Map<String, Double> out = new java.util.TreeMap<>();
        p.properties().forEach(e -> out.put(e.getKey(), e.getValue().asDouble()));
        return out;
    }

    /** Stats report requests for {@code campaigns} campaigns: 150 ids a request (the contract's maximum). */
    public static int reportRequests(long campaigns) {
        return (int) ((campaigns + 149) / 150);
    }

    /** How many of {@code ids} the summaries still list (not removed): the campaigns a stats sweep reports on. */
    public long listed(java.util.Collection<String> ids) {
        return ids.stream().filter(id -> sent(id) != null).count();
    }

    private static JsonNode get(HttpClient http, CcSandbox cc, String href, String bearer, Duration pause) {
        try {
            Thread.sleep(pause);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(cc.baseUri() + href))
                    .header("Authorization", "Bearer " + bearer).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("sandbox answered " + r.statusCode() + " to GET " + href);
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
