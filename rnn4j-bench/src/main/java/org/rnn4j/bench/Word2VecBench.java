package org.rnn4j.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rnn4j.data.LineReader;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.embed.Corpus;
import org.rnn4j.embed.Embeddings;
import org.rnn4j.embed.PlantedCorpus;
import org.rnn4j.embed.Word2Vec;
import org.rnn4j.tensor.Compute;

/**
 * rnn4j's word2vec beside fastText's (Debian's {@code fasttext}, with {@code -minn 0 -maxn 0}: no subword
 * n-grams, which makes it plain word2vec), on the same tokens, settings and threads.
 *
 * <ul>
 *   <li>Speed: both train on the given corpus, tokenised once by rnn4j's word tokeniser and written out, so
 *       both see the same words. rnn4j's words/s is the corpus's words times epochs over the training time;
 *       fastText's is the figure it prints (words/sec/thread, times threads; it counts one end-of-line token per
 *       line as a word too).</li>
 *   <li>Quality: both train on {@link PlantedCorpus#standard} (30,000 lines) and are scored by the same code:
 *       the share of each word's 5 nearest neighbours in its class, and the share of planted analogies solved.</li>
 * </ul>
 *
 * <p>Usage: {@code Word2VecBench CORPUS [dim window negative minCount epochs sample threads,...]} (defaults 50 5 5 5 5 1e-4 1,2).
 */
public final class Word2VecBench {
    private Word2VecBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: Word2VecBench CORPUS [dim window negative minCount epochs sample threads,...]");
            System.exit(2);
        }
        Path corpus = Path.of(args[0]);
        int dim = arg(args, 1, 50), window = arg(args, 2, 5), negative = arg(args, 3, 5), minCount = arg(args, 4, 5), epochs = arg(args, 5, 5);
        double sample = args.length > 6 ? Double.parseDouble(args[6]) : 1e-4;
        List<Integer> threads = new ArrayList<>();
        for (String t : (args.length > 7 ? args[7] : "1,2").split(",")) threads.add(Integer.parseInt(t));

        Path dir = Files.createTempDirectory("word2vec-bench");
        Path tokens = dir.resolve("tokens.txt"), planted = dir.resolve("planted.txt");
        tokenise(corpus, tokens);
        PlantedCorpus text = PlantedCorpus.standard(30_000, new SplittableRandom(11));
        try (BufferedWriter w = Files.newBufferedWriter(planted, StandardCharsets.UTF_8)) {
            for (List<String> line : text.lines()) w.write(String.join(" ", line) + "\n");
        }
        Corpus words = Corpus.read(tokens, minCount), plantedWords = Corpus.read(planted, minCount);
        System.out.printf("corpus %s: %,d words after tokenising; dim %d, window %d, negative %d, min count %d, %d epochs, t %.0e%n",
                corpus, words.size(), dim, window, negative, minCount, epochs, sample);
        System.out.println("fastText: " + version());
        System.out.println();
        System.out.println("| model | threads | rnn4j words/s | fastText words/s | ratio | rnn4j planted: neighbours / analogies | fastText planted: neighbours / analogies |");
        System.out.println("|---|---:|---:|---:|---:|---|---|");
        for (Word2Vec.Architecture a : Word2Vec.Architecture.values()) {
            for (int t : threads) {
                var d = Word2Vec.Config.defaults(a);
                var config = new Word2Vec.Config(a, dim, window, negative, minCount, epochs, sample, d.learningRate(), t);
                double ours = rnn4jSpeed(config, words);
                double theirs = fastTextSpeed(config, tokens, dir);
                PlantedCorpus.Scores ourScores = text.score(new Word2Vec(config, Compute.bestKernels()).train(plantedWords, new SplittableRandom(1), null), 5);
                fastText(config, planted, dir.resolve("planted-ft"));
                PlantedCorpus.Scores theirScores = text.score(Embeddings.read(dir.resolve("planted-ft.vec")), 5);
                System.out.printf("| %s | %d | %,.0f | %,.0f | %.2f | %.3f / %.3f | %.3f / %.3f |%n", a == Word2Vec.Architecture.CBOW ? "CBOW" : "skip-gram", t,
                        ours, theirs, ours / theirs, ourScores.neighbourShare(), ourScores.analogyAccuracy(), theirScores.neighbourShare(), theirScores.analogyAccuracy());
            }
        }
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }

    /** The corpus as rnn4j's word tokeniser splits it, one line per line, tokens separated by spaces. */
    private static void tokenise(Path in, Path out) throws IOException {
        try (var lines = LineReader.lines(in); BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (var l : (Iterable<LineReader.Line>) lines::iterator) w.write(String.join(" ", Tokenizer.WORDS.tokenize(l.text())) + "\n");
        }
    }

    /** Words per second of rnn4j's training (reading the file not included), the better of two runs. */
    private static double rnn4jSpeed(Word2Vec.Config config, Corpus c) {
        double best = 0;
        for (int run = 0; run < 2; run++) {
            long t0 = System.nanoTime();
            new Word2Vec(config, Compute.bestKernels()).train(c, new SplittableRandom(1 + run), null);
            best = Math.max(best, (double) config.epochs() * c.size() / ((System.nanoTime() - t0) / 1e9));
        }
        return best;
    }

    /** fastText's own words/s (its words/sec/thread times threads), the better of two runs. */
    private static double fastTextSpeed(Word2Vec.Config config, Path tokens, Path dir) throws Exception {
        double best = 0;
        for (int run = 0; run < 2; run++) best = Math.max(best, fastText(config, tokens, dir.resolve("speed")));
        return best;
    }

    private static final Pattern SPEED = Pattern.compile("words/sec/thread:\\s*(\\d+)");

    /** Runs fastText as plain word2vec with rnn4j's settings; returns its last words/sec/thread times threads. */
    private static double fastText(Word2Vec.Config c, Path input, Path output) throws Exception {
        List<String> cmd = List.of("fasttext", c.architecture() == Word2Vec.Architecture.CBOW ? "cbow" : "skipgram", "-input", input.toString(), "-output", output.toString(),
                "-dim", "" + c.dim(), "-ws", "" + c.window(), "-neg", "" + c.negative(), "-minCount", "" + c.minCount(), "-epoch", "" + c.epochs(),
                "-t", "" + c.sample(), "-lr", "" + c.learningRate(), "-thread", "" + c.threads(), "-minn", "0", "-maxn", "0", "-verbose", "2");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("fasttext failed (install it: apt-get install fasttext):\n" + out);
        Matcher m = SPEED.matcher(out);
        double speed = Double.NaN;
        while (m.find()) speed = Double.parseDouble(m.group(1));
        return speed * c.threads();
    }

    private static String version() {
        try {
            Process p = new ProcessBuilder("dpkg-query", "-W", "-f", "${Version}", "fasttext").redirectErrorStream(true).start();
            return "Debian fasttext " + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "unknown version";
        }
    }
}
