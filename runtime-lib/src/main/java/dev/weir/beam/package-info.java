/**
 * The one package that touches Beam's runner internals ({@code runners-core-java}): it assembles
 * Beam's own {@code SimpleDoFnRunner} and {@code StatefulDoFnRunner} once per DoFn and backs their
 * {@code StateInternals} and {@code TimerInternals} with the current key's {@link
 * dev.weir.state.KeyWorkspace}. A Beam upgrade should touch only this package.
 */
package dev.weir.beam;
