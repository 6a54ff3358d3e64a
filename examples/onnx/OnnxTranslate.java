import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An encoder-decoder exported by {@code rnn4j export --onnx MODEL NAME.onnx} (NAME-encoder.onnx, NAME-decoder.onnx)
 * decoding greedily in ONNX Runtime, with nothing of rnn4j: the encoder reads the source once; the decoder runs a
 * step per token from the begin token, each time taking the most likely next token and the state it returns, until
 * the end token.
 *
 * <p>{@code examples/onnx/translate out/numbers-encoder.onnx out/numbers-decoder.onnx "7 4 3"} prints the same
 * translation as {@code echo "7 4 3" | rnn4j predict --model out/numbers.safetensors}.
 */
public class OnnxTranslate {
    public static void main(String[] args) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession encoder = env.createSession(args[0], new OrtSession.SessionOptions());
             OrtSession decoder = env.createSession(args[1], new OrtSession.SessionOptions())) {
            Map<String, String> meta = encoder.getMetadata().getCustomMetadata();
            ObjectMapper json = new ObjectMapper();
            List<String> source = List.of(json.readValue(meta.get("vocabulary"), String[].class));
            List<String> target = List.of(json.readValue(meta.get("target_vocabulary"), String[].class));
            long bos = Long.parseLong(meta.get("bos")), eos = Long.parseLong(meta.get("eos"));
            Map<String, Integer> ids = new HashMap<>();
            for (int i = 0; i < source.size(); i++) ids.put(source.get(i), i);
            for (int a = 2; a < args.length; a++) {
                List<String> tokens = OnnxPredict.tokenize(args[a], meta.get("tokenizer"));
                long[] row = new long[Math.max(1, tokens.size())];
                for (int t = 0; t < tokens.size(); t++) row[t] = ids.getOrDefault(tokens.get(t), 1);      // 1: <unk>
                Map<String, OnnxTensor> state = new HashMap<>();
                try (OrtSession.Result encoded = encoder.run(Map.of("tokens", OnnxTensor.createTensor(env, LongBuffer.wrap(row), new long[] {1, row.length}),
                        "lengths", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {tokens.size()}), new long[] {1})))) {
                    for (String name : List.of("memory", "h", "c")) {
                        if (encoded.get(name).isPresent()) state.put(name, copy(env, (OnnxTensor) encoded.get(name).get()));
                    }
                }
                state.put("source_lengths", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {tokens.size()}), new long[] {1}));
                List<String> words = new ArrayList<>();
                long token = bos;
                for (int step = 0; step < 100; step++) {
                    Map<String, OnnxTensor> in = new HashMap<>(state);
                    in.put("token", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {token}), new long[] {1}));
                    in.keySet().retainAll(decoder.getInputNames());
                    try (OrtSession.Result out = decoder.run(in)) {
                        float[] logits = ((float[][]) out.get("logits").get().getValue())[0];
                        token = 0;
                        for (int v = 1; v < logits.length; v++) if (logits[v] > logits[(int) token]) token = v;
                        state.put("h", copy(env, (OnnxTensor) out.get("h_next").get()));
                        if (out.get("c_next").isPresent()) state.put("c", copy(env, (OnnxTensor) out.get("c_next").get()));
                    }
                    if (token == eos) break;
                    words.add(target.get((int) token));
                }
                System.out.println(String.join("CHARS".equals(meta.get("target_tokenizer")) ? "" : " ", words));
            }
        }
    }

    /** A float tensor that outlives the result it came from. */
    private static OnnxTensor copy(OrtEnvironment env, OnnxTensor t) throws Exception {
        FloatBuffer b = t.getFloatBuffer();
        return OnnxTensor.createTensor(env, b, t.getInfo().getShape());
    }
}
