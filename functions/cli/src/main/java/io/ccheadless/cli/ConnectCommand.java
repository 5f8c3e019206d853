package io.ccheadless.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code cch connect}: ways to connect a tenant besides the callback and the device flow; today {@code import}. */
@Command(name = "connect", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        header = "Connect a tenant with tokens obtained elsewhere (see: cch connect import --help).",
        subcommands = {ImportCommand.class})
final class ConnectCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    ConnectCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.err().println("cch connect: a command is required");
        spec.commandLine().usage(ctx.err());
        return ExitCodes.USAGE;
    }
}
