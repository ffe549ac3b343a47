/**
 * The DynamoDB store: every port in one table. A key-window's state cells and timers share one
 * partition, so one Query loads them; each key's header is its own item; a sparse GSI indexes
 * pending timers by due time. {@link dev.weir.store.dynamodb.DynamoDbSchema} owns every name and
 * key format; the SAM template must agree with it.
 *
 * <p>The only package of the engine that uses the AWS SDK.
 */
package dev.weir.store.dynamodb;
