package io.ccheadless.sync;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.CcHeadless;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.aws.wiring.FunctionStart;
import io.ccheadless.aws.wiring.SnapshotHygiene;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What a SnapStart snapshot of the SyncFunction would hold: the handler as the runtime builds it (against moto and the
 * CC sandbox), after a sync that read the token set and the client secret, then primed as the checkpoint hook primes.
 * No {@link Secret} (access token, refresh token, client secret) may be reachable from it any more.
 */
class SnapshotHoldsNoSecretTest {
    static final String REDIRECT = "http://127.0.0.1:8765/oauth/callback";
    CcSandbox cc;
    AwsClients aws;
    Map<String, String> env;

    @BeforeEach
    void connect() {
        cc = CcSandbox.start(SandboxConfig.builder().campaigns(5).build());
        env = new HashMap<>(Moto.environment(cc.authBaseUri().toString(), cc.baseUri().toString()));
        env.put("PRIME_ON_INIT", "false");
        aws = Moto.provision(env, cc.clientId(), cc.clientSecret());
        CcHeadless app = new CcHeadless(Settings.fromEnvironment(env), aws, Clock.systemUTC(), new Log(l -> { }, Clock.systemUTC(), "t"), "t");
        String code = cc.issueAuthorizationCode(cc.clientId(), REDIRECT, Set.of("account_read", "campaign_data", "offline_access"), null);
        app.connectWithCode("default", code, REDIRECT, null, Instant.now().plusSeconds(60));
    }

    @AfterEach
    void close() {
        aws.close();
        cc.close();
    }

    @Test
    void afterPrimingNoTokenAndNoClientSecretIsReachableFromTheHandler() throws Exception {
        cc.clock().advance(Duration.ofHours(25));      // the stored access token is refused: a refresh reads the client secret
        FunctionStart start = FunctionStart.start("sync", env);
        SyncHandler handler = new SyncHandler(start);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream("{}".getBytes()), out, null);
        assertTrue(out.toString().contains("\"outcome\":\"COMPLETED\""), out.toString());
        SnapshotHygiene hygiene = start.container().bean(SnapshotHygiene.class);
        assertTrue(hygiene.holdsSecrets(), "precondition: the sync left its token set and client secret in the caches");
        assertFalse(secretsReachableFrom(handler).isEmpty(), "precondition: the walk finds what the caches hold");

        handler.priming().beforeCheckpoint(null);

        assertFalse(hygiene.holdsSecrets());
        assertEquals(Set.of(), secretsReachableFrom(handler), "reachable from the handler after priming");

        handler.priming().afterRestore(null);
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream("{}".getBytes()), again, null);
        assertTrue(again.toString().contains("\"outcome\":\"COMPLETED\""), "a restored container reads what it forgot: " + again);
        start.container().close();
    }

    /** Paths (field names from the root) to every {@link Secret} reachable from {@code root}, statics of our classes included. */
    static Set<String> secretsReachableFrom(Object root) {
        Set<String> found = new java.util.TreeSet<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Class<?>> staticsSeen = new java.util.HashSet<>();
        Deque<Object[]> todo = new ArrayDeque<>();
        todo.push(new Object[]{root, "handler"});
        while (!todo.isEmpty()) {
            Object[] next = todo.pop();
            Object o = next[0];
            String path = (String) next[1];
            if (o == null || o instanceof Class<?> || !seen.add(o)) {
                continue;
            }
            if (o instanceof Secret) {
                found.add(path);
                continue;
            }
            Class<?> type = o.getClass();
            if (type.isArray()) {
                if (!type.getComponentType().isPrimitive()) {
                    for (int i = 0; i < Array.getLength(o); i++) {
                        todo.push(new Object[]{Array.get(o, i), path + "[" + i + "]"});
                    }
                }
                continue;
            }
            if (o instanceof Map<?, ?> m) {
                try {
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        todo.push(new Object[]{e.getKey(), path + ".key"});
                        todo.push(new Object[]{e.getValue(), path + "[" + e.getKey() + "]"});
                    }
                } catch (RuntimeException ignored) {
                    // a map that cannot be iterated now holds nothing we could reach either
                }
            }
            if (o instanceof Collection<?> c) {
                try {
                    int i = 0;
                    for (Object e : c) {
                        todo.push(new Object[]{e, path + "[" + i++ + "]"});
                    }
                } catch (RuntimeException ignored) {
                    // as above
                }
            }
            if (o instanceof Optional<?> opt) {
                todo.push(new Object[]{opt.orElse(null), path + ".value"});
            }
            if (o instanceof AtomicReference<?> ref) {
                todo.push(new Object[]{ref.get(), path + ".value"});
            }
            if (o instanceof CompletableFuture<?> f) {
                todo.push(new Object[]{f.getNow(null), path + ".value"});
            }
            for (Class<?> k = type; k != null && k != Object.class; k = k.getSuperclass()) {
                boolean ours = k.getName().startsWith("io.ccheadless.");
                for (Field field : k.getDeclaredFields()) {
                    boolean isStatic = Modifier.isStatic(field.getModifiers());
                    if (field.getType().isPrimitive() || (isStatic && (!ours || staticsSeen.contains(k)))) {
                        continue;
                    }
                    if (!field.trySetAccessible()) {
                        continue;       // java.base internals: reached through the collection views above
                    }
                    try {
                        todo.push(new Object[]{field.get(isStatic ? null : o), path + "." + field.getName()});
                    } catch (IllegalAccessException ignored) {
                        // not readable: not reachable by us either
                    }
                }
                if (ours) {
                    staticsSeen.add(k);
                }
            }
        }
        return found;
    }
}
