package io.ccheadless.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.CcHeadless;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.aws.testing.RieFunction;
import io.ccheadless.core.obs.Log;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The packaged TokenApiFunction under the Runtime Interface Emulator, fed HTTP API events with the IAM fields API
 * Gateway adds for a SigV4 caller: the reporting role's sessions are granted tenant "default" (cch access grant,
 * here through the same store), so they get its token; a role without a grant gets 403 for the same tenant.
 */
class TokenApiFunctionRieIT {
    static final Path JAR = Path.of("target", "cch-token-function-0.1.0-SNAPSHOT-lambda.jar");
    static final ObjectMapper JSON = new ObjectMapper();

    static String event(String tenant, String route, String callerArn) {
        return """
                {"version": "2.0", "routeKey": "GET /tenants/{tenant}/%2$s", "rawPath": "/tenants/%1$s/%2$s", "rawQueryString": "",
                 "headers": {"host": "abcdef1234.execute-api.us-east-1.amazonaws.com"},
                 "pathParameters": {"tenant": "%1$s"},
                 "requestContext": {"accountId": "123456789012", "apiId": "abcdef1234", "stage": "$default",
                   "requestId": "rie-%2$s", "routeKey": "GET /tenants/{tenant}/%2$s", "timeEpoch": 1764339600000,
                   "http": {"method": "GET", "path": "/tenants/%1$s/%2$s", "protocol": "HTTP/1.1", "sourceIp": "10.0.0.7",
                            "userAgent": "aws-sdk-java/2"},
                   "authorizer": {"iam": {"accessKey": "ASIAEXAMPLE", "accountId": "123456789012",
                     "callerId": "AROAEXAMPLE:svc", "cognitoIdentity": null, "principalOrgId": "o-example",
                     "userArn": "%3$s", "userId": "AROAEXAMPLE:svc"}}},
                 "isBase64Encoded": false}""".formatted(tenant, route, callerArn);
    }

    @Test
    void aMappedPrincipalIsServedAndAnUnmappedOneRefusedTheSameTenant() throws Exception {
        RieFunction.rie();
        try (CcSandbox cc = CcSandbox.start(SandboxConfig.builder().campaigns(1).build())) {
            Map<String, String> env = Moto.environment(cc.authBaseUri().toString(), cc.baseUri().toString());
            try (AwsClients aws = Moto.provision(env, cc.clientId(), cc.clientSecret())) {
                CcHeadless app = new CcHeadless(Settings.fromEnvironment(env), aws, Clock.systemUTC(),
                        new Log(l -> { }, Clock.systemUTC(), "test"), "test");
                String redirect = "http://127.0.0.1:8765/oauth/callback";
                app.connectWithCode("default", cc.issueAuthorizationCode(cc.clientId(), redirect,
                        Set.of("campaign_data", "offline_access"), null), redirect, null, Instant.now().plusSeconds(60));
                app.callerGrants().grant("arn:aws:iam::123456789012:role/reporting", "default");
                String token = app.tokens().accessToken("default", Instant.now().plusSeconds(10)).accessToken().reveal();
                try (RieFunction f = RieFunction.start(JAR, "io.ccheadless.token.TokenApiHandler::handleRequest", env,
                        Path.of("target", "rie-token-api.log"))) {
                    JsonNode served = JSON.readTree(f.invoke(event("default", "token",
                            "arn:aws:sts::123456789012:assumed-role/reporting/svc")).body());
                    assertEquals(200, served.path("statusCode").asInt(), served.toString());
                    assertEquals(token, JSON.readTree(served.path("body").asText()).path("access_token").asText());

                    for (String route : new String[]{"token", "status"}) {
                        JsonNode refused = JSON.readTree(f.invoke(event("default", route,
                                "arn:aws:sts::123456789012:assumed-role/billing/svc")).body());
                        assertEquals(403, refused.path("statusCode").asInt(), refused.toString());
                        assertFalse(refused.toString().contains(token), refused.toString());
                        assertTrue(refused.path("body").asText().contains(
                                "cch access grant --principal arn:aws:iam::123456789012:role/billing --tenant default"), refused.toString());
                    }
                    JsonNode otherTenant = JSON.readTree(f.invoke(event("globex", "token",
                            "arn:aws:sts::123456789012:assumed-role/reporting/svc")).body());
                    assertEquals(403, otherTenant.path("statusCode").asInt(), "a grant is for one tenant: " + otherTenant);
                }
            }
        }
    }
}
