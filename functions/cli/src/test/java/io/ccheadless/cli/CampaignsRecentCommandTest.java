package io.ccheadless.cli;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.store.DynamoCampaignStore;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.core.campaigns.CampaignStats;
import io.ccheadless.core.campaigns.SentCampaign;
import io.ccheadless.core.campaigns.StoredCampaign;
import io.ccheadless.core.obs.Sleeper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** {@code cch campaigns recent}: what is stored, inside the asked window, with its stats; bad input is a usage error. */
class CampaignsRecentCommandTest {

    @Test
    void listsTheStoredCampaignsOfTheWindowNewestFirstWithTheirStats() {
        Map<String, String> env = Moto.environment("http://127.0.0.1:9/auth", "http://127.0.0.1:9");
        Instant now = Instant.now();
        try (AwsClients aws = Moto.provision(env, "id", "secret")) {
            DynamoCampaignStore store = new DynamoCampaignStore(aws.dynamo(), Settings.fromEnvironment(env).campaignsTable(),
                    Sleeper.REAL);
            store.upsert(List.of(
                    withSubject(stored("c-1", "Spring Blend Launch", now.minus(Duration.ofDays(1)),
                            new CampaignStats(2000, 800, 100, 3, 2, 0, 40, 1160)), "Our spring beans are in", now),
                    withCcPercents(stored("c-2", "Cupping Night", now.minus(Duration.ofDays(3)),
                            new CampaignStats(1000, 250, 0, 0, 1, 1, 10, 740)), now),
                    stored("c-3", "Old News", now.minus(Duration.ofDays(20)), new CampaignStats(900, 1, 1, 0, 0, 0, 0, 899))));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(new String[] {"campaigns", "recent", "--tenant", "acme", "--days", "7"}, env,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
        assertTrue(text.contains("Tenant 'acme': 2 campaigns sent in the last 7 days"), text);
        assertTrue(text.indexOf("Spring Blend Launch") < text.indexOf("Cupping Night"), "newest first:\n" + text);
        assertFalse(text.contains("Old News"), "outside the window");
        assertTrue(text.contains("SUBJECT") && text.contains("Our spring beans are in"), "the subject recipients saw:\n" + text);
        assertTrue(text.contains("OPEN%") && text.contains("CLICK%") && text.contains("UNSUB%") && text.contains("ABUSE"), text);
        String spring = text.lines().filter(l -> l.contains("Spring Blend Launch")).findFirst().orElseThrow();
        // CC's rates: opens 800 and clicks 100 of 1,960 delivered (2,000 sent, 40 bounced), 40 bounces of 2,000
        // sends, 2 opt-outs of 1,960 delivered; not clicks over opens (12.5)
        assertTrue(spring.matches(".*\\s2000\\s+800\\s+40\\.8\\s+100\\s+5\\.1\\s+40\\s+2\\.0\\s+2\\s+0\\.1\\s+3\\s+0\\s*"),
                spring);
        String cupping = text.lines().filter(l -> l.contains("Cupping Night")).findFirst().orElseThrow();
        // its stats report was read: CC's own open 26.3, bounce 1.1 and unsubscribe 0.2 (ours: 25.3, 1.0, 0.1)
        assertTrue(cupping.matches(".*\\s1000\\s+250\\s+26\\.3\\s+0\\s+0\\.0\\s+10\\s+1\\.1\\s+1\\s+0\\.2\\s+0\\s+1\\s*"),
                cupping);
    }

    static StoredCampaign withCcPercents(StoredCampaign s, Instant now) {
        var d = new io.ccheadless.core.campaigns.CampaignReport.Devices(0, 0, 0, 0);
        return s.with(s.campaign().withReport(new io.ccheadless.core.campaigns.CampaignReport(300, 0, d, d, now,
                Map.of("open", 26.3, "bounce", 1.1, "unsubscribe", 0.2, "click", 0.0)), now));
    }

    @Test
    void aDaysValueThatIsNotAWholeNumberOfDaysIsAUsageError() {
        Map<String, String> env = Map.of("AWS_REGION", "us-east-1", "STATE_TABLE", "s", "CAMPAIGNS_TABLE", "c",
                "TOKEN_SECRET_PREFIX", "p/", "CLIENT_SECRET_ID", "x", "EVENT_BUS_NAME", "b");
        for (String bad : List.of("0", "-3", "seven", "400")) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = Main.run(new String[] {"campaigns", "recent", "--days", bad}, env, new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(2, rc);
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("--days must be a whole number of days from 1 to 366"),
                    err.toString(StandardCharsets.UTF_8));
        }
    }

    static StoredCampaign stored(String id, String name, Instant sent, CampaignStats stats) {
        return new StoredCampaign(new SentCampaign("acme", id, name, "Done", "NEWSLETTER", sent, stats, sent), sent);
    }

    static io.ccheadless.core.campaigns.StoredCampaign withSubject(io.ccheadless.core.campaigns.StoredCampaign s, String subject,
                                                                   Instant now) {
        return s.with(s.campaign().withContent(new io.ccheadless.core.campaigns.CampaignContent("a-1", subject, "Roastery",
                "", List.of()), now));
    }
}
