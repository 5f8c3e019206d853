package io.ccheadless.sandbox.api;

import io.ccheadless.sandbox.ApiStrictness;
import io.ccheadless.sandbox.LimitPolicy;
import io.ccheadless.sandbox.SandboxRoutes;
import io.ccheadless.sandbox.auth.Scopes;
import io.ccheadless.sandbox.data.UserPrivileges;
import io.ccheadless.sandbox.http.Json;
import io.ccheadless.sandbox.http.PathTemplate;
import io.ccheadless.sandbox.http.Route;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The V3 operations the sandbox serves, as one table for HTTP and for the partner pass-through. */
public final class V3Api {
    public static final String BASE_PATH = "/v3";

    private final List<ApiRoute> operations;

    public static final String CAMPAIGN_READ = "campaign:read";
    public static final String CAMPAIGN_METRICS = "ui:campaign:metrics";
    public static final String ACCOUNT_READ = "account:read";

    public V3Api(Json json, LimitPolicy limitPolicy) {
        this(json, limitPolicy, new UserPrivileges(), ApiStrictness.LENIENT);
    }

    public V3Api(Json json, LimitPolicy limitPolicy, UserPrivileges privileges) {
        this(json, limitPolicy, privileges, ApiStrictness.LENIENT);
    }

    public V3Api(Json json, LimitPolicy limitPolicy, UserPrivileges privileges, ApiStrictness strict) {
        Objects.requireNonNull(json, "json");
        AccountEndpoint account = new AccountEndpoint(json, privileges);
        EmailsEndpoint emails = new EmailsEndpoint(json, new PageLimit(50, 500, limitPolicy), strict);
        ReportsEndpoint reports = new ReportsEndpoint(json, new PageLimit(50, 500, limitPolicy), strict);
        this.operations = List.of(
                new ApiRoute("GET", "/account/summary", SandboxRoutes.ACCOUNT_SUMMARY, Scopes.ACCOUNT_READ, ACCOUNT_READ,
                        account::summary),
                // The spec names no scope for it; every user authorization here carries account_read.
                new ApiRoute("GET", "/account/user/privileges", SandboxRoutes.USER_PRIVILEGES, Scopes.ACCOUNT_READ,
                        account::privileges),
                new ApiRoute("GET", "/emails", SandboxRoutes.EMAILS, Scopes.CAMPAIGN_DATA, CAMPAIGN_READ, emails::list),
                new ApiRoute("GET", "/emails/{campaign_id}", SandboxRoutes.EMAIL, Scopes.CAMPAIGN_DATA, CAMPAIGN_READ, emails::campaign),
                new ApiRoute("GET", "/emails/activities/{campaign_activity_id}", SandboxRoutes.EMAIL_ACTIVITY,
                        Scopes.CAMPAIGN_DATA, CAMPAIGN_READ, emails::activity),
                new ApiRoute("GET", "/emails/activities/{campaign_activity_id}/send_history",
                        SandboxRoutes.EMAIL_SEND_HISTORY, Scopes.CAMPAIGN_DATA, CAMPAIGN_READ, emails::sendHistory),
                new ApiRoute("GET", "/reports/summary_reports/email_campaign_summaries", SandboxRoutes.SUMMARIES,
                        Scopes.CAMPAIGN_DATA, CAMPAIGN_METRICS, reports::summaries),
                new ApiRoute("GET", "/reports/stats/email_campaigns/{campaign_ids}", SandboxRoutes.CAMPAIGN_STATS,
                        Scopes.CAMPAIGN_DATA, CAMPAIGN_METRICS, reports::stats));
    }

    public List<ApiRoute> operations() {
        return operations;
    }

    /** HTTP routes under {@code /v3}, each behind the gateway's token, limit and scope checks. */
    public List<Route> routes(ApiGateway gateway) {
        return operations.stream()
                .map(op -> new Route(op.method(), BASE_PATH + op.template(), op.name(), true, gateway.user(op)))
                .toList();
    }

    /** The operation serving {@code method path} (path below /v3), with its path parameters. */
    public Optional<Matched> match(String method, String path) {
        for (ApiRoute op : operations) {
            if (op.method().equals(method)) {
                Optional<Map<String, String>> params = new PathTemplate(op.template()).match(path);
                if (params.isPresent()) {
                    return Optional.of(new Matched(op, params.get()));
                }
            }
        }
        return Optional.empty();
    }

    public record Matched(ApiRoute operation, Map<String, String> pathParams) {
    }
}
