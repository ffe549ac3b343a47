/**
 * The whole system on one machine: the embedded emulators, the template's resources, the local
 * event-source mapping and the local scheduler, driving the same handler classes Lambda runs.
 */
package dev.weir.local.stack;
