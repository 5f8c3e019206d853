package io.ccheadless.aws.store;

import io.ccheadless.core.json.Json;
import io.ccheadless.core.tenants.SyncQueue;
import io.ccheadless.core.token.StoreUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.EmptyBatchRequestException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The sync queue on SQS: {@code SendMessageBatch} ten tenants at a time, body {@code {"tenant": "…"}} (the sync
 * function's event shape). Entries SQS refuses are sent once more, and only they; if any still fail, or a whole call
 * fails (after the SDK's retries), the run fails naming how many were enqueued (the next hour's run covers the rest;
 * an SDK retry of a batch SQS took but whose answer was lost enqueues it twice, and a tenant synced twice is
 * harmless). docs/tenants.md, "When AWS fails".
 */
public final class SqsSyncQueue implements SyncQueue {
    static final int BATCH = 10;

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsSyncQueue(SqsClient sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    @Override
    public void enqueue(List<String> tenants) {
        int sent = 0;
        for (int from = 0; from < tenants.size(); from += BATCH) {
            List<String> batch = tenants.subList(from, Math.min(tenants.size(), from + BATCH));
            List<String> failed;
            try {
                failed = send(batch);
                if (!failed.isEmpty()) {
                    failed = send(failed);   // only the entries SQS refused
                }
            } catch (SdkException e) {
                StoreUnavailableException u = AwsErrors.unavailable("enqueuing sync requests on " + queueUrl, e);
                throw new StoreUnavailableException(u.getMessage() + "; " + sent + " of " + tenants.size()
                        + " were enqueued before it", e);
            }
            if (!failed.isEmpty()) {
                throw new StoreUnavailableException("SQS refused " + failed.size() + " sync requests (tenants " + failed
                        + "); " + (sent + batch.size() - failed.size()) + " of " + tenants.size() + " were enqueued", null);
            }
            sent += batch.size();
        }
    }

    /** Sends one batch; answers the tenants SQS did not take. */
    private List<String> send(List<String> batch) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(body(batch.get(i))).build());
        }
        var r = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        List<String> failed = new ArrayList<>();
        r.failed().forEach(f -> failed.add(batch.get(Integer.parseInt(f.id()))));
        return failed;
    }

    /** A sync request's message body: {@code {"tenant":"…"}}. */
    private static String body(String tenant) {
        return Json.write(Map.of("tenant", tenant));
    }

    /**
     * Priming: a {@code SendMessageBatch} without entries, which SQS refuses ({@code EmptyBatchRequest}) and which
     * therefore enqueues nothing, through the client's whole path (connection, signing, the JSON protocol both ways);
     * a message body written as {@link #enqueue} writes it; and the answer types of a batch SQS takes, built empty
     * (a real one would enqueue), so the first real answer finds their field tables initialized.
     */
    public void touch() {
        List<SendMessageBatchRequestEntry> entry = List.of(SendMessageBatchRequestEntry.builder().id("0")
                .messageBody(body("cch-priming-no-tenant")).build());
        try {
            sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(List.of()));
        } catch (EmptyBatchRequestException expected) {
            // what priming wants: the request and its answer went through the client's whole path
        }
        SendMessageBatchResponse.builder().successful(SendMessageBatchResultEntry.builder().id(entry.getFirst().id())
                .messageId("priming").md5OfMessageBody("priming").build())
                .failed(BatchResultErrorEntry.builder().id("0").code("priming").senderFault(true).build()).build();
    }
}
