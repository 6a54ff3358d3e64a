/**
 * Model files on disk: the safetensors format, writes that are atomic (a file is whole or absent), and the error
 * that names what is wrong with a file.
 */
package org.rnn4j.io;
