package io.ccheadless.callback;

import io.ccheadless.aws.testing.CountingAwsProxy;
import io.ccheadless.aws.testing.RepoFiles;
import io.ccheadless.aws.testing.RieFunction;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * 1,000 forged callbacks through the packaged CallbackFunction (Runtime Interface Emulator), its AWS calls
 * counted on the way to moto: every answer is a 4xx, a state that is not what we mint costs no DynamoDB call at
 * all, a well-formed unknown one costs one conditional DeleteItem that deletes nothing, and the connected
 * tenant's stored pointer and token versions are byte for byte what they were.
 */
class CallbackFloodRieIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    static final String JUNK = ALPHABET + ".~+/=%<>\"' &;:!*()";

    @Test
    void aThousandForgedCallbacksAreAll4xxAndMalformedOnesNeverReachDynamo() throws Exception {
        RieFunction.rie();
        try (CallbackFixture fx = new CallbackFixture(Clock.systemUTC());
             CountingAwsProxy proxy = CountingAwsProxy.to(fx.env.get("AWS_ENDPOINT_URL"))) {
            Map<String, String> q = CallbackFixture.consent(fx.app.authorization().begin("acme", CallbackFixture.REDIRECT).url());
            fx.app.connectWithCode("acme", fx.cc.issueAuthorizationCode(fx.cc.clientId(), CallbackFixture.REDIRECT.toString(),
                    java.util.Set.of("account_read", "campaign_data", "offline_access"), null),
                    CallbackFixture.REDIRECT.toString(), null, java.time.Instant.now().plusSeconds(60));
            String before = fx.storedState("acme");
            Map<String, String> env = new HashMap<>(fx.env);
            env.put("AWS_ENDPOINT_URL", proxy.endpoint());
            SplittableRandom random = new SplittableRandom(12);
            try (RieFunction f = RieFunction.start(CallbackFunctionRieIT.JAR, CallbackFunctionRieIT.HANDLER, env,
                    Path.of("target", "rie-callback-flood.log"))) {
                assertTrue(f.invoke(event("warm-up", "c")).body().contains("\"statusCode\":400"));   // init and priming
                proxy.reset();
                int wellFormed = 0;
                List<String> not4xx = new ArrayList<>();
                long started = System.nanoTime();
                for (int i = 0; i < 1000; i++) {
                    String state;
                    if (i % 10 == 0) {
                        state = random(random, ALPHABET, 43);   // our shape, never minted
                        wellFormed++;
                    } else if (i % 10 == 1) {
                        state = random(random, ALPHABET, 1 + random.nextInt(2048));   // our alphabet, any length
                        if (state.length() == 43) {
                            state += "A";
                        }
                    } else if (i % 10 == 2) {
                        state = q.get("state").substring(1);   // a real state, truncated
                    } else {
                        state = random(random, JUNK, 1 + random.nextInt(2048));
                    }
                    RieFunction.Invocation r = f.invoke(event(state, random(random, ALPHABET, 20)));
                    int status = JSON.readTree(r.body()).path("statusCode").asInt();
                    if (status < 400 || status >= 500) {
                        not4xx.add(i + ": " + status);
                    }
                }
                long ms = (System.nanoTime() - started) / 1_000_000;
                System.out.printf("callback flood: 1000 forged callbacks in %d ms through RIE; AWS calls: %s%n", ms, proxy.counts());
                assertEquals(List.of(), not4xx, "every forged callback is the caller's fault");
                assertEquals(wellFormed, proxy.count("DynamoDB_20120810.DeleteItem"),
                        "one conditional delete per well-formed state, none for a malformed one");
                assertEquals(Map.of("DynamoDB_20120810.DeleteItem", wellFormed), proxy.counts(), "no other AWS call");
            }
            assertEquals(before, fx.storedState("acme"), "stored state byte for byte unchanged");
            // the real state still works afterwards: the flood consumed nothing of it
            assertTrue(fx.app.authorization().validate(q).pending().tenant().equals("acme"));
        }
    }

    static String random(SplittableRandom r, String alphabet, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    static String event(String state, String code) throws Exception {
        ObjectNode e = (ObjectNode) JSON.readTree(RepoFiles.event("callback-success.json"));
        ObjectNode query = e.putObject("queryStringParameters");
        query.put("code", code);
        query.put("state", state);
        e.put("rawQueryString", "code=" + code + "&state=forged");
        return JSON.writeValueAsString(e);
    }
}
