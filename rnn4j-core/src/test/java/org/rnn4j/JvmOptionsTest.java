package org.rnn4j;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@code -XX:CompileCommand} of jvm.options names methods that exist: HotSpot ignores a pattern that matches
 * nothing (and {@code quiet} hides it), so a renamed kernel would silently lose its inlining decision.
 */
class JvmOptionsTest {
    static final Pattern COMMAND = Pattern.compile("-XX:CompileCommand=(\\w+),([\\w.]+)::([\\w*]+)(\\(.*)?");

    @Test
    void everyCompileCommandMatchesARealMethod() throws IOException, ClassNotFoundException {
        List<String> commands = Files.readAllLines(Path.of("../jvm.options")).stream().map(String::strip).filter(l -> COMMAND.matcher(l).matches()).toList();
        assertTrue(commands.size() >= 4, "jvm.options holds its compile commands (found " + commands.size() + ")");
        List<String> dangling = new ArrayList<>();
        for (String line : commands) if (!matchesAMethod(line)) dangling.add(line);
        assertTrue(dangling.isEmpty(), "compile commands that match no method:\n" + String.join("\n", dangling));
    }

    @Test
    void aRenamedMethodOrAWrongSignatureIsCaught() throws ClassNotFoundException {
        assertFalse(matchesAMethod("-XX:CompileCommand=inline,org.rnn4j.tensor.VectorKernels::noSuchKernel*"));
        assertFalse(matchesAMethod("-XX:CompileCommand=inline,org.rnn4j.tensor.VectorMath::clamp(I)I"));
        assertTrue(matchesAMethod("-XX:CompileCommand=inline,org.rnn4j.tensor.VectorMath::clamp"));
    }

    /** Whether a {@code -XX:CompileCommand=KIND,CLASS::NAME[DESCRIPTOR]} line matches a method of CLASS. */
    static boolean matchesAMethod(String line) throws ClassNotFoundException {
        Matcher m = COMMAND.matcher(line);
        if (!m.matches()) throw new IllegalArgumentException("not a compile command: " + line);
        Class<?> owner = Class.forName(m.group(2), false, JvmOptionsTest.class.getClassLoader());
        Pattern name = Pattern.compile(m.group(3).replace("*", "\\w*"));
        String signature = m.group(4);
        return Arrays.stream(owner.getDeclaredMethods())
                .anyMatch(method -> name.matcher(method.getName()).matches() && (signature == null || signature.equals(descriptor(method))));
    }

    private static String descriptor(Method m) {
        return MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString();
    }
}
