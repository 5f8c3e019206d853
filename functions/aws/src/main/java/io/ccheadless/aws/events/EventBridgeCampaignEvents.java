package io.ccheadless.aws.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccheadless.aws.store.AwsErrors;
import io.ccheadless.aws.store.SortableTime;
import io.ccheadless.core.campaigns.CampaignEvents;
import io.ccheadless.core.campaigns.SentCampaign;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** "Campaign Sent" events on the stack's bus, ten entries per PutEvents, failed entries retried. */
public final class EventBridgeCampaignEvents implements CampaignEvents {
    public static final String SOURCE = "cc-headless";
    public static final String DETAIL_TYPE = "Campaign Sent";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ATTEMPTS = 3;

    private final EventBridgeClient events;
    private final String busName;

    public EventBridgeCampaignEvents(EventBridgeClient events, String busName) {
        this.events = Objects.requireNonNull(events, "events");
        this.busName = Objects.requireNonNull(busName, "busName");
    }

    @Override
    public void campaignsSent(List<SentCampaign> newlySent) {
        for (int i = 0; i < newlySent.size(); i += 10) {
            List<PutEventsRequestEntry> batch = new ArrayList<>();
            for (SentCampaign c : newlySent.subList(i, Math.min(newlySent.size(), i + 10))) {
                batch.add(PutEventsRequestEntry.builder().eventBusName(busName).source(SOURCE).detailType(DETAIL_TYPE)
                        .detail(detail(c)).build());
            }
            put(batch);
        }
    }

    private void put(List<PutEventsRequestEntry> batch) {
        List<PutEventsRequestEntry> pending = batch;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            List<PutEventsResultEntry> results;
            try {
                final List<PutEventsRequestEntry> send = pending;
                results = events.putEvents(b -> b.entries(send)).entries();
            } catch (SdkException e) {
                throw AwsErrors.unavailable("publishing campaign events to bus " + busName, e);
            }
            List<PutEventsRequestEntry> failed = new ArrayList<>();
            for (int k = 0; k < results.size(); k++) {
                if (results.get(k).errorCode() != null) {
                    failed.add(pending.get(k));
                }
            }
            if (!failed.isEmpty() && attempt >= MAX_ATTEMPTS) {
                throw new io.ccheadless.core.token.StoreUnavailableException(failed.size()
                        + " campaign events were refused by bus " + busName + " after " + attempt + " attempts", null);
            }
            pending = failed;
        }
    }

    static String detail(SentCampaign c) {
        ObjectNode d = JSON.createObjectNode();
        d.put("tenant", c.tenant());
        d.put("campaign_id", c.campaignId());
        d.put("name", c.name());
        d.put("status", c.status());
        d.put("campaign_type", c.campaignType());
        d.put("last_sent_at", SortableTime.format(c.lastSentAt()));
        ObjectNode s = d.putObject("stats");
        s.put("sends", c.stats().sends());
        s.put("opens", c.stats().opens());
        s.put("clicks", c.stats().clicks());
        s.put("forwards", c.stats().forwards());
        s.put("optouts", c.stats().optouts());
        s.put("abuse", c.stats().abuse());
        s.put("bounces", c.stats().bounces());
        s.put("not_opened", c.stats().notOpened());
        return d.toString();
    }
}
