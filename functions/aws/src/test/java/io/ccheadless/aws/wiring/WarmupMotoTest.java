package io.ccheadless.aws.wiring;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.testing.Moto;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.local.LocalProvisioner;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Priming runs in every container before its first event, against the function's real resources: each of its steps
 * must leave them exactly as it found them (moto; the CC hosts are unreachable, so their handshakes fail and are skipped).
 */
class WarmupMotoTest {
    @Test
    void everyPrimingStepLeavesTheTablesAndSecretsAsItFoundThem() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Moto.environment("http://127.0.0.1:9/oauth2/default/v1",
                "http://127.0.0.1:9", Map.of("PartnerAccounts", "Enabled")));
        try (AwsClients aws = Moto.provision(env, "client-id", "client-secret");
             SqsClient sqs = AwsClients.sqs(Settings.fromEnvironment(env), Duration.ofSeconds(4))) {
            String queue = LocalProvisioner.syncQueues(sqs, "warmup-" + env.get("STATE_TABLE"), 2, 30).queueUrl();
            env.put("SYNC_QUEUE_URL", queue);
            // whatever reached the bus under priming's detail type would land on the queue, which must stay empty
            String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            String bus = env.get("EVENT_BUS_NAME");
            aws.events().putRule(b -> b.name("warmup-catch").eventBusName(bus).eventPattern("{\"detail-type\":[\"cch priming\"]}"));
            aws.events().putTargets(b -> b.rule("warmup-catch").eventBusName(bus).targets(t -> t.id("q").arn(queueArn)));
            try (Container c = Container.fromEnvironment("test", env)) {
                c.bean(io.ccheadless.aws.config.PartnerCredentialsSecret.class)
                        .store("{\"client_id\": \"p\", \"client_secret\": \"partner-secret\", \"api_key\": \"partner-key\"}");
                primeEverything(aws, c, env);
            }
            assertEquals("0", sqs.getQueueAttributes(b -> b.queueUrl(queue)
                            .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                    .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES), "nothing enqueued on the sync queue, nothing delivered by the bus");
        }
    }

    private static void primeEverything(AwsClients aws, Container c, Map<String, String> env) throws Exception {
        String table = env.get("STATE_TABLE");
        aws.dynamo().putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("tenant#other"),
                "generation", AttributeValue.fromN("3"))));
        List<Map<String, AttributeValue>> itemsBefore = aws.dynamo().scan(b -> b.tableName(table)).items();
        String campaigns = env.get("CAMPAIGNS_TABLE");
        aws.dynamo().putItem(b -> b.tableName(campaigns).item(Map.of("tenant", AttributeValue.fromS("other"),
                "campaign_id", AttributeValue.fromS("c1"), "last_sent_at", AttributeValue.fromS("2026-11-30T00:00:00Z"))));
        List<Map<String, AttributeValue>> campaignsBefore = aws.dynamo().scan(b -> b.tableName(campaigns)).items();
        List<String> secretsBefore = secretNames(aws);

        Warmup w = new Warmup(c);
        Map<String, Priming.Step> steps = EveryFunctionsSteps.of(w);
        assertTrue(steps.containsKey("partner_credentials"), "partner accounts on: the dispatcher's partner discovery");
        for (Map.Entry<String, Priming.Step> s : steps.entrySet()) {
            if (s.getKey().startsWith("cc_")) {
                continue;   // no CC host here
            }
            s.getValue().run();   // a step that fails here would be skipped by Priming: each must succeed on moto
        }

        assertEquals(itemsBefore, aws.dynamo().scan(b -> b.tableName(table)).items(), "the state table");
        assertEquals(campaignsBefore, aws.dynamo().scan(b -> b.tableName(campaigns)).items(), "the campaigns table");
        assertEquals(secretsBefore, secretNames(aws), "no secret created");
        assertFalse(secretNames(aws).stream().anyMatch(n -> n.contains(Warmup.NO_TENANT)));
    }

    private static List<String> secretNames(AwsClients aws) {
        return aws.secrets().listSecrets(b -> b.maxResults(100)).secretList().stream().map(s -> s.name()).sorted().toList();
    }
}
