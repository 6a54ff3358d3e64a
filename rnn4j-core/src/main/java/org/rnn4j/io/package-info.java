/**
 * Model files on disk: the safetensors format, writes that are atomic (a file is whole or absent), the error that
 * names what is wrong with a file, and the folder beside a model where its run keeps the rest (RunFolder).
 */
package org.rnn4j.io;
