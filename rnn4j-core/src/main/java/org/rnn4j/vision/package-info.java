/**
 * The image encoder a captioning model reads its pictures with: 2-d convolutions with same padding, ReLU and 2×2 max
 * pooling (PyTorch's {@code nn.Conv2d} and {@code nn.MaxPool2d}), forward and backward side by side, on images
 * [B, H, W, C].
 */
package org.rnn4j.vision;
