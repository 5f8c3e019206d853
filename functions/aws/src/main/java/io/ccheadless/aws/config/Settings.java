package io.ccheadless.aws.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a function or the CLI reads from its environment, read once and validated together so a
 * misconfiguration is one message that lists every missing or bad variable.
 */
public record Settings(String region, String endpointOverride, String stateTable, String campaignsTable,
                       String tokenSecretPrefix, String clientSecretId, String eventBusName, URI ccAuthBase,
                       URI ccApiBase, Duration lookback, String defaultTenant, int ccRequestsPerSecond,
                       Duration statsWindow, Duration statsRefresh, int ccDailyRequestBudget) {
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
    }

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
        int budget = positiveInt(env, "CC_DAILY_REQUEST_BUDGET", 9_000, problems);
        String tenant = env.getOrDefault("DEFAULT_TENANT", "default");
        if (!Tenants.valid(tenant)) {
            problems.add("DEFAULT_TENANT '" + tenant + "' is not a valid tenant id (" + Tenants.RULE + ")");
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("configuration: " + String.join("; ", problems));
        }
        return new Settings(region, blankToNull(env.get("AWS_ENDPOINT_URL")), stateTable, campaignsTable, prefix,
                clientSecretId, bus, auth, api, Duration.ofDays(days), tenant, rps, Duration.ofDays(statsDays),
                Duration.ofMinutes(statsRefreshMinutes), budget);
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
