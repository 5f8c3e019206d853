package io.ccheadless.cli;

import io.ccheadless.aws.testing.Moto;
import io.ccheadless.core.obs.Sleeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What {@code cch} answers before a command runs: help for every command, usage errors with exit status 2 and a
 * message naming the option, and the documented exit statuses. The environment is empty here, so a command that
 * built its settings (or AWS clients) would fail with a configuration message instead: none of these may.
 */
class CliUsageTest {
    static final Map<String, String> NO_SETTINGS = Map.of();

    record Result(int status, String out, String err) {
    }

    static Result run(Map<String, String> env, String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(argv, new CliContext(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC(), Sleeper.REAL));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Result run(String... argv) {
        return run(NO_SETTINGS, argv);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "demo", "sync", "authorize", "device-authorize", "status", "tenants", "campaigns", "campaigns recent",
            "partner credentials set"})
    void everyCommandAnswersHelpWithExitStatus0AndNeedsNoSettings(String command) {
        List<String> argv = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
        argv.add("--help");
        Result r = run(argv.toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Usage: cch" + (command.isEmpty() ? "" : " " + command) + " "), r.out());
        assertTrue(r.out().contains("--log-format"), r.out());
        assertEquals("", r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "status", "device-authorize", "campaigns recent", "demo"})
    void commandsOnATenantDocumentTheTenantRuleAndTheirExitStatuses(String command) {
        List<String> argv = new ArrayList<>(List.of(command.split(" ")));
        argv.add("-h");
        Result r = run(argv.toArray(String[]::new));
        String help = r.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("--tenant=T"), r.out());
        assertTrue(help.contains("1-64 characters of a-z, A-Z, 0-9, '-', '_'"), r.out());
        assertTrue(r.out().contains("Exit status"), r.out());
    }

    @Test
    void theTopLevelHelpListsEveryCommandAndEveryExitStatus() {
        Result r = run("--help");
        for (String c : List.of("demo", "sync", "authorize", "device-authorize", "status", "tenants", "campaigns", "partner", "help")) {
            assertTrue(r.out().matches("(?s).*\\n  " + c + " +\\S.*"), c + " listed:\n" + r.out());
        }
        String exits = r.out().substring(r.out().indexOf("Exit status:"));
        for (String code : List.of("0   done", "1   failed", "2   usage or configuration error", "3   device-authorize: the request was denied",
                "4   device-authorize: the code expired", "5   the tenant is not connected")) {
            assertTrue(exits.contains(code), code + " in\n" + exits);
        }
        assertTrue(r.out().contains("cch campaigns recent --tenant T --days 7"), r.out());
    }

    @Test
    void deviceAuthorizeHelpKeepsItsOwnExitStatuses() {
        String out = run("device-authorize", "--help").out();
        assertTrue(out.contains("Exit status (nothing is stored unless it is 0):"), out);
        assertTrue(out.contains("0   connected") && out.contains("3   device-authorize: the request was denied")
                && out.contains("4   device-authorize: the code expired"), out);
    }

