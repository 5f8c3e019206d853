package io.ccheadless.core.connect;

import io.ccheadless.core.obs.Log;

import java.util.Objects;

/**
 * What every connect path reports: an audit line for each connection and each refusal, and (in AWS) an
 * "Account Connected" event. Never receives a token.
 */
public interface ConnectEvents {
    /**
     * A tenant was connected.
     *
     * @param previousAccount the account the tenant was connected to before, {@code null} if none was recorded
     */
    record Connection(String tenant, ConnectPath path, long generation, ConnectedAccount account, String previousAccount) {
        public Connection {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(account, "account");
        }

        public boolean accountChanged() {
            return previousAccount != null && !previousAccount.equals(account.encodedAccountId());
        }
    }

    void connected(Connection c);

    void refused(String tenant, ConnectPath path, ConnectRefused refusal);

    /** The audit lines alone (logger {@code audit}). */
    static ConnectEvents logging(Log log) {
        Log audit = Objects.requireNonNull(log, "log").named("audit");
        return new ConnectEvents() {
            @Override
            public void connected(Connection c) {
                audit.info("tenant connected to a Constant Contact account", "tenant", c.tenant(), "path", c.path().label(),
                        "generation", c.generation(), "encoded_account_id", c.account().encodedAccountId(),
                        "organization_name", c.account().organizationName(),
                        "previous_account_id", c.previousAccount() == null ? "" : c.previousAccount(),
                        "account_changed", c.accountChanged());
            }

            @Override
            public void refused(String tenant, ConnectPath path, ConnectRefused refusal) {
                audit.warn("connection refused; nothing was stored", "tenant", tenant, "path", path.label(),
                        "reason", refusal.reason().name(), "detail", refusal.getMessage());
            }
        };
    }
}
