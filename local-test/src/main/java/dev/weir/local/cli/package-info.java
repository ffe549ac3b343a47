/** The {@code weir} command line. */
package dev.weir.local.cli;
