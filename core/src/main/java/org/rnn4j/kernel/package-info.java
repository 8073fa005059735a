/** Kernels. */
package org.rnn4j.kernel;
