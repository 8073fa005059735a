/**
 * Parameters: one flat {@code float[]} per model (and one for gradients, one per optimizer
 * moment), named slices ({@link org.rnn4j.param.ParamLayout}), block declarations
 * ({@link org.rnn4j.param.ParamSpec}) and initializers ({@link org.rnn4j.param.Init}).
 * <p>Shapes are row-major; a weight {@code W [out, in]} follows PyTorch's {@code nn.Linear} layout.
 */
package org.rnn4j.param;
