/**
 * Readers for image data sets on disk, each producing an {@link org.rnn4j.task.data.ImageSet}:
 * {@link org.rnn4j.task.data.IdxFile} for the IDX files of MNIST and Fashion-MNIST (plain or
 * gzipped) and {@link org.rnn4j.task.data.Cifar10Binary} for the binary version of CIFAR-10.
 * docs/data.md describes both formats as read.
 * <p>A file that is missing or malformed fails with one {@link IllegalArgumentException} whose
 * message starts with the file's path and says what is wrong (expected and found); a failing read
 * surfaces as an {@link java.io.IOException}. The readers check sizes against the file length
 * before they allocate, so a corrupt header cannot make them allocate more than the file holds.
 * <p>Shape letters: N images; an image is {@code [channels, rows, cols]}, row-major, channels as
 * planes. (C stays the project's letter for classes.)
 */
package org.rnn4j.task.data;
