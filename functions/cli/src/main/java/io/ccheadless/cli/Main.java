package io.ccheadless.cli;

import io.ccheadless.aws.config.ConfigurationException;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.core.tenants.TenantSync;
import io.ccheadless.core.token.TokenUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/**
 * {@code cch}, the command-line tool (picocli). Parsing and {@code --help} build nothing: a command builds
 * the SDK clients and the application only when it runs and needs AWS. Failures map to the exit statuses of
 * {@link ExitCodes}; the message is one line on standard error beginning with {@code cch: }.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, CliContext.system()));
    }

    static int run(String[] argv, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(argv, new CliContext(env, out, err, Clock.systemUTC(), Sleeper.REAL));
    }

    static int run(String[] argv, CliContext ctx) {
        return commandLine(ctx).execute(argv);
    }

    static CommandLine commandLine(CliContext ctx) {
        CommandLine cl = new CommandLine(new CchCommand(ctx), new Factory(ctx));
        cl.setOut(new PrintWriter(ctx.out(), true));
        cl.setErr(new PrintWriter(ctx.err(), true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExecutionExceptionHandler((e, c, parsed) -> failure(e, ctx.err()));
        return cl;
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("cch: " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** A command threw: one line saying what failed and, where there is one, what to do. */
    static int failure(Exception e, PrintStream err) {
        if (e instanceof UsageException || e instanceof ConfigurationException
                || e instanceof TenantSync.NoPartnerCredentialsException) {
            err.println("cch: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (e instanceof TokenUnavailableException t) {
            err.println("cch: " + t.getMessage() + (t.operatorAction() == null ? "" : " — " + t.operatorAction()));
            return t.retryable() ? ExitCodes.FAILURE : ExitCodes.NOT_CONNECTED;
        }
        err.println("cch: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        return ExitCodes.FAILURE;
    }

    /** Commands take the {@link CliContext} in their constructor; everything else (mixins) is picocli's to make. */
    private record Factory(CliContext ctx) implements IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                return cls.getDeclaredConstructor(CliContext.class).newInstance(ctx);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }

}
