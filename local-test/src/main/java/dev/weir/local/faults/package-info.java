/**
 * {@code ./weir faults}: the fault campaign. A seeded fault plan injected into the functions' AWS
 * calls and from outside them, rounds of the demo under it, and the invariants every round must
 * keep (every input output under exactly one id, late by design, or dead-lettered with a reason).
 */
package dev.weir.local.faults;
