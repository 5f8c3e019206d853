package io.ccheadless.aws.config;

/** The deployment is misconfigured; the message names what to fix. */
public final class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }
}
