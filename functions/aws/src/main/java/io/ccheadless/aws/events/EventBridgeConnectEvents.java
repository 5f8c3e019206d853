package io.ccheadless.aws.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccheadless.core.connect.ConnectEvents;
import io.ccheadless.core.connect.ConnectPath;
import io.ccheadless.core.connect.ConnectRefused;
import io.ccheadless.core.obs.Log;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

import java.util.Objects;

/**
 * Every connection as an audit line and an "Account Connected" event on the stack's bus (tenant, path, generation,
 * encoded_account_id, organization name, previous account, whether it changed); every refusal as an audit line.
 * No token is in either. A failed publish is logged and never undoes or fails the connection, which is stored.
 */
public final class EventBridgeConnectEvents implements ConnectEvents {
    public static final String CONNECTED_DETAIL_TYPE = "Account Connected";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConnectEvents audit;
    private final Log log;
    private final EventBridgeClient events;
    private final String busName;

    public EventBridgeConnectEvents(Log log, EventBridgeClient events, String busName) {
        this.log = Objects.requireNonNull(log, "log").named("audit");
        this.audit = ConnectEvents.logging(log);
        this.events = Objects.requireNonNull(events, "events");
        this.busName = Objects.requireNonNull(busName, "busName");
    }

    /** The event's detail, as published. */
    public static String detail(Connection c) {
        ObjectNode d = JSON.createObjectNode();
        d.put("tenant", c.tenant());
        d.put("path", c.path().label());
        d.put("generation", c.generation());
        d.put("encoded_account_id", c.account().encodedAccountId());
        d.put("organization_name", c.account().organizationName());
        if (c.previousAccount() != null) {
            d.put("previous_account_id", c.previousAccount());
        }
        d.put("account_changed", c.accountChanged());
        return d.toString();
    }

    @Override
    public void connected(Connection c) {
        audit.connected(c);
        try {
            events.putEvents(b -> b.entries(e -> e.eventBusName(busName).source("cc-headless")
                    .detailType(CONNECTED_DETAIL_TYPE).detail(detail(c))));
        } catch (SdkException e) {
            log.warn("could not publish the connection event; the connection is stored", "tenant", c.tenant(),
                    "error", e.getClass().getSimpleName());
        }
    }

    @Override
    public void refused(String tenant, ConnectPath path, ConnectRefused refusal) {
        audit.refused(tenant, path, refusal);
    }
}
