package org.rnn4j.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.data.DataException;
import org.rnn4j.data.JsonlReader;

/**
 * Generated strings against the number and JSON policies: each either parses to a finite float32 (or a strict
 * object whose numbers are finite float32s) or fails with a message that names the place. The number rule is
 * checked against an independent reference, {@link BigDecimal}'s grammar, which has no NaN, no Infinity, no
 * {@code f} suffix and no hexadecimal.
 */
class ParseFuzzTest {
    private static final String NUMBER_CHARS = "0123456789+-.eE fdxpNaInity_,";
    private static final String[] JSON_TOKENS = {"{", "}", "[", "]", "\"x\"", "\"y\"", "\"a\"", ":", ",", " ", "1", "-2.5", "1e39", "3.4e38", "NaN", "Infinity",
            "true", "null", "0x10", "1.", ".5", "'x'", "//", "{\"x\": [[1, 2]], \"y\": \"a\"}", "[[1,2],[3,4]]"};

    @Test
    void numbersAreDecimalAndFiniteFloat32OrRefused() {
        SplittableRandom rng = new SplittableRandom(26);
        int accepted = 0;
        for (int i = 0; i < 50_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = rng.nextInt(1, 12); n > 0; n--) s.append(NUMBER_CHARS.charAt(rng.nextInt(NUMBER_CHARS.length())));
            if (rng.nextInt(10) == 0) s.append("e").append(rng.nextInt(30, 50));       // near float32's overflow
            String text = s.toString();
            boolean reference = reference(text);
            try {
                float v = Numbers.float32(text);
                accepted++;
                assertTrue(reference, "accepted what is no decimal float32: \"" + text + "\"");
                assertTrue(Float.isFinite(v), text);
                assertEquals(Float.parseFloat(text), v, text);
                assertTrue(Numbers.isFloat32(text), text);
            } catch (NumberFormatException e) {
                assertFalse(reference, "refused a decimal float32: \"" + text + "\": " + e.getMessage());
                assertFalse(Numbers.isFloat32(text), text);
                assertTrue(e.getMessage().contains(Numbers.clip(text)) || e.getMessage().contains(text), "the message shows the value: " + e.getMessage());
            }
        }
        assertTrue(accepted > 1000, "the generator makes numbers too: " + accepted);
    }

    /** Decimal by BigDecimal's grammar (without its own leading-sign-only quirks) and finite as a float32. */
    private static boolean reference(String s) {
        if (s.isEmpty() || s.length() > 100 || !s.chars().allMatch(c -> "0123456789+-.eE".indexOf(c) >= 0)) return false;
        try {
            new BigDecimal(s);
        } catch (NumberFormatException e) {
            return false;
        }
        return Float.isFinite(Float.parseFloat(s));
    }

    @Test
    void jsonLinesAreStrictObjectsOfFiniteNumbersOrRefusedAtTheirLine() {
        SplittableRandom rng = new SplittableRandom(27);
        ObjectMapper lenient = new ObjectMapper();
        Path file = Path.of("fuzz.jsonl");
        int objects = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            if (rng.nextBoolean()) {                                     // token soup
                for (int n = rng.nextInt(1, 10); n > 0; n--) s.append(JSON_TOKENS[rng.nextInt(JSON_TOKENS.length)]);
            } else {                                                     // a valid line with a token put in or a character taken out
                s.append("{\"x\": [[1.5, -2], [3e2, 0.25]], \"y\": \"a\"}");
                for (int n = rng.nextInt(0, 3); n > 0; n--) {
                    int at = rng.nextInt(s.length());
                    if (rng.nextBoolean()) s.insert(at, JSON_TOKENS[rng.nextInt(JSON_TOKENS.length)]);
                    else s.deleteCharAt(at);
                }
            }
            String text = s.toString();
            long line = rng.nextInt(1, 1000);
            JsonlReader.Example e;
            try {
                e = JsonlReader.parse(text, file, line);
            } catch (DataException d) {
                assertTrue(d.getMessage().startsWith(file + ":" + line + ": "), d.getMessage());
                continue;
            }
            objects++;
            JsonNode strict = StrictJson.tree(text);
            try {
                assertEquals(lenient.readTree(text), strict, "strict and lenient readings agree on what strict accepts: " + text);
            } catch (com.fasterxml.jackson.core.JsonProcessingException x) {
                fail("accepted what Jackson's defaults refuse: " + text);
            }
            try {
                for (float[] step : e.sequence()) for (float v : step) assertTrue(Float.isFinite(v), text);
            } catch (DataException d) {
                assertTrue(d.getMessage().startsWith(file + ":" + line + ": "), d.getMessage());
            }
        }
        assertTrue(objects > 1000, "the generator makes objects too: " + objects);
    }

    @Test
    void strictJsonRefusesWhatLenientJsonTakes() {
        for (String text : new String[] {"{\"a\":1,\"a\":2}", "{\"a\":1} {}", "{\"a\":1} x", "{\"a\":NaN}", "{\"a\":1,}", "{'a':1}", "{\"a\":1} // c", "[1] [2]"}) {
            try {
                StrictJson.tree(text);
                fail("accepted " + text);
            } catch (IllegalArgumentException e) {
                assertFalse(e.getMessage().isBlank(), text);
            }
        }
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 100; i++) deep.append('[');
        try {
            StrictJson.tree(deep.toString());
            fail("accepted 100 levels");
        } catch (IllegalArgumentException e) {
            assertFalse(e.getMessage().isBlank());
        }
    }

    record Sizes(int vocab, float scale) {}

    @Test
    void recordsAreReadWithoutCoercion() throws Exception {
        assertEquals(new Sizes(35, 1.5f), StrictJson.MAPPER.readValue("{\"vocab\":35,\"scale\":1.5}", Sizes.class));
        for (String text : new String[] {"{\"vocab\":35.5,\"scale\":1}", "{\"vocab\":\"35\",\"scale\":1}", "{\"vocab\":35,\"scale\":\"1\"}", "{\"vocab\":null,\"scale\":1}",
                "{\"vocab\":35,\"scale\":1,\"other\":2}", "{\"vocab\":35,\"vocab\":36,\"scale\":1}"}) {
            try {
                StrictJson.MAPPER.readValue(text, Sizes.class);
                fail("accepted " + text);
            } catch (com.fasterxml.jackson.core.JsonProcessingException expected) {
                // refused, as it should be
            }
        }
    }
}
