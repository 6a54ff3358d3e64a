package org.rnn4j.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code rnn4j} command: one subcommand per job. Exit codes: 0 done, 1 failure, 2 bad usage or input. */
@Command(name = "rnn4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Recurrent neural networks for the JVM.",
        subcommands = {QuickstartCommand.class, TrainCommand.class, EvaluateCommand.class, PredictCommand.class, GenerateCommand.class,
                InspectCommand.class, QuantizeCommand.class, ExportCommand.class, ImportCommand.class, VectorsCommand.class, ScoreCommand.class, BenchCommand.class, ServeCommand.class})
public final class Main {

    /** {@code rnn4j --version}: the version model files record, from its one place. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() { return new String[] {"rnn4j " + org.rnn4j.model.Models.RNN4J_VERSION}; }
    }

    public static void main(String[] args) {
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> fail(e, verbose));      // a worker thread's error: one line too
        CommandLine cli = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
                .registerConverter(org.rnn4j.nn.CellType.class, new org.rnn4j.options.Cells());
        cli.setParameterExceptionHandler(Main::usageError);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (verbose) e.printStackTrace();
            cmd.getErr().println("rnn4j: " + message(e));
            return e instanceof IllegalArgumentException || e instanceof java.io.FileNotFoundException ? 2 : 1;
        });
        int code;
        try {
            code = cli.execute(args);
        } catch (Error e) {
            fail(e, verbose);
            return;
        }
        System.exit(code);
    }

    /**
     * A mistyped command line: one line naming the option, the bad value and what it accepts, and where the full
     * usage is, instead of the whole usage text (exit 2).
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String message = e.getMessage() == null ? "bad usage" : e.getMessage().lines().findFirst().orElse("bad usage");
        if (e instanceof CommandLine.UnmatchedArgumentException u) {
            List<String> suggestions = u.getSuggestions();
            if (!suggestions.isEmpty()) message += " (did you mean " + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size()))) + "?)";
        }
        cmd.getErr().println("rnn4j: " + message + "; see " + cmd.getCommandSpec().qualifiedName() + " --help");
        return 2;
    }

    /** What went wrong, in one line: the message of a check, or the kind of an unexpected failure. */
    static String message(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + e.getMessage() + "); use a smaller --batch, --hidden, --layers or --max-length, or give Java more with RNN4J_JAVA_OPTS=-Xmx...";
        }
        if (e instanceof java.nio.file.FileSystemException f) {
            String reason = f instanceof java.nio.file.NoSuchFileException ? "no such file" : f instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
            return f.getFile() + ": " + reason + (f.getOtherFile() != null ? " (" + f.getOtherFile() + ")" : "");
        }
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof java.io.IOException) {
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
        return "internal error: " + e + " (run with --verbose for the stack trace and report it)";
    }

    /** Reports an error that escaped the command on one line and ends the process with exit code 1. */
    private static void fail(Throwable e, boolean verbose) {
        if (verbose) e.printStackTrace();
        System.err.println("rnn4j: " + message(e));
        System.err.flush();
        Runtime.getRuntime().halt(1);
    }
}
