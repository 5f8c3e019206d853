package io.ccheadless.sandbox;

import io.ccheadless.sandbox.auth.ApplicationFlow;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link CcSandbox} starts. Immutable; build with {@link #builder()}. Every option has a default that
 * matches what NOTES.md says Constant Contact does, or, where CC is silent, the sandbox's documented choice.
 */
public final class SandboxConfig {
    private final int port;
    private final long seed;
    private final int campaigns;
    private final SandboxClock clock;
    private final RefreshTokenMode refreshMode;
    private final Duration graceWindow;
    private final ConsentMode consent;
    private final boolean tokenEndpointRateLimit;
    private final boolean apiRateLimit;
    private final int apiPerSecond;
    private final long apiPerDay;
    private final LimitPolicy limitPolicy;
    private final boolean retryAfterOn429;
    private final Duration deviceCodeLifetime;
    private final Duration devicePollInterval;
    private final String clientId;
    private final String clientSecret;
    private final ApiStrictness strictness;
    private final boolean exactRedirectUris;
    private final ApplicationFlow applicationFlow;

    private SandboxConfig(Builder b) {
        if (b.port < 0 || b.port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + b.port);
        }
        if (b.campaigns < 0) {
            throw new IllegalArgumentException("campaigns must be >= 0, was " + b.campaigns);
        }
        if (b.graceWindow.isNegative()) {
            throw new IllegalArgumentException("graceWindow must not be negative");
        }
        if (b.deviceCodeLifetime.isNegative() || b.deviceCodeLifetime.isZero()) {
            throw new IllegalArgumentException("deviceCodeLifetime must be positive");
        }
        if (b.devicePollInterval.isNegative()) {
            throw new IllegalArgumentException("devicePollInterval must not be negative");
        }
        if (b.clientId != null && b.clientId.isBlank()) {
            throw new IllegalArgumentException("clientId must not be blank");
        }
        if (b.clientSecret != null && b.clientSecret.length() < 8) {
            throw new IllegalArgumentException("clientSecret must have at least 8 characters");
        }
        this.port = b.port;
        this.seed = b.seed;
        this.campaigns = b.campaigns;
        this.clock = b.clock;
        this.refreshMode = b.refreshMode;
        this.graceWindow = b.graceWindow;
        this.consent = b.consent;
        this.tokenEndpointRateLimit = b.tokenEndpointRateLimit;
        this.apiRateLimit = b.apiRateLimit;
        this.apiPerSecond = b.apiPerSecond;
        this.apiPerDay = b.apiPerDay;
        this.limitPolicy = b.limitPolicy;
        this.retryAfterOn429 = b.retryAfterOn429;
        this.deviceCodeLifetime = b.deviceCodeLifetime;
        this.devicePollInterval = b.devicePollInterval;
        this.clientId = b.clientId;
        this.clientSecret = b.clientSecret;
        this.strictness = b.strictness;
        this.exactRedirectUris = b.exactRedirectUris;
        this.applicationFlow = b.applicationFlow;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() { return port; }
    public long seed() { return seed; }
    public int campaigns() { return campaigns; }
    public SandboxClock clock() { return clock; }
    public RefreshTokenMode refreshMode() { return refreshMode; }
    public Duration graceWindow() { return graceWindow; }
    public ConsentMode consent() { return consent; }
    public boolean tokenEndpointRateLimit() { return tokenEndpointRateLimit; }
    public boolean apiRateLimit() { return apiRateLimit; }
    /** The per-key limits of the V3 API for user tokens (CC's standard key: 4 a second, 10,000 a day). */
    public int apiPerSecond() { return apiPerSecond; }
    public long apiPerDay() { return apiPerDay; }
    public LimitPolicy limitPolicy() { return limitPolicy; }
    public boolean retryAfterOn429() { return retryAfterOn429; }
    public Duration deviceCodeLifetime() { return deviceCodeLifetime; }
    public Duration devicePollInterval() { return devicePollInterval; }
    /** The pre-registered client's id when one was given; otherwise the sandbox derives one from the seed. */
    public Optional<String> clientId() { return Optional.ofNullable(clientId); }
    /** Where the API behaves as strictly as real CC may (default {@link ApiStrictness#LENIENT}). */
    public ApiStrictness strictness() { return strictness; }
    /** Whether only registered redirect URIs are accepted, exactly, loopback ones too (default off). */
    public boolean exactRedirectUris() { return exactRedirectUris; }
    /** The flow the pre-registered application is registered for (default {@link ApplicationFlow#ANY}). */
    public ApplicationFlow applicationFlow() { return applicationFlow; }
    /** The pre-registered client's secret when one was given; otherwise the sandbox makes a random one. */
    Optional<String> clientSecret() { return Optional.ofNullable(clientSecret); }

    @Override
    public String toString() {
        return "SandboxConfig[port=" + port + ", seed=" + seed + ", campaigns=" + campaigns + ", refreshMode="
                + refreshMode + ", graceWindow=" + graceWindow + ", consent=" + consent + ", tokenEndpointRateLimit="
                + tokenEndpointRateLimit + ", apiRateLimit=" + apiRateLimit + ", apiLimits=" + apiPerSecond + "/s " + apiPerDay
                + "/day, limitPolicy=" + limitPolicy
                + ", retryAfterOn429=" + retryAfterOn429 + ", strictness=" + strictness + ", exactRedirectUris=" + exactRedirectUris + ", applicationFlow=" + applicationFlow + ", clientSecret=" + (clientSecret == null ? "generated" : "***")
                + "]";
    }

    public static final class Builder {
        private int port = 0;
        private long seed = 42;
        private int campaigns = 40;
        private SandboxClock clock = SandboxClock.system();
        private RefreshTokenMode refreshMode = RefreshTokenMode.ROTATING_STRICT;
        private Duration graceWindow = Duration.ZERO;
        private ConsentMode consent = ConsentMode.AUTO_APPROVE;
        private boolean tokenEndpointRateLimit = true;
        private boolean apiRateLimit = true;
        private int apiPerSecond = 4;
        private long apiPerDay = 10_000;
        private LimitPolicy limitPolicy = LimitPolicy.REJECT;
        private boolean retryAfterOn429 = false;
        private Duration deviceCodeLifetime = Duration.ofMinutes(10);
        private Duration devicePollInterval = Duration.ofSeconds(5);
        private String clientId;
        private String clientSecret;
        private ApiStrictness strictness = ApiStrictness.LENIENT;
        private boolean exactRedirectUris = false;
        private ApplicationFlow applicationFlow = ApplicationFlow.ANY;

        private Builder() {
        }

        /** Port on 127.0.0.1; 0 (default) picks an ephemeral port. */
        public Builder port(int port) { this.port = port; return this; }
        /** Seed for the demo data (default 42): same seed and same start time give the same account. */
        public Builder seed(long seed) { this.seed = seed; return this; }
        /** Number of campaigns in the demo account (default 40). */
        public Builder campaigns(int campaigns) { this.campaigns = campaigns; return this; }
        public Builder clock(SandboxClock clock) { this.clock = Objects.requireNonNull(clock, "clock"); return this; }
        public Builder refreshMode(RefreshTokenMode mode) { this.refreshMode = Objects.requireNonNull(mode, "mode"); return this; }
        /** How long a rotated refresh token keeps working (default zero; used by ROTATING_GRACE and FAMILY_REVOCATION). */
        public Builder graceWindow(Duration window) { this.graceWindow = Objects.requireNonNull(window, "window"); return this; }
        public Builder consent(ConsentMode consent) { this.consent = Objects.requireNonNull(consent, "consent"); return this; }
        /** 1 request/s per client on the token endpoint, then 429 (default on). */
        public Builder tokenEndpointRateLimit(boolean on) { this.tokenEndpointRateLimit = on; return this; }
        /** 4 requests/s and 10,000/day per client on the API, then 429 (default on). */
        public Builder apiRateLimit(boolean on) { this.apiRateLimit = on; return this; }

        /**
         * The V3 API's per-key limits for user tokens: CC's standard key (the default) has 4 a second and 10,000 a day;
         * CC raises a key's limits on request (a partner key: 10 a second, 250,000 a day).
         */
        public Builder apiLimits(int perSecond, long perDay) {
            if (perSecond < 1 || perDay < 1) {
                throw new IllegalArgumentException("the API limits must be >= 1");
            }
            this.apiPerSecond = perSecond;
            this.apiPerDay = perDay;
            return this;
        }
        /** What a {@code limit} above the maximum does (default {@link LimitPolicy#REJECT}). */
        public Builder limitPolicy(LimitPolicy policy) { this.limitPolicy = Objects.requireNonNull(policy, "policy"); return this; }
        /** Whether 429 answers carry {@code Retry-After} (default off: CC documents none). */
        public Builder retryAfterOn429(boolean on) { this.retryAfterOn429 = on; return this; }
        /** Device-flow {@code expires_in} (default 600 s). */
        public Builder deviceCodeLifetime(Duration d) { this.deviceCodeLifetime = Objects.requireNonNull(d, "d"); return this; }
        /** Device-flow {@code interval} (default 5 s); polling faster gives {@code slow_down}. */
        public Builder devicePollInterval(Duration d) { this.devicePollInterval = Objects.requireNonNull(d, "d"); return this; }
        /** Id of the pre-registered confidential client (default derived from the seed). */
        public Builder clientId(String id) { this.clientId = Objects.requireNonNull(id, "id"); return this; }
        /** Secret of the pre-registered client (default: random per start). */
        public Builder clientSecret(String secret) { this.clientSecret = Objects.requireNonNull(secret, "secret"); return this; }

        /** Where the API behaves as strictly as real CC may (default lenient; {@link ApiStrictness#REAL_CC}: all). */
        public Builder strictness(ApiStrictness s) { this.strictness = Objects.requireNonNull(s, "s"); return this; }

        /** As CC: a redirect URI must be registered exactly as sent, loopback ones too (default off: any loopback). */
        public Builder exactRedirectUris(boolean on) { this.exactRedirectUris = on; return this; }

        /**
         * As CC: the application is registered for one flow, and the token endpoint refuses the other flow's grant
         * with {@code unauthorized_client} (default {@link ApplicationFlow#ANY}: both flows work).
         */
        public Builder applicationFlow(ApplicationFlow flow) {
            this.applicationFlow = Objects.requireNonNull(flow, "flow");
            return this;
        }

        public SandboxConfig build() {
            return new SandboxConfig(this);
        }
    }
}
