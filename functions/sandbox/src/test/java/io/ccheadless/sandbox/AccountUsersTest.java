package io.ccheadless.sandbox;

import static io.ccheadless.sandbox.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ccheadless.sandbox.auth.ResourceOwner;
import io.ccheadless.sandbox.data.UserPrivileges;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who approves an authorization decides the account it reaches, and each user has their own privileges. */
class AccountUsersTest {
    private static List<String> privilegeNames(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r::body);
        List<String> names = new ArrayList<>();
        for (JsonNode p : json(r)) {
            assertTrue(p.get("privilege_id").isInt(), r::body);
            names.add(p.get("privilege_name").asText());
        }
        return names;
    }

    @Test
    void anAuthorizationBelongsToTheAccountOfWhoeverWasSignedInWhenItWasGranted() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String demoToken = http.login("account_read campaign_data").get("access_token").asText();
            ResourceOwner other = sb.users().otherOwner(0);
            sb.users().signIn(other);
            String otherToken = http.login("account_read campaign_data").get("access_token").asText();

            JsonNode demo = json(http.get("/v3/account/summary", demoToken));
            JsonNode theirs = json(http.get("/v3/account/summary", otherToken));
            assertEquals(sb.users().demoOwner().accountId(), demo.get("encoded_account_id").asText());
            assertEquals(other.accountId(), theirs.get("encoded_account_id").asText());
            assertNotEquals(demo.get("encoded_account_id"), theirs.get("encoded_account_id"));
            assertNotEquals(demo.get("organization_name"), theirs.get("organization_name"));
        }
    }

    @Test
    void privilegesAreTheAccountOwnersUnlessNarrowedForThatUserOnly() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String ownerToken = http.login("account_read").get("access_token").asText();
            assertEquals(UserPrivileges.ACCOUNT_OWNER, privilegeNames(http.get("/v3/account/user/privileges", ownerToken)));

            ResourceOwner colleague = sb.users().otherOwner(1);
            sb.users().setPrivileges(colleague.subject(), Set.of("account:read", "campaign:read"));
            sb.users().signIn(colleague);
            String colleagueToken = http.login("account_read").get("access_token").asText();
            assertEquals(List.of("account:read", "campaign:read"),
                    privilegeNames(http.get("/v3/account/user/privileges", colleagueToken)));
            assertEquals(UserPrivileges.ACCOUNT_OWNER, privilegeNames(http.get("/v3/account/user/privileges", ownerToken)));
            assertEquals(401, http.get("/v3/account/user/privileges", "not-a-token").statusCode());
        }
    }
}
