package io.ccheadless.core.connect;

import io.ccheadless.core.device.DeviceAuthorization;
import io.ccheadless.core.oauth.Authorization;
import io.ccheadless.core.oauth.AuthorizationStates;
import io.ccheadless.core.oauth.ClientCredentials;
import io.ccheadless.core.oauth.ClientType;
import io.ccheadless.core.oauth.DeviceCode;
import io.ccheadless.core.oauth.PendingAuthorization;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.sandbox.SandboxConfig;
import io.ccheadless.sandbox.auth.ResourceOwner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.ccheadless.core.connect.ConnectSandboxFixture.REDIRECT;
import static io.ccheadless.core.connect.ConnectSandboxFixture.T;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The account-change guard and the privilege check on the two browser paths, the OAuth callback and the device flow,
 * against the CC sandbox: whoever approves decides the account, as whoever opens a minted link would.
 */
class ConnectGuardSandboxTest {
    ConnectSandboxFixture f;
    Authorization authorization;
    CallbackFlow callback;
    ResourceOwner demo;
    ResourceOwner other;

    /** The DynamoDB store's rule in memory: consumed once, and only before it expires. */
    static final class States implements AuthorizationStates {
        final Map<String, PendingAuthorization> saved = new HashMap<>();

        @Override
        public void save(String stateHash, PendingAuthorization pending) {
            saved.put(stateHash, pending);
        }

        @Override
        public Optional<PendingAuthorization> consume(String stateHash, java.time.Instant now) {
            PendingAuthorization p = saved.remove(stateHash);
            return p != null && now.isBefore(p.expiresAt()) ? Optional.of(p) : Optional.empty();
        }
    }

