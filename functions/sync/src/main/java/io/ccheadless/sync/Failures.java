package io.ccheadless.sync;

import io.ccheadless.aws.config.ConfigurationException;
import io.ccheadless.core.api.CcApiException;
import io.ccheadless.core.partner.PartnerClient;
import io.ccheadless.core.tenants.TenantSync;
import io.ccheadless.core.token.StoreUnavailableException;
import io.ccheadless.core.token.TokenUnavailableException;
import io.ccheadless.core.token.VaultException;

/** One readable sentence for any failure the sync can meet (no stack trace needed to act on it), told apart by type. */
final class Failures {
    private Failures() {
    }

    static String describe(RuntimeException e) {
        return switch (e) {
            case TokenUnavailableException t when t.operatorAction() != null -> t.getMessage() + " — " + t.operatorAction();
            case ConfigurationException c -> c.getMessage();
            case SyncRequest.BadEventException b -> b.getMessage();
            case CcApiException c -> "Constant Contact API: " + c.getMessage();
            case PartnerClient.PartnerException p -> "Constant Contact partner API: " + p.getMessage();
            case TenantSync.NoPartnerCredentialsException n -> n.getMessage();
            case StoreUnavailableException s -> "AWS: " + s.getMessage();
            case VaultException v -> "token vault: " + v.getMessage();
            default -> e.getClass().getSimpleName() + ": " + e.getMessage();
        };
    }
}
