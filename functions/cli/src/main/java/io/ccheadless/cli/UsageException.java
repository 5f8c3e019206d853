package io.ccheadless.cli;

/** The command cannot run as asked (exit status 2); the message says what to change. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
