package io.ccheadless.aws.local;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.store.DynamoCampaignStore;
import io.ccheadless.core.oauth.ClientCredentials;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.Map;

/**
 * Creates, on an AWS-protocol emulator (moto, LocalStack), the resources template.yaml creates in AWS:
 * the two tables with the same keys and index, the client-credentials secret and the event bus.
 * Idempotent. Never used against real AWS — there, `sam deploy` does this.
 */
public final class LocalProvisioner {
    private LocalProvisioner() {
    }

    public static void provision(AwsClients aws, Settings s, ClientCredentials client) {
        var dynamo = aws.dynamo();
        try {
            dynamo.createTable(b -> b.tableName(s.stateTable()).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
        } catch (ResourceInUseException e) {
            // exists
        }
        try {
            dynamo.createTable(b -> b.tableName(s.campaignsTable()).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName("tenant").attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("campaign_id").attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("last_sent_at").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("tenant").keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName("campaign_id").keyType(KeyType.RANGE).build())
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(DynamoCampaignStore.BY_LAST_SENT)
                            .keySchema(KeySchemaElement.builder().attributeName("tenant").keyType(KeyType.HASH).build(),
                                    KeySchemaElement.builder().attributeName("last_sent_at").keyType(KeyType.RANGE).build())
                            .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
        } catch (ResourceInUseException e) {
            // exists
        }
        String credentials = "{\"client_id\":\"" + client.clientId() + "\",\"client_secret\":\"" + client.clientSecret().reveal() + "\"}";
        try {
            aws.secrets().createSecret(b -> b.name(s.clientSecretId()).secretString(credentials));
        } catch (ResourceExistsException e) {
            aws.secrets().putSecretValue(b -> b.secretId(s.clientSecretId()).secretString(credentials));
        }
        try {
            aws.events().createEventBus(b -> b.name(s.eventBusName()));
        } catch (ResourceAlreadyExistsException e) {
            // exists
        }
    }

    // ---- issue 14: the sync queue and its dead-letter queue (template.yaml: SyncQueue, SyncDeadLetterQueue) ----

    /** The queue URLs {@link #syncQueues} created. */
    public record SyncQueues(String queueUrl, String deadLetterUrl) {
    }

    /**
     * Creates the sync queue named {@code name} and its dead-letter queue {@code name-dlq}, with the template's redrive
     * policy ({@code maxReceiveCount}) and a visibility timeout of {@code visibilitySeconds}. Idempotent.
     */
    public static SyncQueues syncQueues(SqsClient sqs, String name, int maxReceiveCount, int visibilitySeconds) {
        String dlq = sqs.createQueue(b -> b.queueName(name + "-dlq")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String queue = sqs.createQueue(b -> b.queueName(name).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilitySeconds),
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\""
                        + maxReceiveCount + "\"}"))).queueUrl();
        return new SyncQueues(queue, dlq);
    }
}
