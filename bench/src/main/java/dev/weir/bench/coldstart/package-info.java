/**
 * Cold start: fresh JVMs with only the shaded Lambda jar, from JVM start to the first committed
 * bundle, for Weir, Weir primed (AppCDS trained with priming) and a hand-rolled handler.
 */
package dev.weir.bench.coldstart;
