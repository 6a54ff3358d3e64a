package org.rnn4j.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * BLEU and chrF as sacreBLEU computes them. BLEU: the 13a tokens and the corpus scores of four corpora (English,
 * Spanish with «», ¿ and accents, numbers with commas, points and dashes, markup characters) equal those of NLTK's
 * corpus_bleu on the tokens of a Python 13a tokenizer ({@code tools/make_bleu_fixtures.py}). chrF: sacreBLEU's own
 * scores of the examples its Hugging Face metric card prints.
 */
class SacreBleuTest {
    @Test
    void bleuIsNltksCorpusBleuOn13aTokens() throws Exception {
        JsonNode fixtures;
        try (InputStream in = SacreBleuTest.class.getResourceAsStream("/bleu/nltk.json")) {
            fixtures = new ObjectMapper().readTree(in);
        }
        int corpora = 0;
        for (JsonNode c : fixtures.get("corpora")) {
            List<String> hyps = texts(c.get("hypotheses")), refs = texts(c.get("references"));
            c.get("tokens").fields().forEachRemaining(e -> assertEquals(texts(e.getValue()), SacreBleu.tokenize13a(e.getKey()), e.getKey()));
            assertEquals(c.get("bleu").asDouble(), SacreBleu.bleu(refs, hyps), 1e-9, hyps.toString());
            corpora++;
        }
        assertEquals(4, corpora);
    }

    @Test
    void chrfIsSacreBleusOnItsOwnExamples() {
        assertEquals(61.576379378113785, SacreBleu.chrf(List.of("The ties between Obama and Netanyahu are not particularly friendly."),
                List.of("The relationship between Obama and Netanyahu is not exactly friendly.")), 1e-9);
        assertEquals(84.64214891738334, SacreBleu.chrf(List.of("The relationship between dogs and cats is not exactly friendly.", "A good bookshop is just a genteel Black Hole that knows how to read."),
                List.of("The relationship between cats and dogs is not exactly friendly.", "a good bookshop is just a genteel black hole that knows how to read.")), 1e-9);
    }

    @Test
    void perfectAndEmptyTranslations() {
        List<String> refs = List.of("In the beginning God created the heavens and the earth.", "Jesus wept.");
        assertEquals(100, SacreBleu.bleu(refs, refs), 1e-9);
        assertEquals(100, SacreBleu.chrf(refs, refs), 1e-9);
        assertEquals(0, SacreBleu.bleu(refs, List.of("", "")));
        assertEquals(0, SacreBleu.chrf(refs, List.of("", "")));
        double shorter = SacreBleu.bleu(refs, List.of("In the beginning God created the heavens.", "Jesus wept."));
        assertTrue(shorter > 0 && shorter < 100, "a shorter translation pays the brevity penalty: " + shorter);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
