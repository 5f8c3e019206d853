package io.ccheadless.sandbox;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the sandbox as a process: {@code java -jar cch-sandbox-…-standalone.jar --port 8089 --seed 42}. Prints one
 * line with the base URL, the client id and where the client secret is; stops on Ctrl-C / SIGTERM.
 */
public final class SandboxMain {
    static final String USAGE = """
            usage: java -jar cch-sandbox-standalone.jar [options]
              --port N                  port on 127.0.0.1 (default 8089; 0 = any free port)
              --seed N                  demo data seed (default 42)
              --campaigns N             campaigns in the demo account (default 40)
              --refresh-mode MODE       ROTATING_STRICT (default) | ROTATING_GRACE | ROTATING_FAMILY_REVOCATION | LONG_LIVED | LONG_LIVED_OMIT
              --grace-seconds N         grace window for rotated refresh tokens (default 0)
              --consent MODE            AUTO_APPROVE (default) | AUTO_DENY | MANUAL
              --limit-policy P          REJECT (default) | CLAMP: what a limit above the maximum does
              --retry-after             send Retry-After on 429 answers (default off)
              --strict                  as strict as real CC may be (ApiStrictness.REAL_CC: empty lists left out,
                                        offset cursors, summaries to the minute)
              --exact-redirect-uris     accept only redirect URIs registered exactly (POST /sandbox/redirect-uris),
                                        loopback ones too, as CC does (default: any loopback URI)
              --no-token-rate-limit     turn off the 1 request/s limit of the token endpoint
              --no-api-rate-limit       turn off the 4/s and 10,000/day API limits
              --start-time ISO-8601     start the sandbox clock at this instant (it then runs with real time)
              --client-id ID            id of the pre-registered client (default derived from the seed)
              --client-secret SECRET    its secret (default random; prefer --client-secret-file)
              --client-secret-file PATH read the secret from this file if it exists, else write the generated one there
              --print-client-secret     print the secret on the start line (it is the sandbox's own, never a real one)
            """;

    /** Parsed command line. */
    record Options(SandboxConfig config, Optional<Path> secretFile, boolean printSecret) {
        Options {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(secretFile, "secretFile");
        }
    }

    private SandboxMain() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        CcSandbox sandbox = CcSandbox.start(options.config());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }));
        announce(sandbox, options, System.out);
        stopped.await();
    }

    static void announce(CcSandbox sandbox, Options options, PrintStream out) throws IOException {
        String where;
        if (options.printSecret()) {
            where = "client_secret=" + sandbox.clientSecret();
        } else if (options.secretFile().isPresent()) {
            Path file = options.secretFile().get();
            if (!Files.exists(file)) {
                Files.writeString(file, sandbox.clientSecret());
                trySetOwnerOnly(file);
            }
            where = "client_secret in " + file.toAbsolutePath();
        } else {
            where = "client_secret not shown (use --client-secret-file PATH or --print-client-secret)";
        }
        out.println("CC sandbox at " + sandbox.baseUri() + " auth " + sandbox.authBaseUri() + " client_id="
                + sandbox.clientId() + " " + where + " control " + sandbox.baseUri() + "/sandbox");
        out.flush();
    }

    private static void trySetOwnerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: leave the default permissions
        }
    }

    static Options parse(List<String> args) throws IOException {
        SandboxConfig.Builder b = SandboxConfig.builder().port(8089);
        Optional<Path> secretFile = Optional.empty();
        boolean print = false;
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String flag = rest.removeFirst();
            switch (flag) {
                case "--port" -> b.port(intValue(flag, rest));
                case "--seed" -> b.seed(Long.parseLong(value(flag, rest)));
                case "--campaigns" -> b.campaigns(intValue(flag, rest));
                case "--refresh-mode" -> b.refreshMode(RefreshTokenMode.valueOf(value(flag, rest).toUpperCase(Locale.ROOT)));
                case "--grace-seconds" -> b.graceWindow(Duration.ofSeconds(intValue(flag, rest)));
                case "--consent" -> b.consent(ConsentMode.valueOf(value(flag, rest).toUpperCase(Locale.ROOT)));
                case "--limit-policy" -> b.limitPolicy(LimitPolicy.valueOf(value(flag, rest).toUpperCase(Locale.ROOT)));
                case "--retry-after" -> b.retryAfterOn429(true);
                case "--strict" -> b.strictness(ApiStrictness.REAL_CC);
                case "--exact-redirect-uris" -> b.exactRedirectUris(true);
                case "--no-token-rate-limit" -> b.tokenEndpointRateLimit(false);
                case "--no-api-rate-limit" -> b.apiRateLimit(false);
                case "--start-time" -> {
                    SandboxClock clock = SandboxClock.system();
                    try {
                        clock.set(Instant.parse(value(flag, rest)));
                    } catch (java.time.format.DateTimeParseException e) {
                        throw new IllegalArgumentException("--start-time needs an ISO-8601 instant like 2026-03-10T15:00:00Z");
                    }
                    b.clock(clock);
                }
                case "--client-id" -> b.clientId(value(flag, rest));
                case "--client-secret" -> b.clientSecret(value(flag, rest));
                case "--client-secret-file" -> {
                    Path p = Path.of(value(flag, rest));
                    secretFile = Optional.of(p);
                    if (Files.exists(p)) {
                        b.clientSecret(Files.readString(p).strip());
                    }
                }
                case "--print-client-secret" -> print = true;
                case "--help", "-h" -> throw new IllegalArgumentException("help requested");
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return new Options(b.build(), secretFile, print);
    }

    private static String value(String flag, List<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return rest.removeFirst();
    }

    private static int intValue(String flag, List<String> rest) {
        try {
            return Integer.parseInt(value(flag, rest));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a whole number");
        }
    }
}
