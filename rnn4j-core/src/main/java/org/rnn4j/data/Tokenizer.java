package org.rnn4j.data;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into tokens.
 * <ul>
 *   <li>{@link #CHARS}: one token per Unicode code point, text unchanged (character language models, spelling,
 *       grapheme-to-phoneme).</li>
 *   <li>{@link #WORDS}: the text is NFKC-normalised and lower-cased; a token is a run of letters and digits (with
 *       apostrophes inside, as in "don't"), or a single other visible character (punctuation); whitespace
 *       separates and is dropped. "The plot, wasn't GOOD!" → the, plot, ",", wasn't, good, "!".</li>
 *   <li>{@link #SPLIT}: pre-tokenised text, split on whitespace, unchanged.</li>
 * </ul>
 */
public enum Tokenizer {
    CHARS, WORDS, SPLIT;

    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        switch (this) {
            case CHARS -> text.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            case SPLIT -> {
                for (String t : text.trim().split("\\s+")) if (!t.isEmpty()) out.add(t);
            }
            case WORDS -> words(Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT), out);
        }
        return out;
    }

    /** How tokens are put back together: nothing between characters, a space between words. */
    public String join(List<String> tokens) {
        return String.join(this == CHARS ? "" : " ", tokens);
    }

    private static void words(String s, List<String> out) {
        int i = 0, n = s.length();
        while (i < n) {
            int cp = s.codePointAt(i);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                i += Character.charCount(cp);
            } else if (Character.isLetterOrDigit(cp)) {
                int j = i;
                while (j < n) {
                    int c = s.codePointAt(j);
                    if (Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK) {
                        j += Character.charCount(c);
                    } else if ((c == '\'' || c == '\u2019') && j + 1 < n && Character.isLetterOrDigit(s.codePointAt(j + 1))) {
                        j++;
                    } else {
                        break;
                    }
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
