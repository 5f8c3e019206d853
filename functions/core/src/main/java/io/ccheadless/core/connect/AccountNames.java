package io.ccheadless.core.connect;

import com.fasterxml.jackson.databind.JsonNode;
import io.ccheadless.core.api.CcApi;
import io.ccheadless.core.api.CcApiException;
import io.ccheadless.core.api.TenantAccessTokens;
import io.ccheadless.core.token.TokenService;
import io.ccheadless.core.token.TokenUnavailableException;

import java.time.Instant;

/** Names the CC account a tenant is connected to (/v3/account/summary), after any one-time authorization. */
public final class AccountNames {
    private AccountNames() {
    }

    /** The organization name; a failure to read it does not undo the connection, it is only reported. */
    public static String read(CcApi api, TokenService tokens, String tenant, Instant deadline) {
        try {
            JsonNode s = api.client(new TenantAccessTokens(tokens, tenant, deadline), deadline).get("/v3/account/summary");
            String org = s.path("organization_name").asText("");
            return org.isBlank() ? s.path("encoded_account_id").asText("(unnamed account)") : org;
        } catch (CcApiException | TokenUnavailableException e) {
            return "(connected; the account name could not be read: " + e.getMessage() + ")";
        }
    }
}
