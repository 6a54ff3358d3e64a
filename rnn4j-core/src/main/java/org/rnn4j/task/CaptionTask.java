package org.rnn4j.task;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.model.Decoding;
import org.rnn4j.model.Model;
import org.rnn4j.model.OneToMany;
import org.rnn4j.tensor.Compute;
import org.rnn4j.train.Example;
import org.rnn4j.train.Monitor;

/**
 * caption: an image or a feature vector → a text (a picture → its caption; a class or a number → a sequence).
 * Reads {@code image-path<TAB>caption} (.tsv; the model reads the pixels through a convolutional encoder trained
 * with it) or {@code {"x": [features], "y": "a red square"}} (.jsonl). Model: one-to-many, the image's features or
 * the vector set the decoder's initial state; scored by exact match, token error rate and BLEU of the greedy output.
 *
 * @param picture the input vector; @param captions the captions' tokenizer and vocabulary; @param maxLength the longest caption written
 */
public record CaptionTask(Source source, Picture picture, Encoder.Words captions, int maxLength)
        implements Translating<float[], OneToMany> {

    @Override
    public Application application() {
        return Application.CAPTION;
    }

    @Override
    public boolean readsImages() {
        return picture instanceof Picture.Image;
    }

    @Override
    public Encoder.Words written() {
        return captions;
    }

    static CaptionTask prepare(Path file, DataOptions o) {
        Source source = Source.of(o, Source.Tsv.IMAGE_CAPTION, "caption reads .tsv (image-path<TAB>caption) or .jsonl ({\"x\": [features], \"y\": \"text\"})",
                Format.TSV, Format.JSONL);
        Encoder.Fit fit = new Encoder.Fit(o.tokenizerOr(Tokenizer.WORDS), o), captions = new Encoder.Fit(o.targetTokenizerOr(Tokenizer.WORDS), o);
        Picture.Image.Fit images = new Picture.Image.Fit(o.imageSize());
        source.forEach(file, r -> {
            if (o.format() == Format.JSONL) fit.add(r);
            else images.add(r);
            captions.add(new Input.Text(r.text()), file, r.line());
        });
        Picture picture = o.format() == Format.JSONL ? new Picture.Vector(fit.features()) : images.result();
        return new CaptionTask(source, picture, captions.words(), Math.max(10, 2 * captions.longest()));
    }

    /** The record's one vector [F]: its pixels, or its features scaled. */
    private float[] vector(Input x, Path file, long line) {
        return picture.vector(x, file, line);
    }

    @Override
    public Stream<Example<float[], int[]>> read(Path file) {
        return source.read(file).map(r -> new Example<>(r.line(), vector(r.input(), file, r.line()), captions.ids(new Input.Text(r.text()), file, r.line())));
    }

    @Override
    public OneToMany adopt(Model<?, ?> loaded) {
        OneToMany m = Tasks.as(loaded, OneToMany.class, "caption");
        Tasks.agree("input values", picture.size(), m.config().features());
        if ((picture instanceof Picture.Image) != (m.config().image() != null)) {
            throw new IllegalArgumentException("is inconsistent: its task reads " + (picture instanceof Picture.Image ? "images" : "vectors")
                    + ", its model " + (m.config().image() != null ? "images" : "vectors"));
        }
        Tasks.agree("caption tokens", captions.vocab().size(), m.config().vocab());
        return m;
    }

    @Override
    public OneToMany build(ModelOptions o, Compute compute, RandomGenerator rng) {
        return new OneToMany(new OneToMany.Config(picture.size(), captions.vocab().size(), o.embedding(), o.unidirectional(), Vocabulary.BOS, Vocabulary.EOS,
                picture.encoder(o)), compute, rng);
    }

    @Override public Monitor monitor() { return new Monitor("bleu", true); }

    @Override
    public SequenceScores evaluate(OneToMany model, Stream<Example<float[], int[]>> data, Decoding.Strategy decoding) {
        return Inputs.sequenceScores(model, data, captions, x -> model.generate(x, decoding, maxLength, null).get(0).tokens());
    }

    @Override
    public void describeInput(ObjectNode input) {
        input.put("type", picture instanceof Picture.Image ? "image" : "vector");
        if (picture instanceof Picture.Vector v) input.put("width", v.features().features());
    }

    @Override
    public void describeOutput(ObjectNode output) {
        output.put("vocabulary", captions.vocab().size());
    }

    @Override
    public ObjectNode predict(OneToMany model, String input, Path file, long line, Decoding.Strategy decoding) {
        ObjectNode out = Inputs.JSON.createObjectNode();
        out.put("prediction", generate(model, input, decoding, maxLength, null, file, line).get(0).text());
        return out;
    }

    @Override
    public List<Text> generate(OneToMany model, String input, Decoding.Strategy strategy, int length, RandomGenerator rng) {
        return generate(model, input, strategy, length, rng, Path.of("<input>"), 1);
    }

    private List<Text> generate(OneToMany model, String input, Decoding.Strategy strategy, int length, RandomGenerator rng, Path file, long line) {
        float[] x = vector(source.input(input, file, line), file, line);
        return Text.of(model.generate(x, strategy, length, rng), captions);
    }
}
