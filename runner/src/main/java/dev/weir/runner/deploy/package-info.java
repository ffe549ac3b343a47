/**
 * A Beam pipeline as a deployment: its stateful stage taken out as the pipeline the Lambda
 * functions run, its source and sink replaced by the Kinesis input and output streams. Nothing of
 * the in-process runner is used here.
 */
package dev.weir.runner.deploy;
