import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.LongBuffer;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A text classifier exported by {@code rnn4j export --onnx}, run in ONNX Runtime with nothing of rnn4j: the file's
 * metadata gives the vocabulary, the tokenizer and the labels; the graph takes {@code tokens} [batch, steps] and
 * {@code lengths} [batch] and gives each class's probability in {@code output} [batch, classes].
 *
 * <p>{@code examples/onnx/predict MODEL.onnx "the acting was not bad"} prints each text's most likely label and the
 * probabilities, as {@code rnn4j predict} does.
 */
public class OnnxPredict {
    public static void main(String[] args) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(args[0], new OrtSession.SessionOptions())) {
            Map<String, String> meta = session.getMetadata().getCustomMetadata();
            ObjectMapper json = new ObjectMapper();
            List<String> vocabulary = List.of(json.readValue(meta.get("vocabulary"), String[].class));
            List<String> labels = List.of(json.readValue(meta.get("labels"), String[].class));
            Map<String, Integer> ids = new HashMap<>();
            for (int i = 0; i < vocabulary.size(); i++) ids.put(vocabulary.get(i), i);
            for (int a = 1; a < args.length; a++) {
                List<String> tokens = tokenize(args[a], meta.get("tokenizer"));
                long[] row = new long[Math.max(1, tokens.size())];
                for (int t = 0; t < tokens.size(); t++) row[t] = ids.getOrDefault(tokens.get(t), 1);      // 1: <unk>
                try (OnnxTensor x = OnnxTensor.createTensor(env, LongBuffer.wrap(row), new long[] {1, row.length});
                     OnnxTensor lengths = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {tokens.size()}), new long[] {1});
                     OrtSession.Result result = session.run(Map.of("tokens", x, "lengths", lengths))) {
                    float[] p = ((float[][]) result.get("output").get().getValue())[0];
                    int best = 0;
                    for (int c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
                    StringBuilder line = new StringBuilder(labels.get(best) + "\t");
                    for (int c = 0; c < p.length; c++) line.append(String.format(Locale.ROOT, " p(%s) = %.6f", labels.get(c), p[c]));
                    System.out.println(line + "\t" + args[a]);
                }
            }
        }
    }

    /**
     * rnn4j's tokenizers: WORDS lower-cases the NFKC form and keeps runs of letters and digits (an apostrophe inside
     * one, as in "don't") and single other characters; SPLIT splits on whitespace; CHARS gives each code point.
     */
    static List<String> tokenize(String text, String tokenizer) {
        List<String> out = new ArrayList<>();
        switch (tokenizer) {
            case "CHARS" -> text.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            case "SPLIT" -> {
                for (String t : text.trim().split("\\s+")) if (!t.isEmpty()) out.add(t);
            }
            default -> {
                String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
                int i = 0;
                while (i < s.length()) {
                    int cp = s.codePointAt(i);
                    if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                        i += Character.charCount(cp);
                    } else if (Character.isLetterOrDigit(cp)) {
                        int j = i;
                        while (j < s.length()) {
                            int c = s.codePointAt(j);
                            if (Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK) j += Character.charCount(c);
                            else if ((c == '\'' || c == '\u2019') && j + 1 < s.length() && Character.isLetterOrDigit(s.codePointAt(j + 1))) j++;
                            else break;
                        }
                        out.add(s.substring(i, j));
                        i = j;
                    } else {
                        out.add(new String(Character.toChars(cp)));
                        i += Character.charCount(cp);
                    }
                }
            }
        }
        return out;
    }
}
