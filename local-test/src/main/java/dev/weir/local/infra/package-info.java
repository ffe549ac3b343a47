/**
 * The SAM template as the local stack's single source of truth: it is read, short-form tags and
 * all, and the streams, table and queues it declares are created in the emulators or on an AWS
 * endpoint. Its roles are read too, their intrinsics resolved for a deployment, and checked against
 * the calls the functions make ({@link dev.weir.local.infra.PermissionCheck}).
 */
package dev.weir.local.infra;
