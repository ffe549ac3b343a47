/**
 * The test driver users write pipeline tests with, like Beam's {@code TestStream} or Kafka's {@code
 * TopologyTestDriver}: send elements, move the watermark and processing time explicitly, read
 * outputs and state. It runs the engine the Lambda functions run.
 */
package dev.weir.testing;
