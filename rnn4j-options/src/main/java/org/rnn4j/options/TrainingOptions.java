package org.rnn4j.options;

import org.rnn4j.train.Monitor;
import org.rnn4j.train.Training;
import picocli.CommandLine.Option;

/** How the weights are trained: epochs, batch, optimizer and its schedule, clipping, decay, checkpoints, the seed. */
public final class TrainingOptions {
    @Option(names = "--epochs", defaultValue = "10", description = "Epochs (default ${DEFAULT-VALUE}).") public int epochs;
    @Option(names = "--batch", defaultValue = "32", description = "Examples per step, over the whole cluster on Spark (default ${DEFAULT-VALUE}).") public int batch;
    @Option(names = "--optimizer", defaultValue = "ADAM", description = "SGD, ADAM, RMSPROP or ADAGRAD (default ${DEFAULT-VALUE}).") public Training.Method optimizer;
    @Option(names = "--lr", defaultValue = "0.005", description = "Learning rate (default ${DEFAULT-VALUE}).") public double lr;
    @Option(names = "--lr-decay", defaultValue = "1.0", description = "Multiply the learning rate by this after every epoch (default ${DEFAULT-VALUE}).") public double lrDecay;
    @Option(names = "--clip", defaultValue = "5", description = "Clip the gradient norm of the trainable parameters (0: off; default ${DEFAULT-VALUE}).") public double clip;
    @Option(names = "--weight-decay", defaultValue = "0", description = "Decoupled weight decay: each step multiplies every trainable weight by 1 - lr·this (with ADAM: AdamW; default ${DEFAULT-VALUE}).") public double weightDecay;
    @Option(names = "--checkpoint-every", defaultValue = "0", description = "Also checkpoint every N steps (default: at epoch ends).") public int checkpointEvery;
    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).") public long seed;

    /**
     * The checked options as a training's settings.
     *
     * @param patience epochs without a better monitored score before stopping (0: never)
     * @param inMemory training examples held in memory
     */
    public Training toTraining(int patience, Monitor monitor, int inMemory) {
        Bounds.between("--epochs", epochs, 1, 1_000_000);
        Bounds.between("--batch", batch, 1, 1 << 16);
        Bounds.number("--lr", lr, 0, true, Double.MAX_VALUE);
        Bounds.number("--lr-decay", lrDecay, 0, true, 1);
        Bounds.number("--clip", clip, 0, false, Double.MAX_VALUE);
        Bounds.number("--weight-decay", weightDecay, 0, false, 0.99 / lr);
        Bounds.between("--checkpoint-every", checkpointEvery, 0, Integer.MAX_VALUE);
        return new Training(epochs, batch, optimizer, lr, lrDecay, clip, weightDecay, patience, monitor, checkpointEvery, inMemory);
    }
}
