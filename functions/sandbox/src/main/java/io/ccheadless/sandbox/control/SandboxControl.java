package io.ccheadless.sandbox.control;

import io.ccheadless.sandbox.ConsentMode;
import io.ccheadless.sandbox.RefreshTokenMode;
import io.ccheadless.sandbox.SandboxClock;
import io.ccheadless.sandbox.auth.AuthServer;
import io.ccheadless.sandbox.auth.ClientRegistry;
import io.ccheadless.sandbox.data.Account;
import io.ccheadless.sandbox.data.Campaign;
import io.ccheadless.sandbox.data.CampaignActivity;
import io.ccheadless.sandbox.data.CampaignStatus;
import io.ccheadless.sandbox.data.SeededIds;
import io.ccheadless.sandbox.faults.FaultInjector;
import io.ccheadless.sandbox.faults.FaultRule;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Test hooks for a running sandbox: time, consent, refresh-token rules, device codes, the demo account's
 * campaigns, and faults. The HTTP control API under {@code /sandbox} calls these same methods.
 */
public final class SandboxControl {
    private final SandboxClock clock;
    private final ClientRegistry clients;
    private final AuthServer auth;
    private final Account demo;
    private final FaultInjector faults;
    private final Random random;

    public SandboxControl(SandboxClock clock, ClientRegistry clients, AuthServer auth, Account demo,
                          FaultInjector faults, long seed) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.demo = Objects.requireNonNull(demo, "demo");
        this.faults = Objects.requireNonNull(faults, "faults");
        this.random = new Random(seed * 104_729 + 3);
    }

    public Instant advanceClock(Duration d) {
        clock.advance(d);
        return clock.now();
    }

    public Instant setClock(Instant t) {
        clock.set(t);
        return clock.now();
    }

    /** Allows an exact redirect URI besides the always-allowed http://localhost and http://127.0.0.1 ones. */
    public void registerRedirectUri(String uri) {
        clients.registerRedirectUri(uri);
    }

    public void setConsent(ConsentMode mode) {
        auth.authorizeEndpoint().setConsent(mode);
    }

    /** Changes the refresh-token rules from now on; existing chains keep their tokens. */
    public void setRefreshMode(RefreshTokenMode mode, Duration graceWindow) {
        auth.refreshTokens().setMode(mode, graceWindow);
    }

    /** Kills every refresh-token chain of a client, as when CC or the owner withdraws the app's access. */
    public int revokeRefreshTokens(String clientId) {
        return auth.refreshTokens().revokeAll(clientId, "access revoked through the sandbox control API");
    }

    /** Approves a device-flow user code, as the user would on the verification page. */
    public boolean approveDevice(String userCode) {
        return auth.devices().approve(userCode, clock.now());
    }

    public boolean denyDevice(String userCode) {
        return auth.devices().deny(userCode, clock.now());
    }

    /** Creates a draft campaign in the demo account; returns its campaign_id. */
    public synchronized String createCampaign(String name) {
        Objects.requireNonNull(name, "name");
        if (demo.campaigns().nameTaken(name)) {
            throw new IllegalArgumentException("campaign name already used: " + name);
        }
        Campaign c = demo.generator().draft(random, name, now());
        demo.campaigns().put(c);
        return c.campaignId();
    }

    /** Sends a draft (or scheduled) campaign now: it becomes Done with one send, and its stats start to grow. */
    public void sendCampaign(String campaignId) {
        scheduleCampaign(campaignId, now());
    }

    /** Schedules a draft campaign for {@code at}; it turns Done (sent) when the sandbox clock passes {@code at}. */
    public synchronized void scheduleCampaign(String campaignId, Instant at) {
        Campaign c = existing(campaignId);
        if (c.statusAt(now()) != CampaignStatus.DRAFT && c.statusAt(now()) != CampaignStatus.SCHEDULED) {
            throw new IllegalStateException("only a Draft or Scheduled campaign can be sent; this one is "
                    + c.statusAt(now()).label());
        }
        demo.campaigns().put(c.sentAt(at.truncatedTo(ChronoUnit.MILLIS)));
    }

    /**
     * Sends a Done campaign again now, to the contacts who did not open it (CC's non-opener resend): its first
     * re-send creates its {@code resend} activity, each later one adds a run to that activity's send history.
     * Answers the resend activity's id.
     */
    public synchronized String resendCampaign(String campaignId) {
        Campaign c = existing(campaignId);
        if (c.statusAt(now()) != CampaignStatus.DONE) {
            throw new IllegalStateException("only a Done campaign can be re-sent; this one is " + c.statusAt(now()).label());
        }
        CampaignActivity p = c.primary();
        CampaignActivity activity = c.resends().isEmpty()
                ? new CampaignActivity(SeededIds.uuid(random), CampaignActivity.RESEND, p.fromEmail(), p.fromName(),
                        p.replyToEmail(), p.subject() + " (did you miss it?)", p.preheader(), p.contactListIds())
                : c.resends().getFirst().activity();
        int count = Math.max(0, c.statsAt(now()).notOpened());
        Campaign resent = c.resentAt(activity, now(), count);
        demo.campaigns().put(resent);
        return activity.activityId();
    }

    /**
     * Makes a campaign's primary email activity unavailable: {@code GET /v3/emails/activities/{id}} and its link
     * report answer 404 from now on, while the campaign itself still lists the activity. Answers the activity's id.
     */
    public synchronized String withdrawPrimaryActivity(String campaignId) {
        String id = existing(campaignId).primary().activityId();
        demo.campaigns().withdrawActivity(id);
        return id;
    }

    /** Deletes a campaign (status Removed from now on). */
    public synchronized void removeCampaign(String campaignId) {
        Campaign c = existing(campaignId);
        if (c.statusAt(now()) == CampaignStatus.REMOVED) {
            throw new IllegalStateException("campaign is already removed");
        }
        demo.campaigns().put(c.removed(now()));
    }

    /**
     * Replaces the demo account's campaigns with {@code count} generated ones spread over {@code span} before now,
     * deterministic for a seed and a clock reading (10,000 campaigns take well under a second).
     */
    public synchronized void generateCampaigns(int count, long seed, Duration span) {
        if (count < 0 || count > 200_000) {
            throw new IllegalArgumentException("count must be 0..200000");
        }
        List<Campaign> generated = demo.generator().generate(seed, count, now(), span);
        demo.campaigns().replaceAll(generated);
    }

    public ConsentMode consentMode() {
        return auth.authorizeEndpoint().consentMode();
    }

    public RefreshTokenMode refreshMode() {
        return auth.refreshTokens().mode();
    }

    /** Routes that currently have a fault rule. */
    public java.util.Set<String> faultRoutes() {
        return new java.util.TreeSet<>(faults.rules().keySet());
    }

    public int campaignCount() {
        return demo.campaigns().size();
    }

    public void injectFault(String route, FaultRule rule) {
        faults.set(route, rule);
    }

    public void clearFault(String route) {
        faults.clear(route);
    }

    public void clearFaults() {
        faults.clearAll();
    }

    private Campaign existing(String campaignId) {
        return demo.campaigns().find(campaignId)
                .orElseThrow(() -> new IllegalArgumentException("no campaign " + campaignId));
    }

    private Instant now() {
        return clock.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
