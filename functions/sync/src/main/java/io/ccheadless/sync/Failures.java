package io.ccheadless.sync;

import io.ccheadless.core.token.TokenUnavailableException;

/** One readable sentence for any failure the sync can meet (no stack trace needed to act on it). */
final class Failures {
    private Failures() {
    }

    static String describe(RuntimeException e) {
        if (e instanceof TokenUnavailableException t && t.operatorAction() != null) {
            return t.getMessage() + " — " + t.operatorAction();
        }
        String kind = switch (e.getClass().getSimpleName()) {
            case "ConfigurationException" -> "";
            case "BadEventException" -> "";
            case "CcApiException" -> "Constant Contact API: ";
            case "StoreUnavailableException" -> "AWS: ";
            case "VaultException" -> "token vault: ";
            default -> e.getClass().getSimpleName() + ": ";
        };
        return kind + e.getMessage();
    }
}
