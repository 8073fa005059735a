/**
 * Parameters: one flat {@code float[]} per model (and one for gradients, one per optimizer
 * moment), named slices ({@link org.rnn4j.param.ParamLayout}), block declarations
 * ({@link org.rnn4j.param.ParamSpec}, with the entries training leaves frozen), initializers
 * ({@link org.rnn4j.param.Init}) and per-unit time scales for gate biases
 * ({@link org.rnn4j.param.TimeScales}, with its own inverse-gamma quantiles).
 * <p>Shapes are row-major; a weight {@code W [out, in]} follows PyTorch's {@code nn.Linear} layout.
 */
package org.rnn4j.param;
