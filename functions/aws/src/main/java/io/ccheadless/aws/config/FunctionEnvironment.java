package io.ccheadless.aws.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The function's settings as Micronaut binds them: every variable of {@link Settings#VARIABLES}, as the raw text the
 * environment holds, under {@code cch.<variable in kebab case>} ({@link #properties} puts them there). Raw on purpose:
 * Micronaut's own binding and validation stop at the first bad value; {@link Settings#fromEnvironment} checks them all
 * and names every variable to fix in one line.
 */
@ConfigurationProperties(FunctionEnvironment.PREFIX)
public record FunctionEnvironment(@Nullable String awsRegion, @Nullable String awsDefaultRegion,
                                  @Nullable String awsEndpointUrl, @Nullable String stateTable,
                                  @Nullable String campaignsTable, @Nullable String tokenSecretPrefix,
                                  @Nullable String clientSecretId, @Nullable String eventBusName,
                                  @Nullable String ccAuthBaseUrl, @Nullable String ccApiBaseUrl,
                                  @Nullable String lookbackDays, @Nullable String ccRequestsPerSecond,
                                  @Nullable String statsWindowDays, @Nullable String statsRefreshMinutes,
                                  @Nullable String ccDailyRequestBudget, @Nullable String defaultTenant,
                                  @Nullable String keepAliveMaxIdleDays, @Nullable String primeOnInit,
                                  @Nullable String syncQueueUrl, @Nullable String tokenKmsKeyId,
                                  @Nullable String ccLinkReport, @Nullable String partnerSecretId,
                                  @Nullable String ccPartnerRequestsPerSecond,
                                  @Nullable String ccPartnerDailyRequestBudget,
                                  @Nullable String statsReportMaxAgeHours) {
    public static final String PREFIX = "cch";

    /** Our variables of {@code env} as the properties this record binds ({@code STATE_TABLE} → {@code cch.state-table}). */
    public static Map<String, Object> properties(Map<String, String> env) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : Settings.VARIABLES) {
            String v = env.get(name);
            if (v != null) {
                out.put(PREFIX + "." + name.toLowerCase(Locale.ROOT).replace('_', '-'), v);
            }
        }
        return out;
    }

    /** Back to the variables' names, for {@link Settings#fromEnvironment} (absent ones left out). */
    public Map<String, String> variables() {
        String[] values = {awsRegion, awsDefaultRegion, awsEndpointUrl, stateTable, campaignsTable, tokenSecretPrefix,
                clientSecretId, eventBusName, ccAuthBaseUrl, ccApiBaseUrl, lookbackDays, ccRequestsPerSecond,
                statsWindowDays, statsRefreshMinutes, ccDailyRequestBudget, defaultTenant, keepAliveMaxIdleDays, primeOnInit,
                syncQueueUrl, tokenKmsKeyId, ccLinkReport, partnerSecretId, ccPartnerRequestsPerSecond,
                ccPartnerDailyRequestBudget, statsReportMaxAgeHours};
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                out.put(Settings.VARIABLES.get(i), values[i]);
            }
        }
        return out;
    }
}
