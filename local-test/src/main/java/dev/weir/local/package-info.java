/**
 * The local side of Weir: the stack users develop against on one machine, the command line, and the
 * benchmarks.
 */
package dev.weir.local;
