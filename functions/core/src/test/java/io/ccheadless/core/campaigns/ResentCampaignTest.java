package io.ccheadless.core.campaigns;

import com.sun.net.httpserver.HttpServer;
import io.ccheadless.core.api.AccessTokens;
import io.ccheadless.core.api.CcApiClient;
import io.ccheadless.core.api.RateGate;
import io.ccheadless.core.campaigns.testing.InMemoryCampaignStore;
import io.ccheadless.core.campaigns.testing.InMemorySyncStateStore;
import io.ccheadless.core.campaigns.testing.RecordingCampaignEvents;
import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.testing.SteppingClock;
import io.ccheadless.core.token.AccessGrant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A campaign sent again (a resend to non-openers), which the sandbox cannot do: a stub CC answers the four
 * endpoints. The summaries show only the newest send, rounded to the minute; the send history gives every run
 * with its exact date, and each run since the last announcement becomes its own event.
 */
class ResentCampaignTest {
    static final Instant NOW = Instant.parse("2026-03-10T15:00:00Z");
    static final Instant FIRST = Instant.parse("2026-03-08T09:00:00.000Z");
    static final Instant OTHER = Instant.parse("2026-03-09T09:30:00.000Z");
    static final Instant RESEND_1 = Instant.parse("2026-03-10T13:59:12.345Z");
    static final Instant RESEND_2 = Instant.parse("2026-03-10T14:50:37.120Z");

    final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    volatile String summaries;
    volatile String resendHistory = "[]";
    volatile String primaryHistory = """
            [{"send_id": 1, "contact_list_ids": [], "segment_ids": [], "count": 1000,
              "run_date": "2026-03-08T09:00:00.000Z", "send_status": "COMPLETED", "reason_code": 0}]""";
    HttpServer cc;
    final SteppingClock clock = new SteppingClock(NOW);
    final InMemoryCampaignStore store = new InMemoryCampaignStore();
    final InMemorySyncStateStore states = new InMemorySyncStateStore();
    final RecordingCampaignEvents events = new RecordingCampaignEvents();