    @Test
    void helpNamesACommandsHelp() {
        Result r = run("help", "sync");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("Usage: cch sync "), r.out());
    }

    @Test
    void noCommandIsAUsageErrorShowingTheUsage() {
        Result r = run();
        assertEquals(ExitCodes.USAGE, r.status());
        assertTrue(r.err().startsWith("cch: a command is required"), r.err());
        assertTrue(r.err().contains("Usage: cch"), r.err());
        assertEquals(ExitCodes.USAGE, run("campaigns").status());
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithASuggestion() {
        Result r = run("statsu");
        assertEquals(ExitCodes.USAGE, r.status());
        assertTrue(r.err().startsWith("cch: Unmatched argument at index 0: 'statsu'"), r.err());
        assertTrue(r.err().contains("cch status"), r.err());
        assertTrue(r.err().contains("Try 'cch --help'."), r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "authorize", "device-authorize", "status", "campaigns recent", "demo"})
    void aBadTenantIsAUsageErrorOfEveryCommand(String command) {
        List<String> argv = new ArrayList<>(List.of(command.split(" ")));
        argv.addAll(List.of("--tenant", "acme/../other", "--redirect-uri", "https://example.com/cb"));
        if (!command.equals("authorize")) {
            argv.subList(argv.size() - 2, argv.size()).clear();
        }
        Result r = run(argv.toArray(String[]::new));
        assertEquals(ExitCodes.USAGE, r.status());
        // cch sync also takes a partner tenant, and says so
        assertTrue(r.err().startsWith("cch: --tenant must be 1-64 characters of a-z, A-Z, 0-9, '-', '_'"
                + (command.equals("sync") ? ", or partner.<encoded account id> for a partner tenant" : "")
                + ", got 'acme/../other'"), r.err());
        assertTrue(r.err().contains("Try 'cch " + command + " --help'."), r.err());
        assertFalse(r.err().contains("configuration:"), "no settings read: " + r.err());
    }

    @Test
    void authorizeNeedsAnAbsoluteHttpRedirectUri() {
        Result missing = run("authorize", "--tenant", "acme");
        assertEquals(ExitCodes.USAGE, missing.status());
        assertTrue(missing.err().contains("Missing required option: '--redirect-uri=URL'"), missing.err());
        for (String bad : List.of("callback", "ftp://example.com/cb", "https:///no-host", "http://exa mple.com/")) {
            Result r = run("authorize", "--redirect-uri", bad);
            assertEquals(ExitCodes.USAGE, r.status(), bad);
            assertTrue(r.err().startsWith("cch: --redirect-uri must be an absolute http(s) URL, got '" + bad + "'"), r.err());
        }
    }

    @Test
    void wholeNumberOptionsAreCheckedWhileParsing() {
        for (String bad : List.of("0", "-1", "10001", "forty", "2.5")) {
            Result r = run("demo", "--campaigns", bad);
            assertEquals(ExitCodes.USAGE, r.status(), bad);
            assertTrue(r.err().startsWith("cch: --campaigns must be a whole number from 1 to 10000, got '" + bad + "'"), r.err());
        }
        Result r = run("campaigns", "recent", "--days");
        assertEquals(ExitCodes.USAGE, r.status());
        assertTrue(r.err().contains("Missing required parameter for option '--days'"), r.err());
    }

    @Test
    void anUnknownLogFormatIsAUsageErrorNamingTheChoices() {
        Result r = run("status", "--log-format", "xml");
        assertEquals(ExitCodes.USAGE, r.status());
        assertTrue(r.err().contains("--log-format") && r.err().contains("TEXT, JSON"), r.err());
        assertEquals(0, run("--log-format", "JSON", "status", "--help").status(), "case does not matter, before or after the command");
    }

    @Test
    void missingSettingsAreAConfigurationErrorNamingEveryVariable() {
        Result r = run("status", "--tenant", "acme");
        assertEquals(ExitCodes.USAGE, r.status());
        assertTrue(r.err().startsWith("cch: configuration: AWS_REGION is not set; STATE_TABLE is not set"), r.err());
        assertTrue(r.err().contains("EVENT_BUS_NAME is not set"), r.err());
    }

    @Test
    void theDemoRunsOnlyAgainstAnEmulator() {
        Result r = run("demo");
        assertEquals(ExitCodes.USAGE, r.status());
        assertTrue(r.err().startsWith("cch: demo creates throwaway resources, so it runs only against an AWS emulator"), r.err());
    }

    @Test
    void theStatusOfATenantNeverConnectedIsExitStatus5WithWhatToRun() {
        Map<String, String> env = Moto.environment("http://127.0.0.1:9/auth", "http://127.0.0.1:9");
        Moto.provision(env, "id", "secret").close();
        Result r = run(env, "status", "--tenant", "acme");
        assertEquals(ExitCodes.NOT_CONNECTED, r.status(), r.err());
        assertTrue(r.out().startsWith("tenant 'acme': not connected — cch authorize --tenant acme"), r.out());
    }

    @Test
    void aSyncOfATenantNeverConnectedIsExitStatus5NamingTheCommandToRun() {
        Map<String, String> env = Moto.environment("http://127.0.0.1:9/auth", "http://127.0.0.1:9");
        Moto.provision(env, "id", "secret").close();
        Result r = run(env, "sync", "--tenant", "acme");
        assertEquals(ExitCodes.NOT_CONNECTED, r.status(), r.err());
        assertTrue(r.err().contains("cch: tenant 'acme' is not connected to Constant Contact — authorize it once: cch authorize --tenant acme"),
                r.err());
    }
}
