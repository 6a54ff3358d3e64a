package org.rnn4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.rnn4j.task.DataOptions;
import org.rnn4j.task.ModelOptions;
import org.rnn4j.task.Trainer;

/**
 * Everything {@code rnn4j train} was asked to do, saved in each checkpoint so {@code --resume} needs nothing else:
 * the task, the files, how data are read, the architecture, how to train, pretrained vectors, threads.
 */
record RunSpec(String task, String train, String valid, double validSplit, String model, DataOptions data, ModelOptions architecture,
               Trainer.Options training, String pretrained, boolean freezeEmbeddings, int threads) {
    /** Reads back what it writes, including the Infinity of a best loss not yet set. */
    static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static RunSpec fromJson(String json) {
        try {
            return JSON.readValue(json, RunSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the checkpoint's run settings cannot be read: " + e.getOriginalMessage());
        }
    }
}
