package io.ccheadless.core.campaigns;

import com.fasterxml.jackson.databind.JsonNode;
import io.ccheadless.core.api.CcApiClient;
import io.ccheadless.core.api.CcApiException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The CC endpoints the sync reads, parsed tolerantly (counts as numbers or strings) and validated. */
public final class CcCampaigns {
    private final CcApiClient api;

    public CcCampaigns(CcApiClient api) {
        this.api = Objects.requireNonNull(api, "api");
    }

    public record Summary(String campaignId, Instant lastSentAt, CampaignStats stats) {
    }

    public record SummaryPage(List<Summary> summaries, String nextHref) {
    }

    public record Details(String name, String status, String type) {
    }

    public static String firstSummariesPage(int limit) {
        return "/v3/reports/summary_reports/email_campaign_summaries?limit=" + limit;
    }

    public SummaryPage summaries(String href) {
        JsonNode body = api.get(href);
        JsonNode list = body.path("bulk_email_campaign_summaries");
        if (!list.isMissingNode() && !list.isArray()) {
            throw garbage(href, "bulk_email_campaign_summaries is not an array");
        }
        List<Summary> out = new ArrayList<>();
        for (JsonNode s : list) {
            String id = s.path("campaign_id").asText("");
            if (id.isBlank()) {
                throw garbage(href, "a summary lacks campaign_id");
            }
            Instant sent;
            try {
                sent = Instant.parse(s.path("last_sent_date").asText(""));
            } catch (DateTimeParseException e) {
                throw garbage(href, "campaign " + id + " has no readable last_sent_date");
            }
            JsonNode u = s.path("unique_counts");
            out.add(new Summary(id, sent, new CampaignStats(count(u, "sends"), count(u, "opens"), count(u, "clicks"),
                    count(u, "forwards"), count(u, "optouts"), count(u, "abuse"), count(u, "bounces"), count(u, "not_opened"))));
        }
        JsonNode next = body.path("_links").path("next").path("href");
        String nextHref = next.isTextual() && !next.asText().isBlank() ? next.asText() : null;
        return new SummaryPage(out, nextHref);
    }

    public Details details(String campaignId) {
        String href = "/v3/emails/" + campaignId;
        JsonNode b = api.get(href);
        String name = b.path("name").asText("");
        if (name.isBlank()) {
            throw garbage(href, "campaign has no name");
        }
        return new Details(name, b.path("current_status").asText("Unknown"), b.path("type").asText("Unknown"));
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

    private static CcApiException garbage(String href, String what) {
        return new CcApiException("GET " + href + " answered an unusable body: " + what, 200, true, null);
    }
}
