package io.ccheadless.callback;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.CcHeadless;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.core.obs.Log;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxConfig;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Sandbox CC + moto resources + the application wired in-process, and what a browser does at consent. */
final class CallbackFixture implements AutoCloseable {
    static final URI REDIRECT = URI.create("http://127.0.0.1:8765/oauth/callback");
    final CcSandbox cc;
    final Map<String, String> env;
    final AwsClients aws;
    final Settings settings;
    final CcHeadless app;

    CallbackFixture(Clock clock) {
        this(clock, SandboxConfig.builder().campaigns(12).build());
    }

    CallbackFixture(Clock clock, SandboxConfig config) {
        cc = CcSandbox.start(config);
        env = Moto.environment(cc.authBaseUri().toString(), cc.baseUri().toString());
        aws = Moto.provision(env, cc.clientId(), cc.clientSecret());
        settings = Settings.fromEnvironment(env);
        app = new CcHeadless(settings, aws, clock, new Log(l -> { }, clock, "test"), "test");
    }

    /** Follows an authorize URL the way a browser does at an auto-approving consent page; answers the redirect's query. */
    static Map<String, String> consent(URI authorizeUrl) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(authorizeUrl).build(), HttpResponse.BodyHandlers.ofString());
            String location = r.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no redirect: " + r.statusCode()));
            Map<String, String> q = new HashMap<>();
            for (String kv : URI.create(location).getRawQuery().split("&")) {
                int i = kv.indexOf('=');
                q.put(URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
            }
            return q;
        }
    }

    /** Everything stored for a tenant, raw: the pointer item and the token secret's version ids. */
    String storedState(String tenant) {
        var item = aws.dynamo().getItem(b -> b.tableName(settings.stateTable()).consistentRead(true)
                .key(Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("tenant#" + tenant)))).item();
        List<String> versions;
        try {
            versions = aws.secrets().listSecretVersionIds(b -> b.secretId(app.tokenSecretId(tenant))).versions().stream()
                    .map(v -> v.versionId()).sorted().toList();
        } catch (software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException e) {
            versions = List.of();
        }
        return new java.util.TreeMap<>(item) + " versions=" + versions;
    }

    @Override
    public void close() {
        aws.close();
        cc.close();
    }
}
