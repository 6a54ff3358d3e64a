package org.rnn4j.onnx;

import java.util.LinkedHashMap;
import java.util.Map;
import onnx.Onnx.ModelProto;
import org.rnn4j.model.ManyToMany;
import org.rnn4j.model.ManyToOne;
import org.rnn4j.model.Model;
import org.rnn4j.model.OneToMany;
import org.rnn4j.model.OneToOne;
import org.rnn4j.model.Seq2Seq;
import org.rnn4j.nn.Param;
import org.rnn4j.tensor.Tensor;

/** Each model kind's graphs, by part ("" for a single graph). */
final class Graphs {
    private Graphs() {}

    static Map<String, ModelProto> of(Model<?, ?> model, Map<String, String> metadata) {
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (Param p : model.params()) weights.put(p.name(), p.value());
        Map<String, ModelProto> out = new LinkedHashMap<>();
        Record config = model.config();
        if (config instanceof ManyToOne.Config c) {
            OnnxGraph g = new OnnxGraph("rnn4j_many_to_one");
            ManyToOneGraph.add(g, c, weights);
            out.put("", g.model("many-to-one: tokens (or features) [batch, steps] and lengths [batch] → output [batch, width]", metadata));
        } else if (config instanceof OneToOne.Config c) {
            OnnxGraph g = new OnnxGraph("rnn4j_one_to_one");
            OneToOneGraph.add(g, c, weights);
            out.put("", g.model("one-to-one: features [batch, F] → output [batch, width]", metadata));
        } else if (config instanceof ManyToMany.Config c) {
            OnnxGraph g = new OnnxGraph("rnn4j_many_to_many");
            ManyToManyGraph.add(g, c, weights);
            out.put("", g.model("many-to-many: tokens (or features) [batch, steps] and lengths [batch] → logits [batch, steps, classes]"
                    + (ManyToManyGraph.generates(c) ? "; the state h0 (c0) [layers, batch, hidden] → h (c)" : ""), metadata));
        } else if (config instanceof Seq2Seq.Config c) {
            metadata = withTokens(metadata, c.bos(), c.eos());
            OnnxGraph encoder = new OnnxGraph("rnn4j_seq2seq_encoder"), decoder = new OnnxGraph("rnn4j_seq2seq_decoder");
            Seq2SeqGraph.encoder(encoder, c, weights);
            Seq2SeqGraph.decoder(decoder, c, weights);
            out.put("encoder", encoder.model("seq2seq encoder: the source [batch, steps] and lengths [batch] → memory [batch, steps, width] and the decoder's first state h (c)", metadata));
            out.put("decoder", decoder.model("seq2seq decoder, one step: token [batch] (bos first), h (c)" + (c.attention() != null ? ", memory, source_lengths" : "")
                    + " → logits [batch, V], h_next (c_next); bos " + c.bos() + ", eos " + c.eos(), metadata));
        } else if (config instanceof OneToMany.Config c) {
            metadata = withTokens(metadata, c.bos(), c.eos());
            OnnxGraph encoder = new OnnxGraph("rnn4j_one_to_many_encoder"), decoder = new OnnxGraph("rnn4j_one_to_many_decoder");
            OneToManyGraph.encoder(encoder, c, weights);
            OneToManyGraph.decoder(decoder, c, weights);
            out.put("encoder", encoder.model("one-to-many encoder: features [batch, F] → the decoder's first state h (c)" + (c.image() != null ? " and memory" : ""), metadata));
            out.put("decoder", decoder.model("one-to-many decoder, one step: token [batch] (bos first), h (c)" + (c.image() != null ? ", memory, source_lengths" : "")
                    + " → logits [batch, V], h_next (c_next); bos " + c.bos() + ", eos " + c.eos(), metadata));
        } else {
            throw new IllegalArgumentException("ONNX export of a " + model.getClass().getSimpleName() + " model is not supported");
        }
        return out;
    }

    /** The begin and end tokens a decoding loop starts with and stops at. */
    private static Map<String, String> withTokens(Map<String, String> metadata, int bos, int eos) {
        Map<String, String> m = new LinkedHashMap<>(metadata);
        m.put("bos", Integer.toString(bos));
        m.put("eos", Integer.toString(eos));
        return m;
    }
}
