package io.ccheadless.sandbox.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ccheadless.sandbox.ApiStrictness;
import io.ccheadless.sandbox.data.Campaign;
import io.ccheadless.sandbox.data.CampaignActivity;
import io.ccheadless.sandbox.data.CampaignStatus;
import io.ccheadless.sandbox.http.Json;
import io.ccheadless.sandbox.http.Params;
import io.ccheadless.sandbox.http.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** {@code GET /v3/emails}, {@code /v3/emails/{campaign_id}}, {@code /v3/emails/activities/{id}} and its send history. */
public final class EmailsEndpoint {
    record CampaignItem(String campaignId, String createdAt, String currentStatus, String name, String type,
                        int typeCode, String updatedAt) {
    }

    record CampaignPage(List<CampaignItem> campaigns, @JsonProperty("_links") Links links) {
    }

    record ActivityRef(String campaignActivityId, String role) {
    }

    record CampaignView(List<ActivityRef> campaignActivities, String campaignId, String createdAt, String currentStatus,
                        String name, String type, int typeCode, String updatedAt) {
    }

    record FooterAddress(String addressLine1, String city, String countryCode, String organizationName,
                         String postalCode, String stateCode) {
    }

    record ActivityView(String campaignActivityId, String campaignId, String role, List<String> contactListIds,
                        List<Integer> segmentIds, String currentStatus, int formatType, String fromEmail,
                        String fromName, String replyToEmail, String subject, String preheader, String htmlContent,
                        String permalinkUrl, FooterAddress physicalAddressInFooter,
                        Map<String, String> documentProperties) {
    }

    record SendHistoryEntry(int sendId, List<String> contactListIds, List<Long> segmentIds, long count, String runDate,
                            String sendStatus, int reasonCode) {
    }

    private static final Set<String> INCLUDES = Set.of("physical_address_in_footer", "permalink_url", "html_content",
            "document_properties");

    private final Json json;
    private final PageLimit limit;
    private final ApiStrictness strict;

    public EmailsEndpoint(Json json, PageLimit limit) {
        this(json, limit, ApiStrictness.LENIENT);
    }

    public EmailsEndpoint(Json json, PageLimit limit, ApiStrictness strict) {
        this.json = Objects.requireNonNull(json, "json");
        this.limit = Objects.requireNonNull(limit, "limit");
        this.strict = Objects.requireNonNull(strict, "strict");
    }

    private Instant updatedAt(Campaign c, Instant now) {
        return c.updatedAt(now, strict.sendsMoveUpdatedAt());
    }

    public Response list(ApiCall call) {
        Params q = call.request().query();
        Cursor position;
        Optional<String> token = q.first("cursor");
        int size;
        Optional<Instant> before;
        Optional<Instant> after;
        if (token.isPresent()) {
            Optional<Cursor> c = Cursor.decode(token.get());
            if (c.isEmpty()) {
                return ApiErrors.badRequest("The cursor is invalid.");
            }
            position = c.get();
            size = position.limit();
            before = position.before();
            after = position.after();
        } else {
            position = null;
            Optional<Integer> l = limit.read(q.first("limit"));
            if (l.isEmpty()) {
                return ApiErrors.badRequest(limit.problem());
            }
            size = l.get();
            Optional<Optional<Instant>> b = date(q, "before_date");
            Optional<Optional<Instant>> a = date(q, "after_date");
            if (b.isEmpty() || a.isEmpty()) {
                return ApiErrors.badRequest("before_date and after_date must be ISO-8601 date-times, e.g. 2021-01-10T11:42:57.000Z.");
            }
            before = b.get();
            after = a.get();
        }
        Instant now = call.now();
        List<Campaign> matching = call.account().campaigns().byUpdatedDesc(now).stream()
                .sorted(Comparator.comparing((Campaign c) -> updatedAt(c, now)).reversed()
                        .thenComparing(Campaign::campaignId))
                .filter(c -> before.map(x -> updatedAt(c, now).isBefore(x)).orElse(true))
                .filter(c -> after.map(x -> updatedAt(c, now).isAfter(x)).orElse(true))
                .filter(c -> position == null || position.isAfter(updatedAt(c, now), c.campaignId()))
                .limit(size + 1L)
                .toList();
        List<Campaign> page = matching.subList(0, Math.min(size, matching.size()));
        Links links = null;
        if (matching.size() > size) {
            Campaign last = page.getLast();
            links = Links.next("/v3/emails?cursor=" + new Cursor(size, before, after, updatedAt(last, now),
                    last.campaignId()).encode());
        }
        List<CampaignItem> items = page.stream().map(c -> item(c, now)).toList();
        return json.response(200, new CampaignPage(items.isEmpty() && strict.omitEmptyLists() ? null : items, links));
    }

