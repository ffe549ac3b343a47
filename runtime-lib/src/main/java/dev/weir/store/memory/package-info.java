/**
 * In-memory implementations of the store ports: the reference the DynamoDB store is tested against,
 * and the store of the test driver and the engine benchmark.
 */
package dev.weir.store.memory;
