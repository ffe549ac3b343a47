/**
 * The state backends a run's stateful stages can use: an in-memory store per stage (the default),
 * or a DynamoDB table with Weir's schema (DynamoDB Local or AWS), each stage under a pipeline name
 * of its own.
 */
package dev.weir.runner.backend;
