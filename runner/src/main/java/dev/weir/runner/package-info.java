/**
 * {@code WeirRunner}: a Beam {@code PipelineRunner} that runs an ordinary Beam {@code Pipeline} in
 * this process, translating its primitive transforms into stages ({@code graph}, {@code stages})
 * and driving elements and watermarks through them. It lives beside the engine, not inside it: the
 * engine, state and store packages know nothing of it.
 */
package dev.weir.runner;
