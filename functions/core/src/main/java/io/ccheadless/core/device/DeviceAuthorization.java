package io.ccheadless.core.device;

import io.ccheadless.core.api.CcApi;
import io.ccheadless.core.connect.ConnectEvents;
import io.ccheadless.core.connect.ConnectGuard;
import io.ccheadless.core.connect.ConnectPath;
import io.ccheadless.core.connect.ConnectRefused;
import io.ccheadless.core.connect.ConnectedAccount;
import io.ccheadless.core.oauth.Authorization;
import io.ccheadless.core.oauth.DeviceCode;
import io.ccheadless.core.oauth.DeviceCodeEndpoint;
import io.ccheadless.core.oauth.InvalidGrantException;
import io.ccheadless.core.oauth.OAuthException;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.core.token.TokenService;
import io.ccheadless.core.token.TokenUnavailableException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One-time authorization without a callback: CC's device flow (RFC 8628, docs/cc-api.md §2.6). {@link #start} asks CC
 * for a device code as a public client (client id, no secret); the operator approves its user code from any
 * browser while {@link #await} polls the token endpoint, waiting {@code interval} before each poll and 5 s
 * more after every {@code slow_down}.
 * <p>
 * Each poll runs inside {@link TokenService#connect}: under the tenant's lease, so the approving answer is
 * written as generation N+1 by the same compare-and-set protocol as every refresh, one vault call after CC
 * answered. A poll that is not approved throws out of {@code connect}, which releases the lease and stores
 * nothing. The chain is {@link io.ccheadless.core.oauth.ClientType#PUBLIC}: its refreshes send the client id
 * and never the secret.
 */
public final class DeviceAuthorization {
    /** RFC 8628 §3.5: every {@code slow_down} adds this to the interval, for all later polls. */
    public static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);
    /** Deadline of one poll: taking the lease, asking CC and, on approval, storing the new generation. */
    static final Duration POLL_BUDGET = Duration.ofMinutes(1);

    private final DeviceCodeEndpoint endpoint;
    private final TokenService tokens;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ConnectGuard guard;
    private final ConnectEvents events;

    public DeviceAuthorization(DeviceCodeEndpoint endpoint, TokenService tokens, CcApi api, Clock clock, Sleeper sleeper,
                               ConnectEvents events) {
        this.guard = new ConnectGuard(api, tokens);
        this.events = Objects.requireNonNull(events, "events");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** The tenant is connected: the stored generation and the CC account it names (organization name, else id). */
    public record Connected(String tenant, long generation, String accountName, ConnectedAccount account,
                            boolean accountChanged) {
    }

    /** Why a device authorization ended without connecting; nothing was stored in any case. */
    public enum Reason {
        /** The user denied the request ({@code access_denied}). */
        DENIED,
        /** Nobody approved before the device code expired ({@code expired_token}). */
        EXPIRED,
        /** CC refused the request: unknown or used device code, client not allowed the device flow, bad scope. */
        REFUSED,
        /** CC or the token store could not be used; trying again later may work. */
        UNAVAILABLE,
        /** The approval was for another CC account than the tenant's and no change was asked for. */
        ACCOUNT_CHANGED,
        /** The approving CC user lacks a privilege the sync needs. */
        MISSING_PRIVILEGE
    }

    /** A device authorization that ended without connecting. The message never holds a code or token. */
    public static final class Failed extends RuntimeException {
        private final Reason reason;
        private final String advice;

        public Failed(Reason reason, String message, String advice) {
            super(message, null, false, false);
            this.reason = Objects.requireNonNull(reason, "reason");
            this.advice = Objects.requireNonNull(advice, "advice");
        }

        public Reason reason() {
            return reason;
        }

        /** What the operator can do next. */
        public String advice() {
            return advice;
        }
    }

    /** Asks CC for a device code with the scopes every authorization asks for ({@link Authorization#SCOPES}). */
    public DeviceCode start(String tenant) {
        Objects.requireNonNull(tenant, "tenant");
        try {
            return endpoint.requestDeviceCode(Authorization.SCOPES, clock.instant());
        } catch (OAuthException e) {
            if (e.retryable()) {
                throw new Failed(Reason.UNAVAILABLE, "Constant Contact's authorization server did not answer usably ("
                        + e.error() + ").", "Try again in a few minutes: " + command(tenant));
            }
            throw new Failed(Reason.REFUSED, "Constant Contact refused to start a device authorization (" + e.error() + ").",
                    "Check that the client id stored for this deployment (CLIENT_SECRET_ID) is the API key of a Constant"
                            + " Contact application configured for the Device Flow.");
        }
    }

    /**
     * Polls until the user approves (answers the stored generation), denies, or the code expires (both
     * {@link Failed}). Never polls sooner than the current interval after the previous poll.
     */
    public Connected await(String tenant, DeviceCode code) {
        return await(tenant, code, false);
    }

    /** As {@link #await(String, DeviceCode)}; {@code allowAccountChange} lets it connect another CC account than the tenant's. */
    public Connected await(String tenant, DeviceCode code, boolean allowAccountChange) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(code, "code");
        Duration interval = code.interval();
        while (true) {
            sleep(interval, tenant);
            Instant now = clock.instant();
            if (now.isAfter(code.expiresAt())) {
                throw expired(tenant, code);   // CC should have said expired_token by now; stop anyway
            }
            long generation;
            AtomicReference<ConnectGuard.Admitted> admitted = new AtomicReference<>();
            Instant pollDeadline = now.plus(POLL_BUDGET);
            try {
                generation = tokens.connect(tenant, at -> {
                    ConnectGuard.Admitted ok = guard.admit(tenant, ConnectPath.DEVICE,
                            endpoint.pollDeviceCode(code.deviceCode(), at), allowAccountChange, pollDeadline);
                    admitted.set(ok);
                    return ok.tokens();
                }, pollDeadline);
            } catch (ConnectRefused r) {
                events.refused(tenant, ConnectPath.DEVICE, r);
                throw new Failed(switch (r.reason()) {
                    case ACCOUNT_CHANGED -> Reason.ACCOUNT_CHANGED;
                    case MISSING_PRIVILEGE -> Reason.MISSING_PRIVILEGE;
                    case UNAVAILABLE -> Reason.UNAVAILABLE;
                    default -> Reason.REFUSED;
                }, r.getMessage(), r.advice());
            } catch (InvalidGrantException e) {
                throw new Failed(Reason.REFUSED, "Constant Contact no longer knows this device code (it was already used, or"
                        + " the answer to an earlier poll was lost), so nothing was connected.", "Start again: " + command(tenant));
            } catch (OAuthException e) {
                switch (e.error()) {
                    case "authorization_pending" -> {
                        continue;
                    }
                    case "slow_down" -> {
                        interval = interval.plus(SLOW_DOWN_STEP);
                        continue;
                    }
                    case "access_denied" -> throw new Failed(Reason.DENIED,
                            "The request was denied at Constant Contact, so nothing was connected.",
                            "If that was a mistake, start again and approve it: " + command(tenant));
                    case "expired_token" -> throw expired(tenant, code);
                    default -> {
                        if (!e.retryable()) {
                            throw new Failed(Reason.REFUSED, "Constant Contact refused the device authorization (" + e.error()
                                    + "), so nothing was connected.", "Check that the Constant Contact application is"
                                    + " configured for the Device Flow, then start again: " + command(tenant));
                        }
                        interval = interval.plus(SLOW_DOWN_STEP);   // RFC 8628 §3.5: poll less often while CC is unwell
                        continue;
                    }
                }
            } catch (TokenUnavailableException e) {
                if (e.retryable()) {
                    continue;   // the lease was busy: this round asked CC nothing
                }
                throw new Failed(Reason.UNAVAILABLE, "The connection could not be stored: " + e.getMessage(),
                        "Start again: " + command(tenant));
            }
            ConnectGuard.Admitted ok = admitted.get();
            ConnectEvents.Connection c = new ConnectEvents.Connection(tenant, ConnectPath.DEVICE, generation, ok.account(),
                    ok.previousAccount());
            events.connected(c);
            String name = ok.account().organizationName().isBlank() ? ok.account().encodedAccountId() : ok.account().organizationName();
            return new Connected(tenant, generation, name, ok.account(), c.accountChanged());
        }
    }

    private static Failed expired(String tenant, DeviceCode code) {
        return new Failed(Reason.EXPIRED, "The code expired at " + code.expiresAt() + " before anybody approved it, so nothing"
                + " was connected.", "Start again and approve the new code before it expires: " + command(tenant));
    }

    static String command(String tenant) {
        return "cch device-authorize --tenant " + tenant;
    }

    private void sleep(Duration d, String tenant) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed(Reason.UNAVAILABLE, "Interrupted while waiting for approval; nothing was connected.",
                    "Start again: " + command(tenant));
        }
    }
}
