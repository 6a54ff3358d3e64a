package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The runnable examples in examples/java compile against the library, show their training as it goes and print what they promise. */
class ExamplesTest {
    @TempDir Path classes;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "MovieReviews|movie was not good     p(positive) = 0.0",
            "RunningParity|streamed one bit at a time: 1 1 0 1 1 0",
            "CountToN|n = 5: 1 2 3 4 5 ",
            "ReverseStrings|fedcba   → abcdef",
            "BagOfWordsBaseline|many-to-one LSTM 1.00"})
    void exampleRunsAndPrints(String name, String expected) throws Exception {
        Path source = Path.of("../examples/java", name + ".java");
        assertTrue(Files.exists(source), source + " exists");
        var compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = compiler.run(null, null, diagnostics, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                "--add-modules", "jdk.incubator.vector", source.toString());
        assertEquals(0, rc, "compiling " + source + ":\n" + diagnostics.toString(StandardCharsets.UTF_8));
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            loader.loadClass(name).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(stdout);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains(expected), name + " printed:\n" + out);
        assertTrue(out.lines().anyMatch(l -> l.matches("epoch 1/\\d+  train loss [0-9.]+  [0-9.]+ s")), name + " shows its training as it goes:\n" + out);
    }
}
