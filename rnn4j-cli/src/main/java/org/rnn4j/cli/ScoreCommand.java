package org.rnn4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rnn4j.data.LineReader;
import org.rnn4j.task.SacreBleu;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rnn4j score}: sacreBLEU's corpus BLEU and chrF of a file of translations against a file of references, line
 * by line; for translations made by anything (a baseline, another toolkit), scored as {@code evaluate} scores a model's.
 */
@Command(name = "score", mixinStandardHelpOptions = true, description = "BLEU and chrF (sacreBLEU's defaults) of translations against references, one per line.")
final class ScoreCommand implements Callable<Integer> {
    @Option(names = "--references", required = true, paramLabel = "FILE", description = "The reference translations, one per line (a TSV line's last column).") Path references;
    @Option(names = "--translations", required = true, paramLabel = "FILE", description = "The translations to score, one per line, in the same order (a TSV line's last column).") Path translations;
    @Option(names = "--verbose", description = "Show stack traces of failures.") boolean verbose;

    @Override
    public Integer call() {
        Require.readable("--references", references);
        Require.readable("--translations", translations);
        List<String> refs = lines(references), hyps = lines(translations);
        if (refs.size() != hyps.size()) {
            throw new IllegalArgumentException("--translations " + translations + " has " + hyps.size() + " lines and --references " + references + " has " + refs.size() + "; each translation needs its reference on the same line");
        }
        System.out.printf("BLEU %.2f  chrF %.2f  (%,d lines; sacreBLEU's defaults: 13a tokens, 4-grams, brevity penalty; chrF 6, beta 2)%n",
                SacreBleu.bleu(refs, hyps), SacreBleu.chrf(refs, hyps), refs.size());
        return 0;
    }

    private static List<String> lines(Path file) {
        try (var s = LineReader.lines(file)) {
            return s.map(l -> l.text().contains("\t") ? l.text().substring(l.text().lastIndexOf('\t') + 1) : l.text()).toList();
        }
    }
}
