/**
 * Operational transformation for plain text, in the model of ot.js.
 *
 * <p>An operation ({@link dev.quire.ot.TextOperation}) walks the whole document from start to
 * end with three kinds of component: <em>retain</em> n characters, <em>insert</em> a string,
 * <em>delete</em> n characters. Positions and lengths count UTF-16 code units, as Java and
 * JavaScript strings do; an operation that would split a surrogate pair is invalid.
 *
 * <p>Everything here is a value or a single-owner object: no I/O, no threads, no clocks.
 */
package dev.quire.ot;
