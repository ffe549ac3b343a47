/**
 * The SAM template as the local stack's single source of truth: it is read, short-form tags and
 * all, and the streams and table it declares are created in the emulators.
 */
package dev.weir.local.infra;
