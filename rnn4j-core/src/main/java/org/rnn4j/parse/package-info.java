/**
 * Parsing of text that comes from outside: numbers (decimal, finite float32) and strict JSON. Every reader, model
 * file and request goes through these two classes, so one policy holds everywhere. Depends on nothing in rnn4j.
 */
package org.rnn4j.parse;
