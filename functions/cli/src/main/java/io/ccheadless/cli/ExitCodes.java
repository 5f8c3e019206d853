package io.ccheadless.cli;

/**
 * The exit status of every {@code cch} command, one meaning each (listed by {@code cch --help} and the README).
 * The {@code *_LINE} constants are those lines of the help, as picocli's {@code exitCodeList} wants them.
 */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int DENIED = 3;
    static final int EXPIRED = 4;
    static final int NOT_CONNECTED = 5;
    static final int REFUSED = 6;

    static final String OK_LINE = "0:done";
    static final String FAILURE_LINE = "1:failed: AWS, Constant Contact or something unexpected (the message says what)";
    static final String USAGE_LINE = "2:usage or configuration error: a bad option, or a missing or malformed setting; nothing was changed";
    static final String DENIED_LINE = "3:device-authorize: the request was denied at Constant Contact; nothing was stored";
    static final String EXPIRED_LINE = "4:device-authorize: the code expired before anybody approved it; nothing was stored";
    static final String NOT_CONNECTED_LINE = "5:the tenant is not connected, or must be authorized again (status; sync when no token can be had)";

    static final String REFUSED_LINE = "6:connect: refused (a token CC rejects, another account than the tenant's, a missing privilege); nothing was stored";

    private ExitCodes() {
    }
}
