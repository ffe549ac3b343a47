/**
 * The three Lambda handlers. Each decodes its event, calls one use case and encodes the answer; the
 * wiring is built once per container, before the first invocation (and before a SnapStart
 * snapshot).
 */
package dev.weir.functions.handlers;
