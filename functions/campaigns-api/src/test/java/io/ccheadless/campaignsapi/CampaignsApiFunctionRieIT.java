package io.ccheadless.campaignsapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.store.DynamoCallerGrants;
import io.ccheadless.aws.store.DynamoCampaignStore;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.aws.testing.RepoFiles;
import io.ccheadless.aws.testing.RieFunction;
import io.ccheadless.core.campaigns.CampaignStats;
import io.ccheadless.core.campaigns.SentCampaign;
import io.ccheadless.core.campaigns.StoredCampaign;
import io.ccheadless.core.obs.Sleeper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The packaged CampaignsApiFunction jar under the Lambda Runtime Interface Emulator, fed events/ samples, reading
 * campaigns stored in moto's DynamoDB.
 */
class CampaignsApiFunctionRieIT {
    static final Path JAR = Path.of("target", "cch-campaigns-api-function-0.1.0-SNAPSHOT-lambda.jar");
    static final String HANDLER = "io.ccheadless.campaignsapi.CampaignsApiHandler::handleRequest";
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSampleRequestAnswersTheStoredCampaignsOfTheLastWeekAndBadInputIsA400() throws Exception {
        RieFunction.rie();
        Map<String, String> env = Moto.environment("http://127.0.0.1:9/auth", "http://127.0.0.1:9");
        Instant now = Instant.now();
        try (AwsClients aws = Moto.provision(env, "id", "secret")) {
            DynamoCampaignStore store = new DynamoCampaignStore(aws.dynamo(), Settings.fromEnvironment(env).campaignsTable(),
                    Sleeper.REAL);
            List<StoredCampaign> items = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                SentCampaign c = new SentCampaign("default", "c-" + i, "Campaign " + i, "Done", "NEWSLETTER",
                        now.minus(Duration.ofDays(2 * i + 1)), new CampaignStats(1000 + i, 400, 50, 2, 1, 0, 10, 590), now);
                items.add(new StoredCampaign(c, c.lastSentAt()));
            }
            store.upsert(items);   // sent 1, 3 and 5 days ago
            store.upsert(List.of(new StoredCampaign(new SentCampaign("default", "old", "Old", "Done", "NEWSLETTER",
                    now.minus(Duration.ofDays(30)), new CampaignStats(1, 0, 0, 0, 0, 0, 0, 1), now), null)));
            // the sample event's caller (an assumed-role session of reporting-service), as cch access grant stores it
            new DynamoCallerGrants(aws.dynamo(), Settings.fromEnvironment(env).stateTable())
                    .grant("arn:aws:iam::123456789012:role/reporting-service", "default");
        }
        try (RieFunction f = RieFunction.start(JAR, HANDLER, env, Path.of("target", "rie-campaigns-api.log"))) {
            RieFunction.Invocation other = f.invoke(RepoFiles.event("campaigns-api-recent.json")
                    .replace("\"tenant\": \"default\"", "\"tenant\": \"globex\""));
            assertTrue(other.body().contains("\"statusCode\":403"), "not granted globex: " + other.body());
            RieFunction.Invocation r = f.invoke(RepoFiles.event("campaigns-api-recent.json"));
            assertEquals(200, r.status());
            JsonNode response = JSON.readTree(r.body());
            assertEquals(200, response.path("statusCode").asInt(), r.body());
            JsonNode body = JSON.readTree(response.path("body").asText());
            assertEquals(3, body.path("count").asInt(), response.path("body").asText());
            assertEquals("c-0", body.path("campaigns").get(0).path("campaign_id").asText(), "newest first");
            assertEquals(1000, body.path("campaigns").get(0).path("stats").path("sends").asLong());

            RieFunction.Invocation paged = f.invoke(RepoFiles.event("campaigns-api-recent.json")
                    .replace("\"days\": \"7\"", "\"days\": \"7\", \"limit\": \"2\""));
            JsonNode first = JSON.readTree(JSON.readTree(paged.body()).path("body").asText());
            assertEquals(2, first.path("count").asInt());
            String cursor = first.path("next_cursor").asText();
            RieFunction.Invocation second = f.invoke(RepoFiles.event("campaigns-api-recent.json")
                    .replace("\"days\": \"7\"", "\"days\": \"7\", \"limit\": \"2\", \"cursor\": \"" + cursor + "\""));
            JsonNode rest = JSON.readTree(JSON.readTree(second.body()).path("body").asText());
            assertEquals("c-2", rest.path("campaigns").get(0).path("campaign_id").asText());
            assertFalse(rest.has("next_cursor"));

            RieFunction.Invocation bad = f.invoke(RepoFiles.event("campaigns-api-recent.json").replace("\"days\": \"7\"", "\"days\": \"week\""));
            assertEquals(400, JSON.readTree(bad.body()).path("statusCode").asInt(), bad.body());
            RieFunction.Invocation badCursor = f.invoke(RepoFiles.event("campaigns-api-recent.json")
                    .replace("\"days\": \"7\"", "\"days\": \"7\", \"cursor\": \"bm90LW91cnM\""));
            assertEquals(400, JSON.readTree(badCursor.body()).path("statusCode").asInt(), badCursor.body());
        }
        assertTrue(Files.readString(Path.of("target", "rie-campaigns-api.log")).contains("campaigns listed"));
    }
}
