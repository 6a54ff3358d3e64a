package org.rnn4j.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.model.Pooling;
import org.rnn4j.nn.Attention;
import org.rnn4j.nn.CellType;
import org.rnn4j.task.ModelOptions;
import org.rnn4j.train.Monitor;
import org.rnn4j.train.Training;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The shared options parse, default and check as every trainer that mixes them in does. */
class OptionsTest {
    @Command(name = "trainer")
    static final class Trainer {
        @Mixin VocabularyOptions vocabulary;
        @Mixin ArchitectureOptions architecture;
        @Mixin TrainingOptions training;
    }

    private static Trainer parse(String... args) {
        Trainer t = new Trainer();
        new CommandLine(t).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        return t;
    }

    @Test
    void theDefaultsAreRnn4jTrains() {
        Trainer t = parse();
        ModelOptions m = t.architecture.toModelOptions("classify", 3, List.of());
        assertEquals(new ModelOptions(CellType.LSTM, 128, 1, false, 64, 0f, Attention.Score.GENERAL, Pooling.LAST, 3, List.of(), null), m);
        Training training = t.training.toTraining(10, Monitor.VAL_LOSS, 1000);
        assertEquals(new Training(10, 32, Training.Method.ADAM, 0.005, 1.0, 5, 0, 10, Monitor.VAL_LOSS, 0, 1000), training);
        assertEquals(1, t.training.seed);
        assertNull(t.vocabulary.tokens);
        assertEquals(1, t.vocabulary.minCount);
        assertEquals(256, t.vocabulary.maxLength);
    }

    @Test
    void aTaggerReadsBothWaysUnlessToldNot() {
        assertTrue(parse().architecture.toModelOptions("tag", 3, List.of()).bidirectional());
        assertFalse(parse("--no-bidirectional").architecture.toModelOptions("tag", 3, List.of()).bidirectional());
        assertFalse(parse().architecture.toModelOptions("lm", 3, List.of()).bidirectional());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("--bidirectional").architecture.toModelOptions("lm", 3, List.of()));
        assertEquals("a lm model writes left to right; it cannot be bidirectional", e.getMessage());
    }

    @Test
    void valuesAreParsedByTheirOptionNames() {
        Trainer t = parse("--cell", "GRU", "--tokens", "chars", "--attention", "none", "--forget-bias", "1", "--optimizer", "sgd", "--lr", "0.1");
        ModelOptions m = t.architecture.toModelOptions("seq2seq", 3, List.of());
        assertEquals(CellType.GRU, m.cell());
        assertNull(m.attention());
        assertEquals(1f, m.forgetBias());
        assertEquals(Tokenizer.CHARS, t.vocabulary.tokens);
        assertEquals(Training.Method.SGD, t.training.toTraining(0, Monitor.TRAIN_LOSS, Training.IN_MEMORY).optimizer());
        CommandLine.ParameterException bad = assertThrows(CommandLine.ParameterException.class, () -> parse("--cell", "bogus"));
        assertTrue(bad.getMessage().contains("expected one of rnn, rnn_relu, lstm, gru"), bad.getMessage());
    }

    @Test
    void aValueOutOfRangeIsRefusedNamingTheOption() {
        assertEquals("--hidden must be between 1 and 16384, got 0", refusal(() -> parse("--hidden", "0").architecture.toModelOptions("classify", 3, List.of())));
        assertEquals("--dropout must be a number ≥ 0 and ≤ 0.99, got 1.0", refusal(() -> parse("--dropout", "1").architecture.toModelOptions("classify", 3, List.of())));
        assertEquals("--forget-bias must be a number ≥ -10 and ≤ 10, got 11.0", refusal(() -> parse("--forget-bias", "11").architecture.toModelOptions("classify", 3, List.of())));
        assertEquals("--attention must be DOT, GENERAL, ADDITIVE or NONE, got \"dotty\"; see rnn4j train --help",
                refusal(() -> parse("--attention", "dotty").architecture.toModelOptions("seq2seq", 3, List.of())));
        assertEquals("--lr must be a number > 0, got 0.0", refusal(() -> parse("--lr", "0").training.toTraining(0, Monitor.TRAIN_LOSS, Training.IN_MEMORY)));
        assertEquals("--epochs must be between 1 and 1000000, got 0", refusal(() -> parse("--epochs", "0").training.toTraining(0, Monitor.TRAIN_LOSS, Training.IN_MEMORY)));
        assertEquals("--lr-decay must be a number > 0 and ≤ 1, got NaN", refusal(() -> parse("--lr-decay", "NaN").training.toTraining(0, Monitor.TRAIN_LOSS, Training.IN_MEMORY)));
        assertEquals("--min-count must be between 1 and 2147483647, got 0", refusal(() -> parse("--min-count", "0").vocabulary.check()));
    }

    private static String refusal(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }
}
