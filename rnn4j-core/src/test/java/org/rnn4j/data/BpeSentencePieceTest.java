package org.rnn4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rnn4j's BPE against SentencePiece's (Debian's sentencepiece, {@code spm_train --model_type=bpe}) on the same text:
 * 1,000 verses of the World English Bible and the same verses of the Reina-Valera 1909, 1,000 tokens each, byte
 * fallback on both: the tokens per word of the text differ by less than 1% (the aim is 5%).
 */
class BpeSentencePieceTest {
    @TempDir Path dir;

    @Test
    void tokensPerWordAsSentencePiece() throws Exception {
        Assumptions.assumeTrue(onPath("spm_train") && onPath("spm_encode"), "spm_train is not installed (Debian's sentencepiece); skipping the comparison");
        List<String> rows = Files.readAllLines(Path.of(BpeSentencePieceTest.class.getResource("/bpe/bible-1000.tsv").toURI()));
        for (int column = 0; column < 2; column++) {
            final int c = column;
            List<String> text = rows.stream().map(r -> r.split("\t")[c]).toList();
            Path file = dir.resolve("text-" + c + ".txt");
            Files.write(file, text);
            run("spm_train", "--input=" + file, "--model_prefix=" + dir.resolve("spm-" + c), "--vocab_size=1000", "--model_type=bpe", "--byte_fallback=true",
                    "--character_coverage=0.9995");
            Path pieces = dir.resolve("pieces-" + c + ".txt");
            new ProcessBuilder("spm_encode", "--model=" + dir.resolve("spm-" + c + ".model")).redirectInput(file.toFile()).redirectOutput(pieces.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            long spm = Files.readAllLines(pieces).stream().mapToLong(l -> l.isBlank() ? 0 : l.trim().split(" +").length).sum();

            Tokenizer untrained = Tokenizer.parse("bpe:1000");
            Map<String, Long> words = new TreeMap<>();
            for (String line : text) for (String u : untrained.units(line)) words.merge(u, 1L, Long::sum);
            Bpe bpe = (Bpe) untrained.fit(words);
            long ours = text.stream().mapToLong(l -> bpe.tokenize(l).size()).sum(), wordCount = text.stream().mapToLong(l -> l.trim().split("\\s+").length).sum();
            double ratio = (double) ours / spm;
            assertTrue(Math.abs(ratio - 1) < 0.01, (c == 0 ? "English" : "Spanish") + ": rnn4j " + ours + " tokens, SentencePiece " + spm + " for " + wordCount + " words");
            assertEquals(1000, bpe.vocabulary().size());
        }
    }

    private void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + Files.readString(dir.resolve("log.txt")));
    }

    private static boolean onPath(String program) {
        return java.util.Arrays.stream(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }
}