    @BeforeEach
    void stubCc() throws IOException {
        summaries = summaries("2026-03-08T09:00:00.000Z", 1000);
        cc = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        cc.createContext("/", x -> {
            String path = x.getRequestURI().getPath();
            hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            String body = switch (path) {
                case "/v3/reports/summary_reports/email_campaign_summaries" -> summaries;
                case "/v3/emails" -> """
                        {"campaigns": [
                          {"campaign_id": "c2", "name": "Cupping Night", "current_status": "Done", "type": "NEWSLETTER",
                           "updated_at": "2026-03-09T09:30:00.000Z"},
                          {"campaign_id": "c1", "name": "Spring Blend", "current_status": "Done", "type": "NEWSLETTER",
                           "updated_at": "2026-03-08T09:00:00.000Z"}]}""";
                case "/v3/emails/c1" -> """
                        {"campaign_id": "c1", "name": "Spring Blend (resent)", "current_status": "Done", "type": "NEWSLETTER",
                         "campaign_activities": [{"campaign_activity_id": "a1", "role": "primary_email"},
                                                 {"campaign_activity_id": "a2", "role": "resend"},
                                                 {"campaign_activity_id": "a3", "role": "permalink"}]}""";
                case "/v3/emails/c2" -> """
                        {"campaign_id": "c2", "name": "Cupping Night", "current_status": "Done", "type": "NEWSLETTER",
                         "campaign_activities": [{"campaign_activity_id": "b1", "role": "primary_email"}]}""";
                case "/v3/emails/activities/a1", "/v3/emails/activities/b1" -> """
                        {"campaign_activity_id": "x", "role": "primary_email", "subject": "Fresh beans",
                         "from_name": "Roastery", "preheader": "This week"}""";
                case "/v3/reports/email_reports/a1/links" -> """
                        {"campaign_activity_id": "a1",
                         "link_click_counts": [{"link_url": "https://example.com/beans", "unique_clicks": 12}]}""";
                case "/v3/reports/email_reports/b1/links" -> """
                        {"campaign_activity_id": "b1"}""";
                case "/v3/emails/activities/a1/send_history" -> primaryHistory;
                case "/v3/emails/activities/a2/send_history" -> resendHistory;
                case "/v3/reports/stats/email_campaigns/c1,c2", "/v3/reports/stats/email_campaigns/c2,c1" -> """
                        {"results": [{"campaign_id": "c1", "last_refresh_time": "2026-03-10T14:00:00.000Z",
                                      "stats": {"em_opens_all": 520, "em_clicks_all": 61},
                                      "percents": {"open": "41.2", "click": 12.5, "bounce": "n/a", "unsubscribe": -1,
                                                   "did_not_open": null, "desktop_open": {"x": 1}}},
                                     {"campaign_id": "c2", "last_refresh_time": "2026-03-10T14:00:00.000Z",
                                      "stats": {"em_opens_all": 330, "em_clicks_all": 31}}], "errors": []}""";
                default -> null;
            };
            byte[] b = (body == null ? "[{\"error_key\":\"not_found\"}]" : body).getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(body == null ? 404 : 200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        cc.start();
    }

    @AfterEach
    void stop() {
        cc.stop(0);
    }

    static String summaries(String c1LastSent, int c1Sends) {
        return """
                {"bulk_email_campaign_summaries": [
                  {"campaign_id": "c1", "campaign_type": "Newsletter", "last_sent_date": "%s",
                   "unique_counts": {"sends": "%d", "opens": "400", "clicks": 50, "forwards": 2, "optouts": 1, "abuse": 0,
                                     "bounces": 10, "not_opened": 590}},
                  {"campaign_id": "c2", "campaign_type": "Newsletter", "last_sent_date": "2026-03-09T09:30:00.000Z",
                   "unique_counts": {"sends": 800, "opens": 300, "clicks": 30, "forwards": 1, "optouts": 0, "abuse": 0,
                                     "bounces": 5, "not_opened": 495}}],
                 "aggregate_percents": [{"open": 12.0}]}""".formatted(c1LastSent, c1Sends);
    }

    volatile SyncPolicy policy = SyncPolicy.defaults(Duration.ofDays(14));

    @Test
    void withTheLinkReportOffANewCampaignCostsTwoReadsAndKeepsNoLinks() {
        policy = policy.withLinkReport(false);
        SyncReport first = sync();
        assertEquals(1 + 2 * 2 + 1, first.ccRequests(), "summaries; each new campaign and its activity; stats report");
        assertNull(hits.get("/v3/reports/email_reports/a1/links"), "the link report is not read");
        CampaignContent c = store.all("acme").get("c1").campaign().content();
        assertEquals("Fresh beans", c.subject());
        assertNull(c.links());
    }

    @Test
    void ccsOwnPercentagesAreKeptAsCcGivesThemAndWhatIsNotAPercentageIsLeftOut() {
        sync();
        CampaignReport r = store.all("acme").get("c1").campaign().report();
        assertEquals(Map.of("open", 41.2, "click", 12.5), r.percents(), "text read as a number; n/a, negative, null, object left out");
        SentCampaign c1 = store.all("acme").get("c1").campaign();
        assertEquals(41.2, CampaignRates.shown(c1).open(), "CC's own open percentage is shown");
        assertEquals(CampaignRates.of(c1.stats()).bounce(), CampaignRates.shown(c1).bounce(), "ours where CC gave none");
        assertEquals(Map.of(), store.all("acme").get("c2").campaign().report().percents(), "none given: none kept");
    }

    SyncReport sync() {
        AccessGrant g = new AccessGrant(Secret.of("stub"), NOW.plusSeconds(86_400), 1);
        AccessTokens tokens = new AccessTokens() {
            public AccessGrant current() { return g; }
            public AccessGrant afterRejection(long generation) { return g; }
        };
        Instant deadline = clock.instant().plus(Duration.ofMinutes(5));
        CampaignSync sync = new CampaignSync(store, states, events, clock, policy, "t",
                new Log(l -> { }, clock, "t"));
        try (CcApiClient client = new CcApiClient(HttpExchange.withDefaults(Duration.ofSeconds(5)),
                URI.create("http://127.0.0.1:" + cc.getAddress().getPort()), tokens, new RateGate(4, clock, clock), clock,
                clock, RandomGenerator.of("L64X128MixRandom"), deadline)) {
            return sync.run("acme", new CcCampaigns(client), deadline);
        }
    }

    @Test
    void eachRunOfAReSentCampaignIsAnnouncedOnceWithItsExactRunDate() {
        SyncReport first = sync();
        assertEquals(List.of(FIRST, OTHER), events.published().stream().map(CampaignSend::sentAt).sorted().toList());
        assertEquals(8, first.ccRequests(), "one summaries page; each new campaign, its activity and its links; one stats report");
        assertEquals("Fresh beans", store.all("acme").get("c1").campaign().content().subject());
        assertEquals(1, hits.get("/v3/emails/activities/a1").get(), "the activity read once");
        assertEquals(520, store.all("acme").get("c1").campaign().report().opensAll(), "CC's total opens");

        clock.advance(Duration.ofMinutes(10));
        resendHistory = """
                [{"send_id": 1, "count": 590, "run_date": "2026-03-10T13:59:12.345Z", "send_status": "COMPLETED", "reason_code": 0},
                 {"send_id": 2, "count": 420, "run_date": "2026-03-10T14:50:37.120Z", "send_status": "COMPLETED", "reason_code": 0},
                 {"send_id": 3, "count": 0, "run_date": "2026-03-10T14:55:00.000Z", "send_status": "ERRORED", "reason_code": 3}]""";
        summaries = summaries("2026-03-10T14:50:00.000Z", 2010);   // the summary shows only the last, to the minute
        hits.clear();

        SyncReport second = sync();

        List<CampaignSend> resends = events.published().subList(2, events.published().size());
        assertEquals(List.of(RESEND_1, RESEND_2), resends.stream().map(CampaignSend::sentAt).toList(),
                "every completed run since the last announcement, exactly dated; not the errored one");
        assertTrue(resends.stream().allMatch(s -> s.campaign().name().equals("Spring Blend (resent)")
                && s.campaign().stats().sends() == 2010));
        assertEquals(3, second.ccRequests(), "summaries, the campaign, and the history of its resend activity");
        assertNull(hits.get("/v3/emails/activities/a3/send_history"), "a permalink has no send history");
        assertNull(hits.get("/v3/emails/activities/a1/send_history"), "the original send was announced already");
        assertEquals(List.of("a2/1", "a2/2"), store.all("acme").get("c1").announcedSends(),
                "the re-sends kept as CC identifies them");
        StoredCampaign c1 = store.all("acme").get("c1");
        assertEquals(Instant.parse("2026-03-10T14:50:00Z"), c1.lastSentAt());
        assertEquals(RESEND_2, c1.announcedSentAt());
        assertFalse(c1.announcementPending());

        SyncReport third = sync();
        assertEquals(0, third.newlySent(), "nothing announced twice");
        assertEquals(1, third.ccRequests());
    }

    @Test
    void anOriginalSendIsNeverAnnouncedAgainWhenItsRunDateIsMoreExactThanTheSummaries() {
        primaryHistory = """
                [{"send_id": 1, "count": 1000, "run_date": "2026-03-08T09:00:41.512Z", "send_status": "COMPLETED", "reason_code": 0}]""";
        sync();
        clock.advance(Duration.ofMinutes(10));
        resendHistory = """
                [{"send_id": 1, "count": 590, "run_date": "2026-03-10T13:59:12.345Z", "send_status": "COMPLETED", "reason_code": 0}]""";
        summaries = summaries("2026-03-10T13:59:00.000Z", 1590);

        sync();
        sync();

        assertEquals(List.of(FIRST, OTHER, RESEND_1), events.published().stream().map(CampaignSend::sentAt).sorted().toList(),
                "the original send (run date 09:00:41.512, summaries 09:00) once, the re-send once");
    }

    @Test
    void aReSendThatRanBeforeTheCampaignWasFirstSeenIsNotAnnouncedAgainByALaterOne() {
        resendHistory = """
                [{"send_id": 1, "count": 590, "run_date": "2026-03-10T13:59:12.345Z", "send_status": "COMPLETED", "reason_code": 0}]""";
        summaries = summaries("2026-03-10T13:59:00.000Z", 1590);
        sync();   // first seen already re-sent: one event for its last send
        assertEquals(1, events.published().stream().filter(e -> e.campaign().campaignId().equals("c1")).count());

        clock.advance(Duration.ofMinutes(10));
        resendHistory = """
                [{"send_id": 1, "count": 590, "run_date": "2026-03-10T13:59:12.345Z", "send_status": "COMPLETED", "reason_code": 0},
                 {"send_id": 2, "count": 420, "run_date": "2026-03-10T14:50:37.120Z", "send_status": "COMPLETED", "reason_code": 0}]""";
        summaries = summaries("2026-03-10T14:50:00.000Z", 2010);
        sync();

        List<Instant> c1 = events.published().stream().filter(e -> e.campaign().campaignId().equals("c1"))
                .map(CampaignSend::sentAt).toList();
        assertEquals(List.of(Instant.parse("2026-03-10T13:59:00Z"), RESEND_2), c1,
                "the first re-send was the campaign's first event; only the second is new");
    }
}
