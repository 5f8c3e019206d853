package io.ccheadless.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.CcHeadless;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.aws.wiring.Container;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.tenants.PartnerListing;
import io.ccheadless.core.tenants.TenantEntry;
import io.ccheadless.core.tenants.TenantRegistry;
import io.ccheadless.core.token.ConnectionStatus;
import io.ccheadless.core.token.KeepAlive;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The keep-alive's schedule event covers every tenant of the registry; one failing tenant does not stop the rest. */
class KeepAliveEveryTenantMotoTest {
    static final String REDIRECT = "http://127.0.0.1:8765/oauth/callback";
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyTenantIsCheckedAndReportedAndAFailingOneIsNamedWithoutStoppingTheOthers() throws Exception {
        try (CcSandbox cc = CcSandbox.start(SandboxConfig.builder().campaigns(4).build())) {
            Map<String, String> env = Moto.environment(cc.authBaseUri().toString(), cc.baseUri().toString());
            try (AwsClients aws = Moto.provision(env, cc.clientId(), cc.clientSecret())) {
                Settings settings = Settings.fromEnvironment(env);
                CcHeadless app = new CcHeadless(settings, aws, Clock.systemUTC(), new Log(l -> { }, Clock.systemUTC(), "t"), "t");
                for (String t : List.of("acme", "globex")) {
                    String code = cc.issueAuthorizationCode(cc.clientId(), REDIRECT,
                            Set.of("account_read", "campaign_data", "offline_access"), null);
                    app.connectWithCode(t, code, REDIRECT, null, Instant.now().plusSeconds(60));
                }
                List<JsonNode> lines = Collections.synchronizedList(new ArrayList<>());
                Log log = new Log(l -> lines.add(read(l)), Clock.systemUTC(), "keep-alive");
                try (Container c = Container.of(settings, aws, Clock.systemUTC(), log, "keep-alive-test")) {
                    TenantRegistry real = c.bean(TenantRegistry.class);
                    assertEquals(List.of("acme", "globex"), real.list().stream().map(TenantEntry::tenant).toList());
                    // one registered tenant whose pointer the keep-alive cannot read: it fails on its own
                    TenantRegistry withGhost = () -> {
                        List<TenantEntry> all = new ArrayList<>(real.list());
                        all.add(new TenantEntry("ghost", ConnectionStatus.ACTIVE, 1, null, null));
                        // and a partner tenant: no refresh-token chain, so nothing to keep alive (and never a token call)
                        all.add(TenantEntry.partner(new PartnerListing("a07e1lwvtuw0", "Agency Client", true, Instant.now()), null));
                        return all;
                    };
                    KeepAliveHandler h = new KeepAliveHandler(c.bean(KeepAlive.class), withGhost, "default", Clock.systemUTC(), log);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    h.handleRequest(new ByteArrayInputStream("{\"tenants\": \"all\"}".getBytes(StandardCharsets.UTF_8)), out, null);
                    JsonNode answer = JSON.readTree(out.toByteArray());
                    assertEquals(3, answer.get("tenants").asInt());
                    assertEquals(3, answer.get("checked").asInt());
                    assertEquals("ghost", answer.get("failed").get(0).asText());
                    assertEquals(1, answer.get("failed").size());
                    assertEquals(1, answer.get("partner_tenants_skipped").asInt(), answer.toString());
                }
                assertTrue(lines.stream().noneMatch(l -> "partner.a07e1lwvtuw0".equals(l.path("tenant").asText())
                        || "partner.a07e1lwvtuw0".equals(l.path("Tenant").asText())), "the partner tenant is neither checked nor counted");
                assertTrue(lines.stream().anyMatch(l -> "keep-alive of every tenant".equals(l.path("message").asText())
                        && l.path("partner_tenants_skipped").asInt() == 1), "the report says it skipped the partner tenant: " + lines);
                for (String t : List.of("acme", "globex")) {
                    assertTrue(lines.stream().anyMatch(l -> "keep-alive".equals(l.path("message").asText())
                            && t.equals(l.path("tenant").asText()) && "ACTIVE".equals(l.path("status").asText())), t + ": " + lines);
                    assertTrue(lines.stream().anyMatch(l -> l.has("_aws") && t.equals(l.path("Tenant").asText())
                            && l.path("ConnectionHealthy").asInt() == 1), "health metric of " + t);
                }
                assertTrue(lines.stream().anyMatch(l -> l.has("_aws") && "ghost".equals(l.path("Tenant").asText())
                        && l.path("ConnectionHealthy").asInt(-1) == 0), "the failing tenant counts as unhealthy");
                assertTrue(lines.stream().anyMatch(l -> l.has("_aws") && l.path("_aws").path("CloudWatchMetrics").get(0)
                        .path("Dimensions").get(1).isEmpty()), "each metric also without dimensions: the aggregate the alarms watch");
            }
        }
    }

    static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}
