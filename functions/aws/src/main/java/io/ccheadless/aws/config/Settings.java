package io.ccheadless.aws.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a function or the CLI reads from its environment ({@code syncQueueUrl}: the queue the dispatcher fans
 * the hourly sync out on, null where nothing enqueues), read once and validated together so a
 * misconfiguration is one message that lists every missing or bad variable. {@code tokenKmsKeyId} is null
 * unless the stack encrypts token secrets with its customer-managed TokenKey. {@code partnerSecretId} is null unless
 * the stack has partner credentials (template parameter PartnerAccounts); the partner key's own limits are
 * {@code ccPartnerRequestsPerSecond} and {@code ccPartnerDailyRequestBudget} (docs/tenants.md).
 */
public record Settings(String region, String endpointOverride, String stateTable, String campaignsTable,
                       String tokenSecretPrefix, String clientSecretId, String eventBusName, URI ccAuthBase,
                       URI ccApiBase, Duration lookback, String defaultTenant, int ccRequestsPerSecond,
                       Duration statsWindow, Duration statsRefresh, int ccDailyRequestBudget, Duration keepAliveMaxIdle,
                       boolean primeOnInit, String syncQueueUrl, String tokenKmsKeyId, boolean ccLinkReport,
                       String partnerSecretId, int ccPartnerRequestsPerSecond, int ccPartnerDailyRequestBudget,
                       Duration statsReportMaxAge) {
    public Settings {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(stateTable, "stateTable");
        Objects.requireNonNull(campaignsTable, "campaignsTable");
        Objects.requireNonNull(tokenSecretPrefix, "tokenSecretPrefix");
        Objects.requireNonNull(clientSecretId, "clientSecretId");
        Objects.requireNonNull(eventBusName, "eventBusName");
        Objects.requireNonNull(ccAuthBase, "ccAuthBase");
        Objects.requireNonNull(ccApiBase, "ccApiBase");
        Objects.requireNonNull(lookback, "lookback");
        Objects.requireNonNull(defaultTenant, "defaultTenant");
        Objects.requireNonNull(statsWindow, "statsWindow");
        Objects.requireNonNull(statsRefresh, "statsRefresh");
        Objects.requireNonNull(keepAliveMaxIdle, "keepAliveMaxIdle");
        Objects.requireNonNull(statsReportMaxAge, "statsReportMaxAge");
    }

    /** Every variable read, in the order problems are reported (the README's configuration table lists them all). */
    public static final List<String> VARIABLES = List.of("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL",
            "STATE_TABLE", "CAMPAIGNS_TABLE", "TOKEN_SECRET_PREFIX", "CLIENT_SECRET_ID", "EVENT_BUS_NAME",
            "CC_AUTH_BASE_URL", "CC_API_BASE_URL", "LOOKBACK_DAYS", "CC_REQUESTS_PER_SECOND", "STATS_WINDOW_DAYS",
            "STATS_REFRESH_MINUTES", "CC_DAILY_REQUEST_BUDGET", "DEFAULT_TENANT", "KEEP_ALIVE_MAX_IDLE_DAYS",
            "PRIME_ON_INIT", "SYNC_QUEUE_URL", "TOKEN_KMS_KEY_ID", "CC_LINK_REPORT", "PARTNER_SECRET_ID",
            "CC_PARTNER_REQUESTS_PER_SECOND", "CC_PARTNER_DAILY_REQUEST_BUDGET", "STATS_REPORT_MAX_AGE_HOURS");

    public static final String DEFAULT_AUTH_BASE = "https://authz.constantcontact.com/oauth2/default/v1";
    public static final String DEFAULT_API_BASE = "https://api.cc.email";

    public static Settings fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String region = first(env, "AWS_REGION", "AWS_DEFAULT_REGION");
        if (region == null) {
            problems.add("AWS_REGION is not set");
        }
        String stateTable = required(env, "STATE_TABLE", problems);
        String campaignsTable = required(env, "CAMPAIGNS_TABLE", problems);
        String prefix = required(env, "TOKEN_SECRET_PREFIX", problems);
        String clientSecretId = required(env, "CLIENT_SECRET_ID", problems);
        String bus = required(env, "EVENT_BUS_NAME", problems);
        URI auth = url(env, "CC_AUTH_BASE_URL", DEFAULT_AUTH_BASE, problems);
        URI api = url(env, "CC_API_BASE_URL", DEFAULT_API_BASE, problems);
        int days = positiveInt(env, "LOOKBACK_DAYS", 14, problems);
        int rps = positiveInt(env, "CC_REQUESTS_PER_SECOND", 4, problems);
        int statsDays = positiveInt(env, "STATS_WINDOW_DAYS", 30, problems);
        int statsRefreshMinutes = positiveInt(env, "STATS_REFRESH_MINUTES", 45, problems);
        int reportMaxAgeHours = positiveInt(env, "STATS_REPORT_MAX_AGE_HOURS", 24, problems);
        int budget = positiveInt(env, "CC_DAILY_REQUEST_BUDGET", 9_000, problems);
        int keepAliveDays = positiveInt(env, "KEEP_ALIVE_MAX_IDLE_DAYS", 3, problems);
        if (keepAliveDays > 90) {
            problems.add("KEEP_ALIVE_MAX_IDLE_DAYS must be at most 90 (CC expires an idle chain after 180), got '"
                    + env.get("KEEP_ALIVE_MAX_IDLE_DAYS") + "'");
        }
        // a partner key's limits: 10/s (on request) and 250,000 a day; the budget keeps 10,000 spare, as the standard one does
        int partnerRps = positiveInt(env, "CC_PARTNER_REQUESTS_PER_SECOND", 10, problems);
        int partnerBudget = positiveInt(env, "CC_PARTNER_DAILY_REQUEST_BUDGET", 240_000, problems);
        boolean primeOnInit = bool(env, "PRIME_ON_INIT", true, problems);
        boolean linkReport = bool(env, "CC_LINK_REPORT", true, problems);
        String tenant = env.get("DEFAULT_TENANT") == null ? "default" : env.get("DEFAULT_TENANT");
        if (!Tenants.valid(tenant)) {
            problems.add("DEFAULT_TENANT '" + tenant + "' is not a valid tenant id (" + Tenants.RULE + ")");
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("configuration: " + String.join("; ", problems));
        }
        return new Settings(region, blankToNull(env.get("AWS_ENDPOINT_URL")), stateTable, campaignsTable, prefix,
                clientSecretId, bus, auth, api, Duration.ofDays(days), tenant, rps, Duration.ofDays(statsDays),
                Duration.ofMinutes(statsRefreshMinutes), budget, Duration.ofDays(keepAliveDays), primeOnInit,
                blankToNull(env.get("SYNC_QUEUE_URL")), blankToNull(env.get("TOKEN_KMS_KEY_ID")), linkReport,
                blankToNull(env.get("PARTNER_SECRET_ID")), partnerRps, partnerBudget, Duration.ofHours(reportMaxAgeHours));
    }

    /** Whether this stack has partner credentials, hence partner tenants. */
    public boolean hasPartner() {
        return partnerSecretId != null;
    }

    /**
     * CC's partner token endpoint, beside the OAuth one: {@code …/oauth2/default/v1} becomes
     * {@code …/partners/oauth2/default/v1/token} (docs/cc-api.md §2.1; the sandbox serves the same path).
     */
    public URI partnerTokenUrl() {
        String base = ccAuthBase.toString().replaceAll("/+$", "");
        int at = base.indexOf("/oauth2/");
        return URI.create(at < 0 ? base + "/partners/oauth2/default/v1/token"
                : base.substring(0, at) + "/partners" + base.substring(at) + "/token");
    }

    private static String required(Map<String, String> env, String name, List<String> problems) {
        String v = blankToNull(env.get(name));
        if (v == null) {
            problems.add(name + " is not set");
        }
        return v;
    }

    private static URI url(Map<String, String> env, String name, String dflt, List<String> problems) {
        String v = env.getOrDefault(name, dflt);
        try {
            URI u = URI.create(v);
            if (u.getScheme() == null || !(u.getScheme().equals("https") || u.getScheme().equals("http")) || u.getHost() == null) {
                problems.add(name + " must be an http(s) URL, got '" + v + "'");
                return null;
            }
            return u;
        } catch (IllegalArgumentException e) {
            problems.add(name + " is not a URL: '" + v + "'");
            return null;
        }
    }

    private static int positiveInt(Map<String, String> env, String name, int dflt, List<String> problems) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            problems.add(name + " must be a positive whole number, got '" + v + "'");
            return dflt;
        }
    }

    private static boolean bool(Map<String, String> env, String name, boolean dflt, List<String> problems) {
        String v = blankToNull(env.get(name));
        if (v == null) {
            return dflt;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        problems.add(name + " must be true or false, got '" + v + "'");
        return dflt;
    }

    private static String first(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = blankToNull(env.get(n));
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }
}
