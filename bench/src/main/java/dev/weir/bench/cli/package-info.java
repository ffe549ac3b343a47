/** The {@code weir} command line with {@code bench}. */
package dev.weir.bench.cli;
