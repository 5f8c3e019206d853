package io.ccheadless.core.campaigns.testing;

import io.ccheadless.core.api.CcApi;
import io.ccheadless.core.api.CcApiClient;
import io.ccheadless.core.api.RateGate;
import io.ccheadless.core.api.RequestBudget;
import io.ccheadless.core.campaigns.CampaignSync;
import io.ccheadless.core.campaigns.CcCampaigns;
import io.ccheadless.core.campaigns.SyncPolicy;
import io.ccheadless.core.campaigns.SyncReport;
import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.http.Transport;
import io.ccheadless.core.http.UrlConnectionTransport;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.sandbox.ApiStrictness;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxClock;
import io.ccheadless.sandbox.SandboxConfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A sandbox account of generated campaigns on a fixed clock (time moves only when a test moves it) and the sync
 * wired to in-memory ports. Sleeps (rate gate, backoff) are recorded, not slept, so a run takes no wall time and
 * the sandbox's data stays exactly as the test left it.
 */
public final class SyncFixture implements AutoCloseable {
    public static final Instant T0 = Instant.parse("2026-03-10T15:00:00Z");
    public static final String TENANT = "acme";

    public final CcSandbox cc;
    public final SandboxLogin login;
    public final InMemoryCampaignStore store = new InMemoryCampaignStore();
    public final InMemorySyncStateStore states = new InMemorySyncStateStore();
    public final RecordingCampaignEvents events = new RecordingCampaignEvents();
    public final List<Duration> sleeps = new ArrayList<>();
    public final List<String> logLines = new ArrayList<>();
    public final Clock clock;
    /** The sync's own clock when it has one (see the constructor), else null. */
    public final io.ccheadless.core.testing.SteppingClock stepping;
    public final SyncPolicy policy;
    private final Transport transport;
    private final CcApi api;
    private final CampaignSync sync;
    public RequestBudget budget = RequestBudget.UNLIMITED;

    public SyncFixture(int campaigns, long seed, Transport transport) {
        this(campaigns, seed, transport, SyncPolicy.defaults(Duration.ofDays(14)));
    }

    public SyncFixture(int campaigns, long seed, Transport transport, SyncPolicy policy) {
        this(campaigns, seed, transport, policy, false);
    }

    /**
     * @param ourOwnTime true: the sync's clock is separate from the sandbox's and moves with every sleep (rate gate,
     *                   backoff), so deadlines arrive; false: the sync reads the sandbox's clock and sleeps take no time
     */
    public SyncFixture(int campaigns, long seed, Transport transport, SyncPolicy policy, boolean ourOwnTime) {
        this(campaigns, seed, transport, policy, ourOwnTime, ApiStrictness.LENIENT);
    }

    /** A sandbox as strict as {@code strict} says (ApiStrictness.REAL_CC: everything real CC may do). */
    public static SyncFixture strict(int campaigns, long seed, ApiStrictness strict) {
        return new SyncFixture(campaigns, seed, null, SyncPolicy.defaults(Duration.ofDays(14)), false, strict);
    }

    public SyncFixture(int campaigns, long seed, Transport transport, SyncPolicy policy, boolean ourOwnTime,
                       ApiStrictness strict) {
        this.cc = CcSandbox.start(SandboxConfig.builder().clock(SandboxClock.fixed(T0)).tokenEndpointRateLimit(false)
                .apiRateLimit(false).campaigns(0).strictness(strict).build());
        cc.control().generateCampaigns(campaigns, seed, Duration.ofDays(90));
        this.login = new SandboxLogin(cc);
        this.stepping = ourOwnTime ? new io.ccheadless.core.testing.SteppingClock(T0) : null;
        this.clock = ourOwnTime ? stepping : cc.clock().asClock();
        this.policy = policy;
        this.transport = transport == null ? UrlConnectionTransport.INSTANCE : transport;
        Sleeper recording = d -> {
            synchronized (sleeps) {
                sleeps.add(d);
            }
            if (stepping != null) {
                stepping.advance(d);
            }
        };
        this.api = new CcApi(new HttpExchange(this.transport, Duration.ofSeconds(10)), cc.baseUri(),
                new RateGate(4, clock, recording), clock, recording, RandomGenerator.of("L64X128MixRandom"));
        this.sync = new CampaignSync(store, states, events, clock, policy, "test", new Log(this::log, clock, "sync"));
    }

    private synchronized void log(String line) {
        logLines.add(line);
    }

    /** One invocation with a fresh client, as ScheduledSync makes one per invocation. */
    public SyncReport sync() {
        return sync(clock.instant().plus(Duration.ofMinutes(5)));
    }

    public SyncReport sync(Instant deadline) {
        try (CcApiClient client = api.client(login, deadline, budget)) {
            return sync.run(TENANT, new CcCampaigns(client), deadline);
        }
    }

    /** A client like the one {@link #sync(Instant)} uses, for runs of a differently wired {@link CampaignSync}. */
    public CcApiClient client(Instant deadline) {
        return api.client(login, deadline, budget);
    }

    public CampaignSync campaignSync() {
        return sync;
    }

    public SandboxTruth truth() {
        return SandboxTruth.read(cc, login.bearer(), Duration.ZERO);
    }

    /** Creates and sends {@code n} campaigns now; answers their ids. */
    public List<String> sendNew(int n, String prefix) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = cc.control().createCampaign(prefix + " " + (i + 1));
            cc.control().sendCampaign(id);
            ids.add(id);
        }
        return ids;
    }

    @Override
    public void close() {
        cc.close();
    }
}
