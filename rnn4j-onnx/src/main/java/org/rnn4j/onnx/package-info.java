/**
 * ONNX export and import ({@link org.rnn4j.onnx.Onnx}). Export: each model kind's graph of ONNX's own operators
 * ({@code ManyToOneGraph}, {@code ManyToManyGraph}, {@code Seq2SeqGraph}, {@code OneToManyGraph}, {@code OneToOneGraph}),
 * the recurrent layers as {@code RNN}/{@code LSTM}/{@code GRU} nodes ({@code RecurrentGraph}), written through
 * {@code OnnxGraph} with the protobuf classes generated from ONNX's {@code onnx.proto}. Import: {@code GraphReader}
 * follows a graph PyTorch exported node by node ({@code NodeOps}, {@code Cells}), gives each value its meaning
 * ({@code Value}) and collects the model's parts ({@code Recognized}).
 */
package org.rnn4j.onnx;