    /** Empty when the parameter is present but not a date-time; otherwise the (optional) value. */
    private static Optional<Optional<Instant>> date(Params q, String name) {
        Optional<String> raw = q.first(name);
        if (raw.isEmpty()) {
            return Optional.of(Optional.empty());
        }
        return Timestamps.parse(raw.get()).map(Optional::of);
    }

    private CampaignItem item(Campaign c, Instant now) {
        return new CampaignItem(c.campaignId(), Timestamps.format(c.createdAt()), c.statusAt(now).label(), c.name(),
                c.type().type(), c.type().code(), Timestamps.format(updatedAt(c, now)));
    }

    public Response campaign(ApiCall call) {
        Instant now = call.now();
        Optional<Campaign> found = call.account().campaigns().find(call.request().pathParam("campaign_id"))
                .filter(c -> c.existsAt(now));
        if (found.isEmpty()) {
            return ApiErrors.notFound("campaign.not.found", "The email campaign was not found.");
        }
        Campaign c = found.get();
        return json.response(200, new CampaignView(
                c.activities().stream().map(a -> new ActivityRef(a.activityId(), a.role())).toList(),
                c.campaignId(), Timestamps.format(c.createdAt()), c.statusAt(now).label(), c.name(), c.type().type(),
                c.type().code(), Timestamps.format(updatedAt(c, now))));
    }

    public Response activity(ApiCall call) {
        Instant now = call.now();
        String id = call.request().pathParam("campaign_activity_id");
        Optional<Campaign> found = visibleOwner(call, id);
        if (found.isEmpty()) {
            return ApiErrors.notFound("campaign_activity.not.found", "The email campaign activity was not found.");
        }
        Set<String> include = Set.of(call.request().query().first("include").orElse("").split("\\s*,\\s*"));
        for (String s : include) {
            if (!s.isEmpty() && !INCLUDES.contains(s)) {
                return ApiErrors.badRequest("include may contain " + String.join(", ", INCLUDES) + " only.");
            }
        }
        Campaign c = found.get();
        CampaignActivity a = c.activities().stream().filter(x -> x.activityId().equals(id)).findFirst().orElseThrow();
        var profile = call.account().profile();
        var address = profile.address();
        return json.response(200, new ActivityView(a.activityId(), c.campaignId(), a.role(), a.contactListIds(), List.of(),
                c.statusAt(now).activityLabel(), 5, a.fromEmail(), a.fromName(), a.replyToEmail(), a.subject(),
                a.preheader(),
                include.contains("html_content") ? "<html><body><h1>" + a.subject() + "</h1><p>" + a.preheader()
                        + "</p>[[trackingImage]]</body></html>" : null,
                include.contains("permalink_url") ? "https://myemail.constantcontact.com/" + c.campaignId()
                        + ".html?soid=" + profile.encodedAccountId() + "&aid=" + a.activityId() : null,
                include.contains("physical_address_in_footer") ? new FooterAddress(address.line1(), address.city(),
                        address.countryCode(), profile.organizationName(), address.postalCode(), address.stateCode()) : null,
                include.contains("document_properties") ? Map.of("letter_format", "HTML",
                        "view_as_webpage_enabled", "true", "forward_email_link_enabled", "false") : null));
    }

    public Response sendHistory(ApiCall call) {
        Instant now = call.now();
        String id = call.request().pathParam("campaign_activity_id");
        Optional<Campaign> found = visibleOwner(call, id)
                .filter(c -> c.primary().activityId().equals(id) || c.resend(id).isPresent());
        if (found.isEmpty()) {
            return ApiErrors.notFound("campaign_activity.not.found",
                    "No primary_email or resend email campaign activity has this id.");
        }
        Campaign c = found.get();
        Optional<Campaign.Resend> resend = c.resend(id);
        if (resend.isPresent()) {
            List<SendHistoryEntry> runs = new ArrayList<>();
            for (Instant at : resend.get().runs()) {
                if (!at.isAfter(now)) {
                    runs.add(new SendHistoryEntry(runs.size() + 1, resend.get().activity().contactListIds(), List.of(),
                            resend.get().count(), Timestamps.format(at), "COMPLETED", 0));
                }
            }
            return json.response(200, runs);
        }
        List<SendHistoryEntry> history = c.sentBy(now) ? List.of(new SendHistoryEntry(1,
                c.primary().contactListIds(), List.<Long>of(), c.audience(), Timestamps.format(c.sendAt()), "COMPLETED", 0))
                : List.of();
        return json.response(200, history);
    }

    /** The campaign owning an activity, if it exists now and is not removed (removed activities cannot be read). */
    private static Optional<Campaign> visibleOwner(ApiCall call, String activityId) {
        Instant now = call.now();
        return call.account().campaigns().findByActivity(activityId)
                .filter(c -> c.existsAt(now) && c.statusAt(now) != CampaignStatus.REMOVED)
                .filter(c -> !call.account().campaigns().activityWithdrawn(activityId));
    }
}
