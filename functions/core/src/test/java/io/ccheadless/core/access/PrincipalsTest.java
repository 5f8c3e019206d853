package io.ccheadless.core.access;

import io.ccheadless.core.testing.InMemoryCallerGrants;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class PrincipalsTest {
    @Test
    void everySessionOfARoleIsTheRole() {
        assertEquals(Optional.of("arn:aws:iam::123456789012:role/reporting"),
                Principals.canonical("arn:aws:sts::123456789012:assumed-role/reporting/i-0abc"));
        assertEquals(Optional.of("arn:aws-us-gov:iam::123456789012:role/r"),
                Principals.canonical("arn:aws-us-gov:sts::123456789012:assumed-role/r/s1"));
    }

    @Test
    void rolesAndUsersAreNamedWithoutTheirPathAsSessionsReportThem() {
        assertEquals(Optional.of("arn:aws:iam::123456789012:role/reporting"),
                Principals.canonical("arn:aws:iam::123456789012:role/team/reporting"));
        assertEquals(Optional.of("arn:aws:iam::123456789012:user/alice"), Principals.canonical("arn:aws:iam::123456789012:user/alice"));
    }

    @Test
    void rootFederatedAndMalformedCallersAreNoPrincipal() {
        assertEquals(Optional.empty(), Principals.canonical("arn:aws:iam::123456789012:root"));
        assertEquals(Optional.empty(), Principals.canonical("arn:aws:sts::123456789012:federated-user/bob"));
        assertEquals(Optional.empty(), Principals.canonical("arn:aws:sts::12345:assumed-role/r/s"));
        assertEquals(Optional.empty(), Principals.canonical(null));
    }

    @Test
    void accessIsDeniedByDefaultAndFollowsGrantsAndRevokes() {
        InMemoryCallerGrants grants = new InMemoryCallerGrants();
        TenantAccess access = new TenantAccess(grants);
        String session = "arn:aws:sts::123456789012:assumed-role/reporting/svc";
        assertFalse(access.check(session, "acme").allowed());
        grants.grant("arn:aws:iam::123456789012:role/reporting", "acme");
        assertTrue(access.check(session, "acme").allowed());
        assertFalse(access.check(session, "globex").allowed(), "a grant is for one tenant");
        grants.revoke("arn:aws:iam::123456789012:role/reporting", "acme");
        assertFalse(access.check(session, "acme").allowed());
    }
}
