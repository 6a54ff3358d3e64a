package org.rnn4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code rnn4j} command: one subcommand per job. Exit codes: 0 done, 1 failure, 2 bad usage or input. */
@Command(name = "rnn4j", mixinStandardHelpOptions = true, version = "rnn4j 0.1.0",
        description = "Recurrent neural networks for the JVM.",
        subcommands = {QuickstartCommand.class, TrainCommand.class, EvaluateCommand.class, PredictCommand.class, GenerateCommand.class,
                InspectCommand.class, BenchCommand.class})
public final class Main {

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
                .registerConverter(org.rnn4j.nn.CellType.class, Main::cell);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            boolean verbose = parsed.hasMatchedOption("--verbose");
            if (verbose) e.printStackTrace();
            cmd.getErr().println("rnn4j: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        System.exit(cli.execute(args));
    }

    /** --cell: rnn (the simple RNN, tanh), rnn_relu, lstm or gru, in any case. */
    static org.rnn4j.nn.CellType cell(String name) {
        String n = name.toUpperCase(java.util.Locale.ROOT);
        return n.equals("RNN") || n.equals("SIMPLE") ? org.rnn4j.nn.CellType.RNN_TANH : org.rnn4j.nn.CellType.valueOf(n);
    }
}
