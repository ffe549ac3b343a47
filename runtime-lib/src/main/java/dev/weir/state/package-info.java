/**
 * State: the per-key write-back cache over the store ({@link dev.weir.state.KeyWorkspace}) and the
 * Beam state cells ({@code ValueState}, {@code BagState}, ...) that encode user values with their
 * coders into it.
 *
 * <p>Every cell is a sorted map of byte entries in the store. Cells re-read the workspace on every
 * call instead of holding values, so a {@code ReadableState} handed out earlier always reflects the
 * latest writes, as Beam requires.
 */
package dev.weir.state;
