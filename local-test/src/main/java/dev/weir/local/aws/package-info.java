/** AWS services embedded in this JVM for local runs and tests: DynamoDB Local. */
package dev.weir.local.aws;