    @BeforeEach
    void start() {
        f = new ConnectSandboxFixture(SandboxConfig.builder().tokenEndpointRateLimit(false));
        authorization = new Authorization(new States(), f.cc.authBaseUri(),
                () -> new ClientCredentials(f.cc.clientId(), Secret.of(f.cc.clientSecret())), f.clock);
        callback = new CallbackFlow(authorization, f.tokens, f.oauth, f.api, f.advance, f.events);
        demo = f.cc.users().demoOwner();
        other = f.cc.users().otherOwner(0);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    /** An operator mints a link; {@code who} opens it and approves; CC redirects to the callback. */
    CallbackFlow.Connected viaLink(ResourceOwner who, boolean allowAccountChange) {
        Map<String, String> q = query(authorization.begin(T, URI.create(REDIRECT), allowAccountChange).url());
        ResourceOwner before = f.cc.users().signIn(who);
        String code;
        try {
            code = f.cc.issueAuthorizationCode(f.cc.clientId(), REDIRECT, Set.of(q.get("scope").split(" ")),
                    q.get("code_challenge"));
        } finally {
            f.cc.users().signIn(before);
        }
        return callback.complete(Map.of("state", q.get("state"), "code", code), f.deadline());
    }

    static Map<String, String> query(URI url) {
        Map<String, String> q = new LinkedHashMap<>();
        for (String kv : url.getRawQuery().split("&")) {
            String[] p = kv.split("=", 2);
            q.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
        }
        return q;
    }

    /** A device flow whose code {@code approver} approves on the first wait (signed in on the verification page). */
    record Device(DeviceAuthorization flow, String[] userCode) {
    }

    Device deviceWith(ResourceOwner approver) {
        String[] userCode = new String[1];
        return new Device(new DeviceAuthorization(f.oauth, f.tokens, f.api, f.clock, d -> {
            f.cc.clock().advance(d);
            ResourceOwner before = f.cc.users().signIn(approver);
            f.cc.control().approveDevice(userCode[0]);
            f.cc.users().signIn(before);
        }, f.events), userCode);
    }

    DeviceAuthorization.Connected run(Device d, boolean allow) {
        DeviceCode code = d.flow().start(T);
        d.userCode()[0] = code.userCode();
        return d.flow().await(T, code, allow);
    }

    @Test
    void theCallbackRecordsTheAccountAndRefusesAnotherOneWith409() {
        CallbackFlow.Connected first = viaLink(demo, false);
        assertEquals(demo.accountId(), first.account().encodedAccountId());
        assertEquals(demo.accountId(), f.current().account());
        String before = f.stored();

        Authorization.Refused r = assertThrows(Authorization.Refused.class, () -> viaLink(other, false));

        assertEquals(409, r.status());
        assertTrue(r.getMessage().contains(demo.accountId()) && r.getMessage().contains(other.accountId()), r.getMessage());
        assertTrue(r.advice().contains("cch authorize --tenant " + T) && r.advice().contains("--allow-account-change"), r.advice());
        assertEquals(before, f.stored(), "the ACTIVE chain is untouched");
        assertEquals(ConnectRefused.Reason.ACCOUNT_CHANGED, f.refusals.getLast().reason());
        assertTrue(f.logLines.stream().anyMatch(l -> l.contains("\"logger\":\"audit\"") && l.contains("ACCOUNT_CHANGED")));
        assertEquals(1, f.connections.size());
    }

    @Test
    void aLinkMintedWithAllowAccountChangeConnectsTheOtherAccountAndSaysSo() {
        viaLink(demo, false);

        CallbackFlow.Connected c = viaLink(other, true);

        assertEquals(2, c.generation());
        assertEquals(other.accountId(), f.current().account());
        ConnectEvents.Connection e = f.connections.getLast();
        assertEquals(ConnectPath.CALLBACK, e.path());
        assertEquals(demo.accountId(), e.previousAccount());
        assertTrue(e.accountChanged());
    }

    @Test
    void reconnectingTheSameAccountNeedsNoPermission() {
        viaLink(demo, false);
        assertEquals(2, viaLink(demo, false).generation());
        assertFalse(f.connections.getLast().accountChanged());
    }

    @Test
    void theCallbackRefusesAUserWithoutTheSyncsPrivilegesWith403NamingThem() {
        f.cc.users().setPrivileges(other.subject(), Set.of("account:read"));

        Authorization.Refused r = assertThrows(Authorization.Refused.class, () -> viaLink(other, false));

        assertEquals(403, r.status());
        assertTrue(r.getMessage().contains("campaign:read and ui:campaign:metrics"), r.getMessage());
        assertEquals("nothing writes=0", f.stored());
    }

    @Test
    void theDeviceFlowRefusesAnotherAccountUnlessAskedAndChecksPrivileges() {
        viaLink(demo, false);
        String before = f.stored();

        DeviceAuthorization.Failed fail = assertThrows(DeviceAuthorization.Failed.class, () -> run(deviceWith(other), false));
        assertEquals(DeviceAuthorization.Reason.ACCOUNT_CHANGED, fail.reason());
        assertTrue(fail.advice().contains("cch device-authorize --tenant " + T + " --allow-account-change"), fail.advice());
        assertEquals(before, f.stored());

        DeviceAuthorization.Connected c = run(deviceWith(other), true);
        assertTrue(c.accountChanged());
        assertEquals(other.accountId(), f.current().account());
        assertEquals(ClientType.PUBLIC, f.current().client());
        assertEquals(ConnectPath.DEVICE, f.connections.getLast().path());

        ResourceOwner third = f.cc.users().otherOwner(2);
        f.cc.users().setPrivileges(third.subject(), Set.of("account:read", "ui:campaign:metrics"));
        DeviceAuthorization.Failed unprivileged = assertThrows(DeviceAuthorization.Failed.class,
                () -> run(deviceWith(third), true));
        assertEquals(DeviceAuthorization.Reason.MISSING_PRIVILEGE, unprivileged.reason());
        assertTrue(unprivileged.getMessage().contains("campaign:read"), unprivileged.getMessage());
        assertEquals(other.accountId(), f.current().account(), "the refused approval stored nothing");
    }

}
